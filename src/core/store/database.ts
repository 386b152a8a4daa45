/**
 * Stackdeck's embedded store: one SQLite file (`node:sqlite`, built into Node 24
 * and into Electron's Node, so no native module and no ABI rebuild) per concern
 * under the user data directory, with a migrations table, WAL, and a fail-safe
 * open. Lag history lives in its own file (high churn, bounded, disposable);
 * query history and saved queries get theirs with the same class, so a corrupt
 * or capped time-series file can never take the user's saved work down with it.
 *
 * Fail-safe means: a file that is not a database, or fails `quick_check`, is
 * renamed aside (`<name>.corrupt-<time>`, with its -wal/-shm) and a fresh one is
 * created; if even that fails (read-only disk, permissions), the store runs in
 * memory for this session. Each case is reported by `status`, never thrown.
 * Corruption found later, mid-operation, is handled the same way by `use`; a
 * write that fails later because of the disk (full, read-only, I/O error) moves
 * the store to memory for the rest of the session ("degraded", with the reason)
 * so callers keep working.
 *
 * The `Db` handle is a plain `DatabaseSync`: `db.prepare(sql).run/get/all(...)`
 * and `db.exec(sql)`. Named parameters may be written bare (`{ id: 1 }` for
 * `@id`). Rows are null-prototype objects. Use `transaction(db, fn)` for atomic
 * work and `pragma(db, ...)` for a pragma's single value.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

export type Db = DatabaseSync;

export interface Migration {
  /** Strictly increasing; never renumber a released migration. */
  readonly id: number;
  readonly name: string;
  up(db: Db): void;
}

export type StoreStatus =
  | { readonly state: 'ok'; readonly path: string }
  /** A damaged file was set aside and a fresh store created. */
  | {
      readonly state: 'recovered';
      readonly path: string;
      readonly setAside: string;
      readonly reason: string;
      readonly at: number;
    }
  /** Nothing can be written to disk: the store keeps data in memory until restart. */
  | { readonly state: 'memory'; readonly path: string; readonly reason: string; readonly at: number }
  /** The file opened but later failed (disk full, read-only, I/O error): data since then is kept in memory. */
  | { readonly state: 'degraded'; readonly path: string; readonly reason: string; readonly at: number };

export interface StoreOptions {
  readonly dataDir: string;
  /** e.g. `lag-history.db`. */
  readonly fileName: string;
  readonly migrations: readonly Migration[];
  /** Runs once per new file, before migrations (e.g. `auto_vacuum`, which must precede the first table). */
  readonly onCreate?: (db: Db) => void;
  /** Diagnostics sink; status changes are also visible through `status`. */
  readonly log?: (message: string) => void;
  readonly now?: () => number;
}

/** SQLite primary result codes (the low byte of an extended code). */
const SQLITE_PERM = 3;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** The SQLite result code of an error thrown by `node:sqlite`, or null when it is not a SQLite error. */
export function sqliteCode(e: unknown): number | null {
  if (e instanceof Error && (e as { code?: unknown }).code === 'ERR_SQLITE_ERROR') {
    const n = (e as { errcode?: unknown }).errcode;
    return typeof n === 'number' ? n : 1;
  }
  return null;
}

/** The file itself is damaged or not a database. */
export function isCorruption(e: unknown): boolean {
  const code = sqliteCode(e);
  if (code === null) return false;
  const primary = code & 0xff;
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB;
}

/** The disk refuses: full, read-only, permissions, I/O error, cannot open. */
export function isStorageFailure(e: unknown): boolean {
  const code = sqliteCode(e);
  if (code === null) return false;
  const primary = code & 0xff;
  return [SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_PERM, SQLITE_CANTOPEN].includes(primary);
}

/** A pragma's single value (the first column of the first row), e.g. `pragma(db, 'page_count')`. */
export function pragma(db: Db, statement: string): unknown {
  const row = db.prepare(`PRAGMA ${statement}`).get() as Record<string, unknown> | undefined;
  if (!row) return undefined;
  for (const k in row) return row[k];
  return undefined;
}

let savepointSeq = 0;

/**
 * Runs `fn` in a transaction: committed when it returns, rolled back when it
 * throws (the error is rethrown). Nested calls use savepoints, so an inner
 * failure caught by the outer function undoes only the inner work.
 */
export function transaction<T>(db: Db, fn: () => T): T {
  if (db.isTransaction) {
    const name = `sd_sp_${++savepointSeq}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const out = fn();
      db.exec(`RELEASE ${name}`);
      return out;
    } catch (e) {
      try {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
      } catch {
        // The transaction may already be gone (SQLite rolls back on some errors).
      }
      throw e;
    }
  }
  db.exec('BEGIN');
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (e) {
    try {
      if (db.isTransaction) db.exec('ROLLBACK');
    } catch {
      // see above
    }
    throw e;
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class EmbeddedStore {
  readonly path: string;
  private db: Db;
  private current: StoreStatus;
  private closed = false;
  private readonly now: () => number;
  /** Bumped whenever `db` is replaced, so callers can re-prepare their statements. */
  generation = 0;

  private constructor(
    private readonly opts: StoreOptions,
    opened: { db: Db; status: StoreStatus },
  ) {
    this.path = join(opts.dataDir, opts.fileName);
    this.db = opened.db;
    this.current = opened.status;
    this.now = opts.now ?? Date.now;
  }

  /** Opens (creating, migrating, or recovering) the store. Never throws. */
  static open(opts: StoreOptions): EmbeddedStore {
    const path = join(opts.dataDir, opts.fileName);
    const now = opts.now ?? Date.now;
    return new EmbeddedStore(opts, openOrRecover(path, opts, now));
  }

  get status(): StoreStatus {
    return this.current;
  }

  /**
   * Runs `fn` against the database. A corruption error sets the file aside,
   * reopens a fresh store and returns `fallback`. A storage failure (disk full,
   * read-only, I/O error) moves the store to memory ("degraded") and runs `fn`
   * once more there, so the write is not lost. Other SQLite errors (busy) are
   * logged and return `fallback`. Programming errors (anything not from SQLite)
   * are rethrown: they are bugs, not conditions to hide.
   */
  use<T>(fn: (db: Db) => T, fallback: T): T {
    if (this.closed) return fallback;
    try {
      return fn(this.db);
    } catch (e) {
      if (isCorruption(e)) {
        this.recover(message(e));
        return fallback;
      }
      if (isStorageFailure(e) && this.current.state !== 'memory' && this.current.state !== 'degraded') {
        this.degrade(message(e));
        try {
          return fn(this.db);
        } catch (again) {
          if (sqliteCode(again) === null) throw again;
          this.opts.log?.(`store ${this.path} (in memory): ${message(again)}`);
          return fallback;
        }
      }
      if (sqliteCode(e) !== null) {
        this.opts.log?.(`store ${this.path}: ${message(e)}`);
        return fallback;
      }
      throw e;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } catch {
      // Closing a damaged handle can throw; there is nothing left to protect.
    }
  }

  private recover(reason: string): void {
    this.opts.log?.(`store ${this.path} is damaged (${reason}); setting it aside`);
    try {
      this.db.close();
    } catch {
      // see close()
    }
    const setAside = setFileAside(this.path, this.now());
    const reopened = openFresh(this.path, this.opts, this.now);
    this.db = reopened.db;
    this.generation++;
    this.current =
      reopened.status.state === 'memory'
        ? reopened.status
        : { state: 'recovered', path: this.path, setAside, reason, at: this.now() };
  }

  private degrade(reason: string): void {
    this.opts.log?.(`store ${this.path} cannot be written (${reason}); keeping new data in memory until restart`);
    try {
      this.db.close();
    } catch {
      // see close()
    }
    this.db = memoryDb(this.opts);
    this.generation++;
    this.current = { state: 'degraded', path: this.path, reason, at: this.now() };
  }
}

function openOrRecover(path: string, opts: StoreOptions, now: () => number): { db: Db; status: StoreStatus } {
  try {
    mkdirSync(opts.dataDir, { recursive: true });
  } catch (e) {
    return inMemory(path, opts, now, `cannot create ${opts.dataDir}: ${message(e)}`);
  }
  const existed = existsSync(path);
  let db: Db | undefined;
  try {
    db = new DatabaseSync(path);
    prepare(db, opts, !existed);
    if (existed) {
      const check = pragma(db, 'quick_check');
      if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    }
    return { db, status: { state: 'ok', path } };
  } catch (e) {
    const reason = message(e);
    try {
      db?.close();
    } catch {
      // ignore: the handle is being abandoned
    }
    // Only damage is a reason to move the user's file; a permission problem is not.
    if (!existed || !(isCorruption(e) || /quick_check|newer Stackdeck/.test(reason))) {
      return inMemory(path, opts, now, reason);
    }
    opts.log?.(`store ${path} is damaged (${reason}); setting it aside`);
    const setAside = setFileAside(path, now());
    const fresh = openFresh(path, opts, now);
    if (fresh.status.state === 'memory') return fresh;
    return { db: fresh.db, status: { state: 'recovered', path, setAside, reason, at: now() } };
  }
}

function openFresh(path: string, opts: StoreOptions, now: () => number): { db: Db; status: StoreStatus } {
  let db: Db | undefined;
  try {
    db = new DatabaseSync(path);
    prepare(db, opts, true);
    return { db, status: { state: 'ok', path } };
  } catch (e) {
    try {
      db?.close();
    } catch {
      // abandoned
    }
    return inMemory(path, opts, now, message(e));
  }
}

function memoryDb(opts: StoreOptions): Db {
  const db = new DatabaseSync(':memory:');
  prepare(db, opts, true);
  return db;
}

function inMemory(
  path: string,
  opts: StoreOptions,
  now: () => number,
  reason: string,
): { db: Db; status: StoreStatus } {
  opts.log?.(`store ${path} unavailable (${reason}); keeping data in memory until restart`);
  return { db: memoryDb(opts), status: { state: 'memory', path, reason, at: now() } };
}

function prepare(db: Db, opts: StoreOptions, fresh: boolean): void {
  if (fresh) opts.onCreate?.(db);
  // WAL: readers (chart queries) never block the sampler's writes, and a crash
  // mid-write leaves the main file intact. NORMAL sync is safe with WAL
  // (durability of the last few transactions is traded, not integrity).
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 2000');
  migrate(db, opts.migrations);
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT MAX(id) AS id FROM schema_migrations').get() as { id: number | null } | undefined;
  const applied = row?.id ?? 0;
  const known = migrations.reduce((m, x) => Math.max(m, x.id), 0);
  if (applied > known) {
    throw new Error(`this file was written by a newer Stackdeck (schema ${applied} > ${known})`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (m.id <= applied) continue;
    transaction(db, () => {
      m.up(db);
      record.run(m.id, m.name, Date.now());
    });
  }
}

/** Renames the database and its WAL/SHM aside; returns the new main file name. */
function setFileAside(path: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const aside = `${path}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    } catch {
      // If the rename fails the fresh open will fail too, and we fall back to memory.
    }
  }
  return aside;
}

/** A statement's first column: `get` returns the value (undefined without a row), `all` the values. */
export interface Plucked {
  get(...params: SQLInputValue[]): unknown;
  all(...params: SQLInputValue[]): unknown[];
}

export function pluck(stmt: StatementSync): Plucked {
  const first = (row: Record<string, unknown> | undefined): unknown => {
    if (!row) return undefined;
    for (const k in row) return row[k];
    return undefined;
  };
  return {
    get: (...params) => first(stmt.get(...params) as Record<string, unknown> | undefined),
    all: (...params) => (stmt.all(...params) as Record<string, unknown>[]).map(first),
  };
}
