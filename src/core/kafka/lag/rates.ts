/**
 * Production and consumption rates, and the catch-up estimate.
 *
 * Production rate = how fast the end offsets (high watermarks) of a group's
 * partitions grow; consumption rate = how fast its committed offsets grow.
 * Each is the offset delta between two consecutive samples over the time
 * between them, summed over partitions present in both samples (so a
 * partition that appears or disappears does not read as a burst), then
 * smoothed with a time-based EWMA so a jittery 10 s tick does not make the
 * estimate jump around. Memory: the last offsets per partition and two rates
 * per group-topic.
 */

export type CatchUp =
  | { readonly state: 'caught-up' }
  /** At the current net rate, lag reaches zero in `etaMs`. */
  | { readonly state: 'catching-up'; readonly etaMs: number }
  /** Consumption is not faster than production: lag will not shrink. */
  | { readonly state: 'falling-behind' }
  /** Not enough samples yet, or no committed offsets. */
  | { readonly state: 'unknown' };

export function catchUp(lag: number | null, productionRate: number | null, consumptionRate: number | null): CatchUp {
  if (lag === null) return { state: 'unknown' };
  if (lag <= 0) return { state: 'caught-up' };
  if (productionRate === null || consumptionRate === null) return { state: 'unknown' };
  const net = consumptionRate - productionRate;
  // Less than one message per 1000 s is "not moving", not a week-long ETA.
  if (net <= 1e-3) return { state: 'falling-behind' };
  return { state: 'catching-up', etaMs: Math.round((lag / net) * 1000) };
}

export interface PartitionObservation {
  topic: string;
  partition: number;
  end: number | null;
  committed: number | null;
}

export interface TopicRates {
  productionRate: number | null;
  consumptionRate: number | null;
}

interface GroupState {
  ts: number;
  offsets: Map<string, { end: number | null; committed: number | null }>;
  rates: Map<string, { prod: number | null; cons: number | null }>;
}

export class RateTracker {
  private readonly groups = new Map<string, GroupState>();

  /** @param smoothingMs EWMA time constant; 0 disables smoothing. */
  constructor(private readonly smoothingMs = 30_000) {}

  /** Feeds one sample of a group; returns per-topic rates (null until a second sample). */
  observe(groupId: string, ts: number, partitions: readonly PartitionObservation[]): Map<string, TopicRates> {
    const prev = this.groups.get(groupId);
    const offsets = new Map(
      partitions.map((p) => [`${p.topic}\u0000${p.partition}`, { end: p.end, committed: p.committed }]),
    );
    const rates = new Map<string, { prod: number | null; cons: number | null }>();
    const out = new Map<string, TopicRates>();
    const dt = prev ? (ts - prev.ts) / 1000 : 0;
    const deltas = new Map<string, { prod: number | null; cons: number | null }>();
    if (prev && dt > 0) {
      for (const p of partitions) {
        const before = prev.offsets.get(`${p.topic}\u0000${p.partition}`);
        const d = deltas.get(p.topic) ?? { prod: null, cons: null };
        if (before && before.end !== null && p.end !== null) d.prod = (d.prod ?? 0) + Math.max(0, p.end - before.end);
        // A reset moves committed offsets backwards; that is not negative consumption.
        if (before && before.committed !== null && p.committed !== null)
          d.cons = (d.cons ?? 0) + Math.max(0, p.committed - before.committed);
        deltas.set(p.topic, d);
      }
    }
    const topics = new Set(partitions.map((p) => p.topic));
    for (const topic of topics) {
      const d = deltas.get(topic);
      const old = prev?.rates.get(topic);
      const alpha = this.smoothingMs > 0 ? 1 - Math.exp(-(dt * 1000) / this.smoothingMs) : 1;
      const blend = (inst: number | null | undefined, before: number | null | undefined): number | null => {
        if (inst === null || inst === undefined) return null;
        const rate = inst / dt;
        return before === null || before === undefined ? rate : alpha * rate + (1 - alpha) * before;
      };
      const prod = blend(d?.prod, old?.prod);
      const cons = blend(d?.cons, old?.cons);
      rates.set(topic, { prod, cons });
      out.set(topic, { productionRate: prod, consumptionRate: cons });
    }
    this.groups.set(groupId, { ts, offsets, rates });
    return out;
  }

  /** Forgets groups not seen in a full round (deleted groups), bounding memory. */
  retain(groupIds: ReadonlySet<string>): void {
    for (const g of this.groups.keys()) if (!groupIds.has(g)) this.groups.delete(g);
  }
}
