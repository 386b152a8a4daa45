/**
 * Memory analysis against the real local Redis, through the router: every key
 * matching a pattern measured with MEMORY USAGE, top keys (the big one first),
 * per namespace, per type, TTL distribution (keys without TTL counted apart),
 * a sample size honoured, cancel, and the numbers checked against the test's
 * own MEMORY USAGE calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryEvent, MemoryReport } from '../../../src/shared/contract/redis/memory';
import { startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;

beforeAll(async () => {
  env = await startRedisEnv('mem');
  p = env.prefix;
  const pipe = env.redis.pipeline();
  for (let i = 0; i < 100; i++) pipe.set(`${p}:a|${i}`, 'x'.repeat(10));
  for (let i = 0; i < 100; i++) pipe.hset(`${p}:b|${i}`, 'f', 'v');
  for (let i = 0; i < 50; i++) pipe.set(`${p}:c|${i}`, 'y', 'EX', 600);
  pipe.set(`${p}:big`, 'z'.repeat(100_000));
  await pipe.exec();
}, 60_000);

afterAll(async () => {
  await env?.close();
});

async function analyze(input: object, signal?: AbortSignal): Promise<{ events: MemoryEvent[]; report: MemoryReport }> {
  const events: MemoryEvent[] = [];
  await env.t.router.subscribe(
    'redis.memory.analyze',
    { connectionId: env.connectionId, match: `${p}:*`, delimiter: '|', ...input },
    { emit: (e) => events.push(e as MemoryEvent), ...(signal ? { signal } : {}) },
  );
  const last = events.filter((e) => e.kind === 'report').at(-1);
  if (!last || last.kind !== 'report') throw new Error('no report');
  expect(last.done).toBe(true);
  return { events, report: last.report };
}

describe('memory analysis', () => {
  it('measures every matching key: top keys, namespaces, types, TTL', async () => {
    const { events, report } = await analyze({ sample: null });
    expect(report.analyzed).toBe(251);
    expect(events.some((e) => e.kind === 'progress')).toBe(true);
    expect(report.topKeys[0]?.key.display).toBe(`${p}:big`);
    expect(report.topKeys[0]?.bytes).toBe(await env.redis.memory('USAGE', `${p}:big`));
    const ns = new Map(report.namespaces.map((n) => [n.name, n]));
    expect(ns.get(`${p}:a|`)?.keys).toBe(100);
    expect(ns.get(`${p}:b|`)?.keys).toBe(100);
    expect(ns.get(`${p}:c|`)?.keys).toBe(50);
    expect(ns.get('(no namespace)')?.keys).toBe(1);
    let aBytes = 0;
    for (let i = 0; i < 100; i++) aBytes += Number(await env.redis.memory('USAGE', `${p}:a|${i}`));
    expect(ns.get(`${p}:a|`)?.bytes).toBe(aBytes);
    const types = new Map(report.types.map((t) => [t.name, t.keys]));
    expect(Object.fromEntries(types)).toEqual({ string: 151, hash: 100 });
    const ttl = new Map(report.ttl.map((t) => [t.name, t.keys]));
    expect(ttl.get('no expiry')).toBe(201);
    expect(ttl.get('< 1 hour')).toBe(50);
    expect(report.totalBytes).toBe(report.namespaces.reduce((a, n) => a + n.bytes, 0));
  });

  it('honours the sample size and stops on cancel', async () => {
    const { report } = await analyze({ sample: 40, top: 5 });
    expect(report.analyzed).toBe(40);
    expect(report.topKeys).toHaveLength(5);
    const controller = new AbortController();
    controller.abort();
    await expect(analyze({ sample: null }, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
