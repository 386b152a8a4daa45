/**
 * CQL execution through the router against the local Cassandra 5: every CQL
 * type read back without loss and round-tripped through bound parameters,
 * paging by pageState, tracing, server warnings, USE per editor session,
 * errors with clear codes, and the read-only refusals with nothing written.
 */
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CqlValue, FetchAllEvent } from '../../../src/shared/contract/cassandra';
import { timeuuidTime } from '../../../src/shared/contract/cassandra';
import cassandraServer from '../../stack/servers/cassandra.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

const ks = uniqueName('sd_cql').replace(/-/g, '_');
const direct = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1' });
let t: TestCore;
let id: string;
let roId: string;

const run = (text: string, extra: Record<string, unknown> = {}, conn = id, sessionId = 's1') =>
  t.router.call('cassandra.cql.run', { connectionId: conn, sessionId, text, ...extra });

const COLUMNS = 'k, a, bi, b, bo, d, de, db, du, f, i, it, si, t, tm, ts, tu, ti, u, vc, vi, l, s, m, tup, udt, fm, v';
const LITERALS =
  "1, 'ascii', -9223372036854775808, 0xcafe00, true, '2026-12-02', 123456789012345678901234567890.000000000001, " +
  "1.5e300, 1mo2d3h4m5s6ms7us8ns, 1.1, '2001:db8::1', -2147483648, -32768, 'héllo ☃ \"quoted\"', '13:45:59.123456789', " +
  "'2026-12-02T10:20:30.456Z', 6f6a4ae0-d0a0-11f0-8de9-0242ac120002, -128, 123e4567-e89b-42d3-a456-426614174000, " +
  "'vc', 12345678901234567890123456789012345678901234567890, [3, 1, 2], {'b', 'a'}, {'x': 1, 'y': -2}, " +
  "(7, 'seven'), {x: 5, label: 'five'}, {2: ['b'], 1: ['a', 'c']}, [0.5, -1.25, 3.0]";

const EXPECTED: CqlValue[] = [
  { t: 'int', v: '1' },
  { t: 'string', v: 'ascii' },
  { t: 'long', v: '-9223372036854775808' },
  { t: 'binary', v: Buffer.from('cafe00', 'hex').toString('base64'), size: 3 },
  { t: 'bool', v: true },
  { t: 'other', type: 'date', v: '2026-12-02' },
  { t: 'decimal', v: '123456789012345678901234567890.000000000001' },
  { t: 'double', v: '1.5e+300' },
  { t: 'other', type: 'duration', v: '1mo2d3h4m5s6ms7us8ns' },
  { t: 'double', v: '1.1' },
  { t: 'other', type: 'inet', v: '2001:db8::1' },
  { t: 'int', v: '-2147483648' },
  { t: 'int', v: '-32768' },
  { t: 'string', v: 'héllo ☃ "quoted"' },
  { t: 'other', type: 'time', v: '13:45:59.123456789' },
  { t: 'date', v: '2026-12-02T10:20:30.456Z' },
  { t: 'other', type: 'timeuuid', v: '6f6a4ae0-d0a0-11f0-8de9-0242ac120002' },
  { t: 'int', v: '-128' },
  { t: 'uuid', v: '123e4567-e89b-42d3-a456-426614174000' },
  { t: 'string', v: 'vc' },
  { t: 'int', v: '12345678901234567890123456789012345678901234567890' },
  { t: 'array', v: ['3', '1', '2'].map((v) => ({ t: 'int', v }) as CqlValue) },
  { t: 'array', v: ['a', 'b'].map((v) => ({ t: 'string', v }) as CqlValue) },
  {
    t: 'object',
    v: [
      ['x', { t: 'int', v: '1' }],
      ['y', { t: 'int', v: '-2' }],
    ],
  },
  {
    t: 'array',
    v: [
      { t: 'int', v: '7' },
      { t: 'string', v: 'seven' },
    ],
  },
  {
    t: 'object',
    v: [
      ['x', { t: 'int', v: '5' }],
      ['label', { t: 'string', v: 'five' }],
    ],
  },
  {
    t: 'object',
    v: [
      [
        '1',
        {
          t: 'array',
          v: [
            { t: 'string', v: 'a' },
            { t: 'string', v: 'c' },
          ],
        },
      ],
      ['2', { t: 'array', v: [{ t: 'string', v: 'b' }] }],
    ],
  },
  { t: 'array', v: ['0.5', '-1.25', '3'].map((v) => ({ t: 'double', v }) as CqlValue) },
];

/** The same values as bound-parameter text, typed by the prepared statement's metadata. */
const PARAM_TEXT = [
  '2',
  'ascii',
  '-9223372036854775808',
  '0xcafe00',
  'true',
  '2026-12-02',
  '123456789012345678901234567890.000000000001',
  '1.5e300',
  '1mo2d3h4m5s6ms7us8ns',
  '1.1',
  '2001:db8::1',
  '-2147483648',
  '-32768',
  'héllo ☃ "quoted"',
  '13:45:59.123456789',
  '2026-12-02T10:20:30.456Z',
  '6f6a4ae0-d0a0-11f0-8de9-0242ac120002',
  '-128',
  '123e4567-e89b-42d3-a456-426614174000',
  'vc',
  '12345678901234567890123456789012345678901234567890',
  '[3, 1, 2]',
  '["b", "a"]',
  '{"x": 1, "y": -2}',
  '[7, "seven"]',
  '{"x": 5, "label": "five"}',
  '{"2": ["b"], "1": ["a", "c"]}',
  '[0.5, -1.25, 3.0]',
];

beforeAll(async () => {
  await requireServer(cassandraServer);
  await direct.connect();
  for (const q of [
    `CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    `CREATE KEYSPACE ${ks}_rf3 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`,
    `CREATE TABLE ${ks}_rf3.t (k int PRIMARY KEY)`,
    `CREATE TYPE ${ks}.pt (x int, label text)`,
    `CREATE TABLE ${ks}.alltypes (k int PRIMARY KEY, a ascii, bi bigint, b blob, bo boolean, d date, de decimal,
      db double, du duration, f float, i inet, it int, si smallint, t text, tm time, ts timestamp, tu timeuuid,
      ti tinyint, u uuid, vc varchar, vi varint, l list<int>, s set<text>, m map<text, int>, tup tuple<int, text>,
      udt frozen<pt>, fm frozen<map<int, list<text>>>, v vector<float, 3>)`,
    `CREATE TABLE ${ks}.rows (p int, c int, v text, PRIMARY KEY (p, c))`,
  ])
    await direct.execute(q);
  const insert = `INSERT INTO ${ks}.rows (p, c, v) VALUES (?, ?, ?)`;
  await Promise.all(Array.from({ length: 250 }, (_, c) => direct.execute(insert, [1, c, `v${c}`], { prepare: true })));
  t = await startTestCore();
  id = (await t.connect('cassandra')).id;
  roId = (await t.connect('cassandra', { readOnly: true })).id;
}, 120_000);

afterAll(async () => {
  await direct.execute(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => undefined);
  await direct.execute(`DROP KEYSPACE IF EXISTS ${ks}_rf3`).catch(() => undefined);
  await direct.shutdown();
  await t?.close();
}, 60_000);

describe('types', () => {
  it('reads every CQL type back without loss, nulls as null', async () => {
    const w = await run(`INSERT INTO ${ks}.alltypes (${COLUMNS}) VALUES (${LITERALS});`);
    expect(w.error).toBeNull();
    expect(w.results[0]).toMatchObject({ kind: 'write', consistency: 'LOCAL_QUORUM', columns: [] });
    const r = await run(`SELECT ${COLUMNS} FROM ${ks}.alltypes WHERE k = 1`);
    expect(r.error).toBeNull();
    const res = r.results[0];
    expect(res?.consistency).toBe('LOCAL_ONE');
    expect(res?.columns.map((c) => c.name)).toEqual(COLUMNS.split(', '));
    expect(res?.columns.find((c) => c.name === 'fm')?.type).toBe('map<int, list<text>>');
    expect(res?.rows[0]).toEqual(EXPECTED);
    expect(timeuuidTime('6f6a4ae0-d0a0-11f0-8de9-0242ac120002')?.startsWith('2025-')).toBe(true);
    await run(`INSERT INTO ${ks}.alltypes (k) VALUES (3)`);
    const n = await run(`SELECT k, a, l, udt FROM ${ks}.alltypes WHERE k = 3`);
    expect(n.results[0]?.rows[0]).toEqual([{ t: 'int', v: '3' }, { t: 'null' }, { t: 'null' }, { t: 'null' }]);
  });

  it('binds every type from text by the prepared metadata, and the row reads back identical', async () => {
    const text = `INSERT INTO ${ks}.alltypes (${COLUMNS}) VALUES (${COLUMNS.split(', ')
      .map(() => '?')
      .join(', ')})`;
    const prep = await t.router.call('cassandra.cql.prepare', { connectionId: id, sessionId: 's1', text });
    expect(prep.params.map((p) => p.type).slice(0, 4)).toEqual(['int', 'ascii', 'bigint', 'blob']);
    expect(prep.params[26]).toEqual({ name: 'fm', type: 'map<int, list<text>>' });
    const w = await run(text, { params: PARAM_TEXT.map((x) => ({ kind: 'value', text: x })) });
    expect(w.error).toBeNull();
    const r = await run(`SELECT ${COLUMNS} FROM ${ks}.alltypes WHERE k = 2`);
    expect(r.results[0]?.rows[0]).toEqual([{ t: 'int', v: '2' }, ...EXPECTED.slice(1)]);
  });

  it('refuses a parameter of the wrong type before anything is written, naming it; unset leaves a column alone', async () => {
    const text = `UPDATE ${ks}.alltypes SET it = ?, t = ? WHERE k = ?`;
    const e = await run(text, {
      params: [
        { kind: 'value', text: 'twelve' },
        { kind: 'value', text: 'x' },
        { kind: 'value', text: '1' },
      ],
    });
    expect(e.results).toEqual([]);
    expect(e.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(e.error?.message).toMatch(/Parameter 1 \(it\) \(int\): expected a whole number/);
    const after = await run(`SELECT it, t FROM ${ks}.alltypes WHERE k = 1`);
    expect(after.results[0]?.rows[0]?.[0]).toEqual({ t: 'int', v: '-2147483648' });
    await run(text, { params: [{ kind: 'unset' }, { kind: 'null' }, { kind: 'value', text: '1' }] });
    const again = await run(`SELECT it, t FROM ${ks}.alltypes WHERE k = 1`);
    expect(again.results[0]?.rows[0]).toEqual([{ t: 'int', v: '-2147483648' }, { t: 'null' }]);
  });
});

describe('paging, fetch all, tracing, warnings', () => {
  it('pages by pageState with no row twice and none missing', async () => {
    const text = `SELECT c FROM ${ks}.rows WHERE p = 1`;
    const seen: string[] = [];
    let pageState: string | undefined;
    let pages = 0;
    do {
      const r = await run(text, { options: { pageSize: 100 }, ...(pageState ? { pageState } : {}) });
      const res = r.results[0];
      seen.push(...(res?.rows ?? []).map((row) => (row[0] as { v: string }).v));
      pageState = res?.pageState ?? undefined;
      pages++;
    } while (pageState);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => String(i)));
  });

  it('fetches all rows up to a limit with progress, and says when it stopped early', async () => {
    const events: FetchAllEvent[] = [];
    await t.router.subscribe(
      'cassandra.cql.fetchAll',
      {
        connectionId: id,
        sessionId: 's1',
        text: `SELECT c FROM ${ks}.rows WHERE p = 1`,
        options: { pageSize: 60 },
        maxRows: 200,
      },
      { emit: (e: FetchAllEvent) => events.push(e) },
    );
    const rowEvents = events.filter((e) => e.type === 'rows');
    expect(rowEvents.map((e) => e.total)).toEqual([60, 120, 180, 200]);
    expect(events.at(-1)).toEqual({ type: 'done', total: 200, truncated: true, warnings: [] });
  });

  it('traces a run: coordinator, duration and events with source, elapsed and thread', async () => {
    const r = await run(`SELECT * FROM ${ks}.rows WHERE p = 1 LIMIT 5`, { options: { trace: true } });
    const trace = r.results[0]?.trace;
    expect(trace?.coordinator).toBe('127.0.0.1');
    expect(trace?.durationMicros).toBeGreaterThan(0);
    expect(trace?.events.length).toBeGreaterThan(0);
    expect(trace?.events[0]).toMatchObject({ source: '127.0.0.1', thread: expect.any(String) });
    expect(trace?.events.some((e) => (e.elapsedMicros ?? -1) >= 0)).toBe(true);
    const plain = await run(`SELECT * FROM ${ks}.rows WHERE p = 1 LIMIT 5`);
    expect(plain.results[0]?.trace).toBeNull();
  });

  it('shows the warnings the server returns', async () => {
    const r = await run(`SELECT count(*) FROM ${ks}.rows`);
    expect(r.results[0]?.warnings.join(' ')).toMatch(/Aggregation query used without partition key/);
  });
});

describe('sessions and statements in order', () => {
  it('USE changes only this editor’s keyspace; all statements run in order', async () => {
    const r = await run(
      `USE ${ks}; SELECT count(*) FROM rows WHERE p = 1; SELECT v FROM rows WHERE p = 1 AND c = 7;`,
      {},
      id,
      'use-a',
    );
    expect(r.error).toBeNull();
    expect(r.keyspace).toBe(ks);
    expect(r.results.map((x) => x.kind)).toEqual(['use', 'select', 'select']);
    expect(r.results[1]?.rows[0]?.[0]).toEqual({ t: 'long', v: '250' });
    expect(r.results[2]?.rows[0]?.[0]).toEqual({ t: 'string', v: 'v7' });
    const other = await run('SELECT v FROM rows WHERE p = 1 AND c = 7', {}, id, 'use-b');
    expect(other.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(other.error?.message).toMatch(/keyspace/i);
  });

  it('stops at the first error and reports which statement failed', async () => {
    const r = await run(`SELECT c FROM ${ks}.rows WHERE p = 1 LIMIT 1; SELEC nope; SELECT 1 FROM ${ks}.rows;`);
    expect(r.results).toHaveLength(1);
    expect(r.error).toMatchObject({ code: 'INVALID_INPUT', statement: 'SELEC nope;' });
    expect(r.error?.message).toMatch(/syntax error/i);
  });

  it('explains unknown tables, unknown columns and type mismatches', async () => {
    const cases = [
      [`SELECT * FROM ${ks}.nope`, /table nope/i],
      [`SELECT nope FROM ${ks}.rows`, /nope/],
      [`INSERT INTO ${ks}.rows (p, c, v) VALUES ('x', 1, 'a')`, /p|int|type/i],
    ] as const;
    for (const [text, msg] of cases) {
      const r = await run(text);
      expect(r.error?.code).toBe('INVALID_INPUT');
      expect(r.error?.message).toMatch(msg);
    }
  });

  it('answers UNREACHABLE with what to do when too few replicas are up (RF 3 on one node, QUORUM)', async () => {
    const r = await run(`SELECT * FROM ${ks}_rf3.t WHERE k = 1`, { options: { consistency: 'QUORUM' } });
    expect(r.error?.code).toBe('UNREACHABLE');
    expect(r.error?.message).toMatch(/2 required, 1 alive.*lower consistency/);
  });
});

describe('read-only connections', () => {
  it('run reads but refuse writes, schema changes and a write inside a batch, before anything runs', async () => {
    const ok = await run(`SELECT c FROM ${ks}.rows WHERE p = 1 LIMIT 1; USE ${ks}; DESCRIBE TABLES`, {}, roId);
    expect(ok.error).toBeNull();
    expect(ok.results.map((x) => x.kind)).toEqual(['select', 'use', 'describe']);
    const attempts = [
      `INSERT INTO ${ks}.rows (p, c, v) VALUES (9, 9, 'ro')`,
      `SELECT * FROM ${ks}.rows; UPDATE ${ks}.rows SET v = 'ro' WHERE p = 9 AND c = 9`,
      `BEGIN BATCH INSERT INTO ${ks}.rows (p, c, v) VALUES (9, 9, 'ro'); APPLY BATCH`,
      `/* SELECT */ DELETE FROM ${ks}.rows WHERE p = 1`,
      `TRUNCATE ${ks}.rows`,
      `DROP TABLE ${ks}.rows`,
      `CREATE TABLE ${ks}.ro (k int PRIMARY KEY)`,
    ];
    for (const text of attempts) {
      const e = await run(text, {}, roId).catch((x: unknown) => x);
      expect(e, text).toMatchObject({ code: 'READ_ONLY' });
    }
    const count = (await direct.execute(`SELECT count(*) FROM ${ks}.rows WHERE p = 1`)).first().get(0);
    expect(String(count)).toBe('250');
    expect((await direct.execute(`SELECT * FROM ${ks}.rows WHERE p = 9`)).rowLength).toBe(0);
    const tables = await direct.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [ks]);
    expect(tables.rows.map((x) => x.get('table_name')).sort()).toEqual(['alltypes', 'rows']);
  });
});
