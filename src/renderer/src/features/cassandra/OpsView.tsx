import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { OpsView as OpsViewName, type OpsTable } from '../../../../shared/contract/cassandra';
import { useInvoke } from '../../api/hooks';
import type { ResourceViewProps } from '../../app/resources';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { ResultGrid, type ResultColumn } from '../../ui/ResultGrid';
import { columnWidth } from './resources';

const LABEL: Record<OpsViewName, string> = {
  clients: 'Connected clients',
  settings: 'Settings',
  thread_pools: 'Thread pools',
  sstable_tasks: 'SSTable tasks',
  caches: 'Caches',
  disk_usage: 'Disk usage',
  size_estimates: 'Size estimates',
};

const num = (v: OpsTable['rows'][number][number] | undefined): number =>
  v && (v.t === 'int' || v.t === 'long' || v.t === 'double') ? Number(v.v) : 0;

/** Thread pools as bars: active, pending and blocked tasks of the busiest pools. */
function PoolBars({ table }: { table: OpsTable }): ReactNode {
  const idx = (n: string): number => table.columns.findIndex((c) => c.name === n);
  const [name, active, pending, blocked] = ['name', 'active_tasks', 'pending_tasks', 'blocked_tasks'].map(idx);
  if (name === undefined || name < 0 || active === undefined || active < 0) return null;
  const pools = table.rows
    .map((r) => ({
      name: r[name]?.t === 'string' ? (r[name] as { v: string }).v : '?',
      active: num(r[active]),
      pending: pending !== undefined && pending >= 0 ? num(r[pending]) : 0,
      blocked: blocked !== undefined && blocked >= 0 ? num(r[blocked]) : 0,
    }))
    .sort(
      (a, b) => b.active + b.pending + b.blocked - (a.active + a.pending + a.blocked) || a.name.localeCompare(b.name),
    )
    .slice(0, 12);
  const max = Math.max(1, ...pools.map((p) => p.active + p.pending + p.blocked));
  return (
    <div className="cs-pool-bars" data-testid="cs-pool-bars" aria-label="Busiest thread pools">
      {pools.map((p) => (
        <div key={p.name} className="cs-pool">
          <span className="mono cs-pool-name">{p.name}</span>
          <span className="cs-bar cs-bar-wide">
            <span className="cs-bar-fill" style={{ width: `${(p.active / max) * 100}%` }} />
            <span className="cs-bar-pending" style={{ width: `${(p.pending / max) * 100}%` }} />
            <span className="cs-bar-blocked" style={{ width: `${(p.blocked / max) * 100}%` }} />
          </span>
          <span className="cs-num cs-muted">
            {p.active} active · {p.pending} pending · {p.blocked} blocked
          </span>
        </div>
      ))}
    </div>
  );
}

/**
 * Operations views without JMX, from Cassandra's virtual tables: one view at a
 * time as a table, refreshed live every few seconds while "Live" is on; a view
 * the server's version lacks says so.
 */
export default function OpsView({ connectionId }: ResourceViewProps): ReactNode {
  const [view, setView] = useState<OpsViewName>('thread_pools');
  const [live, setLive] = useState(true);
  const ops = useInvoke('cassandra.ops.read', { connectionId, view });
  const { reload } = ops;
  useEffect(() => {
    if (!live) return;
    const t = setInterval(reload, 5_000);
    return () => clearInterval(t);
  }, [live, reload, view]);
  const table = ops.data?.view === view ? ops.data : undefined;
  const columns = useMemo<ResultColumn[]>(
    () =>
      (table?.columns ?? []).map((c, i) => ({
        key: `${i}`,
        title: c.name,
        type: c.type,
        width: columnWidth(c.name, c.type),
      })),
    [table?.columns],
  );
  return (
    <div className="cs-page" data-testid="cs-ops">
      <div className="cs-toolbar">
        <div className="cs-ops-views" role="tablist" aria-label="Operations views">
          {OpsViewName.options.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={v === view}
              className={`cs-side-tab${v === view ? ' on' : ''}`}
              onClick={() => setView(v)}
            >
              {LABEL[v]}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <label className="check" title="Read the view again every 5 seconds">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
        </label>
      </div>
      {ops.error ? <ErrorBanner error={ops.error} /> : null}
      {table ? (
        <>
          <p className="cs-muted" data-testid="cs-ops-source">
            {table.source} · read {new Date(table.readAt).toLocaleTimeString()}
            {table.truncated ? ' · the first 5,000 rows' : ''}
          </p>
          {!table.available ? (
            <p className="cs-message" data-testid="cs-ops-unavailable">
              {table.message}
            </p>
          ) : (
            <>
              {view === 'thread_pools' ? <PoolBars table={table} /> : null}
              <ResultGrid columns={columns} rows={table.rows} label={LABEL[view]} testId="cs-ops-grid" />
            </>
          )}
        </>
      ) : ops.loading ? (
        <p className="cs-muted">Reading {LABEL[view].toLowerCase()}…</p>
      ) : null}
    </div>
  );
}
