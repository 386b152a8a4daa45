/**
 * `npm run bench:mongo`: Stackdeck's Mongo paths (through the core router, as
 * the UI calls them) against a bare `mongodb` driver loop doing the same work
 * in the same run, on the local server (FerretDB here).
 *   node --expose-gc --import tsx bench/mongo.ts [--docs 1000000] [--drop] [--keep]
 *
 * Inserts (or reuses, when an earlier run was given --keep) `sd_bench_mongo.docs_<N>`
 * of ~300-byte documents with an index on `k`, then prints:
 * 1. export of the collection to JSON Lines through `mongo.documents.export`
 *    vs a bare driver cursor loop writing the same Extended JSON lines to a
 *    file with backpressure; target: Stackdeck >= 0.7x its throughput;
 * 2. first page of 25 with a filter on the indexed field
 *    (`mongo.documents.find`) vs the same `find().limit(25)` in the bare
 *    driver (medians of 30); target: Stackdeck <= 1.5x its time;
 * 3. schema sampling of 1,000 documents (`mongo.schema.analyze`);
 * and the peak heap growth of each (export target: under 200 MB).
 * The database is dropped at the end unless --keep: on the shared FerretDB, a
 * database of this size makes every listDatabases take seconds (it sums sizes).
 * Not part of `npm test`.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, MongoClient, type Document } from 'mongodb';
import { createCore } from '../src/core/app';
import { FileKeyCipher } from '../src/core/connections';
import type { ExportEvent } from '../src/shared/contract/exports';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const DOCS = Number(arg('--docs') ?? 1_000_000);
const DROP = process.argv.includes('--drop');
const KEEP = process.argv.includes('--keep');
const URI = process.env.STACKDECK_MONGO_URI ?? 'mongodb://127.0.0.1:27017';
const DB = 'sd_bench_mongo';
const COLL = `docs_${DOCS}`;

function doc(n: number): Document {
  return {
    _id: n,
    k: n,
    user: `user-${n % 1000}`,
    kind: n % 100 === 0 ? 'needle' : 'hay',
    at: new Date(1_700_000_000_000 + n * 1000),
    score: new BSON.Double((n % 997) / 7),
    tags: ['alpha', 'beta', n % 2 ? 'odd' : 'even'],
    address: { city: `city-${n % 50}`, zip: String(10000 + (n % 90000)) },
    pad: 'x'.repeat(120),
  };
}

async function ensureData(client: MongoClient): Promise<void> {
  const c = client.db(DB).collection<Document>(COLL);
  if (DROP) await c.drop().catch(() => undefined);
  const have = await c.estimatedDocumentCount();
  if (have === DOCS) {
    console.log(`reusing ${DB}.${COLL} (${DOCS.toLocaleString('en-US')} documents)`);
    return;
  }
  await c.drop().catch(() => undefined);
  const started = Date.now();
  for (let i = 0; i < DOCS; i += 5000) {
    await c.insertMany(
      Array.from({ length: Math.min(5000, DOCS - i) }, (_, j) => doc(i + j)),
      { ordered: false },
    );
    if ((i / 5000) % 20 === 0) process.stdout.write(`\rinserting ${(i + 5000).toLocaleString('en-US')}…`);
  }
  await c.createIndex({ k: 1 }, { name: 'k_1' });
  const size = BSON.calculateObjectSize(doc(DOCS - 1));
  console.log(
    `\ninserted ${DOCS.toLocaleString('en-US')} documents of ~${size} B in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Runs `fn` while sampling the heap; returns its result, seconds and the peak growth in MB. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; heapMb: number }> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, seconds: (performance.now() - t0) / 1000, heapMb: (peak - heap0) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  console.log(`bench:mongo on ${URI}, ${cpus().length} CPUs, node ${process.version}`);
  const bare = new MongoClient(URI, { serverSelectionTimeoutMS: 5000 });
  await bare.connect();
  const build = await bare.db('admin').command({ buildInfo: 1 });
  console.log(
    `server: ${typeof build.ferretdbVersion === 'string' ? `FerretDB ${build.ferretdbVersion}` : 'MongoDB'} (version ${build.version})`,
  );
  await ensureData(bare);
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-bench-mongo-'));
  const core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir) });
  try {
    const profile = await core.router.call('connections.profiles.create', {
      draft: { kind: 'mongo', name: 'bench', endpoint: { mode: 'fields', hosts: ['127.0.0.1:27017'] } },
    });
    const connectionId = profile.id;
    const target = { connectionId, db: DB, collection: COLL };

    // 1. Export to JSON Lines: bare cursor loop first, then Stackdeck (each reads the whole collection once).
    const bareFile = join(dir, 'bare.jsonl');
    const bareRun = await measured(async () => {
      const out = createWriteStream(bareFile);
      let rows = 0;
      for await (const d of bare.db(DB).collection(COLL).find({}, { batchSize: 1000 })) {
        if (!out.write(`${BSON.EJSON.stringify(d, { relaxed: true })}\n`)) await once(out, 'drain');
        rows++;
      }
      out.end();
      await once(out, 'finish');
      return rows;
    });
    const sdRun = await measured(async () => {
      let done: Extract<ExportEvent, { type: 'done' }> | undefined;
      await core.router.subscribe(
        'mongo.documents.export',
        { ...target, source: { kind: 'find', query: {} }, format: 'jsonl', limit: 10_000_000 },
        { emit: (e) => e.type === 'done' && (done = e), signal: new AbortController().signal },
      );
      if (!done) throw new Error('the export did not finish');
      return done;
    });
    const bareRate = bareRun.value / bareRun.seconds;
    const sdRate = sdRun.value.rows / sdRun.seconds;
    const bareBytes = (await stat(bareFile)).size;
    console.log(
      `1. export to JSON Lines: Stackdeck ${sdRun.value.rows.toLocaleString('en-US')} docs in ${sdRun.seconds.toFixed(2)} s ` +
        `(${Math.round(sdRate).toLocaleString('en-US')} docs/s, ${(sdRun.value.bytes / 2 ** 20).toFixed(0)} MiB), ` +
        `bare driver loop ${bareRun.seconds.toFixed(2)} s (${Math.round(bareRate).toLocaleString('en-US')} docs/s, ${(bareBytes / 2 ** 20).toFixed(0)} MiB): ` +
        `ratio ${(sdRate / bareRate).toFixed(2)}x of the bare throughput (target >= 0.7); ` +
        `heap growth Stackdeck ${sdRun.heapMb.toFixed(1)} MB (target < 200), bare ${bareRun.heapMb.toFixed(1)} MB`,
    );
    await rm(sdRun.value.path, { force: true });

    // 2. First page of 25 with a filter on the indexed field; the first call of each warms up, so medians of the rest.
    // Low bounds: FerretDB 1.24 does not push range filters down to its SQL index, so a bound deep in the
    // collection would time a server-side scan (the same for both sides) rather than the client paths compared here.
    const at = 0;
    const sdTimes: number[] = [];
    const bareTimes: number[] = [];
    let sdHeap = 0;
    for (let i = 0; i < 31; i++) {
      const s = await measured(() =>
        core.router.call('mongo.documents.find', {
          ...target,
          query: { filter: `{ k: { $gte: ${at + i * 25} } }` },
          pageSize: 25,
        }),
      );
      if (s.value.documents.length !== 25) throw new Error('expected 25 documents');
      const b = await measured(() =>
        bare
          .db(DB)
          .collection(COLL)
          .find({ k: { $gte: at + i * 25 } })
          .limit(25)
          .toArray(),
      );
      if (i === 0) continue;
      sdTimes.push(s.seconds * 1000);
      bareTimes.push(b.seconds * 1000);
      sdHeap = Math.max(sdHeap, s.heapMb);
    }
    const sdMs = median(sdTimes);
    const bareMs = median(bareTimes);
    console.log(
      `2. first page of 25, filter on the indexed k: Stackdeck median ${sdMs.toFixed(2)} ms, bare find().limit(25) ${bareMs.toFixed(2)} ms: ` +
        `ratio ${(sdMs / bareMs).toFixed(2)}x (target <= 1.5); heap growth ${sdHeap.toFixed(1)} MB`,
    );

    // 3. Schema sampling of 1,000 documents.
    const schema = await measured(() => core.router.call('mongo.schema.analyze', { ...target, sampleSize: 1000 }));
    const bareSample = await measured(() => bare.db(DB).collection(COLL).find({}).limit(1000).toArray());
    console.log(
      `3. schema sampling of 1,000 documents (${schema.value.method}): ${(schema.seconds * 1000).toFixed(0)} ms, ` +
        `${schema.value.fields.length} fields; reading the same 1,000 with the bare driver ${(bareSample.seconds * 1000).toFixed(0)} ms; ` +
        `heap growth ${schema.heapMb.toFixed(1)} MB`,
    );
  } finally {
    await core.dispose();
    if (!KEEP)
      await bare
        .db(DB)
        .dropDatabase()
        .catch(() => undefined);
    await bare.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
