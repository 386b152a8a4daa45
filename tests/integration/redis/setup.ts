/**
 * Shared setup of the Redis integration tests: a whole core through the router,
 * a Redis profile for the local server, and a plain ioredis client of the test's
 * own (the oracle, and for seeding), all keys under a unique prefix.
 *
 * The server is Debian's Redis (`redis`, 6379) by default, or the stack's
 * Valkey (`valkey`, 6390) with STACKDECK_REDIS_SERVER=valkey: `npm test` runs
 * the core suites once per server (tests/run.ts, step integration-valkey).
 */
import { Redis } from 'ioredis';
import redisServer, { redisClientOptions } from '../../stack/servers/redis.js';
import valkeyServer, { VALKEY_PORT } from '../../stack/servers/valkey.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';

export interface RedisEnv {
  t: TestCore;
  /** Which server the suite runs against. */
  server: 'redis' | 'valkey';
  /** Saves another profile for the same server (e.g. a read-only one). */
  connect(overrides: Partial<ProfileDraftInput>): ReturnType<TestCore['connect']>;
  connectionId: string;
  /** The test's own client on db 0 (and `dbClient(n)` for others). */
  redis: Redis;
  prefix: string;
  dbClient(db: number): Promise<Redis>;
  close(): Promise<void>;
}

export const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

/** The server STACKDECK_REDIS_SERVER names: redis (default) or valkey. */
export function redisTarget(): { server: 'redis' | 'valkey'; port: number } {
  const name = process.env.STACKDECK_REDIS_SERVER ?? 'redis';
  if (name !== 'redis' && name !== 'valkey') throw new Error(`STACKDECK_REDIS_SERVER=${name}: use redis or valkey.`);
  return { server: name, port: name === 'valkey' ? VALKEY_PORT : redisClientOptions(0).port };
}

export async function startRedisEnv(name: string, overrides: Partial<ProfileDraftInput> = {}): Promise<RedisEnv> {
  const { server, port } = redisTarget();
  await requireServer(server === 'valkey' ? valkeyServer : redisServer);
  const t = await startTestCore();
  const connect = (o: Partial<ProfileDraftInput>): ReturnType<TestCore['connect']> =>
    t.connect('redis', { port, ...o } as Partial<ProfileDraftInput>);
  const profile = await connect(overrides);
  const redis = new Redis({ ...redisClientOptions(5_000), port });
  await redis.connect();
  const prefix = uniqueName(`sd-it-${name}`);
  const others: Redis[] = [];
  return {
    t,
    server,
    connect,
    connectionId: profile.id,
    redis,
    prefix,
    async dbClient(db) {
      const c = new Redis({ ...redisClientOptions(5_000), port, db });
      await c.connect();
      others.push(c);
      return c;
    },
    async close() {
      for (const c of [redis, ...others]) {
        const stream = c.scanStream({ match: `${prefix}*`, count: 1000 });
        for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await c.unlink(...keys);
        // Binary keys under the prefix too (scanStream decodes names; the raw form deletes them exactly).
        let cursor = '0';
        do {
          const [next, raw] = (await c.callBuffer('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)) as [
            Buffer,
            Buffer[],
          ];
          cursor = next.toString();
          if (raw.length > 0) await c.callBuffer('UNLINK', ...raw);
        } while (cursor !== '0');
        c.disconnect();
      }
      await t.close();
    },
  };
}
