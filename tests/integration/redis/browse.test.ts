/**
 * Browsing keys against the real local Redis, through the router: SCAN into a
 * session ("scan more" by target, progress against DBSIZE), the namespace tree
 * built in core (per-folder counts, pages of visible rows), the flat list, the
 * db selector, binary key names opened / renamed / deleted by their exact
 * bytes, key info, TTL and the read-only guard. The oracle is the test's own
 * ioredis client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress, TreeRow } from '../../../src/shared/contract/redis/keys';
import { b64, startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;

async function scanAll(
  input: { db?: number; match: string; type?: string; delimiter?: string; count?: number },
  target = 1_000_000,
): Promise<{ scanId: string; dbsize: number; events: ScanProgress[] }> {
  const { scanId, dbsize } = await env.t.router.call('redis.scan.start', { connectionId: env.connectionId, ...input });
  const events: ScanProgress[] = [];
  await env.t.router.subscribe(
    'redis.scan.more',
    { connectionId: env.connectionId, scanId, target },
    { emit: (e) => events.push(e) },
  );
  return { scanId, dbsize, events };
}

const rows = async (scanId: string, expanded: string[], offset = 0, limit = 200, view: 'tree' | 'list' = 'tree') =>
  env.t.router.call('redis.scan.rows', { connectionId: env.connectionId, scanId, expanded, offset, limit, view });

const label = (r: TreeRow): string =>
  r.kind === 'folder' ? `${'  '.repeat(r.depth)}[${r.name}] ${r.keys}` : `${'  '.repeat(r.depth)}${r.name}`;

beforeAll(async () => {
  env = await startRedisEnv('browse');
  p = env.prefix;
  await env.redis.set(`${p}:user:1:name`, 'ada');
  await env.redis.set(`${p}:user:1:mail`, 'ada@example.org');
  await env.redis.set(`${p}:user:2:name`, 'bob');
  await env.redis.hset(`${p}:user:2:profile`, 'age', '41');
  await env.redis.rpush(`${p}:queue`, 'a', 'b', 'c');
  await env.redis.sadd(`${p}:tags`, 'x', 'y');
  // A key that is not valid UTF-8: prefix, ':', then 0xff 0xfe 0x00.
  await env.redis.set(Buffer.concat([Buffer.from(`${p}:bin:`), Buffer.from([0xff, 0xfe, 0x00])]), 'binary');
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe('scan into the namespace tree', () => {
  it('finds every key under the pattern and counts them per folder', async () => {
    const { scanId, dbsize, events } = await scanAll({ match: `${p}:*` });
    const last = events.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.found).toBe(7);
    expect(dbsize).toBe(
      await env.redis
        .dbsize()
        .then(Number)
        .catch(() => -1),
    ); // measured a moment apart; no writes here in between under our prefix
    expect(last.dbsize).toBeGreaterThanOrEqual(7);

    const top = await rows(scanId, []);
    expect(top.rows.map(label)).toEqual([`[${p}] 7`]);
    const open = await rows(scanId, [`${p}:`, `${p}:user:`, `${p}:user:1:`]);
    expect(open.rows.map(label)).toEqual([
      `[${p}] 7`,
      `  [bin] 1`,
      `  [user] 4`,
      `    [1] 2`,
      `      mail`,
      `      name`,
      `    [2] 2`,
      `  queue`,
      `  tags`,
    ]);
    expect(open.total).toBe(9);
    // Pages: the same rows, cut anywhere, including inside an open folder.
    const a = await rows(scanId, [`${p}:`, `${p}:user:`, `${p}:user:1:`], 0, 4);
    const b = await rows(scanId, [`${p}:`, `${p}:user:`, `${p}:user:1:`], 4, 4);
    const c = await rows(scanId, [`${p}:`, `${p}:user:`, `${p}:user:1:`], 8, 4);
    expect([...a.rows, ...b.rows, ...c.rows].map(label)).toEqual(open.rows.map(label));
    expect(c.total).toBe(9);
  });

  it('uses the delimiter it is given', async () => {
    const { scanId } = await scanAll({ match: `${p}:user:*`, delimiter: '1' });
    const r = await rows(scanId, []);
    // "…:user:1:…" splits at the first "1" of the prefix's own digits too: only check the counts add up.
    const folders = r.rows.filter((x) => x.kind === 'folder');
    const keys = r.rows.filter((x) => x.kind === 'key').length;
    expect(folders.reduce((n, f) => n + (f.kind === 'folder' ? f.keys : 0), 0) + keys).toBe(4);
  });

  it('scans more by target and resumes from the same cursor', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `${p}:many:${String(i).padStart(3, '0')}`);
    await env.redis.mset(...many.flatMap((k) => [k, '1']));
    const { scanId } = await env.t.router.call('redis.scan.start', {
      connectionId: env.connectionId,
      match: `${p}:many:*`,
      count: 10,
    });
    const first: ScanProgress[] = [];
    await env.t.router.subscribe(
      'redis.scan.more',
      { connectionId: env.connectionId, scanId, target: 50 },
      { emit: (e) => first.push(e) },
    );
    const stop = first.at(-1)!;
    expect(stop.found).toBeGreaterThanOrEqual(50);
    expect(stop.found).toBeLessThan(300);
    expect(stop.done).toBe(false);
    const rest: ScanProgress[] = [];
    await env.t.router.subscribe(
      'redis.scan.more',
      { connectionId: env.connectionId, scanId, target: 1_000 },
      { emit: (e) => rest.push(e) },
    );
    expect(rest.at(-1)).toMatchObject({ found: 300, done: true });
    const list = await rows(scanId, [], 0, 1000, 'list');
    expect(list.total).toBe(300);
    expect(new Set(list.rows.map((r) => (r.kind === 'key' ? r.key.display : ''))).size).toBe(300);
    const tree = await rows(scanId, [`${p}:`, `${p}:many:`], 250, 1000);
    expect(tree.rows.map((r) => r.name).at(-1)).toBe('299');
    await env.redis.unlink(...many);
  });

  it('filters by TYPE and reports it on the rows', async () => {
    const { scanId, events } = await scanAll({ match: `${p}:*`, type: 'hash' });
    expect(events.at(-1)!.found).toBe(1);
    const r = await rows(scanId, [], 0, 10, 'list');
    expect(r.rows[0]).toMatchObject({ kind: 'key', type: 'hash', key: { display: `${p}:user:2:profile` } });
  });

  it('browses another database than the profile one', async () => {
    const db3 = await env.dbClient(3);
    await db3.set(`${p}:in-db-3`, 'three');
    const inDb3 = await scanAll({ db: 3, match: `${p}:*` });
    expect(inDb3.events.at(-1)!.found).toBe(1);
    expect((await rows(inDb3.scanId, [], 0, 10, 'list')).rows[0]).toMatchObject({
      key: { display: `${p}:in-db-3` },
    });
    const inDb0 = await scanAll({ match: `${p}:in-db-*` });
    expect(inDb0.events.at(-1)!.found).toBe(0);
    const got = await env.t.router.call('redis.string.get', {
      connectionId: env.connectionId,
      db: 3,
      key: b64(`${p}:in-db-3`),
    });
    expect(Buffer.from(got.value.b64, 'base64').toString()).toBe('three');
  });

  it('answers NOT_FOUND for a closed scan', async () => {
    const { scanId } = await scanAll({ match: `${p}:*` });
    expect(await env.t.router.call('redis.scan.close', { connectionId: env.connectionId, scanId })).toEqual({
      closed: true,
    });
    await expect(rows(scanId, [])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('binary key names', () => {
  const raw = (): Buffer => Buffer.concat([Buffer.from(`${p}:bin:`), Buffer.from([0xff, 0xfe, 0x00])]);

  it('shows them escaped and opens, renames and deletes them by their exact bytes', async () => {
    const { scanId } = await scanAll({ match: `${p}:bin:*` });
    const r = await rows(scanId, [], 0, 10, 'list');
    const row = r.rows[0];
    if (row?.kind !== 'key') throw new Error('expected a key row');
    expect(row.key.binary).toBe(true);
    expect(row.key.display).toBe(`${p}:bin:\\xff\\xfe\\x00`);
    expect(Buffer.from(row.key.b64, 'base64').equals(raw())).toBe(true);

    const [info] = await env.t.router.call('redis.keys.info', { connectionId: env.connectionId, keys: [row.key.b64] });
    expect(info).toMatchObject({ type: 'string', ttlMs: -1, length: 6, unsupported: null });
    expect(info!.memory).toBeGreaterThan(0);

    const got = await env.t.router.call('redis.string.get', { connectionId: env.connectionId, key: row.key.b64 });
    expect(Buffer.from(got.value.b64, 'base64').toString()).toBe('binary');

    const renamedRaw = Buffer.concat([Buffer.from(`${p}:bin:`), Buffer.from([0x80, 0x81])]);
    const renamed = await env.t.router.call('redis.key.rename', {
      connectionId: env.connectionId,
      key: row.key.b64,
      newKey: renamedRaw.toString('base64'),
    });
    expect(renamed.key).toEqual({ b64: renamedRaw.toString('base64'), display: `${p}:bin:\\x80\\x81`, binary: true });
    expect(await env.redis.exists(raw())).toBe(0);
    expect((await env.redis.getBuffer(renamedRaw))?.toString()).toBe('binary');

    expect(
      await env.t.router.call('redis.key.delete', { connectionId: env.connectionId, key: renamed.key.b64 }),
    ).toEqual({ deleted: true });
    expect(await env.redis.exists(renamedRaw)).toBe(0);
    await env.redis.set(raw(), 'binary');
  });
});

describe('key operations', () => {
  it('rename refuses to replace an existing key unless asked', async () => {
    await env.redis.set(`${p}:r1`, 'one');
    await env.redis.set(`${p}:r2`, 'two');
    const input = { connectionId: env.connectionId, key: b64(`${p}:r1`), newKey: b64(`${p}:r2`) };
    await expect(env.t.router.call('redis.key.rename', input)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await env.redis.get(`${p}:r2`)).toBe('two');
    await env.t.router.call('redis.key.rename', { ...input, overwrite: true });
    expect(await env.redis.get(`${p}:r2`)).toBe('one');
    expect(await env.redis.exists(`${p}:r1`)).toBe(0);
  });

  it('sets, shows and removes a TTL', async () => {
    const key = b64(`${p}:ttl`);
    await env.redis.set(`${p}:ttl`, 'x');
    const call = (ttl: object) =>
      env.t.router.call('redis.key.ttl', { connectionId: env.connectionId, key, ttl } as never);
    const inA = await call({ mode: 'in', seconds: 100 });
    expect(inA.ttlMs).toBeGreaterThan(90_000);
    expect(await env.redis.ttl(`${p}:ttl`)).toBeGreaterThan(90);
    const at = await call({ mode: 'at', epochMs: Date.now() + 3_600_000 });
    expect(at.ttlMs).toBeGreaterThan(3_500_000);
    expect((await call({ mode: 'persist' })).ttlMs).toBe(-1);
    expect(await env.redis.ttl(`${p}:ttl`)).toBe(-1);
    await expect(
      env.t.router.call('redis.key.ttl', {
        connectionId: env.connectionId,
        key: b64(`${p}:missing`),
        ttl: { mode: 'in', seconds: 5 },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call({ mode: 'in', seconds: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reports type, TTL, memory and length per type, and missing keys as none', async () => {
    await env.redis.expire(`${p}:queue`, 500);
    const keys = [`${p}:user:2:profile`, `${p}:queue`, `${p}:tags`, `${p}:nope`].map((k) => b64(k));
    const infos = await env.t.router.call('redis.keys.info', { connectionId: env.connectionId, keys });
    expect(infos.map((i) => [i.type, i.length])).toEqual([
      ['hash', 1],
      ['list', 3],
      ['set', 2],
      ['none', null],
    ]);
    expect(infos[1]!.ttlMs).toBeGreaterThan(400_000);
    expect(infos[3]!.ttlMs).toBe(-2);
  });

  it('refuses bad key input before anything runs', async () => {
    await expect(
      env.t.router.call('redis.key.delete', { connectionId: env.connectionId, key: 'not base64!' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      env.t.router.call('redis.scan.start', { connectionId: env.connectionId, match: '*', db: 16 }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('read-only connection', () => {
  it('refuses every writing key method and leaves the server unchanged', async () => {
    const ro = await env.connect({ readOnly: true });
    const key = b64(`${p}:user:1:name`);
    const calls: [string, object][] = [
      ['redis.key.delete', { key }],
      ['redis.key.rename', { key, newKey: b64(`${p}:renamed`) }],
      ['redis.key.ttl', { key, ttl: { mode: 'in', seconds: 10 } }],
      ['redis.string.set', { key, value: b64('changed') }],
    ];
    for (const [name, input] of calls) {
      await expect(env.t.router.call(name, { connectionId: ro.id, ...input })).rejects.toMatchObject({
        code: 'READ_ONLY',
      });
    }
    expect(await env.redis.get(`${p}:user:1:name`)).toBe('ada');
    expect(await env.redis.ttl(`${p}:user:1:name`)).toBe(-1);
    expect(await env.redis.exists(`${p}:renamed`)).toBe(0);
    // Reads still work.
    const got = await env.t.router.call('redis.string.get', { connectionId: ro.id, key });
    expect(Buffer.from(got.value.b64, 'base64').toString()).toBe('ada');
  });
});
