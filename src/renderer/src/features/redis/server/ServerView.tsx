import { useEffect, useState, type ReactNode } from 'react';
import type { ResourceViewProps } from '../../../app/resources';
import { useInvoke } from '../../../api/hooks';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import '../../../styles/redis.css';
import { formatCount } from '../format';
import { LiveCharts } from './LiveCharts';

/** The INFO fields each card shows, in words. */
const CARDS: { title: string; section: string; fields: [string, string][] }[] = [
  {
    title: 'Server',
    section: 'Server',
    fields: [
      ['redis_version', 'Version'],
      ['redis_mode', 'Mode'],
      ['uptime_in_days', 'Uptime (days)'],
      ['tcp_port', 'Port'],
    ],
  },
  {
    title: 'Memory',
    section: 'Memory',
    fields: [
      ['used_memory_human', 'Used'],
      ['used_memory_peak_human', 'Peak'],
      ['maxmemory_human', 'Max (0 = none)'],
      ['maxmemory_policy', 'Eviction'],
      ['mem_fragmentation_ratio', 'Fragmentation'],
    ],
  },
  {
    title: 'Clients',
    section: 'Clients',
    fields: [
      ['connected_clients', 'Connected'],
      ['blocked_clients', 'Blocked'],
    ],
  },
  {
    title: 'Persistence',
    section: 'Persistence',
    fields: [
      ['rdb_last_save_time', 'Last RDB save (epoch s)'],
      ['rdb_changes_since_last_save', 'Changes since'],
      ['aof_enabled', 'AOF'],
    ],
  },
  {
    title: 'Replication',
    section: 'Replication',
    fields: [
      ['role', 'Role'],
      ['connected_slaves', 'Replicas'],
    ],
  },
  {
    title: 'Stats',
    section: 'Stats',
    fields: [
      ['instantaneous_ops_per_sec', 'Ops/s'],
      ['keyspace_hits', 'Hits'],
      ['keyspace_misses', 'Misses'],
      ['evicted_keys', 'Evicted'],
    ],
  },
];

/**
 * The server: INFO as cards (version, mode, memory, clients, persistence,
 * replication, stats with the hit ratio), live charts sampled in core, keyspace per database, SLOWLOG with
 * durations and arguments, CLIENT LIST. Refreshes every 5 s while open.
 */
export function ServerView({ connectionId }: ResourceViewProps): ReactNode {
  const o = useInvoke('redis.server.overview', { connectionId });
  const { reload } = o;
  const [auto, setAuto] = useState(true);
  useEffect(() => {
    if (!auto) return;
    const t = setInterval(reload, 5_000);
    return () => clearInterval(t);
  }, [auto, reload]);
  const d = o.data;
  const get = (section: string, key: string): string | undefined =>
    d?.sections.find((s) => s.name === section)?.fields.find((f) => f.key === key)?.value;
  const hits = Number(get('Stats', 'keyspace_hits') ?? 0);
  const misses = Number(get('Stats', 'keyspace_misses') ?? 0);

  return (
    <div className="rd-server" data-testid="redis-server">
      <div className="rd-toolbar">
        <button type="button" className="btn btn-sm" onClick={reload}>
          Refresh
        </button>
        <label className="field-check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> every 5 s
        </label>
      </div>
      {o.error ? <ErrorBanner error={o.error} /> : null}
      <LiveCharts connectionId={connectionId} />
      {d ? (
        <>
          <div className="rd-mem-grid">
            {CARDS.map((c) => (
              <section key={c.title} className="rd-mem-card" data-testid={`redis-server-${c.title.toLowerCase()}`}>
                <h3>{c.title}</h3>
                <dl className="rd-facts">
                  {c.fields.map(([k, label]) => (
                    <div key={k}>
                      <dt>{label}</dt>
                      <dd className="mono">{get(c.section, k) ?? '—'}</dd>
                    </div>
                  ))}
                  {c.title === 'Stats' && hits + misses > 0 ? (
                    <div>
                      <dt>Hit ratio</dt>
                      <dd className="mono">{((hits / (hits + misses)) * 100).toFixed(1)}%</dd>
                    </div>
                  ) : null}
                </dl>
              </section>
            ))}
          </div>
          <section className="rd-mem-card">
            <h3>Keyspace</h3>
            <table className="rd-table" data-testid="redis-server-keyspace">
              <thead>
                <tr>
                  <th>DB</th>
                  <th>Keys</th>
                  <th>With expiry</th>
                  <th>Avg TTL (ms)</th>
                </tr>
              </thead>
              <tbody>
                {d.keyspace.map((k) => (
                  <tr key={k.db}>
                    <td>{k.db}</td>
                    <td>{formatCount(k.keys)}</td>
                    <td>{formatCount(k.expires)}</td>
                    <td>{formatCount(k.avgTtl)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="rd-mem-card">
            <h3>Slow log (newest first)</h3>
            {d.slowlogError ? <p className="rd-note">SLOWLOG refused: {d.slowlogError}</p> : null}
            <table className="rd-table" data-testid="redis-server-slowlog">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Duration</th>
                  <th>Command</th>
                  <th>Client</th>
                </tr>
              </thead>
              <tbody>
                {d.slowlog.map((e) => (
                  <tr key={e.id}>
                    <td>{new Date(e.at * 1000).toLocaleString('en-GB')}</td>
                    <td>{(e.durationUs / 1000).toFixed(1)} ms</td>
                    <td className="mono">{e.args.join(' ').slice(0, 300)}</td>
                    <td className="mono">{e.client}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="rd-mem-card">
            <h3>
              Clients ({formatCount(d.clientsTotal)}
              {d.clientsTotal > d.clients.length ? `, first ${d.clients.length} shown` : ''})
            </h3>
            {d.clientsError ? <p className="rd-note">CLIENT LIST refused: {d.clientsError}</p> : null}
            <table className="rd-table" data-testid="redis-server-clients">
              <thead>
                <tr>
                  <th>ID</th>
                  <th>Address</th>
                  <th>Name</th>
                  <th>DB</th>
                  <th>Age (s)</th>
                  <th>Idle (s)</th>
                  <th>Last command</th>
                </tr>
              </thead>
              <tbody>
                {d.clients.map((c) => (
                  <tr key={c.id}>
                    <td>{c.id}</td>
                    <td className="mono">{c.addr}</td>
                    <td className="mono">{c.name}</td>
                    <td>{c.db}</td>
                    <td>{c.age}</td>
                    <td>{c.idle}</td>
                    <td className="mono">{c.cmd}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : (
        <p className="faint">Loading…</p>
      )}
    </div>
  );
}

export default ServerView;
