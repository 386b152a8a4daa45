/**
 * Round trip through the real local Redis (127.0.0.1:6379) with ioredis:
 * SET/GET, binary values, expiry and a full SCAN over a unique prefix, which
 * is removed again at the end.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import redis, { redisClientOptions } from '../../stack/servers/redis.js';
import { requireServer } from '../helpers/servers.js';

/** Every key of this run: SCAN MATCH on it must find exactly what we wrote. */
const prefix = `stackdeck:it:${randomUUID()}:`;

async function scanAll(client: Redis, match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', match, 'COUNT', 50);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  // SCAN may return a key more than once across iterations.
  return [...new Set(keys)].sort();
}

describe('redis (local stack)', () => {
  let client: Redis;

  beforeAll(async () => {
    await requireServer(redis);
    client = new Redis(redisClientOptions(5_000));
    await client.connect();
  });

  afterAll(async () => {
    if (client === undefined) return;
    try {
      const left = await scanAll(client, `${prefix}*`);
      if (left.length > 0) await client.unlink(...left);
      expect(await scanAll(client, `${prefix}*`)).toEqual([]);
    } finally {
      client.disconnect();
    }
  });

  it('reports its version through INFO', async () => {
    const info = await client.info('server');
    expect(info).toMatch(/^redis_version:7\./m);
  });

  it('SET/GET round-trips text and binary values', async () => {
    expect(await client.set(`${prefix}text`, 'héllo wörld ✓')).toBe('OK');
    expect(await client.get(`${prefix}text`)).toBe('héllo wörld ✓');

    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x0a]);
    await client.set(`${prefix}bin`, bytes);
    expect(await client.getBuffer(`${prefix}bin`)).toEqual(bytes);

    expect(await client.get(`${prefix}absent`)).toBeNull();

    await client.set(`${prefix}ttl`, 'v', 'EX', 120);
    const ttl = await client.ttl(`${prefix}ttl`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('SCAN with MATCH finds exactly the keys under the prefix', async () => {
    const written = Array.from({ length: 137 }, (_, i) => `${prefix}scan:${String(i).padStart(3, '0')}`);
    const pipeline = client.pipeline();
    written.forEach((key, i) => pipeline.set(key, String(i)));
    const results = await pipeline.exec();
    expect(results?.every(([err]) => err === null)).toBe(true);

    expect(await scanAll(client, `${prefix}scan:*`)).toEqual([...written].sort());
    expect(await client.mget(written[0] ?? '', written[136] ?? '')).toEqual(['0', '136']);
  });
});
