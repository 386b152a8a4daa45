/**
 * Time-series shaping for charts: named ranges, bucket widths, and explicit
 * gaps. A chart must not draw a line through a period when Stackdeck was not
 * sampling, so wherever consecutive samples are further apart than their
 * sampling step allows, we emit a gap interval and a null point inside it
 * (recharts breaks a line at null values unless told to connect them).
 */

export const RANGES = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
} as const;
export type RangeName = keyof typeof RANGES;

/** Nice bucket widths, so bucket edges land on round times. */
const NICE_MS = [
  1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  21_600_000, 86_400_000,
];

/** The smallest nice width that keeps a range within `maxPoints` buckets. */
export function bucketWidth(rangeMs: number, maxPoints: number): number {
  const min = Math.ceil(rangeMs / Math.max(1, maxPoints));
  return NICE_MS.find((w) => w >= min) ?? Math.ceil(min / 86_400_000) * 86_400_000;
}

/** A sample is late (there is a gap before it) when more than this many steps passed. */
export const GAP_FACTOR = 2.5;

export interface RawPoint {
  t: number;
  /** Sampling step (or bucket width) of the data behind this point. */
  stepMs: number;
}

export interface Gap {
  from: number;
  to: number;
}

/**
 * Finds the intervals within [from, to) not covered by samples. A point covers
 * [t, t + spacing) where spacing = max(its step, the bucket width); the gap
 * after it starts where that coverage ends. Leading and trailing gaps are
 * included, so "sampling started an hour ago" shows on a 24 h chart.
 */
export function findGaps(points: readonly RawPoint[], from: number, to: number, bucketMs: number): Gap[] {
  const gaps: Gap[] = [];
  if (points.length === 0) return to > from ? [{ from, to }] : [];
  const spacing = (p: RawPoint): number => Math.max(p.stepMs, bucketMs);
  const first = points[0] as RawPoint;
  if (first.t - from > spacing(first) * GAP_FACTOR) gaps.push({ from, to: first.t });
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1] as RawPoint;
    const cur = points[i] as RawPoint;
    const allowed = Math.max(spacing(prev), spacing(cur)) * GAP_FACTOR;
    if (cur.t - prev.t > allowed) gaps.push({ from: prev.t + spacing(prev), to: cur.t });
  }
  const last = points[points.length - 1] as RawPoint;
  if (to - last.t > spacing(last) * GAP_FACTOR) gaps.push({ from: last.t + spacing(last), to });
  return gaps;
}

/**
 * Inserts a null-valued point at the start of each gap, in time order, so a
 * line chart breaks there. `blank(t)` builds the null point for a time.
 */
export function withGapMarkers<P extends { t: number }>(
  points: readonly P[],
  gaps: readonly Gap[],
  blank: (t: number) => P,
): P[] {
  if (gaps.length === 0) return [...points];
  const out: P[] = [];
  let g = 0;
  for (const p of points) {
    while (g < gaps.length && (gaps[g] as Gap).from <= p.t) out.push(blank((gaps[g++] as Gap).from));
    out.push(p);
  }
  while (g < gaps.length) out.push(blank((gaps[g++] as Gap).from));
  return out;
}

export function resolveRange(
  range: RangeName | { from: number; to: number },
  now: number,
): { from: number; to: number } {
  if (typeof range === 'string') return { from: now - RANGES[range], to: now };
  return range;
}
