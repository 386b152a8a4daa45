/**
 * `npm run bench:redis`: Stackdeck's Redis paths (through the core router, as
 * the UI calls them) against redis-cli on the local server, in the same run.
 *   npm run bench:redis -- [--keys 1000000] [--db 15] [--only scan,memory,hash] [--repeat N]
 *
 * Fills database 15 (not 0: other work shares the local server) with N keys
 * of mixed types (70% strings, 10% hashes, lists, sets) in ~1,000 namespaces
 * ("ns123:type:id"), reused when DBSIZE already matches, plus one hash of
 * 100,000 fields. Then prints:
 * 1. a full scan into the namespace tree (redis.scan.start + redis.scan.more)
 *    vs `redis-cli --scan --count 1000 > /dev/null`; target <= 1.5x; and the
 *    core's heap growth for the tree; target <= 300 MB;
 * 2. memory analysis of all keys (redis.memory.analyze) vs
 *    `redis-cli --memkeys`; target <= 1.0x;
 * 3. opening the 100,000-field hash (first HSCAN page, as the editor does) vs
 *    `redis-cli HSCAN` of the first page; target <= 2x.
 * Not part of `npm test`. Run with --expose-gc (the npm script does) for a steadier heap.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createCore } from '../src/core/app';
import { FileKeyCipher } from '../src/core/connections';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const KEYS = Number(arg('--keys') ?? 1_000_000);
/** `--only scan,memory,hash` runs just those measures (each still against its reference, in the same run). */
const ONLY = arg('--only')?.split(',');
const want = (name: 'scan' | 'memory' | 'hash'): boolean => ONLY === undefined || ONLY.includes(name);
const DB = Number(arg('--db') ?? 15);
/** `--repeat N` measures each (Stackdeck and its reference back to back) N times and prints the median ratio: on a shared machine one pair is noise. */
const REPEAT = Math.max(1, Number(arg('--repeat') ?? 1));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const HOST = '127.0.0.1';
const PORT = 6379;
const BIG_HASH = 'sd-bench:bighash';
const HASH_FIELDS = 100_000;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** Runs redis-cli with its output to /dev/null (as a shell `> /dev/null` would); answers the wall time. */
function redisCli(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('redis-cli', ['-h', HOST, '-p', String(PORT), '-n', String(DB), ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`redis-cli exit ${code}`)),
    );
  });
}

async function fill(r: Redis): Promise<void> {
  const want = KEYS + 1;
  if (Number(await r.dbsize()) === want && (await r.hlen(BIG_HASH)) === HASH_FIELDS) {
    console.log(`db ${DB}: reusing ${want.toLocaleString('en')} keys`);
    return;
  }
  console.log(`db ${DB}: filling ${KEYS.toLocaleString('en')} keys (once; reused next time)…`);
  await r.flushdb();
  const t0 = performance.now();
  for (let start = 0; start < KEYS; start += 10_000) {
    const p = r.pipeline();
    for (let i = start; i < Math.min(KEYS, start + 10_000); i++) {
      const ns = `ns${i % 1000}`;
      const kind = i % 10;
      if (kind < 7) p.set(`${ns}:str:${i}`, `value-${i}`);
      else if (kind === 7) p.hset(`${ns}:hash:${i}`, 'a', String(i), 'b', 'x');
      else if (kind === 8) p.rpush(`${ns}:list:${i}`, 'a', 'b', 'c');
      else p.sadd(`${ns}:set:${i}`, 'a', 'b');
    }
    await p.exec();
  }
  for (let start = 0; start < HASH_FIELDS; start += 10_000) {
    const fields: string[] = [];
    for (let i = start; i < start + 10_000; i++) fields.push(`field:${i}`, `value:${i}`);
    await r.hset(BIG_HASH, ...fields);
  }
  console.log(`filled in ${s(performance.now() - t0)}`);
}

async function main(): Promise<void> {
  const seed = new Redis({ host: HOST, port: PORT, db: DB, lazyConnect: true, maxRetriesPerRequest: 0 });
  await seed.connect();
  await fill(seed);
  const version = /redis_version:(\S+)/.exec(await seed.info('server'))?.[1];
  seed.disconnect();

  const dir = await mkdtemp(join(tmpdir(), 'sd-bench-redis-'));
  const core = await createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir) });
  try {
    const profile = await core.router.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'bench', host: HOST, port: PORT, db: DB },
    });
    const connectionId = profile.id;
    // Warm up the connection and the command path once.
    await core.router.call('redis.keys.info', { connectionId, keys: [Buffer.from(BIG_HASH).toString('base64')] });

    console.log(`\nRedis ${version}, ${(KEYS + 1).toLocaleString('en')} keys in db ${DB}\n`);

    // 1. Full scan into the tree. redis-cli before 7.2 has no --count (its SCAN then asks 10 a call);
    // a bare ioredis SCAN COUNT 1000 loop is measured too, as the like-for-like reference.
    const ratios: Record<string, number[]> = { scan: [], memory: [], hash: [] };
    for (let round = 0; round < REPEAT; round++) {
      if (REPEAT > 1) console.log(`round ${round + 1} of ${REPEAT}, load average ${loadavg()[0]!.toFixed(1)}`);
      if (want('scan')) ratios.scan!.push(await benchScan(connectionId));
      if (want('memory')) ratios.memory!.push(await benchMemory(connectionId));
      if (want('hash')) ratios.hash!.push(await benchHash(connectionId));
    }
    if (REPEAT > 1)
      for (const [name, xs] of Object.entries(ratios))
        if (xs.length > 0)
          console.log(`median ratio ${name}: ${median(xs).toFixed(2)}x (of ${xs.map((x) => x.toFixed(2)).join(', ')})`);
  } finally {
    await core.dispose();
    await rm(dir, { recursive: true, force: true });
  }

  async function benchScan(connectionId: string): Promise<number> {
    let cliNote = '--scan --count 1000';
    const cliScan = await redisCli(['--scan', '--count', '1000']).catch(() => {
      cliNote = '--scan (no --count in this redis-cli)';
      return redisCli(['--scan']);
    });
    const bare = new Redis({ host: HOST, port: PORT, db: DB, lazyConnect: true });
    await bare.connect();
    const [bareMs] = await time(async () => {
      let cursor = '0';
      let n = 0;
      do {
        const [next, keys] = (await bare.callBuffer('SCAN', cursor, 'COUNT', 1000)) as [Buffer, Buffer[]];
        cursor = next.toString();
        n += keys.length;
      } while (cursor !== '0');
      return n;
    });
    bare.disconnect();
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const [scanMs, found] = await time(async () => {
      const { scanId } = await core.router.call('redis.scan.start', { connectionId, match: '*', count: 1000 });
      let last = 0;
      await core.router.subscribe(
        'redis.scan.more',
        { connectionId, scanId, target: 10_000_000 },
        {
          emit: (e) => {
            last = e.found;
            peak = Math.max(peak, process.memoryUsage().heapUsed);
          },
        },
      );
      // The first page of the tree, as the screen asks for it.
      await core.router.call('redis.scan.rows', { connectionId, scanId, view: 'tree', offset: 0, limit: 200 });
      return last;
    });
    gc();
    const heapHeld = process.memoryUsage().heapUsed - heap0;
    console.log(
      `1. scan into tree: ${s(scanMs)} (${found.toLocaleString('en')} keys) vs redis-cli ${cliNote} ${s(cliScan)}: ` +
        `ratio ${(scanMs / cliScan).toFixed(2)}x (target <= 1.5x); vs a bare ioredis SCAN COUNT 1000 loop ${s(bareMs)}: ` +
        `ratio ${(scanMs / bareMs).toFixed(2)}x; heap held by the tree ${mb(heapHeld)}, ` +
        `peak growth ${mb(peak - heap0)} (target <= 300 MB)`,
    );
    return scanMs / cliScan;
  }

  async function benchMemory(connectionId: string): Promise<number> {
    // 2. Memory analysis of all keys.
    const cliMem = await redisCli(['--memkeys']);
    const [memMs, analyzed] = await time(async () => {
      let n = 0;
      await core.router.subscribe(
        'redis.memory.analyze',
        { connectionId, sample: null },
        {
          emit: (e) => {
            if (e.kind === 'report') n = e.report.analyzed;
          },
        },
      );
      return n;
    });
    console.log(
      `2. memory analysis: ${s(memMs)} (${analyzed.toLocaleString('en')} keys) vs redis-cli --memkeys ${s(cliMem)}: ` +
        `ratio ${(memMs / cliMem).toFixed(2)}x (target <= 1.0x)`,
    );
    return memMs / cliMem;
  }

  async function benchHash(connectionId: string): Promise<number> {
    // 3. First page of a 100,000-field hash.
    const key = Buffer.from(BIG_HASH).toString('base64');
    const runs = 20;
    let cliTotal = 0;
    let coreTotal = 0;
    for (let i = 0; i < runs; i++) {
      cliTotal += await redisCli(['HSCAN', BIG_HASH, '0', 'COUNT', '200']);
      coreTotal += (await time(() => core.router.call('redis.hash.scan', { connectionId, key, count: 200 })))[0];
    }
    console.log(
      `3. open a ${HASH_FIELDS.toLocaleString('en')}-field hash (first page): ${(coreTotal / runs).toFixed(2)} ms vs ` +
        `redis-cli HSCAN ${(cliTotal / runs).toFixed(2)} ms (mean of ${runs}): ratio ${(coreTotal / cliTotal).toFixed(2)}x (target <= 2x; ` +
        `redis-cli's time includes its process start)`,
    );
    return coreTotal / cliTotal;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
