import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LoadTestStats } from '../../../../shared/contract/models';
import type { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { ErrorBanner } from '../../ui/ErrorBanner';

const ms = (v: number | null): string => (v === null ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));

/**
 * A load test of one running deployment: N requests at concurrency C with the
 * example payload or a CSV's rows, run by core; figures update while it runs,
 * Cancel ends it (closing the stream cancels it in core).
 */
export function LoadTestPanel({ id }: { id: string }): ReactNode {
  const [requests, setRequests] = useState('1000');
  const [concurrency, setConcurrency] = useState('8');
  const [csvPath, setCsvPath] = useState('');
  const [stats, setStats] = useState<LoadTestStats>();
  const [error, setError] = useState<StackdeckError>();
  const [running, setRunning] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const run = (): void => {
    setError(undefined);
    setStats(undefined);
    setRunning(true);
    stop.current = client.subscribe(
      'models.loadtest.run',
      {
        id,
        requests: Number(requests),
        concurrency: Number(concurrency),
        ...(csvPath.trim() === '' ? {} : { csvPath: csvPath.trim() }),
      },
      {
        onEvent: (s) => setStats(s),
        onError: (e) => {
          setError(e);
          setRunning(false);
        },
        onEnd: () => setRunning(false),
      },
    );
  };
  const cancel = (): void => {
    stop.current?.();
    stop.current = null;
    setRunning(false);
    setStats((s) => (s ? { ...s, cancelled: true } : s));
  };

  return (
    <details className="models-loadtest">
      <summary>Load test</summary>
      <div className="models-row">
        <label>
          Requests{' '}
          <input
            className="input input-sm"
            aria-label="Load test requests"
            inputMode="numeric"
            value={requests}
            onChange={(e) => setRequests(e.target.value)}
          />
        </label>
        <label>
          Concurrency{' '}
          <input
            className="input input-sm"
            aria-label="Load test concurrency"
            inputMode="numeric"
            value={concurrency}
            onChange={(e) => setConcurrency(e.target.value)}
          />
        </label>
        <label>
          Rows from CSV (optional){' '}
          <input
            className="input"
            aria-label="Load test CSV path"
            placeholder="example payload"
            value={csvPath}
            onChange={(e) => setCsvPath(e.target.value)}
          />
        </label>
        {running ? (
          <button type="button" className="btn btn-sm" onClick={cancel}>
            Cancel
          </button>
        ) : (
          <button type="button" className="btn btn-sm btn-primary" onClick={run}>
            Run load test
          </button>
        )}
      </div>
      <ErrorBanner error={error} />
      {stats ? (
        <p
          className="models-muted"
          data-testid="loadtest-stats"
          data-done={stats.done}
          data-cancelled={stats.cancelled}
        >
          {stats.done ? 'Done' : stats.cancelled ? 'Cancelled' : 'Running'}: {stats.completed} of {requests} requests in{' '}
          {(stats.elapsedMs / 1000).toFixed(1)} s, {stats.requestsPerSec.toFixed(0)} req/s, {stats.errors} errors
          {stats.networkErrors > 0 ? ` (${stats.networkErrors} network)` : ''} · p50 {ms(stats.p50)} ms, p95{' '}
          {ms(stats.p95)} ms, p99 {ms(stats.p99)} ms, max {ms(stats.maxMs)} ms
          {Object.keys(stats.byStatus).length > 0
            ? ` · status ${Object.entries(stats.byStatus)
                .map(([s, n]) => `${s}×${n}`)
                .join(', ')}`
            : ''}
        </p>
      ) : null}
      {stats?.firstError ? <pre className="models-pre">First error: {stats.firstError}</pre> : null}
    </details>
  );
}
