/**
 * The query history store: runs, saved queries and editor drafts in their own
 * file (`query-history.db`) through `EmbeddedStore`, so a damaged history file
 * is set aside without touching lag history, and the other way round.
 *
 * Only `db.prepare(sql).run/get/all(...)` with positional parameters and
 * `db.exec(sql)` are used, so this runs on better-sqlite3 and on `node:sqlite`
 * alike. Every call is a few prepared statements; `record` inserts and trims in
 * one transaction, so a connection never holds more than `limitPerConnection`.
 */
import { randomUUID } from 'node:crypto';
import {
  HISTORY_ATTACHMENTS_PER_CONNECTION,
  HISTORY_LIMIT_PER_CONNECTION,
  type EntriesPage,
  type HistoryEntry,
  type HistoryParam,
  type SavedQuery,
} from '../../shared/contract/history';
import { StackdeckError } from '../../shared/errors';
import { EmbeddedStore, type StoreStatus } from '../store/database';
import { ftsQuery } from './fts';
import {
  ENTRY_COLUMNS,
  inTransaction,
  normFolder,
  storedParams,
  toEntry,
  toSaved,
  type EntryRow,
  type SavedRow,
} from './rows';

import { HISTORY_MIGRATIONS } from './schema';

export const HISTORY_FILE = 'query-history.db';

export interface HistoryStoreOptions {
  readonly dataDir: string;
  readonly fileName?: string;
  readonly limitPerConnection?: number;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

export interface RecordEntry {
  readonly connectionId: string;
  readonly language: string;
  readonly text: string;
  readonly params?: readonly HistoryParam[];
  readonly startedAt?: number | undefined;
  readonly durationMs?: number | null;
  readonly rows?: number | null;
  readonly error?: string | null;
}

export interface PageQuery {
  readonly connectionId: string;
  readonly language?: string | undefined;
  readonly limit?: number;
  readonly before?: number | undefined;
}

export class HistoryStore {
  private readonly store: EmbeddedStore;
  private readonly limit: number;
  private readonly now: () => number;

  constructor(opts: HistoryStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.limit = opts.limitPerConnection ?? HISTORY_LIMIT_PER_CONNECTION;
    this.store = EmbeddedStore.open({
      dataDir: opts.dataDir,
      fileName: opts.fileName ?? HISTORY_FILE,
      migrations: HISTORY_MIGRATIONS,
      now: this.now,
      ...(opts.log === undefined ? {} : { log: opts.log }),
    });
  }

  get status(): StoreStatus {
    return this.store.status;
  }

  /** Records a run and drops the connection's oldest entries beyond the limit. */
  record(entry: RecordEntry): HistoryEntry {
    const params = JSON.stringify(storedParams(entry.params ?? []));
    const startedAt = entry.startedAt ?? this.now();
    const row = this.store.use<EntryRow | undefined>(
      (db) =>
        inTransaction(db, () => {
          const res = db
            .prepare(
              'INSERT INTO history_entries (connection_id, language, text, params, started_at, duration_ms, rows, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(
              entry.connectionId,
              entry.language,
              entry.text,
              params,
              startedAt,
              entry.durationMs ?? null,
              entry.rows ?? null,
              entry.error ?? null,
            );
          const id = Number(res.lastInsertRowid);
          // The id of the newest entry that falls off the end (the limit-th newest's predecessor).
          const cut = db
            .prepare('SELECT id FROM history_entries WHERE connection_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?')
            .get(entry.connectionId, this.limit) as { id: number } | undefined;
          if (cut !== undefined) {
            db.prepare('DELETE FROM history_entries WHERE connection_id = ? AND id <= ?').run(
              entry.connectionId,
              cut.id,
            );
          }
          return db.prepare(`SELECT ${ENTRY_COLUMNS} FROM history_entries e WHERE e.id = ?`).get(id) as unknown as
            EntryRow | undefined;
        }),
      undefined,
    );
    if (row === undefined) {
      throw new StackdeckError('SERVER_ERROR', this.unavailable('record the run in history'));
    }
    return toEntry(row);
  }

  list(q: PageQuery): EntriesPage {
    return this.entriesPage('history_entries e', [], [], q);
  }

  /** FTS5 search; `query` is plain words (see fts.ts). An empty query lists. */
  search(q: PageQuery & { readonly query: string }): EntriesPage {
    const match = ftsQuery(q.query);
    if (match === null) return this.list(q);
    return this.entriesPage(
      'history_fts JOIN history_entries e ON e.id = history_fts.rowid',
      ['history_fts MATCH ?'],
      [match],
      q,
    );
  }

  /** One page of entries, newest first, of a connection (and language), before an id: list and search differ only in `from`. */
  private entriesPage(from: string, where: string[], args: (string | number)[], q: PageQuery): EntriesPage {
    const limit = q.limit ?? 100;
    where.push('e.connection_id = ?');
    args.push(q.connectionId);
    if (q.language !== undefined) {
      where.push('e.language = ?');
      args.push(q.language);
    }
    if (q.before !== undefined) {
      where.push('e.id < ?');
      args.push(q.before);
    }
    const rows = this.store.use(
      (db) =>
        db
          .prepare(`SELECT ${ENTRY_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT ?`)
          .all(...args, limit + 1) as unknown as EntryRow[],
      [],
    );
    return this.page(rows, limit);
  }

  count(connectionId: string): number {
    return this.store.use(
      (db) =>
        Number(
          (
            db.prepare('SELECT COUNT(*) AS n FROM history_entries WHERE connection_id = ?').get(connectionId) as {
              n: number;
            }
          ).n,
        ),
      0,
    );
  }

  delete(ids: readonly number[]): number {
    return this.store.use(
      (db) =>
        inTransaction(db, () => {
          const del = db.prepare('DELETE FROM history_entries WHERE id = ?');
          let n = 0;
          for (const id of ids) n += Number(del.run(id).changes);
          return n;
        }),
      0,
    );
  }

  clear(connectionId: string, language?: string): number {
    return this.store.use((db) => {
      const res =
        language === undefined
          ? db.prepare('DELETE FROM history_entries WHERE connection_id = ?').run(connectionId)
          : db
              .prepare('DELETE FROM history_entries WHERE connection_id = ? AND language = ?')
              .run(connectionId, language);
      return Number(res.changes);
    }, 0);
  }

  /**
   * Keeps `attachment` with an entry (null removes it), and clears the attachments of the entry's connection
   * beyond the newest HISTORY_ATTACHMENTS_PER_CONNECTION, in one transaction: the file holds at most that many
   * per connection. Returns false when the entry is gone (dropped by the history limit, deleted).
   */
  attach(id: number, attachment: string | null): boolean {
    return this.store.use(
      (db) =>
        inTransaction(db, () => {
          const row = db.prepare('SELECT connection_id FROM history_entries WHERE id = ?').get(id) as
            { connection_id: string } | undefined;
          if (row === undefined) return false;
          db.prepare('UPDATE history_entries SET attachment = ?, attached_at = ? WHERE id = ?').run(
            attachment,
            attachment === null ? null : this.now(),
            id,
          );
          const cut = db
            .prepare(
              'SELECT attached_at, id FROM history_entries WHERE connection_id = ? AND attachment IS NOT NULL ORDER BY attached_at DESC, id DESC LIMIT 1 OFFSET ?',
            )
            .get(row.connection_id, HISTORY_ATTACHMENTS_PER_CONNECTION - 1) as
            { attached_at: number; id: number } | undefined;
          if (cut !== undefined)
            db.prepare(
              'UPDATE history_entries SET attachment = NULL, attached_at = NULL WHERE connection_id = ? AND attachment IS NOT NULL AND (attached_at < ? OR (attached_at = ? AND id < ?))',
            ).run(row.connection_id, cut.attached_at, cut.attached_at, cut.id);
          return true;
        }),
      false,
    );
  }

  /** The attachment of the newest entry of a connection and language with exactly this text that has one. */
  attachmentFor(q: { connectionId: string; language: string; text: string }): {
    entryId: number | null;
    attachment: string | null;
  } {
    const row = this.store.use(
      (db) =>
        db
          .prepare(
            'SELECT id, attachment FROM history_entries WHERE connection_id = ? AND attachment IS NOT NULL AND language = ? AND text = ? ORDER BY id DESC LIMIT 1',
          )
          .get(q.connectionId, q.language, q.text) as { id: number; attachment: string } | undefined,
      undefined,
    );
    return row === undefined
      ? { entryId: null, attachment: null }
      : { entryId: Number(row.id), attachment: row.attachment };
  }

  listSaved(q: { connectionId?: string | undefined; language?: string | undefined }): SavedQuery[] {
    const where: string[] = [];
    const args: string[] = [];
    if (q.connectionId !== undefined) {
      where.push('(connection_id = ? OR connection_id IS NULL)');
      args.push(q.connectionId);
    }
    if (q.language !== undefined) {
      where.push('language = ?');
      args.push(q.language);
    }
    const sql = `SELECT * FROM saved_queries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY folder, name COLLATE NOCASE, id`;
    return this.store.use((db) => (db.prepare(sql).all(...args) as unknown as SavedRow[]).map(toSaved), []);
  }

  save(q: {
    id?: string | undefined;
    connectionId: string | null;
    name: string;
    folder: string;
    language: string;
    text: string;
  }): SavedQuery {
    const now = this.now();
    const folder = normFolder(q.folder);
    const row = this.store.use<SavedRow | undefined>((db) => {
      if (q.id !== undefined) {
        const res = db
          .prepare(
            'UPDATE saved_queries SET connection_id = ?, name = ?, folder = ?, language = ?, text = ?, updated_at = ? WHERE id = ?',
          )
          .run(q.connectionId, q.name, folder, q.language, q.text, now, q.id);
        if (Number(res.changes) === 0) return undefined;
        return db.prepare('SELECT * FROM saved_queries WHERE id = ?').get(q.id) as unknown as SavedRow;
      }
      const id = randomUUID();
      db.prepare(
        'INSERT INTO saved_queries (id, connection_id, name, folder, language, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(id, q.connectionId, q.name, folder, q.language, q.text, now, now);
      return db.prepare('SELECT * FROM saved_queries WHERE id = ?').get(id) as unknown as SavedRow;
    }, undefined);
    if (row === undefined) throw this.savedMissing(q.id);
    return toSaved(row);
  }

  rename(id: string, name: string): SavedQuery {
    return this.updateSaved(id, 'name', name);
  }

  move(id: string, folder: string): SavedQuery {
    return this.updateSaved(id, 'folder', normFolder(folder));
  }

  deleteSaved(id: string): boolean {
    return this.store.use(
      (db) => Number(db.prepare('DELETE FROM saved_queries WHERE id = ?').run(id).changes) > 0,
      false,
    );
  }

  getDraft(tabKey: string): { text: string | null; updatedAt: number | null } {
    const row = this.store.use(
      (db) =>
        db.prepare('SELECT text, updated_at FROM drafts WHERE tab_key = ?').get(tabKey) as
          { text: string; updated_at: number } | undefined,
      undefined,
    );
    return row === undefined ? { text: null, updatedAt: null } : { text: row.text, updatedAt: Number(row.updated_at) };
  }

  putDraft(tabKey: string, text: string): void {
    this.store.use((db) => {
      if (text === '') db.prepare('DELETE FROM drafts WHERE tab_key = ?').run(tabKey);
      else
        db.prepare(
          'INSERT INTO drafts (tab_key, text, updated_at) VALUES (?, ?, ?) ON CONFLICT (tab_key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at',
        ).run(tabKey, text, this.now());
      return true;
    }, false);
  }

  close(): void {
    this.store.close();
  }

  private updateSaved(id: string, column: 'name' | 'folder', value: string): SavedQuery {
    const row = this.store.use<SavedRow | undefined>((db) => {
      const res = db
        .prepare(`UPDATE saved_queries SET ${column} = ?, updated_at = ? WHERE id = ?`)
        .run(value, this.now(), id);
      if (Number(res.changes) === 0) return undefined;
      return db.prepare('SELECT * FROM saved_queries WHERE id = ?').get(id) as unknown as SavedRow;
    }, undefined);
    if (row === undefined) throw this.savedMissing(id);
    return toSaved(row);
  }

  private page(rows: EntryRow[], limit: number): EntriesPage {
    const more = rows.length > limit;
    const entries = (more ? rows.slice(0, limit) : rows).map(toEntry);
    return { entries, nextBefore: more ? entries[entries.length - 1]!.id : null };
  }

  private savedMissing(id: string | undefined): StackdeckError {
    return new StackdeckError(
      'NOT_FOUND',
      'That saved query no longer exists (it may have been deleted in another window). Save it again.',
      id === undefined ? {} : { id },
    );
  }

  private unavailable(what: string): string {
    const s = this.store.status;
    return `Could not ${what}: the history store is unavailable${s.state === 'memory' ? ` (${s.reason})` : ''}.`;
  }
}
