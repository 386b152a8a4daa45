import { useMemo, useState } from 'react';
import type { GroupLagSample, LagHistory, LagRange } from '../../../../../shared/contract/kafka/groups';
import { useInvoke, useStream } from '../../../api/hooks';
import type { StackdeckError } from '../../../../../shared/errors';

/**
 * Chart data for one group: the stored history for the chosen range, plus the
 * live samples of `kafka.lag.watch` appended as they arrive (no polling). The
 * range (the charts' zoom) is state the user sets; new points never reset it.
 * Where consecutive points are further apart than their sampling step allows,
 * a null point is inserted so lines break instead of drawing through the
 * period Stackdeck was not sampling.
 */

export type Breakdown = 'total' | 'topic' | 'partition';

export const RANGE_MS: Record<LagRange, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/** Must match core's GAP_FACTOR (store/series.ts): more than 2.5 steps without a sample is a gap. */
const GAP_FACTOR = 2.5;

export interface ChartRow {
  t: number;
  lag: number | null;
  timeLagMs: number | null;
  productionRate: number | null;
  consumptionRate: number | null;
  /** Breakdown values by series key. */
  [series: string]: number | null;
}

export interface LagSeriesState {
  rows: ChartRow[];
  seriesKeys: string[];
  latest: GroupLagSample | undefined;
  from: number;
  to: number;
  error: StackdeckError | undefined;
  liveStatus: string;
  samples: number;
}

export const seriesKey = (topic: string, partition: number | null): string =>
  partition === null ? `topic:${topic}` : `p:${topic}/${partition}`;

function blank(t: number): ChartRow {
  return { t, lag: null, timeLagMs: null, productionRate: null, consumptionRate: null };
}

export function useLagSeries(
  connectionId: string,
  groupId: string,
  range: LagRange,
  breakdown: Breakdown,
): LagSeriesState {
  const history = useInvoke('kafka.lag.history', { connectionId, groupId, range, breakdown });
  const live = useStream('kafka.lag.watch', { connectionId, groupId }, { keep: 5000 });
  const [openedAt] = useState(() => Date.now());
  const latest = live.last;

  const built = useMemo(
    () => mergeSeries(history.data, live.events, breakdown),
    [history.data, live.events, breakdown],
  );
  // The window slides with each sample, not with a timer: the UI re-renders only when data arrives.
  const to = Math.max(openedAt, latest?.ts ?? 0, history.data?.to ?? 0);
  const from = to - RANGE_MS[range];
  const rows = built.rows.filter((r) => r.t >= from);
  const error = history.error ?? live.error;
  return {
    rows,
    seriesKeys: built.keys,
    latest,
    from,
    to,
    error,
    liveStatus: live.status,
    samples: live.events.length,
  };
}

export function mergeSeries(
  history: LagHistory | undefined,
  samples: readonly GroupLagSample[],
  breakdown: Breakdown,
): { rows: ChartRow[]; keys: string[] } {
  const byT = new Map<number, ChartRow>();
  const keys = new Set<string>();
  const row = (t: number): ChartRow => {
    let r = byT.get(t);
    if (!r) {
      r = blank(t);
      byT.set(t, r);
    }
    return r;
  };
  for (const p of history?.total ?? []) {
    const r = row(p.t);
    r.lag = p.lag;
    r.timeLagMs = p.timeLagMs;
    r.productionRate = p.productionRate;
    r.consumptionRate = p.consumptionRate;
  }
  for (const s of history?.series ?? []) {
    const k = seriesKey(s.topic, s.partition);
    keys.add(k);
    for (const p of s.points) row(p.t)[k] = p.lag;
  }
  const lastHistory = history?.total.reduce((m, p) => Math.max(m, p.t), -Infinity) ?? -Infinity;
  // Live samples after the stored ones; gaps between them are marked below.
  const fresh = samples.filter((s) => s.ts > lastHistory && s.error === null);
  const stepOf = new Map<number, number>();
  for (const s of fresh) {
    const r = row(s.ts);
    stepOf.set(s.ts, s.stepMs);
    r.lag = s.totalLag;
    r.timeLagMs = s.timeLagMs;
    r.productionRate = s.productionRate;
    r.consumptionRate = s.consumptionRate;
    if (breakdown === 'topic') {
      for (const t of s.topics) {
        const k = seriesKey(t.topic, null);
        keys.add(k);
        r[k] = t.lag;
      }
    } else if (breakdown === 'partition') {
      for (const p of s.partitions) {
        const k = seriesKey(p.topic, p.partition);
        keys.add(k);
        r[k] = p.lag;
      }
    }
  }
  const sorted = [...byT.values()].sort((a, b) => a.t - b.t);
  const bucket = history?.bucketMs ?? 0;
  const out: ChartRow[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.lag !== null && r.lag !== null) {
      const step = Math.max(stepOf.get(r.t) ?? bucket, stepOf.get(prev.t) ?? bucket, bucket);
      if (step > 0 && r.t - prev.t > step * GAP_FACTOR) out.push(blank(prev.t + step));
    }
    out.push(r);
  }
  return { rows: out, keys: [...keys].sort() };
}
