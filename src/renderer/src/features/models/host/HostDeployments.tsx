import { useEffect, useState, type ReactNode } from 'react';
import type { MetricsPoint, WatchedHostDeployment } from '../../../../../shared/contract/models';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ApiKeyReveal } from '../ApiKeyReveal';
import { Charts, loadSeries, type ChartRange } from '../Charts';
import { HostLog } from './HostLog';
import { NginxSite } from './NginxSite';

/**
 * Host deployments in the Deployments panel: what core watches over SSH
 * (status, versions, what runs), live charts from the host's /metrics read
 * through the SSH session, and the operations: Stop, Restart, Roll back, run
 * another version, the log and the nginx site. The list survives a restart
 * of Stackdeck (each entry shows "checking" until core has looked at the
 * host again); a stopped or unreachable one can be removed from it.
 */
export function HostDeployments({ refresh, range }: { refresh: number; range: ChartRange }): ReactNode {
  const [list, setList] = useState<WatchedHostDeployment[]>([]);
  const [points, setPoints] = useState<Record<string, MetricsPoint[]>>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = async (): Promise<void> => {
      try {
        const { deployments } = await client.invoke('models.host.deployments', {});
        if (!alive) return;
        setList(deployments);
        const series: Record<string, MetricsPoint[]> = {};
        for (const d of deployments.filter((x) => x.status !== 'stopped'))
          series[d.id] = await loadSeries((i) => client.invoke('models.metrics.series', i), d.id, range);
        if (alive) setPoints(series);
      } catch {
        // the next tick tries again
      }
    };
    void load();
    const timer = setInterval(() => void load(), 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [refresh, tick, range]);
  if (list.length === 0) return null;
  return (
    <div className="models-deployments" data-testid="host-deployments">
      {list.map((d) => (
        <HostCard key={d.id} d={d} points={points[d.id]} range={range} onChanged={() => setTick((n) => n + 1)} />
      ))}
    </div>
  );
}

type Op = 'stop' | 'restart' | 'rollback' | 'activate' | 'forget';

function HostCard({
  d,
  points,
  range,
  onChanged,
}: {
  d: WatchedHostDeployment;
  points: MetricsPoint[] | undefined;
  range: ChartRange;
  onChanged: () => void;
}): ReactNode {
  const [busy, setBusy] = useState<Op | null>(null);
  const [error, setError] = useState<StackdeckError>();
  const [note, setNote] = useState('');
  const [other, setOther] = useState('');
  const on = { target: d.target, deployment: d.deployment };
  const run = async (op: Op): Promise<void> => {
    setBusy(op);
    setError(undefined);
    setNote('');
    try {
      if (op === 'forget') {
        await client.invoke('models.host.forget', { id: d.id });
        return;
      }
      const r =
        op === 'stop'
          ? await client.invoke('models.host.stop', on)
          : op === 'restart'
            ? await client.invoke('models.host.restart', on)
            : op === 'rollback'
              ? await client.invoke('models.host.rollback', on)
              : await client.invoke('models.host.activate', { ...on, version: other });
      setNote(
        r.state.pid === null
          ? 'Stopped.'
          : `Running ${r.state.current ?? '?'}${r.smoke ? `; smoke test ${r.smoke.ok ? 'passed' : 'FAILED'}` : ''}.`,
      );
    } catch (e) {
      setError(e as StackdeckError);
    } finally {
      setBusy(null);
      onChanged();
    }
  };
  const s = d.state;
  const running = s.pid !== null;
  return (
    <section className="models-card" data-testid={`host-deployment-${d.deployment}`}>
      <header className="models-row">
        <strong>{d.deployment}</strong>
        <span className="models-muted">on {d.label}</span>
        <span data-testid="host-status">{d.status}</span>
        <span>
          current <code data-testid="host-current">{s.current ?? 'none'}</code>
        </span>
        {s.port !== null ? <code>127.0.0.1:{s.port} (on the host)</code> : null}
        {s.manager ? <span className="models-muted">{s.manager}</span> : null}
      </header>
      <p className="models-muted" data-testid="host-versions">
        Versions:{' '}
        {s.versions
          .map((v) => (v === s.current ? `${v} (current)` : v === s.previous ? `${v} (previous)` : v))
          .join(', ') || 'none'}
      </p>
      <div className="models-row">
        {running ? (
          <button type="button" className="btn btn-sm" disabled={busy !== null} onClick={() => void run('stop')}>
            {busy === 'stop' ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" disabled={busy !== null} onClick={() => void run('restart')}>
          {busy === 'restart' ? 'Restarting…' : running ? 'Restart' : 'Start'}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy !== null || s.previous === null}
          title={s.previous === null ? 'No previous version on the host' : `Run ${s.previous} again`}
          onClick={() => void run('rollback')}
        >
          {busy === 'rollback' ? 'Rolling back…' : `Roll back${s.previous ? ` to ${s.previous}` : ''}`}
        </button>
        <select aria-label="Version to run" value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">Run version…</option>
          {s.versions
            .filter((v) => v !== s.current)
            .map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy !== null || other === ''}
          onClick={() => void run('activate')}
        >
          {busy === 'activate' ? 'Starting…' : 'Run'}
        </button>
        {d.status === 'stopped' || d.status === 'unreachable' ? (
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy !== null}
            title="Stop watching it here; nothing changes on the host"
            onClick={() => void run('forget')}
          >
            Remove from list
          </button>
        ) : null}
      </div>
      {s.apiKey ? <ApiKeyReveal load={async () => (await client.invoke('models.host.apiKey', on)).key} /> : null}
      {note ? <p data-testid="host-op-note">{note}</p> : null}
      <ErrorBanner error={error} />
      {d.lastError !== null ? <p className="models-warn">Watching over SSH: {d.lastError}</p> : null}
      {running && points ? <Charts points={points} range={range} /> : null}
      <HostLog target={d.target} deployment={d.deployment} />
      <NginxSite target={d.target} deployment={d.deployment} />
    </section>
  );
}
