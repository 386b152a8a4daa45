import type { Profile } from '../../../shared/contract/connections';
import type { ProfileGroup } from '../features/connections/profiles';
import { NOTHING_TO_BROWSE, type ResourceNode } from './resources';

/** The sidebar tree flattened into visible rows, and its keyboard model (pure; unit tested). */

export type TreeRow =
  | { key: string; type: 'group'; depth: 1; name: string; count: number; expanded: boolean }
  | { key: string; type: 'connection'; depth: number; profile: Profile; expanded: boolean }
  | { key: string; type: 'resource'; depth: number; connectionId: string; node: ResourceNode }
  | { key: string; type: 'placeholder'; depth: number; connectionId: string; text: string };

export const groupKey = (name: string): string => `g:${name}`;
export const connectionKey = (id: string): string => `c:${id}`;

export interface TreeInput {
  groups: readonly ProfileGroup[];
  /** Keys of expanded connections (connections start collapsed). */
  expanded: ReadonlySet<string>;
  /** Keys of collapsed groups (groups start expanded). */
  collapsedGroups: ReadonlySet<string>;
  resources: (profile: Profile) => readonly ResourceNode[];
}

export function buildRows({ groups, expanded, collapsedGroups, resources }: TreeInput): TreeRow[] {
  const rows: TreeRow[] = [];
  const pushConnection = (profile: Profile, depth: number): void => {
    const key = connectionKey(profile.id);
    const open = expanded.has(key);
    rows.push({ key, type: 'connection', depth, profile, expanded: open });
    if (!open) return;
    const nodes = resources(profile);
    if (nodes.length === 0) {
      rows.push({
        key: `p:${profile.id}`,
        type: 'placeholder',
        depth: depth + 1,
        connectionId: profile.id,
        text: NOTHING_TO_BROWSE,
      });
    }
    for (const node of nodes) {
      rows.push({
        key: `r:${profile.id}:${node.id}`,
        type: 'resource',
        depth: depth + 1,
        connectionId: profile.id,
        node,
      });
    }
  };
  for (const group of groups) {
    if (group.name === '') {
      for (const p of group.profiles) pushConnection(p, 1);
      continue;
    }
    const key = groupKey(group.name);
    const open = !collapsedGroups.has(key);
    rows.push({ key, type: 'group', depth: 1, name: group.name, count: group.profiles.length, expanded: open });
    if (open) for (const p of group.profiles) pushConnection(p, 2);
  }
  return rows;
}

/** Filters profiles by a case-insensitive substring of name, group or kind. */
export function filterProfiles(profiles: readonly Profile[], query: string): Profile[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...profiles];
  return profiles.filter((p) => `${p.name} ${p.group} ${p.kind}`.toLowerCase().includes(q));
}

export type TreeMove =
  | { type: 'focus'; index: number }
  | { type: 'expand'; key: string }
  | { type: 'collapse'; key: string }
  | { type: 'activate'; index: number }
  | { type: 'none' };

const expandable = (row: TreeRow): row is Extract<TreeRow, { expanded: boolean }> =>
  row.type === 'group' || row.type === 'connection';

/** The WAI-ARIA tree pattern: Up/Down move, Right expands or enters, Left collapses or goes to the parent, Home/End, Enter. */
export function treeKeyMove(rows: readonly TreeRow[], index: number, key: string): TreeMove {
  const row = rows[index];
  if (!row) return rows.length > 0 ? { type: 'focus', index: 0 } : { type: 'none' };
  switch (key) {
    case 'ArrowDown':
      return index < rows.length - 1 ? { type: 'focus', index: index + 1 } : { type: 'none' };
    case 'ArrowUp':
      return index > 0 ? { type: 'focus', index: index - 1 } : { type: 'none' };
    case 'Home':
      return { type: 'focus', index: 0 };
    case 'End':
      return { type: 'focus', index: rows.length - 1 };
    case 'ArrowRight':
      if (expandable(row) && !row.expanded) return { type: 'expand', key: row.key };
      if (expandable(row) && rows[index + 1] && (rows[index + 1]?.depth ?? 0) > row.depth)
        return { type: 'focus', index: index + 1 };
      return { type: 'none' };
    case 'ArrowLeft': {
      if (expandable(row) && row.expanded) return { type: 'collapse', key: row.key };
      for (let i = index - 1; i >= 0; i--) if ((rows[i]?.depth ?? 0) < row.depth) return { type: 'focus', index: i };
      return { type: 'none' };
    }
    case 'Enter':
      return row.type === 'group'
        ? { type: row.expanded ? 'collapse' : 'expand', key: row.key }
        : { type: 'activate', index };
    default:
      return { type: 'none' };
  }
}
