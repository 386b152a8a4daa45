import type { ReactNode } from 'react';
import type React from 'react';
import type { ConnectionStatus } from '../../../shared/contract/connections';
import { KindBadge } from '../features/connections/KindBadge';
import { STATE_LABEL, dotState, hasTag, tagColor } from '../features/connections/profiles';
import { EnvBadge } from '../ui/EnvBadge';
import { InsecureBadge, isInsecure } from '../ui/InsecureBadge';
import {
  IconChevronDown,
  IconChevronRight,
  IconFolder,
  IconLock,
  IconPlug,
  IconSpinner,
  IconUnplug,
} from '../ui/icons';
import { StatusDot } from '../ui/StatusDot';
import { useAppActions } from './actions';
import type { TreeRow } from './sidebarTree';

export interface SidebarRowProps {
  row: TreeRow;
  tabbable: boolean;
  selected: boolean;
  status: ConnectionStatus | undefined;
  onToggle: () => void;
  onActivate: () => void;
  onFocus: () => void;
  onKeyDown: (event: React.KeyboardEvent) => void;
  onContextMenu: (event: React.MouseEvent) => void;
}

const INDENT = 12;

/** One row of the sidebar tree: a group, a connection, or a resource under a connection. */
export function SidebarRow(props: SidebarRowProps): ReactNode {
  const { row, tabbable, selected, status, onToggle, onActivate, onFocus, onKeyDown, onContextMenu } = props;
  const actions = useAppActions();
  const expandable = row.type === 'group' || row.type === 'connection';
  const expanded = expandable ? row.expanded : undefined;
  const pad = 6 + (row.depth - 1) * INDENT;

  const chevron = expandable ? (
    <span
      className="tree-chevron"
      onClick={(event) => {
        event.stopPropagation();
        onToggle();
      }}
      aria-hidden="true"
    >
      {expanded ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
    </span>
  ) : (
    <span className="tree-chevron" aria-hidden="true" />
  );

  const common = {
    role: 'treeitem',
    'aria-level': row.depth,
    'aria-expanded': expanded,
    'aria-selected': selected,
    tabIndex: tabbable ? 0 : -1,
    'data-key': row.key,
    className: `tree-row tree-${row.type}${selected ? ' tree-row-selected' : ''}`,
    style: { paddingLeft: pad },
    onFocus,
    onKeyDown,
    onContextMenu,
  } as const;

  switch (row.type) {
    case 'group':
      return (
        <div {...common} onClick={onToggle} data-testid="sidebar-group">
          {chevron}
          <IconFolder className="tree-icon" />
          <span className="tree-label">{row.name}</span>
          <span className="tree-count">{row.count}</span>
        </div>
      );
    case 'placeholder':
      return (
        <div {...common} className={`${common.className} tree-muted`} data-testid="nothing-to-browse">
          {chevron}
          <span className="tree-label">{row.text}</span>
        </div>
      );
    case 'resource':
      return (
        <div {...common} onClick={onActivate} data-testid="sidebar-resource">
          {chevron}
          <span className="tree-label">{row.node.label}</span>
          {row.node.hint ? <span className="tree-count">{row.node.hint}</span> : null}
        </div>
      );
    case 'connection': {
      const p = row.profile;
      const state = status?.state ?? 'disconnected';
      const live = state === 'connected' || state === 'connecting';
      const label = `${p.name}, ${STATE_LABEL[state]}${p.environment !== 'dev' ? `, ${p.environment}` : ''}${p.readOnly ? ', read-only' : ''}${isInsecure(p) ? ', insecure: certificate verification off' : ''}`;
      return (
        <div
          {...common}
          aria-label={label}
          onClick={onActivate}
          onDoubleClick={onToggle}
          data-testid="sidebar-connection"
          data-name={p.name}
          data-status={state}
        >
          {hasTag(p.color) ? (
            <span className="tree-tag" style={{ background: tagColor(p.color) }} aria-hidden="true" />
          ) : null}
          {chevron}
          <KindBadge kind={p.kind} />
          <span className="tree-label" title={p.name}>
            {p.name}
          </span>
          {p.readOnly ? <IconLock size={12} className="tree-ro" aria-label="Read-only" /> : null}
          {isInsecure(p) ? <InsecureBadge compact /> : null}
          {p.environment !== 'dev' ? <EnvBadge env={p.environment} compact /> : null}
          <button
            type="button"
            className="icon-btn tree-action"
            tabIndex={-1}
            aria-label={live ? `Disconnect ${p.name}` : `Connect ${p.name}`}
            title={live ? 'Disconnect' : 'Connect'}
            onClick={(event) => {
              event.stopPropagation();
              if (live) actions.disconnect(p.id);
              else actions.connect(p.id);
            }}
          >
            {state === 'connecting' ? (
              <IconSpinner size={14} />
            ) : live ? (
              <IconUnplug size={14} />
            ) : (
              <IconPlug size={14} />
            )}
          </button>
          <StatusDot state={dotState(state)} label={STATE_LABEL[state]} />
        </div>
      );
    }
  }
}
