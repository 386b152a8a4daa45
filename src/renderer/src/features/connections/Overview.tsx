import { useState, type ReactNode } from 'react';
import { LOCAL_STACK_DRAFTS, type Profile } from '../../../../shared/contract/connections';
import { useAppActions } from '../../app/actions';
import { DataGrid, type DataGridColumn } from '../../ui/DataGrid';
import { EnvBadge } from '../../ui/EnvBadge';
import { InsecureBadge, isInsecure } from '../../ui/InsecureBadge';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { IconDownload, IconLock, IconPlus, IconUpload } from '../../ui/icons';
import { StatusDot } from '../../ui/StatusDot';
import { useConnections } from './context';
import { KindBadge } from './KindBadge';
import { LocalStackCard } from './LocalStackCard';
import { KIND_LABEL, STATE_LABEL, dotState, endpointSummary, groupProfiles, hasTag, tagColor } from './profiles';

/** All connections in one table; Enter or double click opens one. */
export function Overview(): ReactNode {
  const connections = useConnections();
  const actions = useAppActions();
  const [selected, setSelected] = useState<number | null>(null);
  const rows = groupProfiles(connections.profiles).flatMap((g) => g.profiles);
  const connected = connections.profiles.filter((p) => connections.status[p.id]?.state === 'connected').length;
  const localStarted = connections.profiles.some((p) => p.group === 'Local stack');
  const localMissing = LOCAL_STACK_DRAFTS.some((d) => !connections.profiles.some((p) => p.name === d.name));

  const columns: DataGridColumn<Profile>[] = [
    {
      id: 'name',
      header: 'Name',
      width: 220,
      title: (p) => p.name,
      cell: (p) => (
        <span className="cell-name">
          <span className="cell-tag" style={{ background: hasTag(p.color) ? tagColor(p.color) : 'transparent' }} />
          <KindBadge kind={p.kind} />
          <span className="cell-text">{p.name}</span>
          {p.readOnly ? <IconLock size={12} className="tree-ro" aria-label="Read-only" /> : null}
        </span>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      width: 140,
      title: (p) => STATE_LABEL[connections.status[p.id]?.state ?? 'disconnected'],
      cell: (p) => {
        const state = connections.status[p.id]?.state ?? 'disconnected';
        return (
          <span className="cell-status">
            <StatusDot state={dotState(state)} /> {STATE_LABEL[state]}
          </span>
        );
      },
    },
    { id: 'kind', header: 'Kind', width: 100, cell: (p) => KIND_LABEL[p.kind] },
    {
      id: 'endpoint',
      header: 'Endpoint',
      width: 260,
      cell: (p) => <span className="mono">{endpointSummary(p)}</span>,
      title: endpointSummary,
    },
    {
      id: 'env',
      header: 'Environment',
      width: 110,
      title: (p) => p.environment,
      cell: (p) => (
        <>
          <EnvBadge env={p.environment} /> {isInsecure(p) ? <InsecureBadge compact /> : null}
        </>
      ),
    },
    { id: 'group', header: 'Group', width: 140, cell: (p) => p.group || '—' },
  ];

  return (
    <div className="page overview" data-testid="overview">
      <header className="page-head">
        <div>
          <h1 className="page-title">Connections</h1>
          <p className="muted">
            {connections.profiles.length} connection{connections.profiles.length === 1 ? '' : 's'} · {connected}{' '}
            connected
          </p>
        </div>
        <span className="spacer" />
        <button type="button" className="btn" onClick={actions.importProfiles}>
          <IconUpload /> Import…
        </button>
        <button type="button" className="btn" onClick={() => actions.exportProfiles()}>
          <IconDownload /> Export
        </button>
        <button type="button" className="btn btn-primary" onClick={() => actions.newConnection()}>
          <IconPlus /> New connection
        </button>
      </header>
      {connections.loadError ? <ErrorBanner error={connections.loadError} /> : null}
      {connections.issues.map((issue) => (
        <ErrorBanner key={`${issue.file}-${issue.at}`} error={{ code: 'SERVER_ERROR', message: issue.message }} />
      ))}
      <div className="overview-grid" style={{ height: `min(${rows.length * 30 + 32}px, 60vh)` }}>
        <DataGrid
          label="All connections"
          testId="connections-grid"
          rows={rows}
          columns={columns}
          rowKey={(p) => p.id}
          rowHeight={30}
          selectedIndex={selected}
          onSelect={setSelected}
          onActivate={(p) => actions.openConnection(p.id)}
        />
      </div>
      {localStarted && localMissing ? <LocalStackCard /> : null}
    </div>
  );
}
