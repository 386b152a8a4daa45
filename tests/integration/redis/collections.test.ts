/**
 * Hash, list, set and sorted-set editors against the real local Redis, through
 * the router: pages (HSCAN/SSCAN/ZSCAN cursors to the end, LRANGE and ZRANGE
 * by rank and score), add/edit/delete members with exact bytes, create refusing
 * an existing key, remove-at-index refusing a list that changed, WRONGTYPE and
 * a key deleted while open. Oracle: the test's own ioredis client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;
const text = (v: { b64: string }): string => Buffer.from(v.b64, 'base64').toString();

beforeAll(async () => {
  env = await startRedisEnv('coll');
  p = env.prefix;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const call = <T>(name: string, input: object): Promise<T> =>
  env.t.router.call(name, { connectionId: env.connectionId, ...input }) as Promise<T>;

describe('hash', () => {
  it('pages with HSCAN to the end, sets and deletes fields', async () => {
    const key = `${p}:h`;
    const fields = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}`, `v${i}`]));
    await env.redis.hset(key, fields);
    const seen = new Map<string, string>();
    let cursor = '0';
    let pages = 0;
    do {
      const page = await call<{
        cursor: string;
        length: number;
        fields: { field: { b64: string }; value: { b64: string } }[];
      }>('redis.hash.scan', { key: b64(key), cursor, count: 100 });
      expect(page.length).toBe(600);
      for (const f of page.fields) seen.set(text(f.field), text(f.value));
      cursor = page.cursor;
      pages++;
    } while (cursor !== '0');
    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBe(600);
    expect(seen.get('f599')).toBe('v599');

    const bin = Buffer.from([0xff, 0x00, 0x7f]);
    await call('redis.hash.set', {
      key: b64(key),
      fields: [
        { field: b64('f1'), value: b64('changed') },
        { field: bin.toString('base64'), value: bin.toString('base64') },
      ],
    });
    expect(await env.redis.hget(key, 'f1')).toBe('changed');
    expect((await env.redis.hgetBuffer(key, bin))?.equals(bin)).toBe(true);
    expect(await call('redis.hash.delete', { key: b64(key), fields: [b64('f2'), b64('nope')] })).toEqual({
      removed: 1,
    });
    expect(await env.redis.hexists(key, 'f2')).toBe(0);

    const matched = await call<{ fields: unknown[] }>('redis.hash.scan', { key: b64(key), match: 'f59*', count: 1000 });
    expect(matched.fields.length).toBe(11);
  });

  it('creates a new hash and refuses to create over an existing key', async () => {
    const input = { key: b64(`${p}:h2`), fields: [{ field: b64('a'), value: b64('1') }], create: true };
    expect(await call('redis.hash.set', input)).toEqual({ added: 1 });
    await expect(call('redis.hash.set', input)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('list', () => {
  it('pages with LRANGE, pushes, sets, inserts and removes by index', async () => {
    const key = `${p}:l`;
    await env.redis.rpush(key, ...Array.from({ length: 250 }, (_, i) => `i${i}`));
    const page = await call<{ length: number; items: { index: number; value: { b64: string } }[] }>(
      'redis.list.range',
      { key: b64(key), start: 200, count: 100 },
    );
    expect(page.length).toBe(250);
    expect(page.items.map((i) => i.index)).toEqual(Array.from({ length: 50 }, (_, i) => 200 + i));
    expect(text(page.items[0]!.value)).toBe('i200');

    expect(await call('redis.list.push', { key: b64(key), side: 'head', values: [b64('first')] })).toEqual({
      length: 251,
    });
    await call('redis.list.push', { key: b64(key), values: [b64('last')] });
    await call('redis.list.set', { key: b64(key), index: 1, value: b64('one') });
    await call('redis.list.insert', { key: b64(key), where: 'after', pivot: b64('one'), value: b64('one-and-a-half') });
    expect(await env.redis.lrange(key, 0, 2)).toEqual(['first', 'one', 'one-and-a-half']);
    expect(await env.redis.lindex(key, -1)).toBe('last');

    // Remove at index 1, but only if it still holds what the user saw.
    await expect(call('redis.list.remove', { key: b64(key), index: 1, expected: b64('stale') })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await env.redis.llen(key)).toBe(253);
    expect(await call('redis.list.remove', { key: b64(key), index: 1, expected: b64('one') })).toEqual({
      removed: true,
    });
    expect(await env.redis.lrange(key, 0, 1)).toEqual(['first', 'one-and-a-half']);
    expect(await env.redis.llen(key)).toBe(252);

    await expect(
      call('redis.list.insert', { key: b64(key), where: 'before', pivot: b64('absent'), value: b64('x') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('redis.list.set', { key: b64(key), index: 10_000, value: b64('x') })).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      message: expect.stringContaining('index out of range'),
    });
  });
});

describe('set', () => {
  it('pages with SSCAN to the end, adds and removes members', async () => {
    const key = `${p}:s`;
    await env.redis.sadd(key, ...Array.from({ length: 300 }, (_, i) => `m${i}`));
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const page = await call<{ cursor: string; length: number; members: { b64: string }[] }>('redis.set.scan', {
        key: b64(key),
        cursor,
        count: 50,
      });
      for (const m of page.members) seen.add(text(m));
      cursor = page.cursor;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(await call('redis.set.add', { key: b64(key), members: [b64('m1'), b64('new')] })).toEqual({ added: 1 });
    expect(await call('redis.set.remove', { key: b64(key), members: [b64('m1')] })).toEqual({ removed: 1 });
    expect(await env.redis.sismember(key, 'new')).toBe(1);
    expect(await env.redis.sismember(key, 'm1')).toBe(0);
  });
});

describe('sorted set', () => {
  it('ranges by rank and by score with scores, scans, adds and removes', async () => {
    const key = `${p}:z`;
    await env.redis.zadd(key, ...Array.from({ length: 100 }, (_, i) => [String(i * 1.5), `z${i}`]).flat());
    type Z = { length: number; items: { member: { b64: string }; score: string }[] };
    const byRank = await call<Z>('redis.zset.range', { key: b64(key), offset: 10, count: 3 });
    expect(byRank.length).toBe(100);
    expect(byRank.items.map((i) => [text(i.member), i.score])).toEqual([
      ['z10', '15'],
      ['z11', '16.5'],
      ['z12', '18'],
    ]);
    const rev = await call<Z>('redis.zset.range', { key: b64(key), count: 2, reverse: true });
    expect(rev.items.map((i) => text(i.member))).toEqual(['z99', 'z98']);
    const byScore = await call<Z>('redis.zset.range', { key: b64(key), by: 'score', min: '(30', max: '36', count: 10 });
    expect(byScore.items.map((i) => text(i.member))).toEqual(['z21', 'z22', 'z23', 'z24']);
    const byScoreRev = await call<Z>('redis.zset.range', {
      key: b64(key),
      by: 'score',
      min: '30',
      max: '36',
      reverse: true,
      offset: 1,
      count: 2,
    });
    expect(byScoreRev.items.map((i) => text(i.member))).toEqual(['z23', 'z22']);
    const scanned = await call<{ items: unknown[] }>('redis.zset.scan', { key: b64(key), match: 'z9*', count: 1000 });
    expect(scanned.items.length).toBe(11);

    await call('redis.zset.add', { key: b64(key), members: [{ member: b64('z0'), score: '-inf' }] });
    expect(await env.redis.zscore(key, 'z0')).toBe('-inf');
    await expect(
      call('redis.zset.add', { key: b64(key), members: [{ member: b64('bad'), score: 'abc' }] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await env.redis.zscore(key, 'bad')).toBeNull();
    expect(await call('redis.zset.remove', { key: b64(key), members: [b64('z0')] })).toEqual({ removed: 1 });
  });
});

describe('faults', () => {
  it('explains WRONGTYPE and a key deleted while open, and changes nothing', async () => {
    await env.redis.set(`${p}:str`, 'x');
    await expect(call('redis.hash.scan', { key: b64(`${p}:str`) })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('holds a string, not a hash'),
    });
    await expect(call('redis.list.push', { key: b64(`${p}:str`), values: [b64('v')] })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await env.redis.get(`${p}:str`)).toBe('x');
    await expect(call('redis.zset.range', { key: b64(`${p}:deleted`) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('redis.set.add', { key: b64(`${p}:deleted`), members: [b64('m')] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await env.redis.exists(`${p}:deleted`)).toBe(0);
  });

  it('refuses every collection write on a read-only connection, leaving the server unchanged', async () => {
    const ro = await env.connect({ readOnly: true });
    await env.redis.rpush(`${p}:ro`, 'a');
    const key = b64(`${p}:ro`);
    const writes: [string, object][] = [
      ['redis.hash.set', { key, fields: [{ field: b64('f'), value: b64('v') }] }],
      ['redis.hash.delete', { key, fields: [b64('f')] }],
      ['redis.list.push', { key, values: [b64('b')] }],
      ['redis.list.set', { key, index: 0, value: b64('b') }],
      ['redis.list.insert', { key, where: 'after', pivot: b64('a'), value: b64('b') }],
      ['redis.list.remove', { key, index: 0, expected: b64('a') }],
      ['redis.set.add', { key, members: [b64('b')] }],
      ['redis.set.remove', { key, members: [b64('a')] }],
      ['redis.zset.add', { key, members: [{ member: b64('b'), score: '1' }] }],
      ['redis.zset.remove', { key, members: [b64('a')] }],
    ];
    for (const [name, input] of writes)
      await expect(env.t.router.call(name, { connectionId: ro.id, ...input })).rejects.toMatchObject({
        code: 'READ_ONLY',
      });
    expect(await env.redis.lrange(`${p}:ro`, 0, -1)).toEqual(['a']);
  });
});
