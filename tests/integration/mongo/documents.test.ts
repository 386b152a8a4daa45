/**
 * The MongoDB browse and query path through the router, against the local
 * FerretDB: databases and collections with stats, typed find with paging, the
 * type round trip (written by the bare driver, read by Stackdeck, written back
 * by Stackdeck, read by the bare driver), counts, guarded replace with its
 * conflict, bad input with nothing sent, and read-only refusals for every
 * writing `mongo.*` method with the server left unchanged. The oracle is the
 * bare `mongodb` driver, not the code under test.
 */
import { BSON, MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindPage, QueryTextInput } from '../../../src/shared/contract/mongo/documents';
import { toEjson, type DocValue } from '../../../src/shared/contract/mongo/value';
import { contract, type ContractName } from '../../../src/shared/contract';
import { StackdeckError } from '../../../src/shared/errors';
import ferretdb, { MONGODB_URI } from '../../stack/servers/ferretdb.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

const { Binary, BSONRegExp, Double, Int32, Long, ObjectId, Timestamp, UUID } = BSON;

const dbName = uniqueName('sd-it-mongo').replace(/-/g, '_');
const bare = new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 30_000 });
let t: TestCore;
let id: string;
let readOnlyId: string;

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StackdeckError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const field = (v: DocValue, name: string): DocValue | undefined =>
  v.t === 'object' ? v.v.find(([k]) => k === name)?.[1] : undefined;
const canonical = (v: DocValue): string => JSON.stringify(toEjson(v, 'canonical'));

beforeAll(async () => {
  await requireServer(ferretdb);
  await bare.connect();
  t = await startTestCore();
  id = (await t.connect('mongo')).id;
  readOnlyId = (await t.connect('mongo', { name: `ro mongo ${Date.now()}`, readOnly: true })).id;
});

afterAll(async () => {
  await bare
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await bare.close();
  await t?.close();
});

describe('server, databases and collections', () => {
  it('detects what FerretDB supports', async () => {
    const info = await t.router.call('mongo.server.info', { connectionId: id });
    expect(info.ferretdbVersion).toMatch(/^v?1\.24/);
    expect(info.features.aggregationStages).toContain('$match');
    expect(info.features.lookup).toBe(false);
    expect(info.features.facet).toBe(false);
    expect(info.features.sample).toBe(false);
    expect(info.features.unsupportedTypes).toContain('Decimal128');
    expect(info.topology).toBe('standalone');
  });

  it('creates a database and collections, lists them with their kind and stats, drops with the name typed', async () => {
    await t.router.call('mongo.databases.create', { connectionId: id, db: dbName, collection: 'items' });
    await t.router.call('mongo.collections.create', {
      connectionId: id,
      db: dbName,
      collection: 'log',
      options: { capped: true, size: 1_000_000, max: 100 },
    });
    await t.router.call('mongo.collections.create', { connectionId: id, db: dbName, collection: 'scratch' });
    const { databases } = await t.router.call('mongo.databases.list', { connectionId: id });
    expect(databases.map((d) => d.name)).toContain(dbName);
    const { collections } = await t.router.call('mongo.collections.list', { connectionId: id, db: dbName });
    expect(collections.map((c) => [c.name, c.type, c.capped])).toEqual([
      ['items', 'collection', false],
      ['log', 'collection', true],
      ['scratch', 'collection', false],
    ]);

    await bare
      .db(dbName)
      .collection('items')
      .insertMany([{ a: 1, pad: 'x'.repeat(100) }, { a: 2 }]);
    const stats = await t.router.call('mongo.collections.stats', { connectionId: id, db: dbName, collection: 'items' });
    expect(stats.count).toBe(2);
    expect(stats.indexCount).toBe(1);
    expect(stats.size).toBeGreaterThan(0);
    expect(stats.avgObjSize).toBeGreaterThan(0);
    const dbStats = await t.router.call('mongo.databases.stats', { connectionId: id, db: dbName });
    expect(dbStats.collections).toBe(3);

    const wrong = await failure(
      t.router.call('mongo.collections.drop', {
        connectionId: id,
        db: dbName,
        collection: 'scratch',
        confirmName: 'scratc',
      }),
    );
    expect(wrong.code).toBe('INVALID_INPUT');
    expect((await bare.db(dbName).listCollections({ name: 'scratch' }).toArray()).length).toBe(1);
    await t.router.call('mongo.collections.drop', {
      connectionId: id,
      db: dbName,
      collection: 'scratch',
      confirmName: 'scratch',
    });
    expect((await bare.db(dbName).listCollections({ name: 'scratch' }).toArray()).length).toBe(0);

    const exists = await failure(
      t.router.call('mongo.collections.create', { connectionId: id, db: dbName, collection: 'items' }),
    );
    expect(exists.code).toBe('CONFLICT');
  });
});

describe('documents', () => {
  const typed = {
    _id: new ObjectId(),
    int: new Int32(7),
    long: Long.fromString('9007199254740993'),
    double: new Double(3),
    date: new Date('2024-02-29T12:34:56.789Z'),
    bin: new Binary(Buffer.from([1, 2, 3, 250]), 0x80),
    uuid: new UUID('8f282f1b-4a5b-4e37-9919-1196a5632eb7'),
    re: new BSONRegExp('^ab+c', 'i'),
    ts: new Timestamp({ t: 1700000000, i: 3 }),
    nested: { list: [{ x: new Int32(1) }, 'two', null], deep: { deeper: true } },
  };

  it('reads every type FerretDB stores, and writes it back as the same type', async () => {
    const c = bare.db(dbName).collection('typed');
    await c.insertOne(typed);
    const page = await t.router.call('mongo.documents.find', { connectionId: id, db: dbName, collection: 'typed' });
    expect(page.documents).toHaveLength(1);
    const doc = page.documents[0]!.doc;
    expect(field(doc, 'int')).toEqual({ t: 'int', v: '7' });
    expect(field(doc, 'long')).toEqual({ t: 'long', v: '9007199254740993' });
    expect(field(doc, 'double')).toEqual({ t: 'double', v: '3.0' });
    expect(field(doc, 'date')).toEqual({ t: 'date', v: '2024-02-29T12:34:56.789Z' });
    expect(field(doc, 'bin')).toEqual({ t: 'binary', v: 'AQID+g==', subtype: 0x80, size: 4 });
    expect(field(doc, 'uuid')).toEqual({ t: 'uuid', v: '8f282f1b-4a5b-4e37-9919-1196a5632eb7' });
    expect(field(doc, 're')).toEqual({ t: 'other', type: 'regex', v: '/^ab+c/i' });
    expect(field(doc, 'ts')).toEqual({ t: 'other', type: 'timestamp', v: 'Timestamp({ t: 1700000000, i: 3 })' });
    expect(page.documents[0]!.id).toEqual({ t: 'objectId', v: typed._id.toHexString() });

    // Write it back (edited: one more field) through Stackdeck; the bare driver sees the same types.
    const edited =
      doc.t === 'object'
        ? { t: 'object' as const, v: [...doc.v, ['added', { t: 'string', v: 'yes' }] as [string, DocValue]] }
        : doc;
    await t.router.call('mongo.documents.replace', {
      connectionId: id,
      db: dbName,
      collection: 'typed',
      original: canonical(doc),
      replacement: canonical(edited),
    });
    const raw = await c.findOne({ _id: typed._id }, { promoteValues: false, promoteLongs: false, bsonRegExp: true });
    expect(raw).not.toBeNull();
    const { added, ...rest } = raw as Document;
    expect(added).toBe('yes');
    expect(BSON.EJSON.stringify(rest, { relaxed: false })).toBe(
      BSON.EJSON.stringify(
        BSON.deserialize(BSON.serialize(typed), { promoteValues: false, promoteLongs: false, bsonRegExp: true }),
        { relaxed: false },
      ),
    );
  });

  it('a replace whose original changed meanwhile is a CONFLICT and overwrites nothing', async () => {
    const c = bare.db(dbName).collection('typed');
    const page = await t.router.call('mongo.documents.find', { connectionId: id, db: dbName, collection: 'typed' });
    const doc = page.documents[0]!.doc;
    await c.updateOne({ _id: typed._id }, { $set: { added: 'changed by someone else' } });
    const e = await failure(
      t.router.call('mongo.documents.replace', {
        connectionId: id,
        db: dbName,
        collection: 'typed',
        original: canonical(doc),
        replacement: canonical(doc.t === 'object' ? { t: 'object', v: doc.v.filter(([k]) => k !== 'added') } : doc),
      }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(String(e.detail?.current)).toContain('changed by someone else');
    expect((await c.findOne({ _id: typed._id }))?.added).toBe('changed by someone else');
  });

  it('finds with filter, projection, sort, skip, limit and pages of the chosen size', async () => {
    const c = bare.db(dbName).collection('many');
    await c.insertMany(Array.from({ length: 60 }, (_, i) => ({ n: i, even: i % 2 === 0, tag: `t${i % 3}` })));
    const call = (query: QueryTextInput, page = 0, pageSize = 25): Promise<FindPage> =>
      t.router.call('mongo.documents.find', {
        connectionId: id,
        db: dbName,
        collection: 'many',
        query,
        page,
        pageSize,
      });
    const ns = (p: FindPage) =>
      p.documents.map((d) => (field(d.doc, 'n')?.t === 'int' ? Number((field(d.doc, 'n') as { v: string }).v) : null));

    const first = await call({ filter: '{ even: true }', sort: '{ n: -1 }', project: '{ n: 1, _id: 0 }' });
    expect(ns(first)).toEqual(Array.from({ length: 25 }, (_, i) => 58 - 2 * i));
    expect(first.hasMore).toBe(true);
    expect(first.documents[0]!.doc).toEqual({ t: 'object', v: [['n', { t: 'int', v: '58' }]] });
    const second = await call({ filter: '{ even: true }', sort: '{ n: -1 }' }, 1);
    expect(ns(second)).toEqual([8, 6, 4, 2, 0]);
    expect(second.hasMore).toBe(false);

    const limited = await call({ filter: '{ n: { $gte: 10 } }', sort: '{ n: 1 }', skip: 5, limit: 22 }, 0, 20);
    expect(ns(limited)).toEqual(Array.from({ length: 20 }, (_, i) => 15 + i));
    expect(limited.hasMore).toBe(true);
    const limitedNext = await call({ filter: '{ n: { $gte: 10 } }', sort: '{ n: 1 }', skip: 5, limit: 22 }, 1, 20);
    expect(ns(limitedNext)).toEqual([35, 36]);
    expect(limitedNext.hasMore).toBe(false);

    const hinted = await call({ filter: '{ tag: "t1" }', sort: '{ n: 1 }', hint: '{ _id: 1 }' }, 0, 50);
    expect(hinted.documents).toHaveLength(20);

    expect(
      await t.router.call('mongo.documents.count', {
        connectionId: id,
        db: dbName,
        collection: 'many',
        filter: '{ tag: "t0" }',
      }),
    ).toEqual({ kind: 'exact', value: 20 });
    expect(await t.router.call('mongo.documents.count', { connectionId: id, db: dbName, collection: 'many' })).toEqual({
      kind: 'estimate',
      value: 60,
    });
  });

  it('a page too large to show falls back to _id only, and each document still opens whole', async () => {
    const c = bare.db(dbName).collection<{ _id: BSON.Int32; big: string }>('big');
    const big = 'x'.repeat(3 * 1024 * 1024);
    await c.insertMany([0, 1, 2].map((i) => ({ _id: new Int32(i), big })));
    const page = await t.router.call('mongo.documents.find', { connectionId: id, db: dbName, collection: 'big' });
    expect(page.idOnly).toBe(true);
    expect(page.note).toContain('only each document');
    expect(page.documents.map((d) => d.doc)).toEqual(
      [0, 1, 2].map((i) => ({ t: 'object', v: [['_id', { t: 'int', v: String(i) }]] })),
    );
    const one = await t.router.call('mongo.documents.get', {
      connectionId: id,
      db: dbName,
      collection: 'big',
      id: '{"$numberInt":"2"}',
    });
    expect((field(one.doc, 'big') as { v: string }).v.length).toBe(big.length);
  });

  it('inserts, deletes, updates and deletes many', async () => {
    const base = { connectionId: id, db: dbName, collection: 'crud' };
    const ins = await t.router.call('mongo.documents.insert', {
      ...base,
      text: '[{"_id": 1, "k": "a", "when": {"$date": "2020-01-01T00:00:00Z"}}, {"_id": 2, "k": "b"}, {"_id": 3, "k": "b"}]',
    });
    expect(ins.insertedCount).toBe(3);
    expect(ins.insertedIds).toEqual([
      { t: 'int', v: '1' },
      { t: 'int', v: '2' },
      { t: 'int', v: '3' },
    ]);
    expect(
      (
        await bare
          .db(dbName)
          .collection('crud')
          .findOne({ _id: 1 as never })
      )?.when,
    ).toBeInstanceOf(Date);
    expect(
      await t.router.call('mongo.documents.updateMany', {
        ...base,
        filter: '{ k: "b" }',
        update: '{ $set: { seen: true } }',
      }),
    ).toEqual({ matchedCount: 2, modifiedCount: 2 });
    expect(await bare.db(dbName).collection('crud').countDocuments({ seen: true })).toBe(2);
    expect(await t.router.call('mongo.documents.delete', { ...base, id: '{"$numberInt":"1"}' })).toEqual({
      deletedCount: 1,
    });
    expect(await t.router.call('mongo.documents.deleteMany', { ...base, filter: '{ k: "b" }' })).toEqual({
      deletedCount: 2,
    });
    expect(await bare.db(dbName).collection('crud').countDocuments({})).toBe(0);
  });
});

describe('bad input: a clear error and nothing sent', () => {
  it('parse errors come back before any connection is made', async () => {
    // A profile pointing at a closed port: if anything were sent, the error would be UNREACHABLE.
    const dead = (
      await t.connect('mongo', { name: `dead ${Date.now()}`, endpoint: { mode: 'fields', hosts: ['127.0.0.1:1'] } })
    ).id;
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ filter: '{ a: 1 }}' }, { part: 'filter', line: 1, column: 9 }],
      [{ filter: '{ qty: { $lesser: 3 } }' }, { part: 'filter', path: 'qty.$lesser' }],
      [{ project: '{ a: 1, b: 0 }' }, { part: 'project' }],
      [{ filter: '{ _id: ObjectId("nothex") }' }, { part: 'filter', column: 8 }],
      [{ filter: '{ a: { $regex: "(" } }' }, { part: 'filter', path: 'a.$regex' }],
      [{ filter: 'process.exit()' }, { part: 'filter' }],
    ];
    for (const [query, detail] of cases) {
      const e = await failure(
        t.router.call('mongo.documents.find', { connectionId: dead, db: dbName, collection: 'many', query }),
      );
      expect(e.code, JSON.stringify(query)).toBe('INVALID_INPUT');
      expect(e.detail).toMatchObject(detail);
    }
    const ok = await failure(
      t.router.call('mongo.documents.find', { connectionId: dead, db: dbName, collection: 'many' }),
    );
    expect(ok.code).toBe('UNREACHABLE');
  });

  it('a bad filter on deleteMany deletes nothing; an invalid update changes nothing', async () => {
    const c = bare.db(dbName).collection('safe');
    await c.insertMany([{ v: 1 }, { v: 2 }]);
    const base = { connectionId: id, db: dbName, collection: 'safe' };
    expect(
      (await failure(t.router.call('mongo.documents.deleteMany', { ...base, filter: '{ v: { $gtt: 0 } }' }))).code,
    ).toBe('INVALID_INPUT');
    expect(
      (await failure(t.router.call('mongo.documents.updateMany', { ...base, filter: '{}', update: '{ v: 5 }' }))).code,
    ).toBe('INVALID_INPUT');
    expect((await c.find({}, { sort: { v: 1 } }).toArray()).map((d) => d.v)).toEqual([1, 2]);
  });

  it('FerretDB: Decimal128 is refused in core (it would drop the connection), and the connection stays usable', async () => {
    const base = { connectionId: id, db: dbName, collection: 'safe' };
    const e = await failure(
      t.router.call('mongo.documents.insert', { ...base, text: '{"d": {"$numberDecimal": "1.5"}}' }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('Decimal128');
    expect(await bare.db(dbName).collection('safe').countDocuments({})).toBe(2);
    expect((await t.router.call('mongo.documents.count', { ...base, filter: '{ v: 1 }' })).value).toBe(1);
  });

  it('collation is "not supported by this server" on FerretDB', async () => {
    const e = await failure(
      t.router.call('mongo.documents.find', {
        connectionId: id,
        db: dbName,
        collection: 'safe',
        query: { collation: '{ locale: "en" }' },
      }),
    );
    expect(e.message).toContain('not supported by this server');
    expect(e.detail?.unsupported).toBe(true);
  });
});

describe('read-only connection', () => {
  it('refuses every writing mongo.* method in core and changes nothing', async () => {
    const base = { connectionId: readOnlyId, db: dbName };
    const inputs: Record<string, unknown> = {
      'mongo.databases.create': { ...base, db: `${dbName}_ro`, collection: 'x' },
      'mongo.databases.drop': { ...base, confirmName: dbName },
      'mongo.collections.create': { ...base, collection: 'ro_new' },
      'mongo.collections.drop': { ...base, collection: 'safe', confirmName: 'safe' },
      'mongo.documents.insert': { ...base, collection: 'safe', text: '{"v": 3}' },
      'mongo.documents.replace': { ...base, collection: 'safe', original: '{"_id": 1}', replacement: '{"_id": 1}' },
      'mongo.documents.delete': { ...base, collection: 'safe', id: '{"$numberInt":"1"}' },
      'mongo.documents.deleteMany': { ...base, collection: 'safe', filter: '{}' },
      'mongo.documents.updateMany': { ...base, collection: 'safe', filter: '{}', update: '{ $set: { v: 0 } }' },
      'mongo.indexes.create': { ...base, collection: 'safe', keys: '{ v: 1 }' },
      'mongo.indexes.drop': { ...base, collection: 'safe', name: '_id_', confirmName: '_id_' },
      'mongo.validation.set': { ...base, collection: 'safe', validator: '{ v: { $exists: true } }' },
      'mongo.server.killOp': { connectionId: readOnlyId, opid: '1' },
      'mongo.import.begin': { ...base, collection: 'safe', format: 'jsonl' },
      'mongo.import.chunk': { connectionId: readOnlyId, importId: 'x', text: '{"v": 9}', last: true },
    };
    const writing = (Object.keys(contract) as ContractName[]).filter(
      (n) => n.startsWith('mongo.') && contract[n].writes,
    );
    expect(writing.sort()).toEqual(Object.keys(inputs).sort());
    for (const name of writing) {
      const e = await failure(t.router.call(name as 'mongo.documents.insert', inputs[name] as never));
      expect(e.code, name).toBe('READ_ONLY');
    }
    expect(
      (
        await bare
          .db(dbName)
          .collection('safe')
          .find({}, { sort: { v: 1 } })
          .toArray()
      ).map((d) => d.v),
    ).toEqual([1, 2]);
    const names = (await bare.db(dbName).listCollections().toArray()).map((c) => c.name);
    expect(names).toContain('safe');
    expect(names).not.toContain('ro_new');
    // A pipeline that writes is refused in core too (the method itself reads).
    for (const op of ['$out', '$merge']) {
      const e = await failure(
        t.router.call('mongo.aggregate.run', {
          ...base,
          collection: 'safe',
          pipeline: `[{ $match: {} }, { ${op}: "ro_out" }]`,
        }),
      );
      expect(e.code, op).toBe('READ_ONLY');
      expect(e.message).toContain(op);
    }
    expect(names).not.toContain('ro_out');
    // Reads still work on the read-only profile.
    expect(
      (await t.router.call('mongo.documents.count', { ...base, collection: 'safe', filter: '{ v: 2 }' })).value,
    ).toBe(1);
  });
});
