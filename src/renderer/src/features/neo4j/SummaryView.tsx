import type { ReactNode } from 'react';
import type { QuerySummary } from '../../../../shared/contract/neo4j/query';

const QUERY_TYPE: Record<QuerySummary['queryType'], string> = {
  r: 'read only',
  w: 'write only',
  rw: 'read and write',
  s: 'schema write',
  unknown: 'unknown',
};

const ms = (n: number | null): string => (n === null ? '–' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);

export function SummaryView({ summary, accessMode }: { summary: QuerySummary; accessMode: string | null }): ReactNode {
  return (
    <div className="n4-summary" data-testid="n4-summary">
      <dl className="n4-kv">
        <dt>Query type</dt>
        <dd>{QUERY_TYPE[summary.queryType]}</dd>
        <dt>Access mode</dt>
        <dd>{accessMode ?? '–'}</dd>
        <dt>Database</dt>
        <dd>{summary.database ?? 'default'}</dd>
        <dt>Records</dt>
        <dd>
          {summary.recordCount.toLocaleString('en-US')}
          {summary.truncated ? ' (stopped at the record limit; the rest was discarded)' : ''}
        </dd>
        <dt>First record after</dt>
        <dd>{ms(summary.firstRecordMs)}</dd>
        <dt>Last record after</dt>
        <dd>{ms(summary.lastRecordMs)}</dd>
        <dt>Server: available / consumed after</dt>
        <dd>
          {ms(summary.serverAvailableAfterMs)} / {ms(summary.serverConsumedAfterMs)}
        </dd>
        <dt>Server</dt>
        <dd>{summary.serverVersion ?? '–'}</dd>
      </dl>
      <h4>Updates</h4>
      {summary.counters.length === 0 && summary.systemUpdates === 0 ? (
        <p className="n4-muted">No changes.</p>
      ) : (
        <dl className="n4-kv" data-testid="n4-counters">
          {summary.counters.map(([k, n]) => (
            <div key={k} className="n4-kv-row">
              <dt>{k}</dt>
              <dd>{n}</dd>
            </div>
          ))}
          {summary.systemUpdates > 0 ? (
            <div className="n4-kv-row">
              <dt>systemUpdates</dt>
              <dd>{summary.systemUpdates}</dd>
            </div>
          ) : null}
        </dl>
      )}
      <h4>Warnings</h4>
      {summary.notifications.length === 0 ? (
        <p className="n4-muted">None.</p>
      ) : (
        <ul className="n4-warnings" data-testid="n4-warnings">
          {summary.notifications.map((n, i) => (
            <li key={i}>
              <strong>
                {n.severity}: {n.title}
              </strong>
              {n.position ? ` (line ${n.position.line}, column ${n.position.column})` : ''}
              <div>{n.description}</div>
              <code>{n.code}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
