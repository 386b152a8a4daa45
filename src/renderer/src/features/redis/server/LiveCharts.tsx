import { useState, type ReactNode } from 'react';
import { useStream } from '../../../api/hooks';
import { formatBytes } from '../format';

/** Points kept per chart (2 minutes at the 1 s interval). */
const POINTS = 120;

interface Point {
  at: number;
  opsPerSec: number;
  usedMemory: number;
  connectedClients: number;
  hitRatio: number | null;
}

/** A small line chart of one series (SVG, no library): newest on the right, scaled to its own maximum. */
function Spark(props: {
  title: string;
  values: (number | null)[];
  format(v: number): string;
  testId: string;
}): ReactNode {
  const vals = props.values.filter((v): v is number => v !== null);
  const last = vals.at(-1);
  const max = Math.max(1e-9, ...vals);
  const w = 240;
  const h = 48;
  const pts = props.values
    .map((v, i) => (v === null ? null : `${(i / Math.max(1, POINTS - 1)) * w},${h - (v / max) * (h - 4) - 2}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  return (
    <section className="rd-mem-card rd-live" data-testid={props.testId} data-points={vals.length}>
      <h3>
        {props.title} <span className="rd-live-now mono">{last === undefined ? '—' : props.format(last)}</span>
      </h3>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        height={h}
        role="img"
        aria-label={props.title}
        preserveAspectRatio="none"
      >
        <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
    </section>
  );
}

/** Live charts of ops/s, memory, connected clients and hit ratio, from samples taken in core every second. */
export function LiveCharts({ connectionId }: { connectionId: string }): ReactNode {
  const [points, setPoints] = useState<Point[]>([]);
  useStream(
    'redis.server.watch',
    { connectionId, intervalMs: 1_000 },
    { keep: 1, onEvent: (e) => setPoints((prev) => [...prev, e].slice(-POINTS)) },
  );
  return (
    <div className="rd-mem-grid" data-testid="redis-server-live">
      <Spark title="Ops/s" values={points.map((p) => p.opsPerSec)} format={(v) => String(v)} testId="redis-live-ops" />
      <Spark title="Memory" values={points.map((p) => p.usedMemory)} format={formatBytes} testId="redis-live-memory" />
      <Spark
        title="Clients"
        values={points.map((p) => p.connectedClients)}
        format={(v) => String(v)}
        testId="redis-live-clients"
      />
      <Spark
        title="Hit ratio"
        values={points.map((p) => p.hitRatio)}
        format={(v) => `${(v * 100).toFixed(1)}%`}
        testId="redis-live-hits"
      />
    </div>
  );
}
