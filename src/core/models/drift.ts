/**
 * Drift: the Population Stability Index per feature between a reference
 * sample (a CSV of training rows) and the inputs a deployment received in a
 * recent window, over the bins of the service's own value histograms
 * (FEATURE_BUCKETS). The live window is the difference of two cumulative
 * scrapes, so it needs no prediction log; the snapshots kept for it are few
 * (at most RING) whatever the traffic or the window.
 *
 * PSI = Σ (live − ref) · ln(live / ref) over the bins. Both distributions
 * are Laplace-smoothed (half a count per bin): with a bare epsilon, one empty
 * small bin in a window of a hundred inputs alone reads as "moderate" drift.
 * Bands as usual: < 0.1 stable, 0.1–0.25 moderate, > 0.25 significant.
 *
 * The window: the inputs received since max(reference set, now − windowMs),
 * to the resolution of the snapshots (a poll apart). A snapshot taken when
 * the reference is set is the first base, so the inputs between setting it
 * and the next poll are in the window, and none from before.
 */
import type { DriftView, ParsedServiceSchema } from '../../shared/contract/models';
import type { Scrape } from './metrics';
import { FEATURE_BUCKETS } from './templates';

const RING = 48;
const MAX_POINTS = 2000;
/** Fewer live inputs than this in the window: no PSI (it would be noise). */
export const MIN_WINDOW = 200;
const SMOOTHING = 0.5;

type Feature = ParsedServiceSchema['features'][number];
type Row = Record<string, string | number | boolean>;
type Cumulative = Record<string, number[]>;

/** Upper bounds of the bins: the histogram's, then +Inf. */
const BOUNDS: readonly number[] = [...FEATURE_BUCKETS, Infinity];

export function binIndex(v: number): number {
  const i = BOUNDS.findIndex((le) => v <= le);
  return i < 0 ? BOUNDS.length - 1 : i;
}

export function psi(reference: readonly number[], live: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const e = reference[i]!;
    const a = live[i]!;
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

export function band(value: number): 'stable' | 'moderate' | 'significant' {
  return value < 0.1 ? 'stable' : value <= 0.25 ? 'moderate' : 'significant';
}

/** Per-bin counts (not cumulative) from a scrape's cumulative buckets, aligned with BOUNDS. */
function counts(buckets: readonly { le: number; count: number }[] | undefined): number[] {
  const cum = BOUNDS.map((le) => buckets?.find((b) => b.le === le)?.count ?? 0);
  return cum.map((c, i) => c - (i > 0 ? cum[i - 1]! : 0));
}

const fractions = (c: readonly number[]): number[] => {
  const total = c.reduce((a, b) => a + b, 0);
  return c.map((x) => (total > 0 ? x / total : 0));
};

const smoothed = (c: readonly number[]): number[] => {
  const total = c.reduce((a, b) => a + b, 0) + SMOOTHING * c.length;
  return c.map((x) => (x + SMOOTHING) / total);
};

export class DriftMonitor {
  private readonly numeric: Feature[];
  /** Reference counts per bin. */
  private readonly reference: Record<string, number[]>;
  private readonly ring: Array<{ at: number; cumulative: Cumulative }> = [];
  private readonly points: DriftView['points'] = [];
  private latest: DriftView['features'] = [];
  private readonly setAt = Date.now();
  private readonly rows: number;

  constructor(
    private readonly features: readonly Feature[],
    rows: readonly Row[],
    private readonly path: string,
    private readonly windowMs: number,
    /** The service's counters when the reference was set (null: the first scrape after it is the base). */
    baseline: Scrape | null = null,
  ) {
    this.numeric = features.filter((f) => f.type === 'number' || f.type === 'integer');
    this.reference = Object.fromEntries(
      this.numeric.map((f) => {
        const c = BOUNDS.map(() => 0);
        for (const r of rows) c[binIndex(Number(r[f.name]))]! += 1;
        return [f.name, c];
      }),
    );
    this.rows = rows.length;
    this.latest = this.compute(null);
    if (baseline !== null) this.ring.push({ at: baseline.at, cumulative: this.cumulative(baseline) });
  }

  private cumulative(scrape: Scrape): Cumulative {
    return Object.fromEntries(this.numeric.map((f) => [f.name, counts(scrape.features[f.name])]));
  }

  /** One scrape: kept (sampled so the ring spans the window) and the PSI of the window recomputed. */
  observe(scrape: Scrape): void {
    const cumulative = this.cumulative(scrape);
    const total = (c: Cumulative) => Object.values(c).reduce((a, b) => a + b.reduce((x, y) => x + y, 0), 0);
    const last = this.ring.at(-1);
    // A poll's scrape that was under way when the baseline was taken is older than it: not a restart.
    if (last && scrape.at <= last.at) return;
    // A restart resets the service's counters: the window starts again.
    if (last && total(cumulative) < total(last.cumulative)) this.ring.length = 0;
    const spacing = this.windowMs / (RING / 2);
    // The base (ring[0]) is never overwritten: only later snapshots are merged when closer than `spacing`.
    if (!last || scrape.at - last.at >= spacing || this.ring.length < 2) this.ring.push({ at: scrape.at, cumulative });
    else this.ring[this.ring.length - 1] = { at: scrape.at, cumulative };
    // Keep one snapshot at or before the window's start, and drop older ones.
    while (this.ring.length > 2 && this.ring[1]!.at <= scrape.at - this.windowMs) this.ring.shift();
    if (this.ring.length > RING) this.ring.shift();
    const base = this.ring.length > 1 ? this.ring[0]! : null;
    this.latest = this.compute(base === null ? null : { base: base.cumulative, cur: cumulative });
    this.points.push({ at: scrape.at, psi: Object.fromEntries(this.latest.map((f) => [f.name, f.psi])) });
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
  }

  private compute(window: { base: Cumulative; cur: Cumulative } | null): DriftView['features'] {
    return this.features.map((f) => {
      const reference = this.reference[f.name];
      if (reference === undefined)
        return { name: f.name, psi: null, status: 'not numeric', windowCount: 0, reference: [], live: [] };
      const live = window
        ? window.cur[f.name]!.map((c, i) => Math.max(0, c - (window.base[f.name]![i] ?? 0)))
        : BOUNDS.map(() => 0);
      const windowCount = live.reduce((a, b) => a + b, 0);
      if (windowCount < MIN_WINDOW)
        return {
          name: f.name,
          psi: null,
          status: 'not enough data',
          windowCount,
          reference: fractions(reference),
          live: fractions(live),
        };
      const value = psi(smoothed(reference), smoothed(live));
      return {
        name: f.name,
        psi: value,
        status: band(value),
        windowCount,
        reference: fractions(reference),
        live: fractions(live),
      };
    });
  }

  view(): DriftView {
    return {
      reference: { path: this.path, rows: this.rows, setAt: this.setAt, windowMs: this.windowMs },
      bounds: BOUNDS.map((b) => (b === Infinity ? null : b)),
      features: this.latest,
      points: this.points,
    };
  }
}
