import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsPoint, MetricsRange } from '../../../../shared/contract/models';

/** What the charts show: the live last minutes (core's memory, every scrape) or a stored range (bucketed). */
export type ChartRange = 'live' | Exclude<MetricsRange, '15m'>;

const RANGE_LABELS: Record<ChartRange, string> = {
  live: 'Last 15 min (live)',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

/** The chart range picker of a deployments list; a stored range shows gaps where nothing was scraped. */
export function RangeSelect({ value, onChange }: { value: ChartRange; onChange(r: ChartRange): void }): ReactNode {
  return (
    <label className="models-row models-muted">
      Charts
      <select aria-label="Chart range" value={value} onChange={(e) => onChange(e.target.value as ChartRange)}>
        {(Object.keys(RANGE_LABELS) as ChartRange[]).map((r) => (
          <option key={r} value={r}>
            {RANGE_LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The series a deployment's charts show for a range (the live one, or a stored range with its gap markers). */
export async function loadSeries(
  invoke: (input: { id: string; range?: MetricsRange }) => Promise<{ points: MetricsPoint[] }>,
  id: string,
  range: ChartRange,
): Promise<MetricsPoint[]> {
  return (await invoke(range === 'live' ? { id } : { id, range })).points;
}

/**
 * A deployment's charts (local or on a host): requests/s, p50/p95/p99, error rate, predictions by class. The
 * totals line is the newest scrape's; a gap marker's values are empty, so the lines break there.
 */
export function Charts({ points, range = 'live' }: { points: MetricsPoint[]; range?: ChartRange }): ReactNode {
  const long = range === '24h' || range === '7d';
  const rows = points.map((p) => ({
    t: long ? new Date(p.at).toLocaleString() : new Date(p.at).toLocaleTimeString(),
    rps: p.requestsPerSec,
    p50: p.p50,
    p95: p.p95,
    p99: p.p99,
    errors: p.errorRate === null ? null : p.errorRate * 100,
    ...Object.fromEntries(Object.entries(p.byClass).map(([k, v]) => [`class ${k}`, v])),
  }));
  const classes = [...new Set(points.flatMap((p) => Object.keys(p.byClass)))];
  const gaps = points.filter((p) => p.gap === true).length;
  const last = points.findLast((p) => p.gap !== true);
  return (
    <>
      <p className="models-muted" data-testid="deployment-totals">
        {last
          ? `${last.requests} requests, ${last.errors} errors`
          : range === 'live'
            ? 'no scrape yet'
            : 'no scrape in this range'}
      </p>
      {range !== 'live' ? (
        <p className="models-muted" data-testid="chart-gaps">
          {gaps === 0
            ? 'Scraped throughout this range.'
            : `${gaps} ${gaps === 1 ? 'period' : 'periods'} without scrapes in this range (the lines break there).`}
        </p>
      ) : null}
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
