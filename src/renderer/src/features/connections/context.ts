import { createContext, useContext } from 'react';
import type {
  ConnectionStatus,
  Profile,
  ProfileDraftInput,
  ProfilesExport,
  StoreIssue,
} from '../../../../shared/contract/connections';
import type { ShownError } from '../../ui/errors';

/** Everything the shell and the connection screens know about profiles and their live state. */
export interface ConnectionsApi {
  /** True until the first list arrives. */
  loading: boolean;
  /** Loading the list failed (the list keeps its last value). */
  loadError: ShownError | null;
  profiles: Profile[];
  issues: StoreIssue[];
  status: Readonly<Record<string, ConnectionStatus>>;
  byId(id: string): Profile | undefined;
  reload(): Promise<void>;
  create(draft: ProfileDraftInput): Promise<Profile>;
  /** `confirmWritable`: the profile's name as the user typed it, when a read-only profile becomes writable. */
  update(id: string, draft: ProfileDraftInput, expectedUpdatedAt?: string, confirmWritable?: string): Promise<Profile>;
  duplicate(id: string): Promise<Profile>;
  remove(id: string): Promise<void>;
  /** Resolves with the new status; an `error` status is a normal outcome, not a rejection. */
  connect(id: string): Promise<ConnectionStatus>;
  disconnect(id: string): Promise<ConnectionStatus>;
  exportProfiles(ids?: string[]): Promise<ProfilesExport>;
  importProfiles(document: ProfilesExport): Promise<Profile[]>;
}

export const ConnectionsContext = createContext<ConnectionsApi | null>(null);

export function useConnections(): ConnectionsApi {
  const api = useContext(ConnectionsContext);
  if (!api) throw new Error('useConnections must be used inside <ConnectionsProvider>');
  return api;
}
