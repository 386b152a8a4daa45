import { createContext, useContext } from 'react';
import type { ProfileDraftInput, ProfileKind } from '../../../shared/contract/connections';
import type { TabRef } from './tabs';

/** What any part of the UI can ask the shell to do. */
export interface AppActions {
  openTab(tab: TabRef): void;
  closeTab(id: string): void;
  openConnection(id: string): void;
  newConnection(kind?: ProfileKind): void;
  editConnection(id: string): void;
  duplicateConnection(id: string): void;
  deleteConnection(id: string): void;
  connect(id: string): void;
  disconnect(id: string): void;
  addLocal(drafts: readonly ProfileDraftInput[]): void;
  exportProfiles(ids?: string[]): void;
  importProfiles(): void;
  openPalette(): void;
  toggleTheme(): void;
  focusSidebar(): void;
}

export const AppActionsContext = createContext<AppActions | null>(null);

export function useAppActions(): AppActions {
  const api = useContext(AppActionsContext);
  if (!api) throw new Error('useAppActions must be used inside the app shell');
  return api;
}
