/**
 * Export through the router against the local Cassandra: a whole table read
 * by token ranges lands in one file with every row exactly once (checked
 * against a bare driver read), a query result is paged into a file, a
 * read-only connection still exports a SELECT but refuses to export anything
 * else, CSV imports with a bad row report its line and write the rest, and
 * ops views read Cassandra 5's virtual tables.
 */
import cassandra from 'cassandra-driver';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportEvent } from '../../../src/shared/contract/exports';
import type { ImportEvent } from '../../../src/shared/contract/cassandra';
import { OpsView } from '../../../src/shared/contract/cassandra';
import { splitRing } from '../../../src/core/cassandra/export';
import cassandraServer from '../../stack/servers/cassandra.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

const ks = uniqueName('sd_cexp').replace(/-/g, '_');
const direct = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1' });
let t: TestCore;
let id: string;
let roId: string;
const ROWS = 1_234;

beforeAll(async () => {
  await requireServer(cassandraServer);
  await direct.connect();
  await direct.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
  await direct.execute(`CREATE TABLE ${ks}.items (p int, c int, v text, big varint, PRIMARY KEY ((p), c))`);
  await direct.execute(
    `CREATE TABLE ${ks}.imported (id text, seq int, amount decimal, at timestamp, tags set<text>, note text, PRIMARY KEY (id, seq))`,
  );
  const insert = `INSERT INTO ${ks}.items (p, c, v, big) VALUES (?, ?, ?, ?)`;
  for (let i = 0; i < ROWS; i += 200)
    await Promise.all(
      Array.from({ length: Math.min(200, ROWS - i) }, (_, j) => {
        const n = i + j;
        return direct.execute(insert, [n % 97, n, n === 7 ? '=cmd' : `v,${n}`, `${n}000000000000000000000`], {
          prepare: true,
        });
      }),
    );
  t = await startTestCore();
  id = (await t.connect('cassandra')).id;
  roId = (await t.connect('cassandra', { readOnly: true })).id;
}, 120_000);

afterAll(async () => {
  await direct.execute(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => undefined);
  await direct.shutdown();
  await t?.close();
}, 60_000);

const collect = async (name: 'cassandra.tables.export' | 'cassandra.cql.export', input: object) => {
  const events: ExportEvent[] = [];
  await t.router.subscribe(name, input, { emit: (e: ExportEvent) => events.push(e) });
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('no done event');
  return { events, done, text: await readFile(done.path, 'utf8') };
};

describe('token ranges', () => {
  it('cut the ring into ranges that meet end to end and cover it', () => {
    const r = splitRing(5);
    expect(r).toHaveLength(5);
    expect(r[0]).toMatchObject({ from: -(2n ** 63n), first: true });
    expect(r.at(-1)?.to).toBe(2n ** 63n - 1n);
    for (let i = 1; i < r.length; i++) expect(r[i]?.from).toBe(r[i - 1]?.to);
  });
});

describe('export', () => {
  it('writes every row of a table exactly once, by token ranges, with exact values', async () => {
    const { events, done, text } = await collect('cassandra.tables.export', {
      connectionId: id,
      keyspace: ks,
      table: 'items',
      format: 'csv',
      parallel: 3,
      pageSize: 50,
    });
    expect(done).toMatchObject({ rows: ROWS, reason: 'end' });
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('p,c,big,v');
    const body = lines.slice(1);
    expect(body).toHaveLength(ROWS);
    const cs = body.map((l) => Number(l.split(',')[1]));
    expect(new Set(cs).size).toBe(ROWS);
    // The oracle: the bare driver's own read of the same table.
    const all = await direct.execute(`SELECT c FROM ${ks}.items`, [], { fetchSize: 5_000 });
    expect(new Set(cs)).toEqual(new Set(all.rows.map((r) => r.get('c') as number)));
    expect(body).toContain('1,1,1000000000000000000000,"v,1"');
    // The formula guard is on by default.
    expect(body.find((l) => l.split(',')[1] === '7')).toContain("'=cmd");
  });

  it('keeps text and blobs longer than the 64 KiB screen cut whole', async () => {
    await direct.execute(`CREATE TABLE IF NOT EXISTS ${ks}.big (k int PRIMARY KEY, t text, b blob)`);
    const long = 'é'.repeat(100_000);
    const bytes = Buffer.alloc(150_000, 7);
    await direct.execute(`INSERT INTO ${ks}.big (k, t, b) VALUES (1, ?, ?)`, [long, bytes], { prepare: true });
    const { text } = await collect('cassandra.tables.export', {
      connectionId: id,
      keyspace: ks,
      table: 'big',
      format: 'jsonl',
    });
    const row = JSON.parse(text.trim()) as { t: string; b: string };
    expect(row.t).toBe(long);
    expect(Buffer.from(row.b, 'base64').equals(bytes)).toBe(true);
  });

  it('stops at the limit and says so', async () => {
    const { done, text } = await collect('cassandra.tables.export', {
      connectionId: roId,
      keyspace: ks,
      table: 'items',
      format: 'jsonl',
      limit: 100,
    });
    expect(done).toMatchObject({ rows: 100, reason: 'limit' });
    const first = JSON.parse(text.split('\n')[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['p', 'c', 'big', 'v']);
  });

  it('answers NOT_FOUND for a table that does not exist', async () => {
    await expect(
      collect('cassandra.tables.export', { connectionId: id, keyspace: ks, table: 'nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages a query result into a file; a read-only connection exports a SELECT but nothing else', async () => {
    const { done, text } = await collect('cassandra.cql.export', {
      connectionId: roId,
      sessionId: 'e1',
      text: `SELECT c, v FROM ${ks}.items WHERE p = 3`,
      options: { pageSize: 2 },
      format: 'csv',
    });
    const expected = (await direct.execute(`SELECT c FROM ${ks}.items WHERE p = 3`)).rows.length;
    expect(done.rows).toBe(expected);
    expect(text.trimEnd().split('\n')).toHaveLength(expected + 1);
    await expect(
      collect('cassandra.cql.export', {
        connectionId: roId,
        sessionId: 'e1',
        text: `DELETE FROM ${ks}.items WHERE p = 3`,
      }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect((await direct.execute(`SELECT c FROM ${ks}.items WHERE p = 3`)).rows.length).toBe(expected);
  });
});

describe('ops views', () => {
  it('read the virtual tables of Cassandra 5: clients, settings, thread pools, caches, disk usage', async () => {
    for (const view of OpsView.options) {
      const r = await t.router.call('cassandra.ops.read', { connectionId: roId, view });
      expect(r.available, view).toBe(true);
      if (view !== 'size_estimates' && view !== 'sstable_tasks') expect(r.rows.length, view).toBeGreaterThan(0);
    }
    const pools = await t.router.call('cassandra.ops.read', { connectionId: id, view: 'thread_pools' });
    const names = pools.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['name', 'active_tasks', 'pending_tasks', 'blocked_tasks']));
    const clients = await t.router.call('cassandra.ops.read', { connectionId: id, view: 'clients' });
    expect(clients.columns.map((c) => c.name)).toContain('address');
  });
});

describe('import', () => {
  const importCsv = async (csv: string, extra: Record<string, unknown> = {}, conn = id) => {
    const events: ImportEvent[] = [];
    await t.router.subscribe(
      'cassandra.tables.import',
      { connectionId: conn, keyspace: ks, table: 'imported', csv, ...extra },
      { emit: (e: ImportEvent) => events.push(e) },
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    return done;
  };

  it('writes the valid rows, reports each bad one with its line, and writes nothing of a bad row', async () => {
    const csv = [
      'id,seq,amount,at,tags,note,ignored',
      'a,1,12.50,2026-12-02T10:00:00Z,"[""x"",""y""]",first,zzz',
      'a,2,not-a-number,2026-12-02T10:00:00Z,,bad amount,zzz',
      'b,1,0.000000000000000000001,2026-12-02T11:00:00Z,,"multi',
      'line, note",zzz',
      ',3,1,2026-12-02T10:00:00Z,,no key,zzz',
      'c,1,2',
      'c,2,99999999999999999999.99,2026-12-02T12:00:00Z,,,zzz',
    ].join('\n');
    const done = await importCsv(csv);
    expect(done).toMatchObject({ rows: 6, written: 3, failed: 3, stopped: false });
    expect(done.failures).toEqual([
      { line: 3, message: expect.stringContaining('amount') },
      { line: 6, message: 'id is part of the primary key and cannot be empty.' },
      { line: 7, message: 'Expected 7 fields as in the header, found 3.' },
    ]);
    const rows = await direct.execute(`SELECT id, seq, amount, tags, note FROM ${ks}.imported`);
    const got = rows.rows.map((r) => [r.get('id'), r.get('seq'), String(r.get('amount')), r.get('note')]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['a', 1, '12.50', 'first'],
        ['b', 1, '0.000000000000000000001', 'multi\nline, note'],
        ['c', 2, '99999999999999999999.99', null],
      ]),
    );
    expect(got).toHaveLength(3);
    expect(rows.rows.find((r) => r.get('id') === 'a')?.get('tags')).toEqual(['x', 'y']);
  });

  it('maps CSV columns explicitly and refuses a mapping without the primary key, before writing', async () => {
    await expect(importCsv('x,y\nq,1', { mapping: ['id', null] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('seq is not mapped'),
    });
    const done = await importCsv('key,n,text\nm,7,mapped', { mapping: ['id', 'seq', 'note'] });
    expect(done).toMatchObject({ written: 1, failed: 0 });
    const r = await direct.execute(`SELECT note FROM ${ks}.imported WHERE id = 'm' AND seq = 7`);
    expect(r.rows[0]?.get('note')).toBe('mapped');
  });

  it('is refused on a read-only connection, with nothing written', async () => {
    await expect(importCsv('id,seq\nro,1', {}, roId)).rejects.toMatchObject({ code: 'READ_ONLY' });
    const r = await direct.execute(`SELECT id FROM ${ks}.imported WHERE id = 'ro'`);
    expect(r.rows).toHaveLength(0);
  });
});
