/** The lag history's chart query per level (group, topic, partition) and the SQL that merges downsampled buckets. */

export type Level = 'group' | 'topic' | 'partition';

const SERIES_FILTER: Record<Level, string> = {
  group: 'cluster = @cluster AND group_id = @groupId AND partition = -1',
  topic: 'cluster = @cluster AND group_id = @groupId AND topic = @topic AND partition = -1',
  partition: 'cluster = @cluster AND group_id = @groupId AND topic = @topic AND partition = @partition',
};

/** Per tick, the sum over the level's series; then per bucket, averages and maxima of those sums. */
// The range's end is inclusive: a chart asked for "the last 15 minutes" in the same millisecond as
// the newest sample must show it.
export const querySql = (level: Level): string => `
  SELECT ts - ts % @w AS t, AVG(lag) AS lag, MAX(lag_max) AS lag_max,
         AVG(time_lag_ms) AS time_lag_ms, MAX(time_lag_max_ms) AS time_lag_max_ms,
         AVG(prod_rate) AS prod_rate, AVG(cons_rate) AS cons_rate,
         MAX(end_offset) AS end_offset, MAX(committed) AS committed, MAX(step_ms) AS step_ms
  FROM (
    SELECT ts, SUM(lag) AS lag, SUM(lag_max) AS lag_max, MAX(time_lag_ms) AS time_lag_ms, MAX(time_lag_max_ms) AS time_lag_max_ms,
           SUM(prod_rate) AS prod_rate, SUM(cons_rate) AS cons_rate, SUM(end_offset) AS end_offset, SUM(committed) AS committed,
           MAX(step_ms) AS step_ms
    FROM lag_samples
    WHERE series_id IN (SELECT id FROM lag_series WHERE ${SERIES_FILTER[level]}) AND ts >= @from AND ts <= @to
    GROUP BY ts
  )
  GROUP BY t ORDER BY t`;

export interface QueryRow {
  t: number;
  lag: number | null;
  lag_max: number | null;
  time_lag_ms: number | null;
  time_lag_max_ms: number | null;
  prod_rate: number | null;
  cons_rate: number | null;
  end_offset: number | null;
  committed: number | null;
  step_ms: number;
}

/** Merging a bucket into an existing bucket row (e.g. raw rows that arrived late): n-weighted averages, maxima. */
export const mergeAvg = (c: string): string =>
  `${c} = CASE WHEN ${c} IS NULL THEN excluded.${c} WHEN excluded.${c} IS NULL THEN ${c} ELSE (${c} * n + excluded.${c} * excluded.n) / (n + excluded.n) END`;
export const mergeMax = (c: string): string =>
  `${c} = MAX(COALESCE(${c}, excluded.${c}), COALESCE(excluded.${c}, ${c}))`;
