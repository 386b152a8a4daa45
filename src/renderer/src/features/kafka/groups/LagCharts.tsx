import { useState, type ReactElement, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  Brush,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { GroupLagSample, LagRange, PartitionLag } from '../../../../../shared/contract/kafka/groups';
import { useInvoke } from '../../../api/hooks';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Segmented } from '../../../ui/Field';
import { catchUpText, fmtDayTime, fmtDuration, fmtNum, fmtRate, fmtTime } from './format';
import { type Breakdown, useLagSeries } from './useLagSeries';

const RANGES: readonly LagRange[] = ['15m', '1h', '6h', '24h', '7d'];
/** Distinct series colours that read on both themes. */
const PALETTE = ['#2563eb', '#e5484d', '#22a55b', '#e3a008', '#8e4ec6', '#0891b2', '#d9480f', '#64748b'];

const numberTick = (v: number): string =>
  Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v * 10) / 10);

function TimeAxis({ from, to }: { from: number; to: number }): ReactNode {
  const long = to - from > 86_400_000;
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={[from, to]}
      allowDataOverflow
      tickFormatter={(t: number) => (long ? fmtDayTime(t) : fmtTime(t))}
      minTickGap={40}
      fontSize={11}
    />
  );
}

const tooltipLabel = (t: unknown): string => (typeof t === 'number' ? new Date(t).toLocaleString() : '');

/** The lag charts of a group detail: total/breakdown, time lag, rates with catch-up estimate, per-partition skew. */
export function LagCharts({
  connectionId,
  groupId,
  partitions,
}: {
  connectionId: string;
  groupId: string;
  partitions: readonly PartitionLag[];
}): ReactNode {
  const [range, setRange] = useState<LagRange>('15m');
  const [breakdown, setBreakdown] = useState<Breakdown>('total');
  const s = useLagSeries(connectionId, groupId, range, breakdown);
  // A damaged or unwritable history store is reported, never fatal: charts still show live samples.
  const store = useInvoke('kafka.lag.status', { connectionId });
  const latest = s.latest;
  // Zoom is a time window (not row indexes), so points arriving live never move it; cleared by range change or Reset zoom.
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);
  const view = zoom ?? { from: s.from, to: s.to };
  const indexAt = (t: number): number =>
    Math.max(
      0,
      s.rows.findIndex((r) => r.t >= t),
    );
  const lastIndex = Math.max(0, s.rows.length - 1);
  const brushStart = zoom ? indexAt(zoom.from) : 0;
  const brushEnd = zoom
    ? Math.max(
        brushStart,
        s.rows.findLastIndex((r) => r.t <= zoom.to),
      )
    : lastIndex;
  const nonNull = s.rows.filter((r) => r.lag !== null).length;

  return (
    <section className="lag-charts" data-testid="lag-charts">
      <div className="lag-charts-head">
        <Segmented
          label="Range"
          value={range}
          onChange={(r) => (setRange(r), setZoom(null))}
          size="sm"
          testId="lag-range"
          options={RANGES.map((r) => ({ value: r, label: r }))}
        />
        <Segmented
          label="Breakdown"
          value={breakdown}
          onChange={setBreakdown}
          size="sm"
          testId="lag-breakdown"
          options={[
            { value: 'total', label: 'Total' },
            { value: 'topic', label: 'Per topic' },
            { value: 'partition', label: 'Per partition' },
          ]}
        />
        {zoom ? (
          <button type="button" className="btn btn-sm" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        ) : null}
        <div className="spacer" />
        <span className="muted" data-testid="live-status">
          {s.liveStatus === 'running' ? `live · ${s.samples} sample${s.samples === 1 ? '' : 's'}` : s.liveStatus}
        </span>
      </div>
      {s.error ? <ErrorBanner error={s.error} /> : null}
      {store.data?.message ? (
        <div className="banner banner-warning" role="status" data-testid="lag-store-status">
          {store.data.message}
        </div>
      ) : null}
      <div className="lag-kpis">
        <div className="kpi">
          <div className="kpi-label">Total lag (latest sample)</div>
          <div className="kpi-value" data-testid="live-lag">
            {latest ? fmtNum(latest.totalLag) : '—'}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Time lag</div>
          <div className="kpi-value">{latest ? fmtDuration(latest.timeLagMs) : '—'}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Production / consumption</div>
          <div className="kpi-value kpi-small">
            {fmtRate(latest?.productionRate)} / {fmtRate(latest?.consumptionRate)}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Catch-up estimate</div>
          <div className={`kpi-value kpi-small catchup-${latest?.catchUp.state ?? 'unknown'}`} data-testid="catch-up">
            {catchUpText(latest?.catchUp)}
          </div>
        </div>
      </div>

      <ChartCard title="Lag over time" testId="chart-total-lag" points={nonNull}>
        <LineChart data={s.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <TimeAxis from={view.from} to={view.to} />
          <YAxis tickFormatter={numberTick} fontSize={11} width={56} />
          <Tooltip labelFormatter={tooltipLabel} formatter={(v) => fmtNum(typeof v === 'number' ? v : null)} />
          {breakdown === 'total' || s.seriesKeys.length === 0 ? (
            <Line
              type="monotone"
              dataKey="lag"
              name="Total lag"
              stroke={PALETTE[0]}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
              strokeWidth={2}
            />
          ) : (
            s.seriesKeys.map((k, i) => (
              <Line
                key={k}
                type="monotone"
                dataKey={k}
                name={k.replace(/^(topic|p):/, '')}
                stroke={PALETTE[i % PALETTE.length]}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))
          )}
          {breakdown !== 'total' ? <Legend /> : null}
          {s.rows.length > 2 ? (
            <Brush
              dataKey="t"
              height={18}
              stroke="var(--border-strong)"
              startIndex={Math.min(brushStart, lastIndex)}
              endIndex={Math.min(brushEnd, lastIndex)}
              tickFormatter={(t: number) => fmtTime(t)}
              onChange={(r: { startIndex?: number; endIndex?: number }) => {
                const a = s.rows[r.startIndex ?? 0];
                const b = s.rows[r.endIndex ?? lastIndex];
                if (a && b) setZoom(r.startIndex === 0 && r.endIndex === lastIndex ? null : { from: a.t, to: b.t });
              }}
            />
          ) : null}
        </LineChart>
      </ChartCard>

      <div className="lag-chart-row">
        <ChartCard title="Time lag (age of the next unconsumed message)" testId="chart-time-lag" points={nonNull}>
          <LineChart data={s.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <TimeAxis from={view.from} to={view.to} />
            <YAxis tickFormatter={(v: number) => fmtDuration(v)} fontSize={11} width={64} />
            <Tooltip labelFormatter={tooltipLabel} formatter={(v) => fmtDuration(typeof v === 'number' ? v : null)} />
            <Line
              type="monotone"
              dataKey="timeLagMs"
              name="Time lag"
              stroke={PALETTE[4]}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          </LineChart>
        </ChartCard>
        <ChartCard
          title={`Production vs consumption · ${catchUpText(latest?.catchUp)}`}
          testId="chart-rates"
          points={nonNull}
        >
          <LineChart data={s.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <TimeAxis from={view.from} to={view.to} />
            <YAxis tickFormatter={numberTick} fontSize={11} width={48} />
            <Tooltip labelFormatter={tooltipLabel} formatter={(v) => fmtRate(typeof v === 'number' ? v : null)} />
            <Legend />
            <Line
              type="monotone"
              dataKey="productionRate"
              name="Produced msg/s"
              stroke={PALETTE[3]}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              type="monotone"
              dataKey="consumptionRate"
              name="Consumed msg/s"
              stroke={PALETTE[2]}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          </LineChart>
        </ChartCard>
      </div>

      <PartitionSkew latest={latest} partitions={partitions} />
    </section>
  );
}

function ChartCard({
  title,
  testId,
  points,
  children,
}: {
  title: string;
  testId: string;
  points: number;
  children: ReactElement;
}): ReactNode {
  return (
    <div className="chart-card" data-testid={testId} data-points={points}>
      <div className="chart-title">{title}</div>
      <div className="chart-body">
        {points === 0 ? (
          <div className="chart-empty faint">No samples in this range yet; live samples appear as they are taken.</div>
        ) : null}
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </div>
  );
}

/** Per-partition lag bars, from the latest live sample (or the detail snapshot before the first sample). */
function PartitionSkew({
  latest,
  partitions,
}: {
  latest: GroupLagSample | undefined;
  partitions: readonly PartitionLag[];
}): ReactNode {
  const data: Array<{ name: string; lag: number | null }> = latest
    ? latest.partitions.map((p) => ({ name: `${p.topic}/${p.partition}`, lag: p.lag }))
    : partitions.map((p) => ({ name: `${p.topic}/${p.partition}`, lag: p.lag }));
  return (
    <ChartCard title="Lag per partition (skew)" testId="chart-skew" points={data.length}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
        <XAxis dataKey="name" fontSize={11} interval="preserveStartEnd" />
        <YAxis tickFormatter={numberTick} fontSize={11} width={56} />
        <Tooltip formatter={(v) => fmtNum(typeof v === 'number' ? v : null)} />
        <Bar dataKey="lag" name="Lag" fill={PALETTE[0]} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
