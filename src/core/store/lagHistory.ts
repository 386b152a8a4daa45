/**
 * Lag history: persisted samples of consumer-group lag, with retention
 * (default 7 days), downsampling after 24 h into 5-minute buckets (average and
 * maximum kept), a size cap (rows and bytes; oldest pruned first), and chart
 * queries with explicit gaps. Synchronous (node:sqlite): every call is a
 * handful of prepared statements in one transaction, and `maintain` bounds its
 * own work per call so the event loop is never held for long.
 */
import { type Db, EmbeddedStore, type StoreStatus, pluck, pragma, transaction } from './database';
import { LAG_MIGRATIONS } from './lagSchema';
import { type Level, type QueryRow, mergeAvg, mergeMax, querySql } from './lagSql';
import { type Gap, type RangeName, bucketWidth, findGaps, resolveRange, withGapMarkers } from './series';

export interface LagSampleRow {
  /** Connection id: samples of different clusters never mix. */
  cluster: string;
  groupId: string;
  topic: string;
  /** -1: the group's total over the topic. */
  partition: number;
  ts: number;
  stepMs: number;
  lag: number | null;
  endOffset: number | null;
  committed: number | null;
  timeLagMs: number | null;
  /** Messages/s appended to the partition(s) (end offset rate). */
  productionRate: number | null;
  /** Messages/s committed by the group (committed offset rate). */
  consumptionRate: number | null;
}

export interface LagQuery {
  cluster: string;
  groupId: string;
  /** Omit for the group's total over all topics. */
  topic?: string;
  /** With `topic`: one partition; omit for the topic total. */
  partition?: number;
  range: RangeName | { from: number; to: number };
  /** Upper bound on points returned (buckets widen to fit). Default 720. */
  maxPoints?: number;
}

export interface LagPoint {
  t: number;
  /** Average over the bucket; null at gap markers and where nothing was committed. */
  lag: number | null;
  lagMax: number | null;
  timeLagMs: number | null;
  timeLagMaxMs: number | null;
  productionRate: number | null;
  consumptionRate: number | null;
  endOffset: number | null;
  committed: number | null;
  /** True for the null points inserted where sampling stopped. */
  gap: boolean;
}

export interface LagSeries {
  from: number;
  to: number;
  bucketMs: number;
  points: LagPoint[];
  gaps: Gap[];
}

export interface LagHistoryOptions {
  dataDir: string;
  fileName?: string;
  retentionMs?: number;
  /** Raw samples older than this are downsampled. */
  rawMs?: number;
  downsampleBucketMs?: number;
  maxRows?: number;
  maxBytes?: number;
  /** Time budget of one `maintain` call's downsampling. */
  maintainBudgetMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

export interface MaintenanceReport {
  downsampledRows: number;
  expiredRows: number;
  prunedRows: number;
  rows: number;
  bytes: number;
}

const HOUR = 3_600_000;

export class LagHistory {
  private readonly store: EmbeddedStore;
  private readonly o: Required<Omit<LagHistoryOptions, 'log' | 'fileName'>>;
  private stmtCache: { gen: number; s: ReturnType<LagHistory['prepareAll']> } | null = null;
  private seriesIds = new Map<string, number>();
  private rowCount: number | null = null;

  constructor(options: LagHistoryOptions) {
    this.o = {
      dataDir: options.dataDir,
      retentionMs: options.retentionMs ?? 7 * 24 * HOUR,
      rawMs: options.rawMs ?? 24 * HOUR,
      downsampleBucketMs: options.downsampleBucketMs ?? 300_000,
      maxRows: options.maxRows ?? 5_000_000,
      maxBytes: options.maxBytes ?? 256 * 1024 * 1024,
      maintainBudgetMs: options.maintainBudgetMs ?? 200,
      now: options.now ?? Date.now,
    };
    this.store = EmbeddedStore.open({
      dataDir: options.dataDir,
      fileName: options.fileName ?? 'lag-history.db',
      migrations: LAG_MIGRATIONS,
      // Must precede the first table: lets `incremental_vacuum` give pruned pages back to the disk.
      onCreate: (db) => db.exec('PRAGMA auto_vacuum = INCREMENTAL'),
      ...(options.log ? { log: options.log } : {}),
      now: this.o.now,
    });
    this.store.use((db) => db.exec('PRAGMA journal_size_limit = 16777216'), undefined);
  }

  get status(): StoreStatus {
    return this.store.status;
  }

  close(): void {
    this.store.close();
  }

  private prepareAll(db: Db) {
    return {
      insertSeries: db.prepare(
        'INSERT INTO lag_series (cluster, group_id, topic, partition) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      findSeries: pluck(
        db.prepare('SELECT id FROM lag_series WHERE cluster = ? AND group_id = ? AND topic = ? AND partition = ?'),
      ),
      insertSample: db.prepare(`
        INSERT INTO lag_samples (series_id, ts, res, step_ms, lag, lag_max, end_offset, committed, time_lag_ms, time_lag_max_ms, prod_rate, cons_rate, n)
        VALUES (@id, @ts, 0, @step, @lag, @lag, @end, @committed, @timeLag, @timeLag, @prod, @cons, 1)
        ON CONFLICT (series_id, ts) DO UPDATE SET lag = excluded.lag, lag_max = excluded.lag_max, end_offset = excluded.end_offset,
          committed = excluded.committed, time_lag_ms = excluded.time_lag_ms, time_lag_max_ms = excluded.time_lag_max_ms,
          prod_rate = excluded.prod_rate, cons_rate = excluded.cons_rate, step_ms = excluded.step_ms`),
      query: {
        group: db.prepare(querySql('group')),
        topic: db.prepare(querySql('topic')),
        partition: db.prepare(querySql('partition')),
      },
      listSeries: db.prepare(
        'SELECT topic, partition FROM lag_series WHERE cluster = ? AND group_id = ? ORDER BY topic, partition',
      ),
      listGroups: pluck(db.prepare('SELECT DISTINCT group_id FROM lag_series WHERE cluster = ? ORDER BY group_id')),
      oldestRaw: pluck(db.prepare('SELECT MIN(ts) FROM lag_samples WHERE res = 0')),
      dsClear: db.prepare('DELETE FROM temp.lag_ds'),
      dsCollect: db.prepare(`
        INSERT INTO temp.lag_ds
        SELECT series_id, ts - ts % @b, 1, @b, AVG(lag), MAX(lag_max), MAX(end_offset), MAX(committed), AVG(time_lag_ms), MAX(time_lag_max_ms),
               AVG(prod_rate), AVG(cons_rate), SUM(n)
        FROM lag_samples WHERE res = 0 AND ts >= @from AND ts < @to GROUP BY series_id, ts - ts % @b`),
      dsDeleteRaw: db.prepare('DELETE FROM lag_samples WHERE res = 0 AND ts >= @from AND ts < @to'),
      dsInsert: db.prepare(`
        INSERT INTO lag_samples SELECT * FROM temp.lag_ds WHERE true
        ON CONFLICT (series_id, ts) DO UPDATE SET ${['lag', 'time_lag_ms', 'prod_rate', 'cons_rate'].map(mergeAvg).join(', ')},
          ${['lag_max', 'time_lag_max_ms', 'end_offset', 'committed'].map(mergeMax).join(', ')}, n = n + excluded.n, res = 1, step_ms = excluded.step_ms`),
      expire: db.prepare('DELETE FROM lag_samples WHERE ts < ?'),
      orphanSeries: db.prepare(
        'DELETE FROM lag_series WHERE NOT EXISTS (SELECT 1 FROM lag_samples WHERE series_id = lag_series.id)',
      ),
      nthOldest: pluck(db.prepare('SELECT ts FROM lag_samples ORDER BY ts LIMIT 1 OFFSET ?')),
      pruneUpTo: db.prepare('DELETE FROM lag_samples WHERE ts <= ?'),
      count: pluck(db.prepare('SELECT COUNT(*) FROM lag_samples')),
    };
  }

  private stmts(db: Db): ReturnType<LagHistory['prepareAll']> {
    if (!this.stmtCache || this.stmtCache.gen !== this.store.generation) {
      // A recovered (fresh) file: statements and cached ids belong to the old one.
      db.exec(`CREATE TEMP TABLE IF NOT EXISTS lag_ds (series_id INTEGER, ts INTEGER, res INTEGER, step_ms INTEGER, lag REAL, lag_max REAL,
        end_offset INTEGER, committed INTEGER, time_lag_ms REAL, time_lag_max_ms REAL, prod_rate REAL, cons_rate REAL, n INTEGER)`);
      this.stmtCache = { gen: this.store.generation, s: this.prepareAll(db) };
      this.seriesIds.clear();
      this.rowCount = null;
    }
    return this.stmtCache.s;
  }

  /** Writes one tick's rows in one transaction. Returns how many were written (0 if the store is failing). */
  record(rows: readonly LagSampleRow[]): number {
    if (rows.length === 0) return 0;
    return this.store.use((db) => {
      const s = this.stmts(db);
      transaction(db, () => {
        for (const r of rows) {
          const k = `${r.cluster}\u0000${r.groupId}\u0000${r.topic}\u0000${r.partition}`;
          let id = this.seriesIds.get(k);
          if (id === undefined) {
            s.insertSeries.run(r.cluster, r.groupId, r.topic, r.partition);
            id = Number(s.findSeries.get(r.cluster, r.groupId, r.topic, r.partition));
            this.seriesIds.set(k, id);
          }
          s.insertSample.run({
            id,
            ts: Math.round(r.ts),
            step: Math.round(r.stepMs),
            lag: r.lag,
            end: r.endOffset,
            committed: r.committed,
            timeLag: r.timeLagMs,
            prod: r.productionRate,
            cons: r.consumptionRate,
          });
        }
      });
      if (this.rowCount !== null) this.rowCount += rows.length;
      return rows.length;
    }, 0);
  }

  query(q: LagQuery): LagSeries {
    const { from, to } = resolveRange(q.range, this.o.now());
    const bucketMs = bucketWidth(to - from, q.maxPoints ?? 720);
    const level: Level = q.topic === undefined ? 'group' : q.partition === undefined ? 'topic' : 'partition';
    const rows = this.store.use(
      (db) =>
        // node:sqlite refuses named parameters the statement does not use: bind only the level's.
        this.stmts(db).query[level].all({
          cluster: q.cluster,
          groupId: q.groupId,
          ...(level === 'group' ? {} : { topic: q.topic ?? '' }),
          ...(level === 'partition' ? { partition: q.partition ?? -1 } : {}),
          from,
          to,
          w: bucketMs,
        }) as unknown as QueryRow[],
      [],
    );
    const points: LagPoint[] = rows.map((r) => ({
      t: r.t,
      lag: r.lag,
      lagMax: r.lag_max,
      timeLagMs: r.time_lag_ms,
      timeLagMaxMs: r.time_lag_max_ms,
      productionRate: r.prod_rate,
      consumptionRate: r.cons_rate,
      endOffset: r.end_offset,
      committed: r.committed,
      gap: false,
    }));
    const gaps = findGaps(
      rows.map((r) => ({ t: r.t, stepMs: r.step_ms })),
      from,
      to,
      bucketMs,
    );
    const blank = (t: number): LagPoint => ({
      t,
      lag: null,
      lagMax: null,
      timeLagMs: null,
      timeLagMaxMs: null,
      productionRate: null,
      consumptionRate: null,
      endOffset: null,
      committed: null,
      gap: true,
    });
    return { from, to, bucketMs, points: withGapMarkers(points, gaps, blank), gaps };
  }

  /** The topics (partition -1) and partitions recorded for a group: what breakdown charts can show. */
  seriesOf(cluster: string, groupId: string): Array<{ topic: string; partition: number }> {
    return this.store.use(
      (db) =>
        (this.stmts(db).listSeries.all(cluster, groupId) as unknown as Array<{ topic: string; partition: number }>).map(
          (r) => ({ topic: r.topic, partition: r.partition }),
        ),
      [],
    );
  }

  groupsOf(cluster: string): string[] {
    return this.store.use((db) => this.stmts(db).listGroups.all(cluster) as string[], []);
  }

  /** Downsampling (bounded by a time budget), retention, then the size cap. Call every few minutes. */
  maintain(): MaintenanceReport {
    const report: MaintenanceReport = { downsampledRows: 0, expiredRows: 0, prunedRows: 0, rows: 0, bytes: 0 };
    this.store.use((db) => {
      const s = this.stmts(db);
      const now = this.o.now();
      const b = this.o.downsampleBucketMs;
      // Whole buckets only, so a bucket is never built from half its raw rows.
      const cutoff = Math.floor((now - this.o.rawMs) / b) * b;
      // Expire first: after a long shutdown, rows past retention need no downsampling.
      report.expiredRows = Number(s.expire.run(now - this.o.retentionMs).changes);
      this.rowCount ??= Number(s.count.get()) + report.expiredRows;
      let bucketRows = 0;
      const started = Date.now();
      for (;;) {
        const oldest = s.oldestRaw.get() as number | null;
        if (oldest === null || oldest >= cutoff) break;
        const from = Math.floor(oldest / b) * b;
        const to = Math.min(cutoff, from + HOUR);
        transaction(db, () => {
          s.dsClear.run();
          s.dsCollect.run({ b, from, to });
          report.downsampledRows += Number(s.dsDeleteRaw.run({ from, to }).changes);
          bucketRows += Number(s.dsInsert.run().changes);
        });
        if (Date.now() - started > this.o.maintainBudgetMs) break;
      }
      // Upserts that merged into an existing bucket count as a change too: a slight overcount, corrected on restart.
      this.rowCount += bucketRows - report.downsampledRows - report.expiredRows;
      report.prunedRows = this.enforceCap(db, s);
      if (report.expiredRows + report.prunedRows > 0) {
        s.orphanSeries.run();
        this.seriesIds.clear();
        db.exec('PRAGMA incremental_vacuum');
      }
      report.rows = this.rowCount;
      report.bytes = usedBytes(db);
    }, undefined);
    return report;
  }

  private enforceCap(db: Db, s: ReturnType<LagHistory['prepareAll']>): number {
    let pruned = 0;
    // Pages do not empty in proportion to deleted rows (B-tree fill varies), so
    // re-measure and go again, a few rounds at most.
    for (let round = 0; round < 4; round++) {
      const rows = this.rowCount ?? 0;
      const bytes = usedBytes(db);
      if (rows <= this.o.maxRows && bytes <= this.o.maxBytes) break;
      // Prune to 90% of the cap so we are not back here on the next tick.
      const byRows = rows - Math.floor(this.o.maxRows * 0.9);
      const byBytes = bytes > this.o.maxBytes ? Math.ceil(rows * (1 - (0.9 * this.o.maxBytes) / bytes)) : 0;
      const k = Math.min(rows, Math.max(byRows, byBytes, 1));
      const cut = s.nthOldest.get(k - 1) as number | undefined;
      if (cut === undefined) break;
      const n = Number(s.pruneUpTo.run(cut).changes);
      pruned += n;
      this.rowCount = rows - n;
      db.exec('PRAGMA incremental_vacuum');
    }
    return pruned;
  }

  stats(): { rows: number; bytes: number } {
    return this.store.use((db) => ({ rows: Number(this.stmts(db).count.get()), bytes: usedBytes(db) }), {
      rows: 0,
      bytes: 0,
    });
  }
}

function usedBytes(db: Db): number {
  const pageSize = Number(pragma(db, 'page_size'));
  const pages = Number(pragma(db, 'page_count'));
  const free = Number(pragma(db, 'freelist_count'));
  return (pages - free) * pageSize;
}
