import { useState, type ReactNode } from 'react';
import type { MemoryBucket, MemoryEvent, MemoryReport } from '../../../../../shared/contract/redis/memory';
import type { ResourceViewProps } from '../../../app/resources';
import { useStream } from '../../../api/hooks';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import '../../../styles/redis.css';
import { formatBytes, formatCount, formatTtl, typeLabel } from '../format';

interface Run {
  match: string;
  sample: number | null;
  delimiter: string;
  db: number;
  n: number;
}

const SAMPLES: { label: string; value: number | null }[] = [
  { label: '10,000 keys', value: 10_000 },
  { label: '100,000 keys', value: 100_000 },
  { label: '1,000,000 keys', value: 1_000_000 },
  { label: 'All keys', value: null },
];

/** A horizontal bar chart of buckets by memory (with key counts). Text only; widths from the data. */
function Bars(props: { title: string; rows: MemoryBucket[]; testId: string; label?(name: string): string }): ReactNode {
  const max = Math.max(1, ...props.rows.map((r) => r.bytes));
  return (
    <section className="rd-mem-card" data-testid={props.testId} aria-label={props.title}>
      <h3>{props.title}</h3>
      <div className="rd-mem-bars" role="list">
        {props.rows.map((r) => (
          <div className="rd-mem-bar" role="listitem" key={r.name} title={`${r.name}: ${formatBytes(r.bytes)}`}>
            <span className="rd-mem-name mono">{props.label ? props.label(r.name) : r.name}</span>
            <span className="rd-mem-track">
              <span className="rd-mem-fill" style={{ width: `${(r.bytes / max) * 100}%` }} />
            </span>
            <span className="rd-mem-num">{formatBytes(r.bytes)}</span>
            <span className="rd-mem-num faint">{formatCount(r.keys)} keys</span>
          </div>
        ))}
      </div>
    </section>
  );
}

/**
 * Memory analysis: sample N keys (or all) matching a pattern, measured in core
 * with MEMORY USAGE in pipelines, with progress and partial results; memory by
 * type, by TTL (keys without expiry called out), by namespace, and the
 * biggest keys. Cancel stops the scan in core.
 */
export function MemoryView({ profile, connectionId }: ResourceViewProps): ReactNode {
  const [match, setMatch] = useState('*');
  const [sample, setSample] = useState<number | null>(10_000);
  const [delimiter, setDelimiter] = useState(':');
  const [db, setDb] = useState(profile.kind === 'redis' ? profile.db : 0);
  const [run, setRun] = useState<Run | null>(null);
  const [progress, setProgress] = useState<Extract<MemoryEvent, { kind: 'progress' }> | null>(null);
  const [report, setReport] = useState<{ report: MemoryReport; done: boolean } | null>(null);
  const stream = useStream(
    'redis.memory.analyze',
    {
      connectionId,
      db: run?.db ?? null,
      match: run?.match ?? '*',
      sample: run?.sample ?? null,
      delimiter: run?.delimiter ?? ':',
    },
    {
      enabled: run !== null,
      keep: 1,
      onEvent: (e) => {
        if (e.kind === 'progress') setProgress(e);
        else setReport({ report: e.report, done: e.done });
      },
    },
  );
  const running = run !== null && stream.status === 'running';
  const r = report?.report;
  const noTtl = r?.ttl.find((t) => t.name === 'no expiry');

  return (
    <div className="rd-memory" data-testid="redis-memory">
      <form
        className="rd-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setProgress(null);
          setReport(null);
          setRun({ match: match.trim() || '*', sample, delimiter: delimiter || ':', db, n: (run?.n ?? 0) + 1 });
        }}
      >
        {profile.kind === 'redis' && profile.cluster ? null : (
          <label className="rd-inline">
            DB
            <select className="input" aria-label="Database" value={db} onChange={(e) => setDb(Number(e.target.value))}>
              {Array.from({ length: 16 }, (_, i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </label>
        )}
        <input
          className="input mono rd-pattern"
          aria-label="Key pattern"
          value={match}
          onChange={(e) => setMatch(e.target.value)}
        />
        <select
          className="input"
          aria-label="Sample size"
          value={sample === null ? 'all' : String(sample)}
          onChange={(e) => setSample(e.target.value === 'all' ? null : Number(e.target.value))}
        >
          {SAMPLES.map((s) => (
            <option key={s.label} value={s.value === null ? 'all' : String(s.value)}>
              {s.label}
            </option>
          ))}
        </select>
        <label className="rd-inline">
          Delimiter
          <input
            className="input mono rd-delim"
            aria-label="Delimiter"
            value={delimiter}
            onChange={(e) => setDelimiter(e.target.value)}
          />
        </label>
        {running ? (
          <button type="button" className="btn btn-sm" onClick={stream.cancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="btn btn-primary btn-sm">
            Analyze
          </button>
        )}
      </form>
      <div className="rd-status" data-testid="redis-memory-status">
        {progress ? (
          <>
            {running ? <span className="spin" aria-hidden /> : null}
            <span>
              {formatCount(progress.analyzed)} keys analyzed
              {progress.target !== null ? ` of a sample of ${formatCount(progress.target)}` : ''} ·{' '}
              {formatCount(progress.scanned)} scanned of {formatCount(progress.dbsize)} in the database
              {report?.done ? ' · done' : stream.status === 'ended' && !report?.done ? ' · cancelled' : ''}
            </span>
          </>
        ) : (
          <span className="faint">
            {run ? 'Starting…' : 'Samples keys with SCAN and measures each with MEMORY USAGE (in pipelines).'}
          </span>
        )}
      </div>
      {stream.error ? <ErrorBanner error={stream.error} /> : null}
      {r ? (
        <div className="rd-mem-grid">
          <section className="rd-mem-card rd-mem-summary">
            <h3>Summary</h3>
            <p>
              <strong>{formatBytes(r.totalBytes)}</strong> in {formatCount(r.analyzed)} keys
              {r.analyzed > 0 ? ` (${formatBytes(Math.round(r.totalBytes / r.analyzed))} on average)` : ''}
            </p>
            {noTtl && noTtl.keys > 0 ? (
              <p className="rd-note" data-testid="redis-memory-nottl">
                {formatCount(noTtl.keys)} keys ({formatBytes(noTtl.bytes)}) have no expiry.
              </p>
            ) : null}
          </section>
          <Bars title="By type" rows={r.types} testId="redis-memory-chart-types" label={typeLabel} />
          <Bars title="By expiry" rows={r.ttl} testId="redis-memory-chart-ttl" />
          <Bars
            title={`By namespace${r.namespacesCapped ? ' (top 200)' : ''}`}
            rows={r.namespaces.slice(0, 30)}
            testId="redis-memory-chart-namespaces"
          />
          <section className="rd-mem-card rd-mem-wide" data-testid="redis-memory-top">
            <h3>Biggest keys</h3>
            <table className="rd-table">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Type</th>
                  <th>Memory</th>
                  <th>TTL</th>
                </tr>
              </thead>
              <tbody>
                {r.topKeys.map((k) => (
                  <tr key={k.key.b64}>
                    <td className="mono">{k.key.display}</td>
                    <td>{typeLabel(k.type)}</td>
                    <td>{formatBytes(k.bytes)}</td>
                    <td>{formatTtl(k.ttlMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      ) : null}
    </div>
  );
}

export default MemoryView;
