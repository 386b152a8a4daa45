import { useEffect, useState, type ReactNode } from 'react';
import type { Deployment, MetricsPoint } from '../../../../shared/contract/models';
import { client } from '../../api/client';
import { AccuracyPanel } from './AccuracyPanel';
import { ApiKeyReveal } from './ApiKeyReveal';
import { Charts, RangeSelect, loadSeries, type ChartRange } from './Charts';
import { DeploymentLog } from './DeploymentLog';
import { HostDeployments } from './host/HostDeployments';
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
  const [range, setRange] = useState<ChartRange>('live');
  const [charted, setCharted] = useState<Record<string, MetricsPoint[]>>({});
  useEffect(() => {
    let alive = true;
    const tick = async (): Promise<void> => {
      try {
        const { deployments: list } = await client.invoke('models.deploy.list', {});
        if (!alive) return;
        setDeployments(list);
        const series: Record<string, MetricsPoint[]> = {};
        const shown: Record<string, MetricsPoint[]> = {};
        for (const d of list.filter((x) => x.status !== 'stopped' && x.status !== 'failed')) {
          const live = (await client.invoke('models.metrics.series', { id: d.id })).points;
          series[d.id] = live;
          shown[d.id] =
            range === 'live' ? live : await loadSeries((i) => client.invoke('models.metrics.series', i), d.id, range);
        }
        if (alive) {
          setPoints(series);
          setCharted(shown);
        }
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
  }, [refresh, range]);

  return (
    <>
      <RangeSelect value={range} onChange={setRange} />
      <HostDeployments refresh={refresh} range={range} />
      {deployments.length === 0 ? <p className="models-muted">No local deployments yet.</p> : null}
      <LocalDeployments deployments={deployments} points={points} charted={charted} range={range} />
    </>
  );
}

function LocalDeployments({
  deployments,
  points,
  charted,
  range,
}: {
  deployments: Deployment[];
  /** The live series (the accuracy panel reads its newest point). */
  points: Record<string, MetricsPoint[]>;
  /** What the charts show for the chosen range. */
  charted: Record<string, MetricsPoint[]>;
  range: ChartRange;
}): ReactNode {
  if (deployments.length === 0) return null;
  return (
    <div className="models-deployments" data-testid="models-deployments">
      {deployments.map((d) => (
        <section key={d.id} className="models-card" data-testid={`deployment-${d.name}`}>
          <header className="models-row">
            <strong>{d.name}</strong>
            <span className="models-version" data-testid="deployment-version">
              v{d.version} · {d.role}
            </span>
            <span data-testid="deployment-status">
              {d.status}
              {d.adopted && d.status === 'stopped' && d.lastError !== null ? ` (${d.lastError})` : ''}
            </span>
            {d.keep ? (
              <span className="models-muted" data-testid="deployment-kept">
                {d.adopted ? 'kept running while Stackdeck was closed' : 'keeps running after quit'}
              </span>
            ) : null}
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
          {d.apiKey ? (
            <ApiKeyReveal load={async () => (await client.invoke('models.apiKey.reveal', { name: d.name })).key} />
          ) : null}
          {d.lastError !== null && d.status === 'failed' ? <pre className="models-pre">{d.lastError}</pre> : null}
          {charted[d.id] ? <Charts points={charted[d.id]!} range={range} /> : null}
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
