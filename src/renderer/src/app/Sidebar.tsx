import { useMemo, useRef, useState, type ReactNode } from 'react';
import type React from 'react';
import { useConnections } from '../features/connections/context';
import { groupProfiles } from '../features/connections/profiles';
import { IconDownload, IconPlus, IconSearch, IconUpload } from '../ui/icons';
import { MenuButton, MenuPopover } from '../ui/Menu';
import { useAppActions } from './actions';
import { connectionMenuItems } from './connectionMenu';
import { resourcesFor } from './resources';
import { buildRows, filterProfiles, treeKeyMove, type TreeRow } from './sidebarTree';
import { SidebarRow } from './SidebarRow';
import { allTools } from './tools';

export interface SidebarProps {
  /** Key of the tree row matching the active tab, shown selected. */
  selectedKey: string | null;
}

/** Connections grouped, with status, and a resource tree per connection. Fully keyboard navigable. */
export function Sidebar({ selectedKey }: SidebarProps): ReactNode {
  const connections = useConnections();
  const actions = useAppActions();
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [collapsedGroups, setCollapsedGroups] = useState<ReadonlySet<string>>(() => new Set());
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ id: string; at: { x: number; y: number } } | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    const filtered = filterProfiles(connections.profiles, filter);
    return buildRows({
      groups: groupProfiles(filtered),
      expanded,
      collapsedGroups: filter.trim() !== '' ? new Set() : collapsedGroups,
      resources: (p) => resourcesFor(p, connections.status[p.id]?.state ?? 'disconnected'),
    });
  }, [connections.profiles, connections.status, filter, expanded, collapsedGroups]);

  const focusIndex = Math.max(
    0,
    rows.findIndex((r) => r.key === (focusedKey ?? selectedKey)),
  );

  const setOpen = (key: string, open: boolean): void => {
    const update = (set: ReadonlySet<string>, add: boolean): ReadonlySet<string> => {
      const next = new Set(set);
      if (add) next.add(key);
      else next.delete(key);
      return next;
    };
    if (key.startsWith('g:')) setCollapsedGroups((s) => update(s, !open));
    else setExpanded((s) => update(s, open));
  };

  const focusRow = (index: number): void => {
    const row = rows[index];
    if (!row) return;
    setFocusedKey(row.key);
    treeRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(row.key)}"]`)?.focus();
  };

  const activate = (row: TreeRow): void => {
    if (row.type === 'connection') actions.openConnection(row.profile.id);
    else if (row.type === 'resource')
      actions.openTab({ type: 'resource', connectionId: row.connectionId, resource: row.node.id });
    else if (row.type === 'group') setOpen(row.key, !row.expanded);
  };

  const onKeyDown = (event: React.KeyboardEvent, index: number, row: TreeRow): void => {
    if (row.type === 'connection') {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        const state = connections.status[row.profile.id]?.state;
        if (state === 'connected' || state === 'connecting') actions.disconnect(row.profile.id);
        else actions.connect(row.profile.id);
        return;
      }
      if (event.key === 'Delete') {
        event.preventDefault();
        actions.deleteConnection(row.profile.id);
        return;
      }
      if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
        event.preventDefault();
        const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
        setMenu({ id: row.profile.id, at: { x: rect.left + 24, y: rect.bottom } });
        return;
      }
    }
    const move = treeKeyMove(rows, index, event.key);
    if (move.type === 'none') return;
    event.preventDefault();
    if (move.type === 'focus') focusRow(move.index);
    else if (move.type === 'expand') setOpen(move.key, true);
    else if (move.type === 'collapse') setOpen(move.key, false);
    else if (move.type === 'activate') activate(row);
  };

  const menuProfile = menu ? connections.byId(menu.id) : undefined;
  const empty = connections.profiles.length === 0;

  return (
    <nav className="sidebar" aria-label="Connections" data-testid="sidebar">
      <div className="sidebar-head">
        <span className="sidebar-title">Connections</span>
        <span className="spacer" />
        <button
          type="button"
          className="icon-btn"
          aria-label="New connection"
          title="New connection"
          onClick={() => actions.newConnection()}
        >
          <IconPlus />
        </button>
        <MenuButton
          label="More connection actions"
          items={[
            { id: 'import', label: 'Import profiles…', icon: <IconUpload />, onSelect: actions.importProfiles },
            {
              id: 'export',
              label: 'Export all profiles',
              icon: <IconDownload />,
              disabled: empty,
              onSelect: () => actions.exportProfiles(),
            },
          ]}
        />
      </div>
      {!empty ? (
        <div className="sidebar-filter">
          <IconSearch className="sidebar-filter-icon" />
          <input
            className="input sidebar-filter-input"
            placeholder="Filter"
            aria-label="Filter connections"
            value={filter}
            spellCheck={false}
            onChange={(event) => setFilter(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                focusRow(0);
              } else if (event.key === 'Escape') setFilter('');
            }}
          />
        </div>
      ) : null}
      <div ref={treeRef} className="tree" role="tree" aria-label="Connections" data-testid="sidebar-tree">
        {rows.map((row, index) => (
          <SidebarRow
            key={row.key}
            row={row}
            tabbable={index === focusIndex}
            selected={row.key === selectedKey}
            status={row.type === 'connection' ? connections.status[row.profile.id] : undefined}
            onToggle={() => 'expanded' in row && setOpen(row.key, !row.expanded)}
            onActivate={() => activate(row)}
            onFocus={() => setFocusedKey(row.key)}
            onKeyDown={(event) => onKeyDown(event, index, row)}
            onContextMenu={(event) => {
              if (row.type !== 'connection') return;
              event.preventDefault();
              setMenu({ id: row.profile.id, at: { x: event.clientX, y: event.clientY } });
            }}
          />
        ))}
        {empty && !connections.loading ? (
          <div className="sidebar-empty">
            <p>No connections yet.</p>
            <button type="button" className="btn btn-sm" onClick={() => actions.newConnection()}>
              <IconPlus /> New connection
            </button>
          </div>
        ) : null}
        {!empty && rows.length === 0 ? <div className="sidebar-empty">No connection matches “{filter}”.</div> : null}
      </div>
      {allTools().length > 0 ? (
        <div className="sidebar-tools" role="group" aria-label="Tools">
          <span className="sidebar-title">Tools</span>
          {allTools().map((tool) => (
            <button
              key={tool.id}
              type="button"
              className="btn btn-sm sidebar-tool"
              onClick={() => actions.openTab({ type: 'tool', tool: tool.id })}
            >
              {tool.label}
            </button>
          ))}
        </div>
      ) : null}
      {menu && menuProfile ? (
        <MenuPopover
          label={`Actions for ${menuProfile.name}`}
          at={menu.at}
          items={connectionMenuItems(menuProfile, connections.status[menuProfile.id]?.state ?? 'disconnected', actions)}
          onClose={() => setMenu(null)}
        />
      ) : null}
    </nav>
  );
}
