/**
 * Stackdeck's embedded store: one SQLite file (better-sqlite3) per concern
 * under the user data directory, with a migrations table, WAL, and a fail-safe
 * open. Lag history lives in its own file (high churn, bounded, disposable);
 * query history and saved queries will get theirs with the same class, so a
 * corrupt or capped time-series file can never take the user's saved work down
 * with it.
 *
 * Fail-safe means: a file that is not a database, or fails `quick_check`, is
 * renamed aside (`<name>.corrupt-<time>`, with its -wal/-shm) and a fresh one is
 * created; if even that fails (read-only disk, permissions), the store runs in
 * memory for this session. Each case is reported by `status`, never thrown.
 * Corruption found later, mid-operation, is handled the same way by `use`.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

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
  | { readonly state: 'memory'; readonly path: string; readonly reason: string; readonly at: number };

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

/** SQLite result codes that mean the file itself is damaged or not a database. */
const CORRUPT_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_SEQUENCE',
  'SQLITE_CORRUPT_INDEX',
]);

function sqliteCode(e: unknown): string | null {
  if (e instanceof Database.SqliteError) return e.code;
  return null;
}

export function isCorruption(e: unknown): boolean {
  const code = sqliteCode(e);
  return code !== null && (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

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
   * reopens a fresh store and returns `fallback`; other SQLite errors (disk
   * full, busy) are logged and return `fallback`. Programming errors (anything
   * not from SQLite) are rethrown: they are bugs, not conditions to hide.
   */
  use<T>(fn: (db: Db) => T, fallback: T): T {
    if (this.closed) return fallback;
    try {
      return fn(this.db);
    } catch (e) {
      if (isCorruption(e)) {
        this.recover(e instanceof Error ? e.message : String(e));
        return fallback;
      }
      if (sqliteCode(e) !== null) {
        this.opts.log?.(`store ${this.path}: ${e instanceof Error ? e.message : String(e)}`);
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
}

function openOrRecover(path: string, opts: StoreOptions, now: () => number): { db: Db; status: StoreStatus } {
  try {
    mkdirSync(opts.dataDir, { recursive: true });
  } catch (e) {
    return inMemory(path, opts, now, `cannot create ${opts.dataDir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const existed = existsSync(path);
  let db: Db | undefined;
  try {
    db = new Database(path);
    prepare(db, opts, !existed);
    if (existed) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    }
    return { db, status: { state: 'ok', path } };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
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
  try {
    const db = new Database(path);
    prepare(db, opts, true);
    return { db, status: { state: 'ok', path } };
  } catch (e) {
    return inMemory(path, opts, now, e instanceof Error ? e.message : String(e));
  }
}

function inMemory(
  path: string,
  opts: StoreOptions,
  now: () => number,
  reason: string,
): { db: Db; status: StoreStatus } {
  opts.log?.(`store ${path} unavailable (${reason}); keeping data in memory until restart`);
  const db = new Database(':memory:');
  prepare(db, opts, true);
  return { db, status: { state: 'memory', path, reason, at: now() } };
}

function prepare(db: Db, opts: StoreOptions, fresh: boolean): void {
  if (fresh) opts.onCreate?.(db);
  // WAL: readers (chart queries) never block the sampler's writes, and a crash
  // mid-write leaves the main file intact. NORMAL sync is safe with WAL
  // (durability of the last few transactions is traded, not integrity).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
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
    db.transaction(() => {
      m.up(db);
      record.run(m.id, m.name, Date.now());
    })();
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
