import { useState, type ReactNode } from 'react';
import type { ScramMechanism } from '../../../../../shared/contract/kafka/scram';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ScramUserDialog } from './ScramUserDialog';

interface Credential {
  name: string;
  mechanism: ScramMechanism;
  iterations: number;
}

type DialogState =
  { kind: 'create' } | { kind: 'password'; cred: Credential } | { kind: 'delete'; cred: Credential } | null;

/**
 * SCRAM users (DescribeUserScramCredentials): one row per user and
 * mechanism, with its iterations (Kafka returns nothing else, never a salt
 * or a hash). Create, change a password, delete one mechanism's credential.
 * A read-only connection is offered no write (core refuses them anyway).
 */
export function ScramUsersView({
  connectionId,
  readOnly,
  usesSasl,
}: {
  connectionId: string;
  readOnly: boolean;
  usesSasl: boolean;
}): ReactNode {
  const list = useInvoke('kafka.scram.users.list', { connectionId });
  const [dialog, setDialog] = useState<DialogState>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows: Credential[] = (list.data?.users ?? []).flatMap((u) =>
    u.credentials.map((c) => ({ name: u.name, mechanism: c.mechanism, iterations: c.iterations })),
  );
  const users = list.data?.users.length ?? 0;
  const done = (message: string): void => {
    setDialog(null);
    setNotice(message);
    list.reload();
  };

  const remove = async (cred: Credential): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.invoke('kafka.scram.users.delete', { connectionId, name: cred.name, mechanism: cred.mechanism });
      done(`Deleted the ${cred.mechanism} credential of ${cred.name}.`);
    } catch (e) {
      setError(e);
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page connect-page" data-testid="kafka-scram">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">SCRAM users</h1>
          <div className="page-sub muted" data-testid="scram-count">
            {list.data ? `${users} user${users === 1 ? '' : 's'}` : list.loading ? 'Loading…' : ''}
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
          {readOnly ? null : (
            <button type="button" className="btn btn-sm btn-primary" onClick={() => setDialog({ kind: 'create' })}>
              Create user
            </button>
          )}
        </div>
      </div>
      {usesSasl ? null : (
        <div className="banner banner-warning" data-testid="scram-no-sasl">
          This connection does not log in with SASL. The broker keeps SCRAM credentials anyway, but they only matter on
          a listener with SASL/SCRAM enabled.
        </div>
      )}
      {notice ? (
        <div className="muted" role="status" data-testid="scram-notice">
          {notice}
        </div>
      ) : null}
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {list.data ? (
        <table className="connect-table" data-testid="scram-users">
          <thead>
            <tr>
              <th>User</th>
              <th>Mechanism</th>
              <th>Iterations</th>
              {readOnly ? null : <th />}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={`${c.name}\u0000${c.mechanism}`} data-testid="scram-row" data-user={c.name}>
                <td className="mono">{c.name}</td>
                <td>{c.mechanism}</td>
                <td>{c.iterations}</td>
                {readOnly ? null : (
                  <td>
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => setDialog({ kind: 'password', cred: c })}
                    >
                      Change password
                    </button>{' '}
                    <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'delete', cred: c })}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {dialog?.kind === 'create' || dialog?.kind === 'password' ? (
        <ScramUserDialog
          connectionId={connectionId}
          existing={dialog.kind === 'password' ? dialog.cred : undefined}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete SCRAM credential"
          message={`Delete the ${dialog.cred.mechanism} credential of "${dialog.cred.name}"? Clients that log in as ${dialog.cred.name} with ${dialog.cred.mechanism} are refused from then on.`}
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => void remove(dialog.cred)}
          onCancel={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
