/** Rows of the history file and their contract shapes (store.ts runs the statements). */
import type { HistoryEntry, HistoryParam, SavedQuery } from '../../shared/contract/history';
import type { Db } from '../store/database';

export interface EntryRow {
  id: number;
  connection_id: string;
  language: string;
  text: string;
  params: string;
  started_at: number;
  duration_ms: number | null;
  rows: number | null;
  error: string | null;
}

export interface SavedRow {
  id: string;
  connection_id: string | null;
  name: string;
  folder: string;
  language: string;
  text: string;
  created_at: number;
  updated_at: number;
}

export const ENTRY_COLUMNS =
  'e.id, e.connection_id, e.language, e.text, e.params, e.started_at, e.duration_ms, e.rows, e.error';

export function toEntry(r: EntryRow): HistoryEntry {
  let params: HistoryEntry['params'] = [];
  try {
    const parsed: unknown = JSON.parse(r.params);
    if (Array.isArray(parsed)) params = parsed as HistoryEntry['params'];
  } catch {
    // A damaged params cell loses the parameters, not the entry.
  }
  return {
    id: Number(r.id),
    connectionId: r.connection_id,
    language: r.language,
    text: r.text,
    params,
    startedAt: Number(r.started_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    rows: r.rows === null ? null : Number(r.rows),
    error: r.error,
  };
}

export function toSaved(r: SavedRow): SavedQuery {
  return {
    id: r.id,
    connectionId: r.connection_id,
    name: r.name,
    folder: r.folder,
    language: r.language,
    text: r.text,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Secret parameters keep their name only; their value never reaches the file. */
export function storedParams(params: readonly HistoryParam[]): HistoryEntry['params'] {
  return params.map((p) =>
    p.secret || p.value === undefined
      ? { name: p.name, secret: p.secret }
      : { name: p.name, value: p.value, secret: false },
  );
}

export function inTransaction<T>(db: Db, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    try {
      db.exec('ROLLBACK');
    } catch {
      // The failed statement may already have ended the transaction.
    }
    throw e;
  }
}

export function normFolder(folder: string): string {
  return folder
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .join('/');
}
