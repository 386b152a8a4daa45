/**
 * Bulk actions by pattern against the real local Redis, through the router:
 * the preview counts the matching keys (TYPE filter too) and lists the first
 * 100; the run deletes in SCAN + UNLINK batches or sets and removes expiries;
 * other keys are untouched; cancel; refused on a read-only connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;

beforeAll(async () => {
  env = await startRedisEnv('bulk');
  p = env.prefix;
  const pipe = env.redis.pipeline();
  for (let i = 0; i < 2_500; i++) pipe.set(`${p}:del:${i}`, 'x');
  for (let i = 0; i < 30; i++) pipe.hset(`${p}:del:h${i}`, 'f', 'v');
  for (let i = 0; i < 10; i++) pipe.set(`${p}:keep:${i}`, 'x');
  await pipe.exec();
}, 60_000);

afterAll(async () => {
  await env?.close();
});

type Ev = { matched?: number; processed?: number; done: boolean; sample?: { display: string }[] };
async function stream(
  name: string,
  input: object,
  signal?: AbortSignal,
  connectionId = env.connectionId,
): Promise<Ev[]> {
  const events: Ev[] = [];
  await env.t.router.subscribe(
    name,
    { connectionId, ...input },
    { emit: (e) => events.push(e as Ev), ...(signal ? { signal } : {}) },
  );
  return events;
}

describe('bulk by pattern', () => {
  it('previews the count and the first 100 keys, with a TYPE filter', async () => {
    const all = (await stream('redis.bulk.preview', { match: `${p}:del:*` })).at(-1)!;
    expect(all).toMatchObject({ matched: 2_530, done: true });
    expect(all.sample).toHaveLength(100);
    expect(all.sample!.every((k) => k.display.startsWith(`${p}:del:`))).toBe(true);
    const hashes = (await stream('redis.bulk.preview', { match: `${p}:del:*`, type: 'hash' })).at(-1)!;
    expect(hashes.matched).toBe(30);
  });

  it('sets and removes expiries, then deletes, leaving other keys alone', async () => {
    const exp = (await stream('redis.bulk.run', { match: `${p}:del:h*`, action: { kind: 'expire', seconds: 600 } })).at(
      -1,
    )!;
    expect(exp).toMatchObject({ processed: 30, done: true });
    expect(await env.redis.ttl(`${p}:del:h3`)).toBeGreaterThan(500);
    await stream('redis.bulk.run', { match: `${p}:del:h*`, action: { kind: 'persist' } });
    expect(await env.redis.ttl(`${p}:del:h3`)).toBe(-1);

    const ro = await env.connect({ readOnly: true });
    await expect(
      stream('redis.bulk.run', { match: `${p}:del:*`, action: { kind: 'delete' } }, undefined, ro.id),
    ).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      stream('redis.bulk.run', { match: `${p}:del:*`, action: { kind: 'delete' } }, controller.signal),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await env.redis.exists(`${p}:del:1`)).toBe(1);

    const del = (await stream('redis.bulk.run', { match: `${p}:del:*`, action: { kind: 'delete' } })).at(-1)!;
    expect(del).toMatchObject({ processed: 2_530, done: true });
    const [, left] = await env.redis.scan('0', 'MATCH', `${p}:del:*`, 'COUNT', 10_000);
    expect(left).toEqual([]);
    expect(await env.redis.exists(`${p}:keep:3`)).toBe(1);
  });
});
