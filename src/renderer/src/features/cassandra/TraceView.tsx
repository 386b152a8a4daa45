import type { ReactNode } from 'react';
import type { QueryTrace } from '../../../../shared/contract/cassandra';

/** Microseconds as a short duration. */
export function micros(us: number | null): string {
  if (us === null) return '–';
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/**
 * A query trace: the session (coordinator, request, duration) and its events
 * as a timeline, one row per event with a bar at its elapsed time on its
 * source node (source_elapsed is per node, so each source gets its own colour).
 */
export function TraceView({ trace }: { trace: QueryTrace }): ReactNode {
  const end = Math.max(1, trace.durationMicros ?? 0, ...trace.events.map((e) => e.elapsedMicros ?? 0));
  const sources = [...new Set(trace.events.map((e) => e.source ?? ''))];
  return (
    <div className="cs-trace" data-testid="cs-trace">
      <dl className="cs-facts">
        <div>
          <dt>Coordinator</dt>
          <dd data-testid="cs-trace-coordinator">{trace.coordinator ?? 'unknown'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="cs-trace-duration">{micros(trace.durationMicros)}</dd>
        </div>
        <div>
          <dt>Request</dt>
          <dd>{trace.requestType ?? '–'}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{trace.events.length}</dd>
        </div>
        <div>
          <dt>Session</dt>
          <dd className="mono">{trace.traceId}</dd>
        </div>
      </dl>
      {!trace.complete ? (
        <p className="cs-muted">
          Cassandra writes traces in the background: some events may still be missing. Run again with tracing to see
          them all.
        </p>
      ) : null}
      <table className="cs-trace-table">
        <thead>
          <tr>
            <th>Elapsed</th>
            <th className="cs-trace-bar-col">Timeline</th>
            <th>Activity</th>
            <th>Source</th>
            <th>Thread</th>
          </tr>
        </thead>
        <tbody>
          {trace.events.map((e, i) => {
            const at = ((e.elapsedMicros ?? 0) / end) * 100;
            return (
              <tr key={i} data-testid="cs-trace-event">
                <td className="cs-num">{micros(e.elapsedMicros)}</td>
                <td className="cs-trace-bar-col">
                  <span
                    className={`cs-trace-dot cs-src-${sources.indexOf(e.source ?? '') % 4}`}
                    style={{ left: `${Math.min(100, at)}%` }}
                  />
                </td>
                <td className="cs-trace-activity">{e.activity}</td>
                <td className="mono">{e.source ?? ''}</td>
                <td className="mono cs-muted">{e.thread ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
