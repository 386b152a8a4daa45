/**
 * Schema of the query history file (`query-history.db`). Migrations run in
 * order, once each, inside a transaction (see ../store/database.ts); add new
 * ones at the end, never edit old ones.
 *
 * - `history_entries`: one row per run. `id` is the insertion order, so
 *   "newest first" and "drop the oldest" are both index walks on
 *   (connection_id, id).
 * - `history_fts`: an FTS5 index over the text, with `history_entries` as its
 *   external content; the triggers keep it in step on insert and delete
 *   (entries are never updated).
 * - `saved_queries`: named queries in folders.
 * - `drafts`: the text of each editor tab, by tab key.
 * - Migration 2: `attachment` on an entry, what an area keeps with that run
 *   to restore its view when the query is run again (Neo4j: node positions),
 *   and `attached_at`, so only the most recently attached few per connection
 *   keep theirs (HISTORY_ATTACHMENTS_PER_CONNECTION).
 */
import type { Migration } from '../store/database';

export const HISTORY_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'query history, saved queries, drafts',
    up(db) {
      db.exec(`
        CREATE TABLE history_entries (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          connection_id TEXT NOT NULL,
          language TEXT NOT NULL,
          text TEXT NOT NULL,
          params TEXT NOT NULL DEFAULT '[]',
          started_at INTEGER NOT NULL,
          duration_ms REAL,
          rows INTEGER,
          error TEXT
        );
        CREATE INDEX history_entries_conn ON history_entries (connection_id, id);
        CREATE INDEX history_entries_conn_lang ON history_entries (connection_id, language, id);
        CREATE VIRTUAL TABLE history_fts USING fts5(
          text, content='history_entries', content_rowid='id', tokenize='unicode61'
        );
        CREATE TRIGGER history_entries_ai AFTER INSERT ON history_entries BEGIN
          INSERT INTO history_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER history_entries_ad AFTER DELETE ON history_entries BEGIN
          INSERT INTO history_fts (history_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TABLE saved_queries (
          id TEXT PRIMARY KEY,
          connection_id TEXT,
          name TEXT NOT NULL,
          folder TEXT NOT NULL DEFAULT '',
          language TEXT NOT NULL,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX saved_queries_lang ON saved_queries (language, folder, name);
        CREATE TABLE drafts (
          tab_key TEXT PRIMARY KEY,
          text TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    id: 2,
    name: 'attachments on history entries',
    up(db) {
      db.exec(`
        ALTER TABLE history_entries ADD COLUMN attachment TEXT;
        ALTER TABLE history_entries ADD COLUMN attached_at INTEGER;
        CREATE INDEX history_entries_attached ON history_entries (connection_id, attached_at)
          WHERE attachment IS NOT NULL;
      `);
    },
  },
];
