import { useEffect, useState, type ReactNode } from 'react';
import type { ServerStatus } from '../../../../../shared/contract/mongo/admin';
import type { ResourceViewProps } from '../../../app/resources';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { useToast } from '../../../ui/toast';
import '../../../styles/mongo.css';
import { formatCount } from '../format';
import { missingFeatures } from '../ServerBanner';

const POLL_MS = 2000;
const KEEP = 60;

interface Sample {
  at: number;
  rates: Record<string, number>;
}

/** Rates per second between two cumulative opcounter samples. */
export function rates(prev: ServerStatus, next: ServerStatus): Record<string, number> {
  const dt = Math.max(0.001, (next.sampledAt - prev.sampledAt) / 1000);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(next.opcounters)) out[k] = Math.max(0, (v - (prev.opcounters[k] ?? v)) / dt);
  return out;
}

const COLORS = ['#2f7ed8', '#e4572e', '#29a35a', '#a05acd', '#e0a526', '#17a2b8', '#6c757d'];

function OpChart({ samples }: { samples: readonly Sample[] }): ReactNode {
  const keys = Object.keys(samples[samples.length - 1]?.rates ?? {});
  const max = Math.max(1, ...samples.flatMap((s) => Object.values(s.rates)));
  const w = 600;
  const h = 140;
  const x = (i: number): number => (samples.length <= 1 ? 0 : (i / (KEEP - 1)) * w);
  return (
    <div className="mg-op-chart" data-testid="mongo-op-chart">
      <svg viewBox={`0 0 ${w} ${h}`} className="mg-op-svg" role="img" aria-label="Operations per second">
        {keys.map((k, ki) => (
          <polyline
            key={k}
            fill="none"
            stroke={COLORS[ki % COLORS.length]}
            strokeWidth={2}
            points={samples.map((s, i) => `${x(i)},${h - ((s.rates[k] ?? 0) / max) * (h - 4)}`).join(' ')}
          />
        ))}
      </svg>
      <div className="mg-legend">
        {keys.map((k, ki) => (
          <span key={k} className="mg-legend-item">
            <span className="mg-legend-dot" style={{ background: COLORS[ki % COLORS.length] }} />
            {`${k} ${(samples[samples.length - 1]?.rates[k] ?? 0).toFixed(1)}/s`}
          </span>
        ))}
        <span className="mg-muted">{`max ${max.toFixed(1)}/s`}</span>
      </div>
    </div>
  );
}

/**
 * The server: version and topology, what it lacks, serverStatus highlights
 * (connections, memory, opcounters as a live chart), current operations with
 * kill (confirmed).
 */
export default function ServerView({ connectionId, profile }: ResourceViewProps): ReactNode {
  const info = useInvoke('mongo.server.info', { connectionId });
  const ops = useInvoke('mongo.server.ops', { connectionId });
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [killing, setKilling] = useState<string | null>(null);
  const toast = useToast();

  useEffect(() => {
    const ac = new AbortController();
    let prev: ServerStatus | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (): void => {
      client.invoke('mongo.server.status', { connectionId }, { signal: ac.signal }).then(
        (s) => {
          if (ac.signal.aborted) return;
          setStatus(s);
          setError(null);
          if (prev) {
            const r = rates(prev, s);
            setSamples((list) => [...list.slice(-(KEEP - 1)), { at: s.sampledAt, rates: r }]);
          }
          prev = s;
          timer = setTimeout(tick, POLL_MS);
        },
        (e: unknown) => {
          if (ac.signal.aborted) return;
          setError(e);
          timer = setTimeout(tick, POLL_MS * 3);
        },
      );
    };
    tick();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [connectionId]);

  const i = info.data;
  return (
    <div className="mg-page" data-testid="mongo-server">
      <div className="mg-toolbar">
        <h2 className="mg-title">Server</h2>
      </div>
      {info.error ? <ErrorBanner error={info.error} /> : null}
      {i ? (
        <div className="mg-stat-grid" data-testid="mongo-server-info">
          <div className="mg-stat">
            <div className="mg-stat-label">Version</div>
            <div className="mg-stat-value">
              {i.ferretdbVersion ? `FerretDB ${i.ferretdbVersion} (MongoDB ${i.version})` : `MongoDB ${i.version}`}
            </div>
          </div>
          <div className="mg-stat">
            <div className="mg-stat-label">Topology</div>
            <div className="mg-stat-value">
              {i.topology === 'replicaSet' ? `replica set ${i.setName ?? ''}` : i.topology}
            </div>
          </div>
          {status ? (
            <>
              <div className="mg-stat">
                <div className="mg-stat-label">Host</div>
                <div className="mg-stat-value">{status.host ?? '—'}</div>
              </div>
              <div className="mg-stat">
                <div className="mg-stat-label">Uptime</div>
                <div className="mg-stat-value">
                  {status.uptimeSeconds === null ? '—' : `${Math.round(status.uptimeSeconds / 60)} min`}
                </div>
              </div>
              <div className="mg-stat">
                <div className="mg-stat-label">Connections</div>
                <div className="mg-stat-value">
                  {status.connections
                    ? `${formatCount(status.connections.current)} (${formatCount(status.connections.available)} available)`
                    : 'not reported'}
                </div>
              </div>
              <div className="mg-stat">
                <div className="mg-stat-label">Memory</div>
                <div className="mg-stat-value">
                  {status.memory?.residentMb != null ? `${status.memory.residentMb} MB resident` : 'not reported'}
                </div>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
      {status?.members ? (
        <table className="mg-table" data-testid="mongo-members">
          <thead>
            <tr>
              <th>Member</th>
              <th>State</th>
              <th>Health</th>
            </tr>
          </thead>
          <tbody>
            {status.members.map((m) => (
              <tr key={m.name}>
                <td className="mono">
                  {m.name}
                  {m.self ? ' (this connection)' : ''}
                </td>
                <td>{m.state}</td>
                <td>{m.health === null ? '—' : m.health === 1 ? 'up' : 'down'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {i && missingFeatures(i).length ? (
        <div className="mg-server-note">{`Not supported by this server: ${missingFeatures(i).join(', ')}.`}</div>
      ) : null}
      {error ? <ErrorBanner error={error} /> : null}
      <h3 className="mg-subtitle">
        Operations per second{' '}
        {status?.opcountersSource === 'commands' ? '(from command totals: this server has no opcounters)' : ''}
      </h3>
      {samples.length ? <OpChart samples={samples} /> : <p className="mg-muted">Sampling…</p>}
      <div className="mg-toolbar">
        <h3 className="mg-subtitle">Current operations</h3>
        <button type="button" className="btn btn-sm" onClick={ops.reload}>
          Refresh
        </button>
      </div>
      {ops.error ? <ErrorBanner error={ops.error} /> : null}
      {ops.data && ops.data.ops.length === 0 ? <p className="mg-muted">No operation is running.</p> : null}
      {ops.data && ops.data.ops.length ? (
        <table className="mg-table" data-testid="mongo-ops">
          <thead>
            <tr>
              <th>opid</th>
              <th>op</th>
              <th>namespace</th>
              <th>running</th>
              <th>client</th>
              <th>command</th>
              {!profile.readOnly ? <th aria-label="Kill" /> : null}
            </tr>
          </thead>
          <tbody>
            {ops.data.ops.map((o) => (
              <tr key={o.opid}>
                <td className="mono">{o.opid}</td>
                <td>{o.op}</td>
                <td className="mono">{o.ns}</td>
                <td>{o.secsRunning === null ? '—' : `${o.secsRunning} s`}</td>
                <td>{o.client ?? '—'}</td>
                <td className="mono mg-clip">{o.command}</td>
                {!profile.readOnly ? (
                  <td>
                    <button type="button" className="btn btn-sm btn-danger" onClick={() => setKilling(o.opid)}>
                      Kill…
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {killing ? (
        <ConfirmDialog
          title={`Kill operation ${killing}?`}
          message="The server stops the operation; its client gets an error."
          confirmLabel="Kill"
          danger
          onCancel={() => setKilling(null)}
          onConfirm={() => {
            const opid = killing;
            setKilling(null);
            client.invoke('mongo.server.killOp', { connectionId, opid }).then(
              () => {
                toast.push({ tone: 'success', title: `Operation ${opid} killed.` });
                ops.reload();
              },
              (e: unknown) => toast.error('The operation was not killed', e),
            );
          }}
        />
      ) : null}
    </div>
  );
}
