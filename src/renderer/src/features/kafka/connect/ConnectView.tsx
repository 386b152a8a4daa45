import { useState, type ReactNode } from 'react';
import { useInvoke } from '../../../api/hooks';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ConnectorDialog } from './ConnectorDialog';
import { ConnectorPanel } from './ConnectorPanel';
import { taskSummary } from './logic';

/**
 * The Connect screen: the worker (version, URL), its connectors with type,
 * state and tasks (one `?expand=status&expand=info` call), a detail panel for
 * the one selected, and "Create connector". A Connect cluster runs tens of
 * connectors, not thousands, so the list is a plain table, not virtualized.
 * A read-only connection is offered no write (core refuses them anyway).
 */
export function ConnectView({ connectionId, readOnly }: { connectionId: string; readOnly: boolean }): ReactNode {
  const info = useInvoke('kafka.connect.info', { connectionId });
  const list = useInvoke('kafka.connect.connectors.list', { connectionId });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const rows = list.data ?? [];
  const current = rows.find((c) => c.name === selected) ?? null;

  return (
    <div className="page connect-page" data-testid="kafka-connect">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">Kafka Connect</h1>
          <div className="page-sub muted" data-testid="connect-worker">
            {info.data
              ? `${info.data.url} · Connect ${info.data.version}${info.data.kafkaClusterId ? ` · cluster ${info.data.kafkaClusterId}` : ''}`
              : info.loading
                ? 'Loading…'
                : ''}
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
          {readOnly ? null : (
            <button
              type="button"
              className="btn btn-sm btn-primary"
              onClick={() => setCreating(true)}
              disabled={!info.data}
            >
              Create connector
            </button>
          )}
        </div>
      </div>
      {info.error ? <ErrorBanner error={info.error} /> : null}
      {list.error && !info.error ? <ErrorBanner error={list.error} /> : null}
      {info.data ? (
        <table className="connect-table" data-testid="connectors">
          <thead>
            <tr>
              <th>Connector</th>
              <th>Type</th>
              <th>State</th>
              <th>Tasks</th>
              <th>Class</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr
                key={c.name}
                data-name={c.name}
                className={c.name === selected ? 'connect-selected' : undefined}
                onClick={() => setSelected(c.name)}
                aria-selected={c.name === selected}
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') setSelected(c.name);
                }}
              >
                <td className="mono">{c.name}</td>
                <td>{c.type}</td>
                <td>
                  <span className={`connect-state connect-${c.state}`}>{c.state}</span>
                </td>
                <td>{taskSummary(c.tasks)}</td>
                <td className="mono faint">{c.className ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {info.data && rows.length === 0 && !list.loading ? (
        <EmptyState title="No connectors">Create one from its JSON config.</EmptyState>
      ) : null}
      {current ? (
        <ConnectorPanel
          key={current.name}
          connectionId={connectionId}
          summary={current}
          readOnly={readOnly}
          onChanged={list.reload}
          onDeleted={() => {
            setSelected(null);
            list.reload();
          }}
        />
      ) : null}
      {creating ? (
        <ConnectorDialog
          connectionId={connectionId}
          mode={{ kind: 'create' }}
          onClose={() => setCreating(false)}
          onDone={(name) => {
            setCreating(false);
            setSelected(name);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
