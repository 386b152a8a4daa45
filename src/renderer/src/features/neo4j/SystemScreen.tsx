import { useMemo, useState, type ReactNode } from 'react';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { useInvoke } from '../../api/hooks';
import type { ResourceViewProps } from '../../app/resources';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorBanner } from '../../ui/ErrorBanner';

/**
 * The server of a Neo4j connection: version and edition, databases with their
 * status, active transactions (SHOW TRANSACTIONS) with terminate (confirmed;
 * not offered on a read-only connection, and refused by core there), and the
 * settings (SHOW SETTINGS) with a filter, where the user may list them.
 */
export default function SystemScreen(props: ResourceViewProps): ReactNode {
  const { connectionId, profile } = props;
  const info = useInvoke('neo4j.system.info', { connectionId });
  const dbs = useInvoke('neo4j.databases.list', { connectionId });
  const txs = useInvoke('neo4j.transactions.list', { connectionId });
  const [kill, setKill] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StackdeckError | null>(null);
  const [filter, setFilter] = useState('');
  const settings = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = info.data?.settings ?? [];
    return (f ? all.filter((s) => s.name.toLowerCase().includes(f) || s.value.toLowerCase().includes(f)) : all).slice(
      0,
      300,
    );
  }, [info.data, filter]);

  const terminate = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      await client.invoke('neo4j.transactions.terminate', { connectionId, ids: [id] });
      txs.reload();
    } catch (e) {
      setError(e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', String(e)));
    } finally {
      setBusy(false);
      setKill(null);
    }
  };

  return (
    <div className="n4-page n4-admin" data-testid="n4-system">
      <div className="n4-toolbar">
        <h2 className="n4-h">Server</h2>
        <span data-testid="n4-system-version">
          {info.data ? `Neo4j ${info.data.version ?? '?'} · ${info.data.edition ?? 'unknown'} edition` : ''}
        </span>
        <span className="n4-spacer" />
        <button
          type="button"
          className="btn"
          onClick={() => {
            info.reload();
            dbs.reload();
            txs.reload();
          }}
        >
          Refresh
        </button>
      </div>
      {[info.error, dbs.error, txs.error, error].map((e, i) => (e ? <ErrorBanner key={i} error={e} /> : null))}
      <section>
        <h3 className="n4-h3">Databases</h3>
        <table className="n4-admin-table" data-testid="n4-system-databases">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Status</th>
              <th>Access</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(dbs.data?.databases ?? []).map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td>{d.type ?? ''}</td>
                <td>
                  {d.currentStatus}
                  {d.statusMessage ? ` (${d.statusMessage})` : ''}
                </td>
                <td>{d.access ?? ''}</td>
                <td>{d.role ?? ''}</td>
                <td>{[d.isDefault ? 'default' : '', d.isHome ? 'home' : ''].filter(Boolean).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="n4-muted">
          Store sizes are not shown: Neo4j 5 Community does not report them through Cypher (no JMX procedures).
        </p>
      </section>
      <section>
        <h3 className="n4-h3">Transactions</h3>
        <table className="n4-admin-table" data-testid="n4-system-transactions">
          <thead>
            <tr>
              <th>Id</th>
              <th>Database</th>
              <th>User</th>
              <th>Status</th>
              <th>Elapsed</th>
              <th>Query</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(txs.data?.transactions ?? []).map((t) => (
              <tr key={t.transactionId}>
                <td>{t.transactionId}</td>
                <td>{t.database}</td>
                <td>{t.username || '—'}</td>
                <td>{t.status}</td>
                <td className="n4-right">{t.elapsedMs === null ? '' : `${(t.elapsedMs / 1000).toFixed(1)} s`}</td>
                <td className="n4-query" title={t.currentQuery}>
                  {t.currentQuery.length > 120 ? `${t.currentQuery.slice(0, 120)}…` : t.currentQuery}
                </td>
                <td>
                  {!profile.readOnly && !t.currentQuery.startsWith('SHOW TRANSACTIONS') ? (
                    <button type="button" className="btn btn-sm" onClick={() => setKill(t.transactionId)}>
                      Terminate
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <div className="n4-toolbar">
          <h3 className="n4-h3">Settings</h3>
          <input
            className="input"
            aria-label="Filter settings"
            placeholder="Filter settings"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        {info.data?.settingsError ? <p className="n4-muted">{info.data.settingsError}</p> : null}
        <table className="n4-admin-table" data-testid="n4-system-settings">
          <tbody>
            {settings.map((s) => (
              <tr key={s.name} title={s.description}>
                <td>{s.name}</td>
                <td>{s.value}</td>
                <td className="n4-muted">{s.isDynamic ? 'dynamic' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {kill ? (
        <ConfirmDialog
          title={`Terminate ${kill}?`}
          message="The transaction is stopped on the server and rolled back; its client gets an error."
          confirmLabel="Terminate"
          danger
          busy={busy}
          onConfirm={() => void terminate(kill)}
          onCancel={() => setKill(null)}
        />
      ) : null}
    </div>
  );
}
