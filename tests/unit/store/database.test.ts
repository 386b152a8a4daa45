import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStore, type Migration, pluck, pragma, transaction } from '../../../src/core/store/database';
import { LagHistory } from '../../../src/core/store/lagHistory';

const T0 = Date.UTC(2026, 0, 10, 0, 0, 0);

const NOTES: readonly Migration[] = [
  {
    id: 1,
    name: 'notes',
    up(db) {
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    },
  },
];

describe('EmbeddedStore on node:sqlite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sd-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (): EmbeddedStore => EmbeddedStore.open({ dataDir: dir, fileName: 'notes.db', migrations: NOTES });

  it('creates the file in WAL mode, migrates once, and keeps rows across a reopen', () => {
    let s = open();
    expect(s.status.state).toBe('ok');
    expect(s.use((db) => pragma(db, 'journal_mode'), null)).toBe('wal');
    s.use((db) => db.prepare('INSERT INTO notes (body) VALUES (?)').run('one'), undefined);
    s.close();
    s = open();
    expect(s.use((db) => pluck(db.prepare('SELECT body FROM notes')).all(), [])).toEqual(['one']);
    expect(s.use((db) => pluck(db.prepare('SELECT COUNT(*) FROM schema_migrations')).get(), 0)).toBe(1);
    s.close();
  });

  it('transaction commits, rolls back on a throw, and nests with savepoints', () => {
    const s = open();
    s.use((db) => {
      transaction(db, () => db.prepare('INSERT INTO notes (body) VALUES (?)').run('kept'));
      expect(() =>
        transaction(db, () => {
          db.prepare('INSERT INTO notes (body) VALUES (?)').run('undone');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      transaction(db, () => {
        db.prepare('INSERT INTO notes (body) VALUES (?)').run('outer');
        try {
          transaction(db, () => {
            db.prepare('INSERT INTO notes (body) VALUES (?)').run('inner');
            throw new Error('inner fails');
          });
        } catch {
          // the outer transaction goes on without the inner work
        }
      });
      expect(db.isTransaction).toBe(false);
    }, undefined);
    expect(s.use((db) => pluck(db.prepare('SELECT body FROM notes ORDER BY id')).all(), [])).toEqual(['kept', 'outer']);
    s.close();
  });

  it('has FTS5 (the query-history store searches with it)', () => {
    const s = EmbeddedStore.open({
      dataDir: dir,
      fileName: 'fts.db',
      migrations: [
        {
          id: 1,
          name: 'fts',
          up: (db) => db.exec("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61')"),
        },
      ],
    });
    expect(s.status.state).toBe('ok');
    const hits = s.use((db) => {
      const ins = db.prepare('INSERT INTO docs (body) VALUES (?)');
      ins.run('SELECT * FROM orders WHERE status = 1');
      ins.run('MATCH (n:Person) RETURN n');
      return pluck(db.prepare('SELECT body FROM docs WHERE docs MATCH ? ORDER BY rank')).all('orders');
    }, null);
    expect(hits).toEqual(['SELECT * FROM orders WHERE status = 1']);
    s.close();
  });

  it('a disk that fills up mid-session degrades the store to memory with the reason, and the write is kept', () => {
    const s = open();
    const insert = (body: string): number =>
      s.use((db) => Number(db.prepare('INSERT INTO notes (body) VALUES (?)').run(body).changes), 0);
    expect(insert('before')).toBe(1);
    // A real SQLITE_FULL: the file may not grow past its current page count.
    s.use((db) => db.exec(`PRAGMA max_page_count = ${Number(pragma(db, 'page_count'))}`), undefined);
    const big = 'x'.repeat(64 * 1024);
    expect(insert(big)).toBe(1);
    const st = s.status;
    expect(st.state).toBe('degraded');
    if (st.state !== 'degraded') throw new Error('unreachable');
    expect(st.reason).toMatch(/full/i);
    // Writes go on in memory.
    expect(insert('after')).toBe(1);
    expect(s.use((db) => pluck(db.prepare('SELECT COUNT(*) FROM notes')).get(), 0)).toBe(2);
    s.close();
  });

  it('opens a lag-history file written by better-sqlite3 (the previous engine) and keeps using it', () => {
    // Fixture: written by Stackdeck 0.1's LagHistory on better-sqlite3 12 (schema 1, WAL, checkpointed on
    // close): 120 ticks of 10 s from T0 for group "orders", the topic total and partition 0, lag = tick index.
    copyFileSync(join(__dirname, 'fixtures', 'lag-history-better-sqlite3-v1.db'), join(dir, 'lag-history.db'));
    let now = T0 + 3_600_000;
    const h = new LagHistory({ dataDir: dir, now: () => now });
    expect(h.status.state).toBe('ok');
    expect(h.stats().rows).toBe(240);
    expect(h.groupsOf('c1')).toEqual(['orders']);
    expect(h.seriesOf('c1', 'orders')).toEqual([
      { topic: 'orders', partition: -1 },
      { topic: 'orders', partition: 0 },
    ]);
    const q = h.query({ cluster: 'c1', groupId: 'orders', range: { from: T0, to: T0 + 1_200_000 }, maxPoints: 1_000 });
    expect(q.points.filter((p) => !p.gap).map((p) => p.lag)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    const part = h.query({
      cluster: 'c1',
      groupId: 'orders',
      topic: 'orders',
      partition: 0,
      range: { from: T0, to: T0 + 1_200_000 },
      maxPoints: 1_000,
    });
    expect(part.points[3]).toMatchObject({ lag: 3, productionRate: 1.5, consumptionRate: 0.5, timeLagMs: 300 });
    // New samples append to the same file and survive a restart.
    now = T0 + 3_700_000;
    h.record([
      {
        cluster: 'c1',
        groupId: 'orders',
        topic: 'orders',
        partition: -1,
        ts: T0 + 1_200_000,
        stepMs: 10_000,
        lag: 500,
        endOffset: 2_000,
        committed: 1_500,
        timeLagMs: null,
        productionRate: null,
        consumptionRate: null,
      },
    ]);
    h.close();
    const again = new LagHistory({ dataDir: dir, now: () => now });
    expect(again.stats().rows).toBe(241);
    again.close();
  });

  it('lag sampling keeps going in memory when the lag file stops accepting writes', () => {
    const h = new LagHistory({ dataDir: dir, now: () => T0 + 60_000 });
    const store = (h as unknown as { store: EmbeddedStore }).store;
    const row = (ts: number, lag: number) => ({
      cluster: 'c1',
      groupId: 'g',
      topic: 't',
      partition: -1,
      ts,
      stepMs: 10_000,
      lag,
      endOffset: 10,
      committed: 10 - lag,
      timeLagMs: null,
      productionRate: null,
      consumptionRate: null,
    });
    expect(h.record([row(T0, 1)])).toBe(1);
    store.use((db) => db.exec(`PRAGMA max_page_count = ${Number(pragma(db, 'page_count'))}`), undefined);
    const many = Array.from({ length: 2_000 }, (_, i) => row(T0 + 10_000 + i * 10_000, i));
    expect(h.record(many)).toBe(2_000);
    expect(h.status.state).toBe('degraded');
    expect(h.record([row(T0 + 30_000_000, 7)])).toBe(1);
    const q = h.query({ cluster: 'c1', groupId: 'g', range: { from: T0 + 29_990_000, to: T0 + 30_010_000 } });
    expect(q.points.find((p) => !p.gap)?.lag).toBe(7);
    h.close();
  });
});
