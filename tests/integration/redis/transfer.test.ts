/**
 * Export and import of keys as JSON Lines against the real local Redis,
 * through the router: every type (binary names and values exact, TTLs kept)
 * exported through the generic exporter, deleted, re-imported after a dry
 * run; existing keys skipped or replaced; bad lines listed and refused.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportEvent } from '../../../src/shared/contract/exports';
import { startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;
const bin = Buffer.from([0xff, 0x00, 0x41]);

beforeAll(async () => {
  env = await startRedisEnv('xfer');
  p = env.prefix;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

async function snapshot(): Promise<unknown> {
  const r = env.redis;
  return {
    s: await r.get(`${p}:s`),
    b: (await r.getBuffer(Buffer.concat([Buffer.from(`${p}:b:`), bin])))?.toString('hex'),
    h: await r.hgetall(`${p}:h`),
    l: await r.lrange(`${p}:l`, 0, -1),
    set: (await r.smembers(`${p}:set`)).sort(),
    z: await r.zrange(`${p}:z`, 0, -1, 'WITHSCORES'),
    x: await r.xrange(`${p}:x`, '-', '+'),
    ttl: (await r.ttl(`${p}:s`)) > 500,
  };
}

describe('export and import', () => {
  it('round-trips every type through a JSON Lines file', async () => {
    const r = env.redis;
    await r.set(`${p}:s`, 'hello', 'EX', 600);
    await r.set(Buffer.concat([Buffer.from(`${p}:b:`), bin]), bin);
    await r.hset(`${p}:h`, 'a', '1', 'b', '2');
    await r.rpush(`${p}:l`, 'x', 'y', 'x');
    await r.sadd(`${p}:set`, 'm1', 'm2');
    await r.zadd(`${p}:z`, 1.5, 'one', -2, 'two');
    await r.xadd(`${p}:x`, '5-1', 'f', 'v');
    const before = await snapshot();

    const events: ExportEvent[] = [];
    await env.t.router.subscribe(
      'redis.keys.export',
      { connectionId: env.connectionId, match: `${p}:*`, format: 'jsonl' },
      { emit: (e) => events.push(e as ExportEvent) },
    );
    const done = events.find((e) => e.type === 'done');
    if (!done || done.type !== 'done') throw new Error('no done event');
    expect(done.rows).toBe(7);
    const text = await readFile(done.path, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: unknown; type: string });
    expect(lines.find((l) => typeof l.key === 'object')).toMatchObject({
      key: { b64: expect.any(String) },
      type: 'string',
    });

    const keys = (await r.keysBuffer(`${p}:*`)) as Buffer[];
    await r.del(...keys);
    const dry = await env.t.router.call('redis.keys.import', { connectionId: env.connectionId, text });
    expect(dry).toMatchObject({ total: 7, existing: 0, created: 0, errors: [] });
    expect(await r.exists(`${p}:h`)).toBe(0);
    const real = await env.t.router.call('redis.keys.import', { connectionId: env.connectionId, text, dryRun: false });
    expect(real).toMatchObject({ total: 7, created: 7 });
    expect(await snapshot()).toEqual(before);

    await r.hset(`${p}:h`, 'c', '3');
    const skip = await env.t.router.call('redis.keys.import', { connectionId: env.connectionId, text, dryRun: false });
    expect(skip).toMatchObject({ existing: 7, skipped: 7, created: 0 });
    expect(await r.hget(`${p}:h`, 'c')).toBe('3');
    const replace = await env.t.router.call('redis.keys.import', {
      connectionId: env.connectionId,
      text,
      dryRun: false,
      onExisting: 'replace',
    });
    expect(replace).toMatchObject({ replaced: 7 });
    expect(await r.hget(`${p}:h`, 'c')).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('lists bad lines on a dry run and refuses a real import that has any', async () => {
    const text = [
      JSON.stringify({ key: `${p}:ok`, type: 'string', ttlMs: -1, value: 'v' }),
      '{not json',
      JSON.stringify({ key: `${p}:bad`, type: 'zset', value: [['m', 'abc']] }),
      JSON.stringify({ key: `${p}:t`, type: 'module-type', value: 1 }),
    ].join('\n');
    const dry = await env.t.router.call('redis.keys.import', { connectionId: env.connectionId, text });
    expect(dry.total).toBe(1);
    expect(dry.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(dry.errors[1]?.message).toMatch(/not a score/);
    await expect(
      env.t.router.call('redis.keys.import', { connectionId: env.connectionId, text, dryRun: false }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await env.redis.exists(`${p}:ok`)).toBe(0);
  });
});
