/**
 * Honest read-only guard tests for Cassandra (issue #8), against the local
 * stack's Cassandra. The oracle is a bare cassandra-driver client of the
 * test's own: this run's keyspaces, their tables, columns and indexes
 * (system_schema) and every row.
 *
 * (a) Every method flagged `writes`, with valid input, on a read-only profile:
 *     READ_ONLY and the server unchanged; the same call on a writable profile
 *     changes it (the oracle sees each write).
 * (b) Every method not flagged `writes`, with valid input, on a writable
 *     profile: the server unchanged (catches a writer nobody flagged). Preparing
 *     an INSERT is among them: it must not run it.
 * (c) Every cassandra.* method of the contract is classified here.
 * The CQL methods are unflagged and write by their content: core's own
 * statement guard refuses writes and schema changes when read-only.
 */
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpEvent } from '../../../src/shared/contract/cassandra';
import cassandraServer from '../../stack/servers/cassandra.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer } from '../helpers/servers';
import { RUN_ID } from '../kafka/support';
import { attemptCall, classification, type Case } from './readOnlySupport';

const PREFIX = `sd_it_ro_${RUN_ID.replace(/-/g, '_')}`;
const KS = `${PREFIX}_a`;
const COPY = `${PREFIX}_copy`;
const direct = new cassandra.Client({
  contactPoints: ['127.0.0.1'],
  localDataCenter: 'datacenter1',
  socketOptions: { readTimeout: 60_000 },
});
let t: TestCore;
let readOnlyId: string;
let writableId: string;
let current = '';
const T = { keyspace: KS, table: 't' };
const session = { sessionId: `ro-${RUN_ID}` };

/** A dump of KS made on the writable profile (a dump is a reader), for the restore. */
async function dumpId(): Promise<string> {
  if (current !== writableId) return 'not-dumped';
  let id = '';
  await t.router.subscribe(
    'cassandra.keyspaces.dump',
    { connectionId: writableId, keyspace: KS },
    { emit: (e: DumpEvent) => void (e.type === 'done' && (id = e.dump.dumpId)) },
  );
  if (!id) throw new Error('the dump gave no id');
  return id;
}

const WRITERS: Record<string, Case> = {
  'cassandra.tables.import': { input: () => ({ ...T, csv: 'k,v\n5,five\n' }), stream: true },
  'cassandra.keyspaces.restore': {
    input: async () => ({ dumpId: await dumpId(), targetKeyspace: COPY }),
    stream: true,
  },
};

const select = `SELECT * FROM ${KS}.t`;
const READERS: Record<string, Case> = {
  'cassandra.cluster.describe': { input: () => ({}) },
  'cassandra.keyspaces.list': { input: () => ({}) },
  'cassandra.keyspaces.ddl': { input: () => ({ keyspace: KS }) },
  'cassandra.tables.describe': { input: () => ({ ...T }) },
  'cassandra.cql.run': { input: () => ({ ...session, text: select }) },
  'cassandra.cql.fetchAll': { input: () => ({ ...session, text: select }), stream: true },
  'cassandra.cql.analyze': { input: () => ({ text: `INSERT INTO ${KS}.t (k, v) VALUES (9, 'nine')` }) },
  'cassandra.cql.complete': { input: () => ({ ...session, text: `SELECT * FROM ${KS}.`, pos: 15 + KS.length }) },
  // Preparing is not running: an INSERT prepared leaves the table as it was.
  'cassandra.cql.prepare': { input: () => ({ ...session, text: `INSERT INTO ${KS}.t (k, v) VALUES (?, ?)` }) },
  'cassandra.ops.read': { input: () => ({ view: 'settings' }) },
  'cassandra.tables.export': { input: () => ({ ...T, format: 'jsonl' }), stream: true },
  'cassandra.keyspaces.dump': { input: () => ({ keyspace: KS }), stream: true },
  'cassandra.dumps.list': { input: () => ({}) },
  'cassandra.cql.export': { input: () => ({ ...session, text: select, format: 'jsonl' }), stream: true },
};

const insert = `INSERT INTO ${KS}.t (k, v) VALUES (7, 'seven')`;
const CONTENT_WRITERS: Array<[string, string, Case]> = [
  ['cassandra.cql.run', 'an INSERT', { input: () => ({ ...session, text: insert }) }],
  [
    'cassandra.cql.run',
    'a schema change',
    { input: () => ({ ...session, text: `CREATE TABLE ${KS}.u (k int PRIMARY KEY)` }) },
  ],
  [
    'cassandra.cql.run',
    'a SELECT then a DELETE',
    { input: () => ({ ...session, text: `${select}; DELETE FROM ${KS}.t WHERE k = 1` }) },
  ],
  [
    'cassandra.cql.export',
    'an INSERT',
    {
      input: () => ({ ...session, text: insert, format: 'jsonl' }),
      stream: true,
      noEffect: 'export runs only a SELECT on any profile',
    },
  ],
];

async function snapshot(): Promise<string> {
  const spaces = (await direct.execute('SELECT keyspace_name FROM system_schema.keyspaces')).rows
    .map((r) => String(r.get('keyspace_name')))
    .filter((k) => k.startsWith(PREFIX))
    .sort();
  const state: Record<string, unknown> = {};
  for (const ks of spaces) {
    const q = async (table: string, cols: string): Promise<string[]> =>
      (await direct.execute(`SELECT ${cols} FROM system_schema.${table} WHERE keyspace_name = ?`, [ks])).rows
        .map((r) => JSON.stringify(r.values().map(String)))
        .sort();
    const tables = (await q('tables', 'table_name')).map((s) => (JSON.parse(s) as string[])[0] as string);
    state[ks] = {
      columns: await q('columns', 'table_name, column_name, type, kind'),
      indexes: await q('indexes', 'table_name, index_name'),
    };
    for (const table of tables)
      state[`${ks}.${table}`] = (await direct.execute(`SELECT * FROM ${ks}."${table}"`, [], { fetchSize: 5000 })).rows
        .map((r) => JSON.stringify(r.values().map(String)))
        .sort();
  }
  return JSON.stringify(state);
}

beforeAll(async () => {
  await requireServer(cassandraServer);
  await direct.connect();
  await direct.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
  await direct.execute(`CREATE TABLE ${KS}.t (k int PRIMARY KEY, v text)`);
  for (const [k, v] of [
    [1, 'one'],
    [2, 'two'],
  ] as const)
    await direct.execute(`INSERT INTO ${KS}.t (k, v) VALUES (?, ?)`, [k, v], { prepare: true });
  t = await startTestCore();
  readOnlyId = (await t.connect('cassandra', { name: `ro ${RUN_ID}`, readOnly: true })).id;
  writableId = (await t.connect('cassandra', { name: `rw ${RUN_ID}` })).id;
}, 180_000);

afterAll(async () => {
  await t?.close();
  for (const k of [KS, COPY]) await direct.execute(`DROP KEYSPACE IF EXISTS ${k}`).catch(() => undefined);
  await direct.shutdown();
}, 60_000);

async function run(name: string, c: Case, connectionId: string) {
  current = connectionId;
  // Streams here end by themselves; the long limit only bounds a stuck one.
  return attemptCall(t, name, c, connectionId, 60_000);
}

it('every cassandra.* method of the contract is classified here, by the same flag the guard reads', () => {
  expect(classification('cassandra.', WRITERS, READERS)).toEqual({ missing: [], misflagged: [] });
});

describe('methods not flagged as writing leave the server unchanged (writable profile)', () => {
  it.each(Object.keys(READERS))('%s', { timeout: 90_000 }, async (name) => {
    const before = await snapshot();
    expect(await run(name, READERS[name] as Case, writableId)).toBeNull();
    expect(await snapshot()).toBe(before);
  });
});

const writing: Array<[string, string, Case]> = [
  ...Object.entries(WRITERS).map(([n, c]) => [n, 'valid input', c] as [string, string, Case]),
  ...CONTENT_WRITERS,
];

describe('writing methods (and writing CQL) on a read-only profile: READ_ONLY and the server unchanged', () => {
  it.each(writing)('%s with %s', async (name, _what, c) => {
    const before = await snapshot();
    const err = await run(name, c, readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    expect(await snapshot()).toBe(before);
  });
});

describe('the same writes on a writable profile change the server (the oracle sees them)', () => {
  it.each(writing.filter(([, , c]) => !c.noEffect))('%s with %s', { timeout: 120_000 }, async (name, _what, c) => {
    const before = await snapshot();
    expect(await run(name, c, writableId)).toBeNull();
    expect(await snapshot()).not.toBe(before);
  });
});
