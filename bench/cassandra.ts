/**
 * `npm run bench:cassandra`: Stackdeck's Cassandra paths (through the core
 * router, as the UI calls them) against references measured in the same run.
 *   node --expose-gc --import tsx bench/cassandra.ts [--rows 1000000] [--drop]
 *
 * Writes (or reuses) a table of ~200-byte rows in 10,000 partitions, then:
 * 1. a full-table export to CSV through `cassandra.tables.export` vs a bare
 *    cassandra-driver token-range loop writing the same file (same ranges,
 *    same page size, one range after another), and vs cqlsh's `COPY TO`
 *    (cqlsh 6.2.2 from PyPI; set STACKDECK_CQLSH or put cqlsh on PATH);
 *    target: Stackdeck >= 0.7x the bare loop's throughput;
 * 2. the first page (100 rows) of a SELECT on one partition through
 *    `cassandra.cql.run` vs the same query in the bare driver; target <= 1.5x;
 * 3. peak heap growth of this process during the Stackdeck export; target <= 200 MB.
 * Not part of `npm test`.
 */
import cassandra from 'cassandra-driver';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/core/app';
import { splitRing } from '../src/core/cassandra/export';
import { FileKeyCipher } from '../src/core/connections';
import type { ExportEvent } from '../src/shared/contract/exports';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(arg('--rows') ?? 1_000_000);
const PARTITIONS = 10_000;
const DROP = process.argv.includes('--drop');
const KS = `sd_bench_cass_${ROWS}`;
const PAGE = 1_000;
const PARALLEL = 4;
const RANGES = Math.max(16, PARALLEL * 8);
const direct = new cassandra.Client({
  contactPoints: ['127.0.0.1'],
  localDataCenter: 'datacenter1',
  socketOptions: { readTimeout: 60_000 },
});

async function ensureData(): Promise<void> {
  await direct.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
  await direct.execute(
    `CREATE TABLE IF NOT EXISTS ${KS}.rows (p int, c int, n bigint, at timestamp, payload text, PRIMARY KEY (p, c))`,
  );
  await direct.execute(`CREATE TABLE IF NOT EXISTS ${KS}.loaded (k int PRIMARY KEY, rows int)`);
  const done = await direct.execute(`SELECT rows FROM ${KS}.loaded WHERE k = 0`);
  if (done.rows[0]?.get('rows') === ROWS) return;
  const started = Date.now();
  const insert = `INSERT INTO ${KS}.rows (p, c, n, at, payload) VALUES (?, ?, ?, ?, ?)`;
  const perPartition = Math.ceil(ROWS / PARTITIONS);
  const BATCH = 20; // 20 rows of ~200 bytes: under the 5 KiB batch warning
  let next = 0;
  const batches = Math.ceil(ROWS / BATCH);
  const worker = async (): Promise<void> => {
    for (;;) {
      const b = next++;
      if (b >= batches) return;
      const queries = [];
      for (let i = b * BATCH; i < Math.min(ROWS, (b + 1) * BATCH); i++) {
        const p = Math.floor(i / perPartition);
        queries.push({
          query: insert,
          params: [
            p,
            i,
            cassandra.types.Long.fromNumber(i * 7919),
            new Date(1_700_000_000_000 + i),
            `row-${i}-${'x'.repeat(150)}`,
          ],
        });
      }
      await direct.batch(queries, { prepare: true, logged: false });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await direct.execute(`INSERT INTO ${KS}.loaded (k, rows) VALUES (0, ?)`, [ROWS], { prepare: true });
  console.log(`wrote ${ROWS} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * The reference: a bare driver loop over the same token ranges and page size,
 * writing CSV with backpressure; `parallel` ranges at a time (rows then land
 * in the order pages arrive).
 */
async function bareExport(file: string, parallel: number): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now();
  const out = createWriteStream(file);
  out.write('p,c,at,n,payload\n');
  let rows = 0;
  const ranges = splitRing(RANGES);
  let nextRange = 0;
  const worker = async (): Promise<void> => {
    for (let r = ranges[nextRange++]; r; r = ranges[nextRange++]) {
      const cql = `SELECT p, c, at, n, payload FROM ${KS}.rows WHERE token(p) ${r.first ? '>=' : '>'} ? AND token(p) <= ?`;
      const params = [
        cassandra.types.Long.fromString(r.from.toString()),
        cassandra.types.Long.fromString(r.to.toString()),
      ];
      let pageState: string | undefined;
      do {
        const rs = await direct.execute(cql, params, {
          prepare: true,
          fetchSize: PAGE,
          ...(pageState ? { pageState } : {}),
        });
        let chunk = '';
        for (const row of rs.rows) {
          chunk += `${row.get('p')},${row.get('c')},${(row.get('at') as Date).toISOString()},${String(row.get('n'))},${csvField(String(row.get('payload')))}\n`;
        }
        rows += rs.rows.length;
        if (!out.write(chunk)) await once(out, 'drain');
        pageState = rs.pageState ?? undefined;
      } while (pageState);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  out.end();
  await once(out, 'finish');
  return { rows, ms: performance.now() - t0 };
}

function cqlshCopy(file: string): Promise<number | null> {
  const bin = process.env.STACKDECK_CQLSH ?? 'cqlsh';
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(
      bin,
      ['127.0.0.1', '9042', '-e', `COPY ${KS}.rows (p, c, at, n, payload) TO '${file}' WITH HEADER = true`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', () => resolve(null));
    p.on('exit', (code) => {
      if (code !== 0) console.log(`   cqlsh exited ${code}: ${err.slice(0, 300)}`);
      resolve(code === 0 ? performance.now() - t0 : null);
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  console.log(
    `${new Date().toISOString()} · ${cpus()[0]?.model ?? 'cpu'} x${cpus().length} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · node ${process.version}`,
  );
  await direct.connect();
  await ensureData();
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-bench-'));
  const core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir) });
  try {
    const profile = await core.router.call('connections.profiles.create', {
      draft: { kind: 'cassandra', name: 'bench', contactPoints: ['127.0.0.1:9042'] },
    });
    const connectionId = profile.id;
    // Connect (and prepare the driver's pools) before timing anything.
    await core.router.call('cassandra.cluster.describe', { connectionId });

    // 1. Full-table export.
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const t0 = performance.now();
    let done: Extract<ExportEvent, { type: 'done' }> | undefined;
    await core.router.subscribe(
      'cassandra.tables.export',
      {
        connectionId,
        keyspace: KS,
        table: 'rows',
        format: 'csv',
        limit: 10_000_000,
        parallel: PARALLEL,
        pageSize: PAGE,
      },
      {
        emit: (e: ExportEvent) => {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          if (e.type === 'done') done = e;
        },
      },
    );
    const oursMs = performance.now() - t0;
    clearInterval(sampler);
    if (!done) throw new Error('the export did not finish');
    const bareFile = join(dir, 'bare.csv');
    const bare = await bareExport(bareFile, 1);
    const bareParallel = await bareExport(bareFile, PARALLEL);
    const cqlshFile = join(dir, 'cqlsh.csv');
    const cqlshMs = await cqlshCopy(cqlshFile);
    const size = async (f: string): Promise<string> => `${((await stat(f)).size / 2 ** 20).toFixed(0)} MiB`;
    const rate = (rows: number, ms: number): number => Math.round(rows / (ms / 1000));
    const ours = rate(done.rows, oursMs);
    const ref = rate(bare.rows, bare.ms);
    console.log(
      `1. export ${done.rows} rows to CSV: stackdeck ${(oursMs / 1000).toFixed(1)} s = ${ours} rows/s (${await size(done.path)}; ${PARALLEL} ranges at a time); ` +
        `bare driver token-range loop ${(bare.ms / 1000).toFixed(1)} s = ${ref} rows/s (${await size(bareFile)}) -> throughput ratio ${(ours / ref).toFixed(2)} (target >= 0.7)`,
    );
    const refP = rate(bareParallel.rows, bareParallel.ms);
    console.log(
      `   bare driver loop with ${PARALLEL} ranges at a time ${(bareParallel.ms / 1000).toFixed(1)} s = ${refP} rows/s -> throughput ratio ${(ours / refP).toFixed(2)}`,
    );
    if (cqlshMs === null)
      console.log('   cqlsh COPY TO: not run (cqlsh not found; pip install cqlsh==6.2.2 and set STACKDECK_CQLSH)');
    else {
      const c = rate(ROWS, cqlshMs);
      console.log(
        `   cqlsh COPY TO ${(cqlshMs / 1000).toFixed(1)} s = ${c} rows/s (${await size(cqlshFile)}; process start included) -> stackdeck/cqlsh throughput ratio ${(ours / c).toFixed(2)}`,
      );
    }

    // 2. First page of a partition.
    const cql = `SELECT * FROM ${KS}.rows WHERE p = ${Math.floor(PARTITIONS / 2) - 1}`;
    const oursTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < 21; i++) {
      const a = performance.now();
      const r = await core.router.call('cassandra.cql.run', {
        connectionId,
        sessionId: 'bench',
        text: cql,
        options: { pageSize: 100 },
      });
      oursTimes.push(performance.now() - a);
      if (r.results[0]?.rows.length !== Math.min(100, Math.ceil(ROWS / PARTITIONS)))
        throw new Error('unexpected first page');
      const b = performance.now();
      await direct.execute(cql, [], { fetchSize: 100 });
      bareTimes.push(performance.now() - b);
    }
    const o = median(oursTimes.slice(1));
    const d = median(bareTimes.slice(1));
    console.log(
      `2. first page (100 rows) of one partition: stackdeck ${o.toFixed(2)} ms, bare driver ${d.toFixed(2)} ms (medians of 20) -> time ratio ${(o / d).toFixed(2)} (target <= 1.5)`,
    );
    console.log(`3. peak heap growth during the export: ${((peak - heap0) / 2 ** 20).toFixed(1)} MB (target <= 200)`);
  } finally {
    await core.dispose();
    await rm(dir, { recursive: true, force: true });
    if (DROP) await direct.execute(`DROP KEYSPACE IF EXISTS ${KS}`);
    await direct.shutdown();
  }
}

await main();
