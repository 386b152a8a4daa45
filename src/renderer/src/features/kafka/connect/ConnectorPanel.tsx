import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConnectorSummary } from '../../../../../shared/contract/kafka/connect';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ConnectorDialog } from './ConnectorDialog';
import { OffsetsSection } from './OffsetsSection';

type Action = 'pause' | 'resume' | 'stop' | 'restart' | 'restartFailed';

const ACTION_LABEL: Record<Action, string> = {
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  restart: 'Restart',
  restartFailed: 'Restart failed tasks',
};

/**
 * One connector: state, worker and the trace of a failed connector or task,
 * its tasks, config and (KIP-875) offsets (OffsetsSection), with the actions. State changes are
 * asynchronous on the worker, so after an action the list is read again now
 * and once more shortly after.
 */
export function ConnectorPanel({
  connectionId,
  summary,
  readOnly,
  onChanged,
  onDeleted,
}: {
  connectionId: string;
  summary: ConnectorSummary;
  readOnly: boolean;
  onChanged: () => void;
  onDeleted: () => void;
}): ReactNode {
  const name = summary.name;
  const detail = useInvoke('kafka.connect.connectors.describe', { connectionId, name });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const refreshSoon = (): void => {
    onChanged();
    detail.reload();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      onChanged();
      detail.reload();
    }, 1_500);
  };

  const run = async (action: Action): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'restart' || action === 'restartFailed') {
        await client.invoke('kafka.connect.connectors.restart', {
          connectionId,
          name,
          includeTasks: true,
          onlyFailed: action === 'restartFailed',
        });
      } else {
        await client.invoke(`kafka.connect.connectors.${action}`, { connectionId, name });
      }
      refreshSoon();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.invoke('kafka.connect.connectors.delete', { connectionId, name, confirmName: name });
      setDeleting(false);
      onDeleted();
    } catch (e) {
      setError(e);
      setDeleting(false);
      setBusy(false);
    }
  };

  const actions: Action[] = readOnly ? [] : ['pause', 'resume', 'stop', 'restart', 'restartFailed'];
  return (
    <section className="connect-panel" data-testid="connector-detail" aria-label={`Connector ${name}`}>
      <div className="connect-panel-head">
        <h2 className="mono">{name}</h2>
        <span className={`connect-state connect-${summary.state}`} data-testid="connector-state">
          {summary.state}
        </span>
        <span className="muted">
          {summary.type} · worker {summary.workerId ?? '—'}
        </span>
        <span className="spacer" />
        {actions.map((a) => (
          <button key={a} type="button" className="btn btn-sm" disabled={busy} onClick={() => void run(a)}>
            {ACTION_LABEL[a]}
          </button>
        ))}
        {readOnly ? (
          <span className="muted">read-only connection</span>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-sm"
              disabled={busy || !detail.data}
              onClick={() => setEditing(true)}
            >
              Edit config
            </button>
            <button type="button" className="btn btn-sm btn-danger" disabled={busy} onClick={() => setDeleting(true)}>
              Delete
            </button>
          </>
        )}
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {summary.trace ? <pre className="connect-trace">{summary.trace}</pre> : null}
      <table className="connect-table" data-testid="connector-tasks">
        <thead>
          <tr>
            <th>Task</th>
            <th>State</th>
            <th>Worker</th>
          </tr>
        </thead>
        <tbody>
          {summary.tasks.map((t) => (
            <tr key={t.id} data-task={t.id}>
              <td>{t.id}</td>
              <td>
                <span className={`connect-state connect-${t.state}`}>{t.state}</span>
                {t.trace ? <pre className="connect-trace">{t.trace}</pre> : null}
              </td>
              <td className="mono">{t.workerId}</td>
            </tr>
          ))}
          {summary.tasks.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No tasks (a paused connector keeps its tasks; a stopped one has none).
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <h3>Config</h3>
      {detail.error ? <ErrorBanner error={detail.error} /> : null}
      <pre className="connect-config mono" data-testid="connector-config">
        {detail.data ? JSON.stringify(detail.data.config, null, 2) : 'Loading…'}
      </pre>
      <OffsetsSection connectionId={connectionId} name={name} state={summary.state} readOnly={readOnly} />
      {editing && detail.data ? (
        <ConnectorDialog
          connectionId={connectionId}
          mode={{ kind: 'edit', name, config: detail.data.config }}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            refreshSoon();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete connector ${name}?`}
          message="The connector and its tasks stop and its config is removed from the Connect cluster. Its offsets stay in the offsets topic."
          confirmLabel="Delete connector"
          danger
          requireText={name}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setDeleting(false)}
        />
      ) : null}
    </section>
  );
}
