/**
 * Server views against the real local Redis, through the router: INFO
 * sections, keyspace of the database the test writes to, a slow command seen
 * in SLOWLOG with its arguments, and the test's own client in CLIENT LIST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;

beforeAll(async () => {
  env = await startRedisEnv('server');
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe('server overview', () => {
  it('answers INFO sections, keyspace, slowlog and clients', async () => {
    await env.redis.set(`${env.prefix}:k`, 'v');
    await env.redis.client('SETNAME', `${env.prefix.replace(/[^\w-]/g, '')}-oracle`);
    // A command slower than any slowlog threshold a server would have set for tests: DEBUG is off, so a Lua busy loop.
    const threshold = Number(((await env.redis.config('GET', 'slowlog-log-slower-than')) as string[])[1]);
    await env.redis.eval(
      `local t = redis.call('TIME'); local s = t[1] * 1000000 + t[2]
       repeat local n = redis.call('TIME') until (n[1] * 1000000 + n[2]) - s > tonumber(ARGV[1])
       return 1`,
      0,
      String(Math.max(threshold, 0) + 20_000),
    );
    const o = await env.t.router.call('redis.server.overview', { connectionId: env.connectionId });
    const server = o.sections.find((s) => s.name === 'Server');
    expect(server?.fields.find((f) => f.key === 'redis_version')?.value).toMatch(/^\d+\./);
    expect(o.sections.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Memory', 'Clients', 'Persistence', 'Stats']),
    );
    expect(o.keyspace.find((k) => k.db === 0)?.keys).toBeGreaterThan(0);
    expect(o.slowlogError).toBeNull();
    expect(o.slowlog.some((e) => e.args[0]?.toLowerCase() === 'eval')).toBe(true);
    expect(o.clientsError).toBeNull();
    expect(o.clients.some((c) => c.name?.endsWith('-oracle'))).toBe(true);
    expect(o.clientsTotal).toBeGreaterThanOrEqual(o.clients.length);
  });

  it('samples ops/s, memory, clients and hit ratio in core until cancelled', async () => {
    const controller = new AbortController();
    const events: { opsPerSec: number; usedMemory: number; connectedClients: number; hitRatio: number | null }[] = [];
    const done = env.t.router.subscribe(
      'redis.server.watch',
      { connectionId: env.connectionId, intervalMs: 500 },
      {
        signal: controller.signal,
        emit: (e) => {
          events.push(e as (typeof events)[number]);
          // Reads between samples give the next one a hit ratio.
          void env.redis.get(`${env.prefix}:k`);
          if (events.length >= 3) controller.abort();
        },
      },
    );
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(events.length).toBe(3);
    expect(events[0]!.usedMemory).toBeGreaterThan(0);
    expect(events[0]!.connectedClients).toBeGreaterThan(0);
    expect(events[0]!.hitRatio).toBeNull();
    expect(events.slice(1).some((e) => e.hitRatio !== null)).toBe(true);
  });
});
