import {
  PROFILE_KIND_LABEL,
  type ColorTag,
  type ConnectionState,
  type Profile,
  type ProfileKind,
} from '../../../../shared/contract/connections';
import type { DotState } from '../../ui/StatusDot';

/** Presentation facts about profiles (pure; unit tested). */

export const KIND_LABEL = PROFILE_KIND_LABEL;

/** Two-letter monogram shown in the kind badge. */
export const KIND_MONOGRAM: Record<ProfileKind, string> = {
  kafka: 'Kf',
  mongo: 'Mg',
  cassandra: 'Ca',
  neo4j: 'N4',
  redis: 'Rd',
};

export const KINDS: readonly ProfileKind[] = ['kafka', 'mongo', 'cassandra', 'neo4j', 'redis'];

export const COLOR_TAGS: readonly ColorTag[] = [
  'grey',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'purple',
  'pink',
];

/** A theme-aware CSS colour for a tag. */
export const tagColor = (tag: ColorTag): string => `var(--tag-${tag})`;

/** Grey is the default and means "no tag": it is not drawn in lists. */
export const hasTag = (tag: ColorTag): boolean => tag !== 'grey';

/** Prod connections carry their colour on every screen; others do not. */
export const accentFor = (profile: Pick<Profile, 'environment' | 'color'> | undefined): string | undefined =>
  profile && profile.environment === 'prod' ? tagColor(profile.color) : undefined;

export function dotState(state: ConnectionState | undefined): DotState {
  switch (state) {
    case 'connected':
      return 'ok';
    case 'connecting':
      return 'busy';
    case 'error':
      return 'error';
    default:
      return 'idle';
  }
}

export const STATE_LABEL: Record<ConnectionState, string> = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  connected: 'Connected',
  error: 'Connection failed',
};

/** Where a profile points, in one line. Never includes secrets (profiles carry none). */
export function endpointSummary(profile: Profile): string {
  switch (profile.kind) {
    case 'kafka':
      return profile.brokers.join(', ');
    case 'mongo':
      return profile.endpoint.mode === 'fields' ? profile.endpoint.hosts.join(', ') : profile.endpoint.uri;
    case 'cassandra':
      return `${profile.contactPoints.join(', ')} · ${profile.localDataCenter}`;
    case 'neo4j':
      return profile.uri;
    case 'redis':
      return `${profile.host}:${profile.port}${profile.cluster ? ' (cluster)' : profile.db !== 0 ? `/${profile.db}` : ''}`;
  }
}

export interface ProfileGroup {
  /** '' for ungrouped profiles. */
  name: string;
  profiles: Profile[];
}

/** Named groups first (alphabetical), then ungrouped profiles; profiles sorted by name within each. */
export function groupProfiles(profiles: readonly Profile[]): ProfileGroup[] {
  const byGroup = new Map<string, Profile[]>();
  for (const p of profiles) {
    const key = p.group.trim();
    const list = byGroup.get(key) ?? [];
    list.push(p);
    byGroup.set(key, list);
  }
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const groups = [...byGroup.entries()].map(([name, list]) => ({
    name,
    profiles: list.sort((a, b) => collator.compare(a.name, b.name)),
  }));
  return groups.sort((a, b) => (a.name === '' ? 1 : b.name === '' ? -1 : collator.compare(a.name, b.name)));
}

/** A name not yet used: "Local Kafka", then "Local Kafka (2)", ... */
export function uniqueName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}
