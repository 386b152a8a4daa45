/**
 * Every deployment's metrics points (one per scrape of its /metrics, local or
 * watched on a host) in a file of core's embedded store of their own
 * (`model-metrics.db`: high churn, bounded, disposable, apart from the trust
 * decisions in `models.db`). The deployment charts read ranges from it as the
 * lag charts do (15 minutes to 7 days, bucketed, gaps where nothing was
 * scraped), and a kept service's history outlives a core restart: the next
 * core adopts it under the same id. Bounded by age (7 days) and by rows.
 */
import type { MetricsPoint, MetricsRange } from '../../shared/contract/models';
import { EmbeddedStore, type Migration } from '../store/database';
import { RANGES, bucketWidth, findGaps, withGapMarkers, type Gap } from '../store/series';

const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'deployment metrics points',
    up(db) {
      db.exec(`CREATE TABLE metrics_points (
        deployment TEXT NOT NULL,
        at INTEGER NOT NULL,
        step_ms INTEGER NOT NULL,
        requests REAL NOT NULL,
        errors REAL NOT NULL,
        rps REAL,
        error_rate REAL,
        p50 REAL,
        p95 REAL,
        p99 REAL,
        by_class TEXT NOT NULL,
        feedback_correct REAL NOT NULL,
        feedback_incorrect REAL NOT NULL,
        accuracy REAL,
        accuracy_of REAL NOT NULL
      )`);
      db.exec('CREATE INDEX metrics_points_by_time ON metrics_points (deployment, at)');
    },
  },
];

const KEEP_MS = RANGES['7d'];
/** About 7 days of 5 s scrapes for four deployments. */
const MAX_ROWS = 500_000;
/** Points per chart at most: a 7-day range is shown in 30-minute buckets. */
const MAX_POINTS = 400;

/** Where a deployment's chart points go as they are made: its id, the point, how often it is scraped. */
export type PointSink = (deployment: string, point: MetricsPoint, stepMs: number) => void;

export interface MetricsSeries {
  /** Bucketed points, with a null-valued point at the start of each gap (the charts break their lines there). */
  readonly points: MetricsPoint[];
  readonly gaps: Gap[];
  readonly bucketMs: number;
  readonly from: number;
  readonly to: number;
}

interface Row {
  t: number;
  step_ms: number;
  at: number;
  requests: number;
  errors: number;
  rps: number | null;
  error_rate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  by_class: string;
  feedback_correct: number;
  feedback_incorrect: number;
  accuracy: number | null;
  accuracy_of: number;
}

/*
 * One row per bucket. Rates and percentiles are the mean of the bucket's scrapes; the counters (totals, per
 * class, feedback), the scrape step and the rolling accuracy are those of its last scrape: with MAX(at) the only
 * min/max aggregate, SQLite takes the bare columns from that row.
 */
const QUERY = `SELECT CAST(at / @w AS INTEGER) * @w AS t, MAX(at) AS at, step_ms,
  AVG(rps) AS rps, AVG(error_rate) AS error_rate, AVG(p50) AS p50, AVG(p95) AS p95, AVG(p99) AS p99,
  requests, errors, by_class, feedback_correct, feedback_incorrect, accuracy, accuracy_of
  FROM metrics_points WHERE deployment = @deployment AND at >= @from AND at < @to
  GROUP BY CAST(at / @w AS INTEGER) ORDER BY t`;

export class MetricsHistory {
  private readonly store: EmbeddedStore;
  private writes = 0;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.store = EmbeddedStore.open({ dataDir, fileName: 'model-metrics.db', migrations: MIGRATIONS, now });
  }

  /** One scrape's point of a deployment; `stepMs` is how often it is scraped (a longer silence is a gap). */
  record(deployment: string, p: MetricsPoint, stepMs: number): void {
    this.store.use((db) => {
      db.prepare(
        `INSERT INTO metrics_points (deployment, at, step_ms, requests, errors, rps, error_rate, p50, p95, p99,
          by_class, feedback_correct, feedback_incorrect, accuracy, accuracy_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        deployment,
        p.at,
        stepMs,
        p.requests,
        p.errors,
        p.requestsPerSec,
        p.errorRate,
        p.p50,
        p.p95,
        p.p99,
        JSON.stringify(p.byClass),
        p.feedbackCorrect,
        p.feedbackIncorrect,
        p.accuracy,
        p.accuracyOf,
      );
    }, undefined);
    if (++this.writes % 1000 === 0) this.prune();
  }

  prune(): void {
    this.store.use((db) => {
      db.prepare('DELETE FROM metrics_points WHERE at < ?').run(this.now() - KEEP_MS);
      db.prepare('DELETE FROM metrics_points WHERE rowid <= (SELECT MAX(rowid) FROM metrics_points) - ?').run(MAX_ROWS);
    }, undefined);
  }

  series(deployment: string, range: MetricsRange): MetricsSeries {
    const to = this.now();
    const from = to - RANGES[range];
    const bucketMs = bucketWidth(to - from, MAX_POINTS);
    const rows = this.store.use(
      (db) => db.prepare(QUERY).all({ deployment, from, to, w: bucketMs }) as unknown as Row[],
      [],
    );
    const gaps = findGaps(
      rows.map((r) => ({ t: r.t, stepMs: r.step_ms })),
      from,
      to,
      bucketMs,
    );
    const points = rows.map((r): MetricsPoint & { t: number } => ({
      t: r.t,
      at: r.at,
      requests: r.requests,
      errors: r.errors,
      requestsPerSec: r.rps,
      errorRate: r.error_rate,
      p50: r.p50,
      p95: r.p95,
      p99: r.p99,
      byClass: JSON.parse(r.by_class) as Record<string, number>,
      feedbackCorrect: r.feedback_correct,
      feedbackIncorrect: r.feedback_incorrect,
      accuracy: r.accuracy,
      accuracyOf: r.accuracy_of,
    }));
    const blank = (t: number): MetricsPoint & { t: number } => ({
      t,
      at: t,
      gap: true,
      requests: 0,
      errors: 0,
      requestsPerSec: null,
      errorRate: null,
      p50: null,
      p95: null,
      p99: null,
      byClass: {},
      feedbackCorrect: 0,
      feedbackIncorrect: 0,
      accuracy: null,
      accuracyOf: 0,
    });
    const marked = withGapMarkers(points, gaps, blank).map(({ t: _t, ...p }) => p);
    return { points: marked, gaps, bucketMs, from, to };
  }

  close(): void {
    this.store.close();
  }
}
