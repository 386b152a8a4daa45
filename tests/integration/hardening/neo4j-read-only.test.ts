/**
 * Honest read-only guard tests for Neo4j (issue #8), against the local
 * stack's Neo4j. The oracle is a bare neo4j-driver of the test's own: this
 * run's nodes (labels, properties) and relationships, its indexes and
 * constraints, and a transaction of the oracle's own that is left open (so a
 * terminate that got through would show).
 *
 * (a) Every method flagged `writes`, with valid input, on a read-only profile:
 *     READ_ONLY and the server unchanged; the same call on a writable profile
 *     changes it (the oracle sees each write).
 * (b) Every method not flagged `writes`, with valid input, on a writable
 *     profile: the server unchanged (catches a writer nobody flagged).
 * (c) Every neo4j.* method of the contract is classified here.
 * Queries are unflagged and write by their content: a read-only profile runs
 * them in a READ transaction, so the server refuses a write.
 */
import neo4j, { type Session, type Transaction } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4jServer from '../../stack/servers/neo4j.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer } from '../helpers/servers';
import { RUN_ID } from '../kafka/support';
import { attemptCall, classification, type Case } from './readOnlySupport';

const suffix = RUN_ID.replace(/-/g, '_');
const L = `SdRo_${suffix}`;
const driver = neo4j.driver('bolt://127.0.0.1:7687', neo4j.auth.basic('', ''), { disableLosslessIntegers: true });
let t: TestCore;
let readOnlyId: string;
let writableId: string;
let session: Session;
let openTx: Transaction;

/** The oracle's own open transaction, found by its metadata. */
async function openTxId(): Promise<string> {
  const txs = await transactions();
  if (txs.length !== 1) throw new Error(`expected the one open transaction, found ${txs.length}`);
  return (txs[0] as { id: string }).id;
}

async function transactions(): Promise<Array<{ id: string; status: string }>> {
  const r = await driver.executeQuery(
    'SHOW TRANSACTIONS YIELD transactionId, metaData, status RETURN transactionId, metaData, status',
  );
  return r.records
    .filter((x) => (x.get('metaData') as Record<string, unknown> | null)?.sdRo === RUN_ID)
    .map((x) => ({ id: x.get('transactionId') as string, status: x.get('status') as string }));
}

const WRITERS: Record<string, Case> = {
  'neo4j.schema.index.create': {
    input: () => ({ name: `ro_idx_${suffix}`, kind: 'RANGE', entity: 'node', labelsOrTypes: [L], properties: ['p'] }),
  },
  'neo4j.schema.constraint.create': {
    input: () => ({ name: `ro_con_${suffix}`, kind: 'UNIQUE', entity: 'node', labelOrType: L, properties: ['q'] }),
  },
  'neo4j.schema.drop': { input: () => ({ kind: 'index', name: `ro_idx_${suffix}` }) },
  'neo4j.transactions.terminate': { input: async () => ({ ids: [await openTxId()] }) },
};

const match = `MATCH (n:${L}) RETURN n.p AS p`;
const READERS: Record<string, Case> = {
  'neo4j.query.run': { input: () => ({ query: match }), stream: true },
  'neo4j.query.export': { input: () => ({ query: match, format: 'jsonl' }), stream: true },
  'neo4j.databases.list': { input: () => ({}) },
  'neo4j.schema.completion': { input: () => ({}) },
  'neo4j.schema.overview': { input: () => ({}) },
  'neo4j.system.info': { input: () => ({}) },
  'neo4j.transactions.list': { input: () => ({}) },
};

const create = `CREATE (n:${L} {p: 99}) RETURN n.p AS p`;
const CONTENT_WRITERS: Array<[string, string, Case]> = [
  ['neo4j.query.run', 'a CREATE', { input: () => ({ query: create }), stream: true }],
  ['neo4j.query.run', 'a DELETE', { input: () => ({ query: `MATCH (n:${L} {p: 1}) DETACH DELETE n` }), stream: true }],
];

/** An export runs its query again in a READ transaction on any profile: a writing query is refused everywhere. */
const EXPORT_WRITE: Case = { input: () => ({ query: create, format: 'jsonl' }), stream: true };

async function snapshot(): Promise<string> {
  const nodes = await driver.executeQuery(
    `MATCH (n:${L}) OPTIONAL MATCH (n)-[r]->(m) RETURN properties(n) AS n, type(r) AS r, properties(m) AS m`,
  );
  const schema = async (what: string): Promise<string[]> =>
    (await driver.executeQuery(`SHOW ${what} YIELD name RETURN name`)).records
      .map((x) => x.get('name') as string)
      .filter((n) => n.includes(suffix))
      .sort();
  return JSON.stringify({
    graph: nodes.records.map((x) => JSON.stringify([x.get('n'), x.get('r'), x.get('m')])).sort(),
    indexes: await schema('INDEXES'),
    constraints: await schema('CONSTRAINTS'),
    // A terminated transaction stays listed until its client hears of it: its status says it.
    transactions: (await transactions()).map((x) => `${x.id} ${x.status}`),
  });
}

beforeAll(async () => {
  await requireServer(neo4jServer);
  await driver.executeQuery(`CREATE (:${L} {p: 1})-[:SD_RO_REL]->(:${L} {p: 2})`);
  session = driver.session();
  openTx = session.beginTransaction({ metadata: { sdRo: RUN_ID } });
  await openTx.run('RETURN 1');
  t = await startTestCore();
  readOnlyId = (await t.connect('neo4j', { name: `ro ${RUN_ID}`, readOnly: true })).id;
  writableId = (await t.connect('neo4j', { name: `rw ${RUN_ID}` })).id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await openTx?.rollback().catch(() => undefined);
  await session?.close().catch(() => undefined);
  await driver.executeQuery(`MATCH (n:${L}) DETACH DELETE n`).catch(() => undefined);
  for (const what of ['INDEX', 'CONSTRAINT'])
    await driver
      .executeQuery(`DROP ${what} ro_${what === 'INDEX' ? 'idx' : 'con'}_${suffix} IF EXISTS`)
      .catch(() => undefined);
  await driver.close();
});

// Streams here end by themselves; the long limit only bounds a stuck one.
const run = (name: string, c: Case, connectionId: string) => attemptCall(t, name, c, connectionId, 30_000);

it('every neo4j.* method of the contract is classified here, by the same flag the guard reads', () => {
  expect(classification('neo4j.', WRITERS, READERS)).toEqual({ missing: [], misflagged: [] });
});

describe('methods not flagged as writing leave the server unchanged (writable profile)', () => {
  it.each(Object.keys(READERS))('%s', async (name) => {
    const before = await snapshot();
    expect(await run(name, READERS[name] as Case, writableId)).toBeNull();
    expect(await snapshot()).toBe(before);
  });
});

const writing: Array<[string, string, Case]> = [
  ...Object.entries(WRITERS).map(([n, c]) => [n, 'valid input', c] as [string, string, Case]),
  ...CONTENT_WRITERS,
];

describe('writing methods (and writing queries) on a read-only profile: READ_ONLY and the server unchanged', () => {
  it.each(writing)('%s with %s', async (name, _what, c) => {
    const before = await snapshot();
    const err = await run(name, c, readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    expect(await snapshot()).toBe(before);
  });
});

it.each([
  ['read-only', () => readOnlyId],
  ['writable', () => writableId],
])('an export of a writing query is refused on a %s profile and writes nothing', async (_label, id) => {
  const before = await snapshot();
  const err = await run('neo4j.query.export', EXPORT_WRITE, id());
  expect(err?.code).toBe('INVALID_INPUT');
  expect(err?.message).toMatch(/READ transaction/);
  expect(await snapshot()).toBe(before);
});

describe('the same writes on a writable profile change the server (the oracle sees them)', () => {
  it.each(writing.filter(([, , c]) => !c.noEffect))('%s with %s', async (name, _what, c) => {
    const before = await snapshot();
    expect(await run(name, c, writableId)).toBeNull();
    expect(await snapshot()).not.toBe(before);
  });
});
