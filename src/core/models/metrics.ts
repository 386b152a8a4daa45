/**
 * Reads the generated service's /metrics (Prometheus text format) into
 * cumulative totals, and turns two consecutive scrapes into one chart point:
 * requests/s, error rate and latency percentiles over the interval (from the
 * histogram buckets' deltas, interpolated inside a bucket as Prometheus'
 * histogram_quantile does), predictions by class so far, and the rolling
 * accuracy of the feedback received over the last ACCURACY_WINDOW_MS.
 */
import type { MetricsPoint } from '../../shared/contract/models';

export interface Scrape {
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  /** Cumulative latency bucket counts for /predict, by upper bound (seconds), sorted. */
  readonly buckets: readonly { le: number; count: number }[];
  readonly byClass: Readonly<Record<string, number>>;
  /** Cumulative input-value bucket counts per feature (the drift histograms), by upper bound, sorted. */
  readonly features: Readonly<Record<string, readonly { le: number; count: number }[]>>;
  /** Cumulative feedback counts (POST /feedback), by whether the prediction was right. */
  readonly feedback: { readonly correct: number; readonly incorrect: number };
}

/** Rolling accuracy covers the feedback of the last 10 minutes. */
export const ACCURACY_WINDOW_MS = 10 * 60_000;

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labels(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const m of text.matchAll(LABEL)) out[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
  return out;
}

export function parseMetrics(text: string, at: number): Scrape {
  let requests = 0;
  let errors = 0;
  const buckets = new Map<number, number>();
  const byClass: Record<string, number> = {};
  const features = new Map<string, Map<number, number>>();
  const feedback = { correct: 0, incorrect: 0 };
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (m === null) continue;
    const [, name, rawLabels, rawValue] = m;
    const value = Number(rawValue);
    if (!Number.isFinite(value) && rawValue !== '+Inf') continue;
    const l = labels(rawLabels);
    if (name === 'model_requests_total' && l.path === '/predict') {
      requests += value;
      if (Number(l.status) >= 400) errors += value;
    } else if (name === 'model_request_latency_seconds_bucket' && l.path === '/predict') {
      const le = l.le === '+Inf' ? Infinity : Number(l.le);
      buckets.set(le, (buckets.get(le) ?? 0) + value);
    } else if (name === 'model_predictions_total' && l.label !== undefined) {
      byClass[l.label] = (byClass[l.label] ?? 0) + value;
    } else if (name === 'model_feature_value_bucket' && l.feature !== undefined) {
      const le = l.le === '+Inf' ? Infinity : Number(l.le);
      const f = features.get(l.feature) ?? new Map<number, number>();
      f.set(le, (f.get(le) ?? 0) + value);
      features.set(l.feature, f);
    } else if (name === 'model_feedback_total' && (l.outcome === 'correct' || l.outcome === 'incorrect')) {
      feedback[l.outcome] += value;
    }
  }
  return {
    at,
    requests,
    errors,
    buckets: [...buckets.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le),
    byClass,
    features: Object.fromEntries(
      [...features].map(([f, b]) => [f, [...b].map(([le, count]) => ({ le, count })).sort((a, c) => a.le - c.le)]),
    ),
    feedback,
  };
}

/** The q-quantile (0..1) in milliseconds from cumulative bucket deltas; null without observations. */
export function quantile(q: number, buckets: readonly { le: number; count: number }[]): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe * 1000;
      const inBucket = b.count - prevCount;
      const frac = inBucket > 0 ? (rank - prevCount) / inBucket : 0;
      return (prevLe + (b.le - prevLe) * frac) * 1000;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe * 1000;
}

export function toPoint(prev: Scrape | null, cur: Scrape): MetricsPoint {
  const base = {
    at: cur.at,
    requests: cur.requests,
    errors: cur.errors,
    byClass: { ...cur.byClass },
    feedbackCorrect: cur.feedback.correct,
    feedbackIncorrect: cur.feedback.incorrect,
    accuracy: null,
    accuracyOf: 0,
  };
  // A restart resets the counters: no rate across it (a gap, as in the lag charts).
  if (prev === null || cur.requests < prev.requests)
    return { ...base, requestsPerSec: null, errorRate: null, p50: null, p95: null, p99: null };
  const seconds = Math.max(0.001, (cur.at - prev.at) / 1000);
  const dReq = cur.requests - prev.requests;
  const dErr = cur.errors - prev.errors;
  const before = new Map(prev.buckets.map((b) => [b.le, b.count]));
  const delta = cur.buckets.map((b) => ({ le: b.le, count: b.count - (before.get(b.le) ?? 0) }));
  return {
    ...base,
    requestsPerSec: dReq / seconds,
    errorRate: dReq > 0 ? dErr / dReq : 0,
    p50: quantile(0.5, delta),
    p95: quantile(0.95, delta),
    p99: quantile(0.99, delta),
  };
}

/**
 * The point with the accuracy of the feedback given within the window before
 * it: the counters' growth since the last earlier point at the window's start,
 * or since the service started (it is younger than the window, or restarted
 * inside it: a restart resets the counters). Null while no feedback came in.
 */
export function withRollingAccuracy(
  earlier: readonly MetricsPoint[],
  point: MetricsPoint,
  windowMs = ACCURACY_WINDOW_MS,
): MetricsPoint {
  const since = (base: MetricsPoint | null): MetricsPoint => {
    const correct = point.feedbackCorrect - (base?.feedbackCorrect ?? 0);
    const total = correct + point.feedbackIncorrect - (base?.feedbackIncorrect ?? 0);
    return { ...point, accuracy: total > 0 ? correct / total : null, accuracyOf: total };
  };
  for (let i = earlier.length - 1; i >= 0; i--) {
    const p = earlier[i]!;
    if (p.feedbackCorrect > point.feedbackCorrect || p.feedbackIncorrect > point.feedbackIncorrect) return since(null);
    if (point.at - p.at >= windowMs) return since(p);
  }
  return since(null);
}
