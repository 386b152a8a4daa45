import type { ReactNode } from 'react';
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

const providers = new Map<ProfileKind, ResourceProvider[]>();

/** Several features of one kind may register (Kafka: topics, groups); their nodes appear in registration order. */
export function registerResources(kind: ProfileKind, provider: ResourceProvider): void {
  providers.set(kind, [...(providers.get(kind) ?? []), provider]);
}

export function resourcesFor(profile: Profile, state: ConnectionState): readonly ResourceNode[] {
  return (providers.get(profile.kind) ?? []).flatMap((provider) => provider(profile, state));
}

export const NOTHING_TO_BROWSE = 'Nothing to browse yet';

/** Props of the screen that renders a resource tab. */
export interface ResourceViewProps {
  profile: Profile;
  connectionId: string;
  /** The tab's resource id, e.g. `topics` or `topic:orders`. */
  resource: string;
  /** Opens (or focuses) another resource tab of the same connection. */
  openResource(resource: string): void;
}

export interface ResourceView {
  /** Matches resource ids it renders (e.g. `(r) => r === 'topics' || r.startsWith('topic:')`). */
  matches(resource: string): boolean;
  /** Tab label for the resource (text). */
  label(resource: string): string;
  render(props: ResourceViewProps): ReactNode;
}

const views = new Map<ProfileKind, ResourceView[]>();

/** Areas register the screens of their resources at import time (see features/<area>/register.ts). */
export function registerResourceView(kind: ProfileKind, view: ResourceView): void {
  views.set(kind, [...(views.get(kind) ?? []), view]);
}

export function resourceViewFor(kind: ProfileKind, resource: string): ResourceView | undefined {
  return views.get(kind)?.find((v) => v.matches(resource));
}
