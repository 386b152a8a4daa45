/**
 * The Mongo workbench beyond the query bar, through the router against the
 * local FerretDB: pipeline previews stage by stage (with parse errors at their
 * position and unsupported stages named), whole pipeline runs with paging,
 * explain of find and aggregate, index list/create/drop, schema sampling,
 * validation rules, the server view, export to JSON Lines / JSON / CSV and
 * import of JSON Lines / JSON / CSV with line-numbered errors. The bare
 * `mongodb` driver is the oracle.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BSON, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportEvent } from '../../../src/shared/contract/exports';
import { StackdeckError } from '../../../src/shared/errors';
import ferretdb, { MONGODB_URI } from '../../stack/servers/ferretdb.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

const dbName = uniqueName('sd-it-mongo-wb').replace(/-/g, '_');
const bare = new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 30_000 });
let t: TestCore;
let id: string;
const coll = (collection: string) => ({ connectionId: id, db: dbName, collection });

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StackdeckError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  await requireServer(ferretdb);
  await bare.connect();
  t = await startTestCore();
  id = (await t.connect('mongo')).id;
  const docs = Array.from({ length: 60 }, (_, i) => ({
    _id: i + 1,
    n: i,
    status: i % 3 === 0 ? 'A' : i % 3 === 1 ? 'B' : 'C',
    qty: new BSON.Double(i * 1.5),
    at: new Date(Date.UTC(2026, 0, 1 + i)),
    tags: i % 2 === 0 ? ['x', 'y'] : ['z'],
    address: { city: i % 2 === 0 ? 'Paris' : 'Oslo', zip: String(75000 + i) },
    ...(i % 4 === 0 ? { optional: true } : {}),
  }));
  await bare.db(dbName).collection<{ _id: number }>('orders').insertMany(docs);
});

afterAll(async () => {
  await bare
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await bare.close();
  await t?.close();
});

describe('collection sizes for the tree', () => {
  it('reports count, size and index count per collection; an unknown one gets nulls', async () => {
    const { sizes } = await t.router.call('mongo.collections.sizes', {
      connectionId: id,
      db: dbName,
      names: ['orders', 'nope'],
    });
    expect(sizes[0]).toMatchObject({ name: 'orders', count: 60, indexCount: 1 });
    expect(sizes[0]!.size).toBeGreaterThan(0);
    expect(sizes[1]).toMatchObject({ name: 'nope' });
  });
});

describe('aggregation', () => {
  it('previews each stage on the first documents, with $limit for the preview only', async () => {
    const { stages } = await t.router.call('mongo.aggregate.preview', {
      ...coll('orders'),
      stages: [
        { text: '{ $match: { status: "A" } }' },
        { text: '{ $sort: { n: -1 } }', enabled: false },
        { text: '{ $project: { n: 1, _id: 0 } }' },
        { text: '{ $skip: 2 }' },
      ],
    });
    expect(stages.map((s) => s.status)).toEqual(['ok', 'disabled', 'ok', 'ok']);
    expect(stages[0]!.documents).toHaveLength(10);
    expect(stages[2]!.documents[0]).toEqual({ t: 'object', v: [['n', { t: 'int', v: '0' }]] });
    // Skip 2 of the limited sample: the third matching document first.
    expect(stages[3]!.documents[0]).toEqual({ t: 'object', v: [['n', { t: 'int', v: '6' }]] });
  });

  it('reports a stage syntax error at its position and previews nothing after it', async () => {
    const { stages } = await t.router.call('mongo.aggregate.preview', {
      ...coll('orders'),
      stages: [
        { text: '{ $match: { status: "A" } }' },
        { text: '{ $project: { n: 1,, } }' },
        { text: '{ $limit: 1 }' },
      ],
    });
    expect(stages[0]!.status).toBe('ok');
    expect(stages[1]!.status).toBe('error');
    expect(stages[1]!.message).toMatch(/Stage 2: .*line 1, column \d+/);
    expect(stages[1]!.line).toBe(1);
    expect(stages[2]!.status).toBe('skipped');
    expect(stages[2]!.documents).toEqual([]);
  });

  it('names stages FerretDB lacks as not supported by this server, and never runs $out in a preview', async () => {
    const { stages } = await t.router.call('mongo.aggregate.preview', {
      ...coll('orders'),
      stages: [
        { text: '{ $lookup: { from: "x", localField: "a", foreignField: "b", as: "c" } }' },
        { text: '{ $limit: 1 }' },
      ],
    });
    expect(stages[0]!.status).toBe('unsupported');
    expect(stages[0]!.message).toContain('not supported by this server');
    expect(stages[1]!.status).toBe('skipped');
    const out = await t.router.call('mongo.aggregate.preview', {
      ...coll('orders'),
      stages: [{ text: '{ $match: {} }' }, { text: '{ $out: "preview_out" }' }],
    });
    expect(out.stages[1]!.status).toBe('skipped');
    const names = (await bare.db(dbName).listCollections().toArray()).map((c) => c.name);
    expect(names).not.toContain('preview_out');
  });

  it('an unknown stage or an unsupported accumulator is a clear error; nothing unsupported is sent', async () => {
    const e = await failure(t.router.call('mongo.aggregate.run', { ...coll('orders'), pipeline: '[{ $matchh: {} }]' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('$matchh is not an aggregation stage');
    expect(e.detail?.stage).toBe(0);
    const acc = await t.router.call('mongo.aggregate.preview', {
      ...coll('orders'),
      stages: [{ text: '{ $group: { _id: "$status", avg: { $avg: "$n" } } }' }],
    });
    expect(acc.stages[0]!.status).toBe('unsupported');
    expect(acc.stages[0]!.message).toContain('not supported by this server');
  });

  it('runs a whole pipeline with pages', async () => {
    const pipeline = '[ { $match: { status: { $in: ["A", "B"] } } }, { $sort: { n: 1 } }, { $project: { n: 1 } } ]';
    const first = await t.router.call('mongo.aggregate.run', { ...coll('orders'), pipeline, pageSize: 20 });
    expect(first.documents).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    const last = await t.router.call('mongo.aggregate.run', { ...coll('orders'), pipeline, pageSize: 20, page: 1 });
    expect(last.documents).toHaveLength(20);
    expect(last.hasMore).toBe(false);
    const oracle = await bare
      .db(dbName)
      .collection('orders')
      .aggregate([{ $match: { status: { $in: ['A', 'B'] } } }, { $sort: { n: 1 } }, { $skip: 20 }])
      .toArray();
    expect(last.documents[0]).toEqual({
      t: 'object',
      v: [
        ['_id', { t: 'int', v: String(oracle[0]!._id) }],
        ['n', { t: 'int', v: String(oracle[0]!.n) }],
      ],
    });
  });
});

describe('explain', () => {
  it('explains a find and an aggregate as a plan tree, collection scans called out', async () => {
    const find = await t.router.call('mongo.query.explain', {
      ...coll('orders'),
      source: { kind: 'find', query: { filter: '{ n: { $gt: 5 } }' } },
    });
    expect(find.plan).not.toBeNull();
    expect(find.collectionScan).toBe(true);
    expect(find.notes.join(' ')).toContain('FerretDB');
    expect(find.raw).toContain('queryPlanner');
    const agg = await t.router.call('mongo.query.explain', {
      ...coll('orders'),
      source: { kind: 'aggregate', pipeline: '[{ $match: { status: "A" } }]' },
    });
    expect(agg.plan?.stage).toBeTruthy();
    const bad = await failure(
      t.router.call('mongo.query.explain', { ...coll('orders'), source: { kind: 'find', query: { filter: '{ n: ' } } }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
  });
});

describe('indexes', () => {
  it('creates, lists (with type, size, usage support) and drops an index with its name typed', async () => {
    const created = await t.router.call('mongo.indexes.create', {
      ...coll('orders'),
      keys: '{ status: 1, n: -1 }',
      options: { name: 'status_n', unique: false },
    });
    expect(created.name).toBe('status_n');
    const list = await t.router.call('mongo.indexes.list', coll('orders'));
    const ix = list.indexes.find((i) => i.name === 'status_n');
    expect(ix).toMatchObject({ type: 'compound', keys: '{ status: 1, n: -1 }', unique: false });
    expect(list.usageSupported).toBe(false);
    expect((await bare.db(dbName).collection('orders').indexes()).map((i) => i.name)).toContain('status_n');

    const wrong = await failure(
      t.router.call('mongo.indexes.drop', { ...coll('orders'), name: 'status_n', confirmName: 'status' }),
    );
    expect(wrong.code).toBe('INVALID_INPUT');
    await t.router.call('mongo.indexes.drop', { ...coll('orders'), name: 'status_n', confirmName: 'status_n' });
    expect((await bare.db(dbName).collection('orders').indexes()).map((i) => i.name)).not.toContain('status_n');
  });

  it('an option the server lacks is "not supported by this server"; bad keys send nothing', async () => {
    const ttl = await failure(
      t.router.call('mongo.indexes.create', {
        ...coll('orders'),
        keys: '{ at: 1 }',
        options: { expireAfterSeconds: 60 },
      }),
    );
    expect(ttl.message).toContain('not supported by this server');
    const bad = await failure(t.router.call('mongo.indexes.create', { ...coll('orders'), keys: '{ at: 2 }' }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect((await bare.db(dbName).collection('orders').indexes()).map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('schema', () => {
  it('samples with find (no $sample here), with types, presence and charts, nested fields included', async () => {
    const s = await t.router.call('mongo.schema.analyze', { ...coll('orders'), sampleSize: 1000 });
    expect(s.method).toBe('find');
    expect(s.note).toContain('no $sample');
    expect(s.sampled).toBe(60);
    const f = (path: string) => s.fields.find((x) => x.path === path);
    expect(f('n')?.types[0]?.name).toBe('Int32');
    expect(f('qty')?.types[0]?.name).toBe('Double');
    expect(f('optional')?.probability).toBeCloseTo(15 / 60);
    expect(f('address.city')?.depth).toBe(1);
    const city = f('address.city')?.charts[0];
    expect(city?.kind).toBe('top');
    if (city?.kind === 'top')
      expect(city.values).toEqual([
        { value: 'Oslo', count: 30 },
        { value: 'Paris', count: 30 },
      ]);
    const n = f('n')?.charts[0];
    expect(n?.kind).toBe('histogram');
    if (n?.kind === 'histogram') {
      expect(n.bins.reduce((a, b) => a + b.count, 0)).toBe(60);
      expect([n.min, n.max]).toEqual(['0', '59']);
    }
    expect(f('at')?.charts[0]?.kind).toBe('histogram');
  });
});

describe('schema of large documents', () => {
  it('stops sampling at the byte budget and says so', async () => {
    const c = bare.db(dbName).collection<{ _id: number; text: string }>('large');
    for (let i = 0; i < 6; i++) await c.insertOne({ _id: i, text: String(i).repeat(14 * 1024 * 1024) });
    const s = await t.router.call('mongo.schema.analyze', { ...coll('large'), sampleSize: 100 });
    expect(s.sampled).toBe(4);
    expect(s.note).toContain('stopped at 4 documents');
    const { stages } = await t.router.call('mongo.aggregate.preview', {
      ...coll('large'),
      stages: [{ text: '{ $match: {} }' }],
    });
    expect(stages[0]!.documents).toHaveLength(1);
    expect(stages[0]!.message).toContain('Showing 1 of');
    const run = await t.router.call('mongo.aggregate.run', { ...coll('large'), pipeline: '[{ $match: {} }]' });
    expect(run.documents.length).toBeLessThan(6);
    expect(run.note).toContain('larger than 8 MB');
    await c.drop();
  }, 60_000);
});

describe('validation and server', () => {
  it('shows the (absent) rules, previews failing documents, and says FerretDB cannot store rules', async () => {
    const rules = await t.router.call('mongo.validation.get', coll('orders'));
    expect(rules.validator).toBeNull();
    expect(rules.editable).toBe(false);
    expect(rules.note).toContain('not supported by this server');
    const preview = await t.router.call('mongo.validation.preview', {
      ...coll('orders'),
      validator: '{ optional: { $exists: true } }',
    });
    expect(preview.failing).toEqual({ kind: 'exact', value: 45 });
    const set = await failure(
      t.router.call('mongo.validation.set', { ...coll('orders'), validator: '{ n: { $exists: true } }' }),
    );
    expect(set.message).toContain('not supported by this server');
  });

  it('reports server status, current operations, and a kill the server lacks as unsupported', async () => {
    const s = await t.router.call('mongo.server.status', { connectionId: id });
    expect(s.version).toMatch(/^\d/);
    expect(s.opcountersSource).toBe('commands');
    expect(s.opcounters.find).toBeGreaterThan(0);
    expect(s.members).toBeNull();
    const ops = await t.router.call('mongo.server.ops', { connectionId: id });
    expect(Array.isArray(ops.ops)).toBe(true);
    const kill = await failure(t.router.call('mongo.server.killOp', { connectionId: id, opid: '12345' }));
    expect(kill.message).toContain('not supported by this server');
  });
});

async function exportTo(
  input: Record<string, unknown>,
): Promise<{ text: string; done: Extract<ExportEvent, { type: 'done' }> }> {
  const events: ExportEvent[] = [];
  await t.router.subscribe('mongo.documents.export', { ...coll('orders'), ...input } as never, {
    emit: (e) => events.push(e as ExportEvent),
    signal: new AbortController().signal,
  });
  const done = events.find((e): e is Extract<ExportEvent, { type: 'done' }> => e.type === 'done');
  if (!done) throw new Error('no done event');
  return { text: await readFile(done.path, 'utf8'), done };
}

describe('export', () => {
  it('exports a query as JSON Lines in Extended JSON, types kept in canonical mode', async () => {
    const { text, done } = await exportTo({
      source: { kind: 'find', query: { filter: '{ status: "A" }', sort: '{ n: 1 }' } },
      format: 'jsonl',
      ejson: 'canonical',
    });
    const lines = text.trim().split('\n');
    expect(done.rows).toBe(20);
    expect(lines).toHaveLength(20);
    const first = BSON.EJSON.parse(lines[0]!, { relaxed: false }) as Record<string, unknown>;
    expect((first.qty as { _bsontype: string })._bsontype).toBe('Double');
    expect(first.at).toBeInstanceOf(Date);
    expect('optional' in (BSON.EJSON.parse(lines[1]!) as object)).toBe(false);
  });

  it('exports a pipeline as a JSON array and a collection as CSV with nested fields flattened', async () => {
    const json = await exportTo({
      source: { kind: 'aggregate', pipeline: '[{ $match: { n: { $lt: 3 } } }, { $project: { n: 1 } }]' },
      format: 'json',
    });
    expect(JSON.parse(json.text)).toEqual([
      { _id: 1, n: 0 },
      { _id: 2, n: 1 },
      { _id: 3, n: 2 },
    ]);
    const csv = await exportTo({
      source: { kind: 'find', query: { filter: '{ n: { $lt: 2 } }', sort: '{ n: 1 }' } },
      format: 'csv',
    });
    const [header, row] = csv.text.split('\n');
    expect(header).toContain('address.city');
    expect(header).toContain('address.zip');
    expect(row).toContain('Paris');
  });
});

async function importText(
  collection: string,
  format: 'jsonl' | 'json' | 'csv',
  chunks: string[],
  onError: 'stop' | 'skip' = 'stop',
  csvTypes = {},
) {
  const { importId } = await t.router.call('mongo.import.begin', { ...coll(collection), format, onError, csvTypes });
  let last = null;
  for (const [i, text] of chunks.entries())
    last = await t.router.call('mongo.import.chunk', {
      connectionId: id,
      importId,
      text,
      last: i === chunks.length - 1,
    });
  return last!;
}

describe('export cancel', () => {
  it('stops reading when cancelled and leaves no partial file', async () => {
    const c = bare.db(dbName).collection<{ _id: number }>('many');
    for (let i = 0; i < 30_000; i += 5000)
      await c.insertMany(Array.from({ length: 5000 }, (_, j) => ({ _id: i + j, pad: 'y'.repeat(200) })));
    const ac = new AbortController();
    const events: ExportEvent[] = [];
    const run = t.router.subscribe(
      'mongo.documents.export',
      { ...coll('many'), source: { kind: 'find', query: {} }, format: 'jsonl' },
      {
        emit: (e) => {
          events.push(e as ExportEvent);
          if (e.type === 'progress') ac.abort();
        },
        signal: ac.signal,
      },
    );
    const e = await failure(run);
    expect(e.code).toBe('CANCELLED');
    expect(events.some((x) => x.type === 'done')).toBe(false);
    const { readdir } = await import('node:fs/promises');
    // The router answers CANCELLED at once; the handler then closes the cursor and removes its file.
    const partial = async () =>
      (await readdir(join(t.dir, 'exports')).catch(() => [] as string[])).filter((f) => f.includes('.many-'));
    await expect.poll(partial, { timeout: 5000 }).toEqual([]);
  });
});

describe('import', () => {
  it('a cancelled import keeps what was inserted and accepts no more', async () => {
    const { importId } = await t.router.call('mongo.import.begin', { ...coll('imp_cancel'), format: 'jsonl' });
    const first = await t.router.call('mongo.import.chunk', {
      connectionId: id,
      importId,
      text: '{"a": 1}\n{"a": 2}\n',
      last: false,
    });
    expect(first).toMatchObject({ inserted: 2, done: false });
    expect(await t.router.call('mongo.import.cancel', { connectionId: id, importId })).toEqual({ cancelled: true });
    const e = await failure(
      t.router.call('mongo.import.chunk', { connectionId: id, importId, text: '{"a": 3}\n', last: true }),
    );
    expect(e.code).toBe('NOT_FOUND');
    expect(await bare.db(dbName).collection('imp_cancel').countDocuments()).toBe(2);
  });

  it('an import ends when its connection is disconnected', async () => {
    const { importId } = await t.router.call('mongo.import.begin', { ...coll('imp_gone'), format: 'jsonl' });
    await t.router.call('mongo.import.chunk', { connectionId: id, importId, text: '{"a": 1}\n', last: false });
    await t.router.call('connections.client.disconnect', { connectionId: id });
    const e = await failure(
      t.router.call('mongo.import.chunk', { connectionId: id, importId, text: '{"a": 2}\n', last: true }),
    );
    expect(e.code).toBe('NOT_FOUND');
    expect(await bare.db(dbName).collection('imp_gone').countDocuments()).toBe(1);
  });

  it('imports JSON Lines split anywhere, typed by Extended JSON', async () => {
    const text =
      '{"a": 1}\n{"a": {"$numberLong": "9007199254740993"}}\n{"a": 3, "d": {"$date": "2026-01-01T00:00:00Z"}}\n';
    const p = await importText('imp_jsonl', 'jsonl', [text.slice(0, 13), text.slice(13, 40), text.slice(40)]);
    expect(p).toMatchObject({ records: 3, inserted: 3, failed: 0, done: true });
    const docs = await bare.db(dbName).collection('imp_jsonl').find({}, { promoteLongs: false }).toArray();
    expect(String(docs[1]!.a)).toBe('9007199254740993');
    expect(docs[2]!.d).toBeInstanceOf(Date);
  });

  it('stops at a bad line with its number (what came before is kept), or skips it', async () => {
    const text = '{"a": 1}\n{"a": 2}\n{"a": oops}\n{"a": 4}\n';
    const stop = await importText('imp_stop', 'jsonl', [text]);
    expect(stop).toMatchObject({ inserted: 2, failed: 1, stopped: true, done: true });
    expect(stop.errors[0]?.line).toBe(3);
    expect(await bare.db(dbName).collection('imp_stop').countDocuments()).toBe(2);
    const skip = await importText('imp_skip', 'jsonl', [text], 'skip');
    expect(skip).toMatchObject({ inserted: 3, failed: 1, stopped: false });
    expect(skip.errors[0]?.line).toBe(3);
  });

  it('imports a JSON array and CSV (types per column, nested by dots, quotes and newlines)', async () => {
    const arr = await importText('imp_json', 'json', ['[ {"a": 1, "s": "x,]"},', ' {"a": 2} ]']);
    expect(arr).toMatchObject({ inserted: 2, failed: 0 });
    const csv = 'name,qty,when,address.city\n"Ada, L",3,2026-01-02,Paris\n"multi\nline",4.5,,Oslo\n';
    const p = await importText('imp_csv', 'csv', [csv.slice(0, 20), csv.slice(20)], 'stop', { qty: 'double' });
    expect(p).toMatchObject({ records: 2, inserted: 2, failed: 0 });
    const docs = await bare
      .db(dbName)
      .collection('imp_csv')
      .find({}, { promoteValues: false, sort: { _id: 1 } })
      .toArray();
    expect(docs[0]!.name).toBe('Ada, L');
    expect((docs[0]!.qty as { _bsontype: string })._bsontype).toBe('Double');
    expect(docs[0]!.when).toBeInstanceOf(Date);
    expect(docs[0]!.address).toEqual({ city: 'Paris' });
    expect(docs[1]!.name).toBe('multi\nline');
    expect('when' in docs[1]!).toBe(false);
    const preview = await t.router.call('mongo.import.preview', { format: 'csv', text: csv });
    expect(preview.columns).toEqual([
      { name: 'name', type: 'string' },
      { name: 'qty', type: 'string' },
      { name: 'when', type: 'date' },
      { name: 'address.city', type: 'string' },
    ]);
    expect(preview.documents).toHaveLength(2);
  });

  it('refuses Decimal128 on FerretDB per line instead of dropping the connection', async () => {
    const p = await importText('imp_dec', 'jsonl', ['{"a": 1}\n{"a": {"$numberDecimal": "1.5"}}\n'], 'skip');
    expect(p).toMatchObject({ inserted: 1, failed: 1 });
    expect(p.errors[0]).toMatchObject({ line: 2 });
    expect(p.errors[0]?.message).toContain('Decimal128');
  });
});
