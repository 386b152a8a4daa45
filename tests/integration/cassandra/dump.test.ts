/**
 * Dump and restore of a keyspace through the router against the local
 * Cassandra: schema (a UDT, a table with every kind of value, an index) and
 * data dumped into one folder, restored into a new keyspace with the same
 * rows (checked with a bare driver), never over an existing keyspace, and
 * refused on a read-only connection.
 */
import cassandra from 'cassandra-driver';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpEvent, RestoreEvent } from '../../../src/shared/contract/cassandra';
import cassandraServer from '../../stack/servers/cassandra.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

const ks = uniqueName('sd_dump').replace(/-/g, '_');
const target = `${ks}_copy`;
const direct = new cassandra.Client({
  contactPoints: ['127.0.0.1'],
  localDataCenter: 'datacenter1',
  socketOptions: { readTimeout: 60_000 },
});
let t: TestCore;
let id: string;
let roId: string;

beforeAll(async () => {
  await requireServer(cassandraServer);
  await direct.connect();
  for (const q of [
    `CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    `CREATE TYPE ${ks}.pt (x int, label text)`,
    `CREATE TABLE ${ks}."Mixed" (k int, c bigint, b blob, d decimal, vi varint, ts timestamp, tu timeuuid,
      du duration, l list<int>, m map<int, text>, p frozen<pt>, tup tuple<int, text>, PRIMARY KEY (k, c))`,
    `CREATE INDEX ON ${ks}."Mixed" (d)`,
    `CREATE TABLE ${ks}.empty (k int PRIMARY KEY)`,
  ])
    await direct.execute(q);
  const insert = `INSERT INTO ${ks}."Mixed" (k, c, b, d, vi, ts, tu, du, l, m, p, tup) VALUES (?, ?, 0xcafe00, 12345678901234567890.000000000001, 123456789012345678901234567890, '2026-12-02T10:20:30.456Z', 6f6a4ae0-d0a0-11f0-8de9-0242ac120002, 1mo2d3h, [3, 1], {2: 'b', 1: 'a'}, {x: 5, label: 'five'}, (7, 'seven'))`;
  for (let i = 0; i < 300; i++)
    await direct.execute(insert, [i % 7, cassandra.types.Long.fromString('-9223372036854775808').add(i)], {
      prepare: true,
    });
  t = await startTestCore();
  id = (await t.connect('cassandra')).id;
  roId = (await t.connect('cassandra', { readOnly: true })).id;
}, 180_000);

afterAll(async () => {
  for (const k of [ks, target]) await direct.execute(`DROP KEYSPACE IF EXISTS ${k}`).catch(() => undefined);
  await direct.shutdown();
  await t?.close();
}, 60_000);

const rowsOf = async (k: string): Promise<string[]> =>
  (await direct.execute(`SELECT * FROM ${k}."Mixed"`, [], { fetchSize: 5_000 })).rows
    .map((r) => JSON.stringify(r.keys().map((c) => String(r.get(c)))))
    .sort();

describe('dump and restore', () => {
  let dumpId = '';

  it('dumps the DDL and every table into one folder, and lists it', async () => {
    const events: DumpEvent[] = [];
    await t.router.subscribe(
      'cassandra.keyspaces.dump',
      { connectionId: roId, keyspace: ks },
      {
        emit: (e: DumpEvent) => events.push(e),
      },
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    dumpId = done.dump.dumpId;
    expect(done.dump.tables).toEqual([
      { name: 'Mixed', rows: 300 },
      { name: 'empty', rows: 0 },
    ]);
    const files = await readdir(done.dump.path);
    expect(files).toEqual(expect.arrayContaining(['schema.cql', 'manifest.json']));
    expect(files.filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);
    const list = await t.router.call('cassandra.dumps.list', {});
    expect(list.dumps.map((d) => d.dumpId)).toContain(dumpId);
  }, 120_000);

  it('restores into a new keyspace with the schema renamed and every row identical', async () => {
    const events: RestoreEvent[] = [];
    await t.router.subscribe(
      'cassandra.keyspaces.restore',
      { connectionId: id, dumpId, targetKeyspace: target },
      { emit: (e: RestoreEvent) => events.push(e) },
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.failures).toEqual([]);
    expect(done.tables).toEqual([
      { name: 'Mixed', written: 300, failed: 0 },
      { name: 'empty', written: 0, failed: 0 },
    ]);
    expect(await rowsOf(target)).toEqual(await rowsOf(ks));
    const idx = await direct.execute('SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?', [target], {
      prepare: true,
    });
    expect(idx.rows).toHaveLength(1);
    const udt = await direct.execute('SELECT type_name FROM system_schema.types WHERE keyspace_name = ?', [target], {
      prepare: true,
    });
    expect(udt.rows.map((r) => r.get('type_name'))).toEqual(['pt']);
  }, 180_000);

  it('never restores over an existing keyspace, and is refused on a read-only connection', async () => {
    await expect(
      t.router.subscribe(
        'cassandra.keyspaces.restore',
        { connectionId: id, dumpId, targetKeyspace: ks },
        { emit: () => undefined },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      t.router.subscribe(
        'cassandra.keyspaces.restore',
        { connectionId: roId, dumpId, targetKeyspace: `${ks}_ro` },
        { emit: () => undefined },
      ),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    const ro = await direct.execute(
      'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [`${ks}_ro`],
      { prepare: true },
    );
    expect(ro.rows).toHaveLength(0);
  });
});
