/**
 * Trust decisions per SHA-256, in core's embedded store (`models.db`). The
 * decision belongs to the hash, not the path: a file that changes after it
 * was trusted has a new hash and so is untrusted again.
 */
import type { TrustState } from '../../shared/contract/models';
import { EmbeddedStore, type Migration } from '../store/database';

const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'model trust decisions',
    up(db) {
      db.exec(`CREATE TABLE model_trust (
        sha256 TEXT PRIMARY KEY,
        trusted INTEGER NOT NULL,
        decided_at INTEGER NOT NULL,
        path TEXT NOT NULL
      )`);
    },
  },
];

export class TrustStore {
  private readonly store: EmbeddedStore;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.store = EmbeddedStore.open({ dataDir, fileName: 'models.db', migrations: MIGRATIONS, now });
  }

  get(sha256: string): TrustState {
    const row = this.store.use(
      (db) =>
        db.prepare('SELECT trusted, decided_at FROM model_trust WHERE sha256 = ?').get(sha256) as
          { trusted: number; decided_at: number } | undefined,
      undefined,
    );
    return row === undefined
      ? { sha256, trusted: false, decidedAt: null }
      : { sha256, trusted: row.trusted === 1, decidedAt: row.decided_at };
  }

  set(sha256: string, trusted: boolean, path: string): TrustState {
    const at = this.now();
    this.store.use(
      (db) =>
        db
          .prepare(
            `INSERT INTO model_trust (sha256, trusted, decided_at, path) VALUES (?, ?, ?, ?)
             ON CONFLICT(sha256) DO UPDATE SET trusted = excluded.trusted, decided_at = excluded.decided_at, path = excluded.path`,
          )
          .run(sha256, trusted ? 1 : 0, at, path),
      undefined,
    );
    return { sha256, trusted, decidedAt: at };
  }

  close(): void {
    this.store.close();
  }
}
