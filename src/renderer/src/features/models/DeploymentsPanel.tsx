import { useEffect, useState, type ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Deployment, MetricsPoint } from '../../../../shared/contract/models';
import { client } from '../../api/client';
import { AccuracyPanel } from './AccuracyPanel';
import { DeploymentLog } from './DeploymentLog';
import { DriftPanel } from './DriftPanel';
import { LoadTestPanel } from './LoadTestPanel';
import { PredictionLogSection } from './PredictionLogSection';

/**
 * The deployments core supervises: status (health polled by core), and live
 * charts from the metrics core scrapes (requests/s, p50/p95/p99, error rate,
 * predictions by class, rolling accuracy from feedback), refreshed every 2 s
 * while the panel is shown.
 */
export function DeploymentsPanel({ refresh }: { refresh: number }): ReactNode {
  const [deployments, setDeployments] = useState<Deployment[]>([]);
  const [points, setPoints] = useState<Record<string, MetricsPoint[]>>({});
  useEffect(() => {
    let alive = true;
    const tick = async (): Promise<void> => {
      try {
        const { deployments: list } = await client.invoke('models.deploy.list', {});
        if (!alive) return;
        setDeployments(list);
        const series: Record<string, MetricsPoint[]> = {};
        for (const d of list.filter((x) => x.status !== 'stopped' && x.status !== 'failed'))
          series[d.id] = (await client.invoke('models.metrics.series', { id: d.id })).points;
        if (alive) setPoints(series);
      } catch {
        // the next tick tries again
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [refresh]);

  if (deployments.length === 0) return <p className="models-muted">No deployments yet.</p>;
  return (
    <div className="models-deployments" data-testid="models-deployments">
      {deployments.map((d) => (
        <section key={d.id} className="models-card" data-testid={`deployment-${d.name}`}>
          <header className="models-row">
            <strong>{d.name}</strong>
            <span className="models-version" data-testid="deployment-version">
              v{d.version} · {d.role}
            </span>
            <span data-testid="deployment-status">{d.status}</span>
            <span>{d.healthy ? 'healthy' : 'not healthy'}</span>
            {d.role === 'active' && d.stableUrl !== null ? (
              <span title="The service's stable address: it follows the active version">
                stable URL <code data-testid="deployment-stable-url">{d.stableUrl}</code>
              </span>
            ) : null}
            <span title="This version's own port, for checking it apart from the stable URL">
              v{d.version} at <code>{d.url}</code>
            </span>
            <span>restarts {d.restarts}</span>
            <RollbackButton deployment={d} all={deployments} />
            {d.status !== 'stopped' && d.status !== 'failed' ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => void client.invoke('models.deploy.stop', { id: d.id })}
              >
                Stop
              </button>
            ) : null}
          </header>
          {d.lastError !== null && d.status === 'failed' ? <pre className="models-pre">{d.lastError}</pre> : null}
          {points[d.id] ? <Charts points={points[d.id]!} /> : null}
          <PredictionLogSection id={d.id} />
          {d.status === 'running' ? <LoadTestPanel id={d.id} /> : null}
          {d.status === 'running' ? <DriftPanel id={d.id} /> : null}
          {points[d.id] ? <AccuracyPanel name={d.name} url={d.url} points={points[d.id]!} /> : null}
          <DeploymentLog id={d.id} />
        </section>
      ))}
    </div>
  );
}

/** On the active version, when the version it replaced still runs: one click switches the stable URL back. */
function RollbackButton({ deployment: d, all }: { deployment: Deployment; all: Deployment[] }): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const standby = all.find((x) => x.name === d.name && x.role === 'standby' && x.status === 'running');
  if (d.role !== 'active' || standby === undefined) return null;
  return (
    <>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() =>
          void client.invoke('models.deploy.rollback', { name: d.name }).then(
            () => setError(null),
            (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
          )
        }
      >
        Roll back to v{standby.version}
      </button>
      {error !== null ? <span className="models-warn">{error}</span> : null}
    </>
  );
}

function Charts({ points }: { points: MetricsPoint[] }): ReactNode {
  const rows = points.map((p) => ({
    t: new Date(p.at).toLocaleTimeString(),
    rps: p.requestsPerSec,
    p50: p.p50,
    p95: p.p95,
    p99: p.p99,
    errors: p.errorRate === null ? null : p.errorRate * 100,
    ...Object.fromEntries(Object.entries(p.byClass).map(([k, v]) => [`class ${k}`, v])),
  }));
  const classes = [...new Set(points.flatMap((p) => Object.keys(p.byClass)))];
  const last = points.at(-1);
  return (
    <>
      <p className="models-muted" data-testid="deployment-totals">
        {last ? `${last.requests} requests, ${last.errors} errors` : 'no scrape yet'}
      </p>
      <div className="models-charts">
        <Chart title="Requests/s" rows={rows} lines={['rps']} />
        <Chart title="Latency (ms)" rows={rows} lines={['p50', 'p95', 'p99']} />
        <Chart title="Error rate (%)" rows={rows} lines={['errors']} />
        <Chart title="Predictions by class" rows={rows} lines={classes.map((c) => `class ${c}`)} />
      </div>
    </>
  );
}

const COLORS = ['#4f8cff', '#f5a524', '#e5484d', '#30a46c', '#8e4ec6'];

function Chart({ title, rows, lines }: { title: string; rows: Record<string, unknown>[]; lines: string[] }): ReactNode {
  return (
    <figure className="models-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" minTickGap={40} />
          <YAxis width={48} />
          <Tooltip />
          <Legend />
          {lines.map((l, i) => (
            <Line
              key={l}
              dataKey={l}
              // A rate needs two scrapes: until a line has a few points, show them as dots.
              dot={rows.length < 4}
              isAnimationActive={false}
              stroke={COLORS[i % COLORS.length]}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
