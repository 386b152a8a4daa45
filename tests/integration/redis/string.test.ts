/**
 * The string editor against the real local Redis: a 10 MB value opens as a
 * preview with its full size and loads in full on request; saves keep the TTL;
 * create refuses an existing key; WRONGTYPE and a deleted key are explained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRING_PREVIEW_BYTES } from '../../../src/shared/contract/redis/string';
import { b64, startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;

beforeAll(async () => {
  env = await startRedisEnv('string');
  p = env.prefix;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe('string values', () => {
  it('opens a 10 MB value as a preview and loads it in full on request', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    await env.redis.set(`${p}:big`, big);
    const preview = await env.t.router.call('redis.string.get', {
      connectionId: env.connectionId,
      key: b64(`${p}:big`),
    });
    expect(preview.value.size).toBe(big.length);
    expect(preview.value.truncated).toBe(true);
    const head = Buffer.from(preview.value.b64, 'base64');
    expect(head.length).toBe(STRING_PREVIEW_BYTES);
    expect(head.equals(big.subarray(0, STRING_PREVIEW_BYTES))).toBe(true);

    const full = await env.t.router.call('redis.string.get', {
      connectionId: env.connectionId,
      key: b64(`${p}:big`),
      maxBytes: big.length,
    });
    expect(full.value.truncated).toBe(false);
    expect(Buffer.from(full.value.b64, 'base64').equals(big)).toBe(true);
  });

  it('saves exact bytes and keeps the TTL of the key', async () => {
    await env.redis.set(`${p}:s`, 'old', 'EX', 1000);
    const bytes = Buffer.from([0, 1, 2, 0xff, 0x80]);
    await env.t.router.call('redis.string.set', {
      connectionId: env.connectionId,
      key: b64(`${p}:s`),
      value: bytes.toString('base64'),
    });
    expect((await env.redis.getBuffer(`${p}:s`))?.equals(bytes)).toBe(true);
    expect(await env.redis.ttl(`${p}:s`)).toBeGreaterThan(900);
  });

  it('creates with NX and a TTL, and refuses to create over an existing key', async () => {
    const key = b64(`${p}:new`);
    await env.t.router.call('redis.string.set', {
      connectionId: env.connectionId,
      key,
      value: b64('first'),
      create: true,
      ttlSeconds: 60,
    });
    expect(await env.redis.get(`${p}:new`)).toBe('first');
    expect(await env.redis.ttl(`${p}:new`)).toBeGreaterThan(50);
    await expect(
      env.t.router.call('redis.string.set', {
        connectionId: env.connectionId,
        key,
        value: b64('second'),
        create: true,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await env.redis.get(`${p}:new`)).toBe('first');
  });

  it('explains WRONGTYPE and a key deleted while open', async () => {
    await env.redis.hset(`${p}:h`, 'f', 'v');
    await expect(
      env.t.router.call('redis.string.get', { connectionId: env.connectionId, key: b64(`${p}:h`) }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('holds a hash, not a string') });
    await expect(
      env.t.router.call('redis.string.set', { connectionId: env.connectionId, key: b64(`${p}:h`), value: b64('x') }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await env.redis.type(`${p}:h`)).toBe('hash');
    await expect(
      env.t.router.call('redis.string.get', { connectionId: env.connectionId, key: b64(`${p}:gone`) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('does not exist') });
  });
});
