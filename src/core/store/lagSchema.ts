/**
 * Schema of the lag history file. Migrations run in order, once each, inside a
 * transaction (see database.ts); add new ones at the end, never edit old ones.
 *
 * - `lag_series` names a time series: one consumer group on one cluster
 *   (connection id), for one topic (partition -1 = the group's total over the
 *   topic) or one partition. Samples refer to it by id, so the bulk table holds
 *   no repeated strings.
 * - `lag_samples` holds one row per series per sampling tick (`res` 0), or per
 *   downsampled bucket (`res` 1). A WITHOUT ROWID table clustered on
 *   (series_id, ts) makes a chart query one contiguous range read.
 *   `step_ms` is the sampling interval (or bucket width) behind the row, which
 *   is what gap detection needs. Raw rows carry lag = lag_max and
 *   time_lag_ms = time_lag_max_ms; buckets carry the average and the maximum.
 */
import type { Migration } from './database';

export const LAG_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'lag history: series and samples',
    up(db) {
      db.exec(`
        CREATE TABLE lag_series (
          id INTEGER PRIMARY KEY,
          cluster TEXT NOT NULL,
          group_id TEXT NOT NULL,
          topic TEXT NOT NULL,
          partition INTEGER NOT NULL,
          UNIQUE (cluster, group_id, topic, partition)
        );
        CREATE TABLE lag_samples (
          series_id INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          res INTEGER NOT NULL DEFAULT 0,
          step_ms INTEGER NOT NULL,
          lag REAL,
          lag_max REAL,
          end_offset INTEGER,
          committed INTEGER,
          time_lag_ms REAL,
          time_lag_max_ms REAL,
          prod_rate REAL,
          cons_rate REAL,
          n INTEGER NOT NULL DEFAULT 1,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;
        -- Retention and the size cap delete oldest first.
        CREATE INDEX lag_samples_ts ON lag_samples (ts);
        -- Downsampling finds raw rows past 24 h without scanning the buckets.
        CREATE INDEX lag_samples_raw_ts ON lag_samples (ts) WHERE res = 0;
      `);
    },
  },
];
