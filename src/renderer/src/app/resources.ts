import type { ConnectionState, Profile, ProfileKind } from '../../../shared/contract/connections';

/**
 * The resource tree under each connection in the sidebar. Areas register a
 * provider for their kind (Kafka: "Topics", "Consumer groups", ...); until
 * one does, the connection shows an explicit "Nothing to browse yet" row.
 */
export interface ResourceNode {
  /** Stable within the connection; becomes the tab's `resource`. */
  id: string;
  label: string;
  /** Optional count or hint shown on the right (text). */
  hint?: string;
}

export type ResourceProvider = (profile: Profile, state: ConnectionState) => readonly ResourceNode[];

const providers = new Map<ProfileKind, ResourceProvider>();

export function registerResources(kind: ProfileKind, provider: ResourceProvider): void {
  providers.set(kind, provider);
}

export function resourcesFor(profile: Profile, state: ConnectionState): readonly ResourceNode[] {
  return providers.get(profile.kind)?.(profile, state) ?? [];
}

export const NOTHING_TO_BROWSE = 'Nothing to browse yet';
