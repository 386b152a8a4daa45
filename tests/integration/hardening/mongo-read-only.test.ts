/**
 * Honest read-only guard tests for MongoDB (issue #8), against the local
 * stack's FerretDB. The oracle is a bare MongoClient of the test's own: this
 * run's databases, each collection's options (validator), indexes and every
 * document as canonical Extended JSON.
 *
 * (a) Every method flagged `writes`, with valid input, on a read-only profile:
 *     READ_ONLY and the server unchanged; the same call on a writable profile
 *     changes it (the oracle sees each write), except where FerretDB cannot
 *     do it (said per case).
 * (b) Every method not flagged `writes`, with valid input, on a writable
 *     profile: the server unchanged (catches a writer nobody flagged). An
 *     aggregation preview with a $out stage is among them: it must not write.
 * (c) Every mongo.* method of the contract is classified here.
 * Pipelines with $out or $merge (run, explain, export) are unflagged methods
 * that write by their content: core's own guard refuses them when read-only.
 */
import { BSON, MongoClient } from 'mongodb';

const { EJSON } = BSON;
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ferretdb, { MONGODB_URI } from '../../stack/servers/ferretdb.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer } from '../helpers/servers';
import { RUN_ID } from '../kafka/support';
import { attemptCall, classification, type Case } from './readOnlySupport';

const PREFIX = `sd_it_ro_${RUN_ID.replace(/-/g, '_')}`;
const DB = `${PREFIX}_a`;
const DB2 = `${PREFIX}_b`;
const bare = new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
let t: TestCore;
let readOnlyId: string;
let writableId: string;
const C = { db: DB, collection: 'c' };
const doc1 = { _id: 1, v: 1 };

/** An import opened on the writable profile (begin alone writes nothing), so chunk and cancel have one. */
async function importId(connectionId: string): Promise<string> {
  if (connectionId !== writableId) return 'not-begun';
  const r = await t.router.call('mongo.import.begin', { connectionId, ...C, format: 'jsonl' });
  return r.importId;
}

const WRITERS = (cid: () => string): Record<string, Case> => ({
  'mongo.databases.create': { input: () => ({ db: DB2, collection: 'first' }) },
  'mongo.collections.create': { input: () => ({ db: DB, collection: 'created' }) },
  'mongo.documents.insert': { input: () => ({ ...C, text: '{"_id": 10, "v": 10}' }) },
  'mongo.documents.replace': {
    input: () => ({ ...C, original: EJSON.stringify(doc1, { relaxed: false }), replacement: '{"_id": 1, "v": 100}' }),
  },
  'mongo.documents.updateMany': { input: () => ({ ...C, filter: '{ _id: 2 }', update: '{ $set: { v: 0 } }' }) },
  'mongo.documents.delete': { input: () => ({ ...C, id: '{"$numberInt":"3"}' }) },
  'mongo.documents.deleteMany': { input: () => ({ ...C, filter: '{ _id: 4 }' }) },
  'mongo.indexes.create': { input: () => ({ ...C, keys: '{ v: 1 }', options: { name: 'v_1' } }) },
  'mongo.indexes.drop': { input: () => ({ ...C, name: 'v_1', confirmName: 'v_1' }) },
  'mongo.validation.set': {
    input: () => ({ ...C, validator: '{ v: { $exists: true } }' }),
    noEffect: 'FerretDB has no collMod',
  },
  'mongo.server.killOp': {
    input: () => ({ opid: '12345' }),
    noEffect: 'FerretDB has no killOp; an operation killed leaves no state to read anyway',
  },
  'mongo.import.begin': { input: () => ({ ...C, format: 'jsonl' }), noEffect: 'begin opens an import; chunk writes' },
  'mongo.import.chunk': {
    input: async () => ({ importId: await importId(cid()), text: '{"_id": 20, "v": 20}\n', last: true }),
  },
  'mongo.collections.drop': { input: () => ({ db: DB, collection: 'created', confirmName: 'created' }) },
  'mongo.databases.drop': { input: () => ({ db: DB2, confirmName: DB2 }) },
});

const find = { kind: 'find', query: {} };
const READERS = (cid: () => string): Record<string, Case> => ({
  'mongo.server.info': { input: () => ({}) },
  'mongo.databases.list': { input: () => ({}) },
  'mongo.databases.stats': { input: () => ({ db: DB }) },
  'mongo.collections.list': { input: () => ({ db: DB }) },
  'mongo.collections.stats': { input: () => ({ ...C }) },
  'mongo.collections.sizes': { input: () => ({ db: DB, names: ['c'] }) },
  'mongo.documents.find': { input: () => ({ ...C, query: { filter: '{ v: { $gt: 0 } }' } }) },
  'mongo.documents.count': { input: () => ({ ...C, filter: '{}' }) },
  'mongo.documents.get': { input: () => ({ ...C, id: '{"$numberInt":"1"}' }) },
  // A preview does not run an output stage, so even one with $out leaves the server as it was.
  'mongo.aggregate.preview': {
    input: () => ({ ...C, stages: [{ text: '{ $match: {} }' }, { text: `{ $out: "previewed" }` }] }),
  },
  'mongo.aggregate.run': { input: () => ({ ...C, pipeline: '[{ $match: { v: { $gt: 0 } } }]' }) },
  'mongo.query.explain': { input: () => ({ ...C, source: find }) },
  'mongo.indexes.list': { input: () => ({ ...C }) },
  'mongo.schema.analyze': { input: () => ({ ...C }) },
  'mongo.validation.get': { input: () => ({ ...C }) },
  'mongo.validation.preview': { input: () => ({ ...C, validator: '{ v: { $exists: true } }' }) },
  'mongo.server.status': { input: () => ({}) },
  'mongo.server.ops': { input: () => ({}) },
  'mongo.documents.export': { input: () => ({ ...C, source: find, format: 'jsonl' }), stream: true },
  'mongo.import.preview': { input: () => ({ format: 'jsonl', text: '{"_id": 30}\n' }) },
  'mongo.import.cancel': { input: async () => ({ importId: await importId(cid()) }) },
});

const out = `[{ $match: {} }, { $out: "written_by_out" }]`;
const CONTENT_WRITERS: Record<string, Case> = {
  'mongo.aggregate.run': { input: () => ({ ...C, pipeline: out }) },
  'mongo.query.explain': { input: () => ({ ...C, source: { kind: 'aggregate', pipeline: out } }) },
  'mongo.documents.export': {
    input: () => ({ ...C, source: { kind: 'aggregate', pipeline: out }, format: 'jsonl' }),
    stream: true,
  },
};

async function snapshot(): Promise<string> {
  const { databases } = await bare.db('admin').admin().listDatabases({ nameOnly: true });
  const names = databases
    .map((d) => d.name)
    .filter((n) => n.startsWith(PREFIX))
    .sort();
  const state: Record<string, unknown> = {};
  for (const name of names) {
    const db = bare.db(name);
    const colls = (await db.listCollections().toArray()).sort((a, b) => a.name.localeCompare(b.name));
    for (const c of colls) {
      const coll = db.collection(c.name);
      state[`${name}.${c.name}`] = {
        options: 'options' in c ? c.options : null,
        indexes: (await coll.indexes()).map((i) => JSON.stringify([i.name, i.key])).sort(),
        docs: EJSON.stringify(await coll.find().sort({ _id: 1 }).toArray(), { relaxed: false }),
      };
    }
  }
  return JSON.stringify(state);
}

let current = '';
const writers = WRITERS(() => current);
const readers = READERS(() => current);

beforeAll(async () => {
  await requireServer(ferretdb);
  await bare.connect();
  await bare
    .db(DB)
    .collection<{ _id: number; v: number }>('c')
    .insertMany([doc1, { _id: 2, v: 2 }, { _id: 3, v: 3 }, { _id: 4, v: 4 }]);
  t = await startTestCore();
  readOnlyId = (await t.connect('mongo', { name: `ro ${RUN_ID}`, readOnly: true })).id;
  writableId = (await t.connect('mongo', { name: `rw ${RUN_ID}` })).id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  for (const db of [DB, DB2])
    await bare
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
  await bare.close();
});

async function run(name: string, c: Case, connectionId: string) {
  current = connectionId;
  return attemptCall(t, name, c, connectionId);
}

it('every mongo.* method of the contract is classified here, by the same flag the guard reads', () => {
  expect(classification('mongo.', writers, readers)).toEqual({ missing: [], misflagged: [] });
});

describe('methods not flagged as writing leave the server unchanged (writable profile)', () => {
  it.each(Object.keys(readers))('%s', async (name) => {
    const before = await snapshot();
    expect(await run(name, readers[name] as Case, writableId)).toBeNull();
    expect(await snapshot()).toBe(before);
  });
});

describe('writing methods (and writing pipelines) on a read-only profile: READ_ONLY and the server unchanged', () => {
  const cases = [
    ...Object.entries(writers).map(([n, c]) => [n, c] as const),
    ...Object.entries(CONTENT_WRITERS).map(([n, c]) => [`${n} with $out`, c] as const),
  ];
  it.each(cases)('%s', async (label, c) => {
    const before = await snapshot();
    const err = await run(label.split(' ')[0] as string, c, readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    expect(await snapshot()).toBe(before);
  });
});

describe('the same writes on a writable profile change the server (the oracle sees them)', () => {
  // In the order of WRITERS: each finds what the ones before it left (the drops come last).
  it.each(Object.keys(writers).filter((n) => !writers[n]?.noEffect))('%s', async (name) => {
    const before = await snapshot();
    expect(await run(name, writers[name] as Case, writableId)).toBeNull();
    expect(await snapshot()).not.toBe(before);
  });
});
