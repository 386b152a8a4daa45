import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsPoint } from '../../../../shared/contract/models';

/** A deployment's live charts (local or on a host): requests/s, p50/p95/p99, error rate, predictions by class. */
export function Charts({ points }: { points: MetricsPoint[] }): ReactNode {
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
