/**
 * Every type editor's operations on the real 3-master cluster of the local
 * stack (redis-cluster, 127.0.0.1:7001-7003), through the router with only
 * 7001 as the seed: for each master, a hash, list, set, sorted set and stream
 * whose slots live there are read in pages, edited and checked on the master
 * itself (the oracle is a plain client per node). Then the key header's
 * operations: TTL, rename within a slot (hash tag) and across slots, delete.
 * RedisJSON is not loaded on the cluster, so the JSON editor is not here.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import redisCluster, { REDIS_CLUSTER_PORTS } from '../../stack/servers/redis-cluster.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';
import { b64 } from './setup';

let t: TestCore;
let id: string;
let p: string;
const nodes = new Map<number, Redis>();
const text = (v: { b64: string }): string => Buffer.from(v.b64, 'base64').toString();
const node = (port: number): Redis => nodes.get(port)!;
const TYPES = ['hash', 'list', 'set', 'zset', 'stream'] as const;
/** keyOn.get(port).get(type): a key name of that type whose slot lives on that master. */
const keyOn = new Map<number, Map<string, string>>();

async function portOf(key: string): Promise<number> {
  const any = node(REDIS_CLUSTER_PORTS[0]);
  const slot = Number(await any.call('CLUSTER', 'KEYSLOT', key));
  const ranges = (await any.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, string]][];
  return Number(ranges.find(([a, b]) => slot >= a && slot <= b)![2][1]);
}

const call = <T>(name: string, input: object): Promise<T> =>
  t.router.call(name, { connectionId: id, ...input }) as Promise<T>;

beforeAll(async () => {
  await requireServer(redisCluster);
  for (const port of REDIS_CLUSTER_PORTS) {
    const c = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    await c.connect();
    nodes.set(port, c);
    keyOn.set(port, new Map());
  }
  p = uniqueName('sd-it-cled');
  for (const type of TYPES)
    for (let i = 0; [...keyOn.values()].some((m) => !m.has(type)); i++) {
      const key = `${p}:${type}:${i}`;
      const m = keyOn.get(await portOf(key))!;
      if (!m.has(type)) m.set(type, key);
    }
  t = await startTestCore();
  id = (await t.connect('redis', { name: 'it cluster editors', port: 7001, cluster: true, seeds: [] })).id;
}, 60_000);

afterAll(async () => {
  for (const c of nodes.values()) {
    let cursor = '0';
    do {
      const [next, keys] = await c.scan(cursor, 'MATCH', `${p}*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) await c.unlink(k);
    } while (cursor !== '0');
    c.disconnect();
  }
  await t?.close();
});

describe.each(REDIS_CLUSTER_PORTS.map((port) => [port]))('type editors on the master at %i', (port) => {
  const key = (type: string): string => keyOn.get(port)!.get(type)!;

  it('hash: creates, pages with HSCAN, sets and deletes fields', async () => {
    const k = b64(key('hash'));
    expect(
      await call('redis.hash.set', { key: k, fields: [{ field: b64('a'), value: b64('1') }], create: true }),
    ).toEqual({ added: 1 });
    await node(port).hset(key('hash'), Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`])));
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const page = await call<{ cursor: string; length: number; fields: { field: { b64: string } }[] }>(
        'redis.hash.scan',
        { key: k, cursor, count: 100 },
      );
      expect(page.length).toBe(301);
      for (const f of page.fields) seen.add(text(f.field));
      cursor = page.cursor;
    } while (cursor !== '0');
    expect(seen.size).toBe(301);
    await call('redis.hash.set', { key: k, fields: [{ field: b64('f1'), value: b64('changed') }] });
    expect(await node(port).hget(key('hash'), 'f1')).toBe('changed');
    expect(await call('redis.hash.delete', { key: k, fields: [b64('f2')] })).toEqual({ removed: 1 });
    expect(await node(port).hexists(key('hash'), 'f2')).toBe(0);
  });

  it('list: pushes, pages with LRANGE, sets, inserts and removes by index', async () => {
    const k = b64(key('list'));
    expect(await call('redis.list.push', { key: k, values: ['a', 'b', 'c'].map(b64), create: true })).toEqual({
      length: 3,
    });
    await call('redis.list.push', { key: k, side: 'head', values: [b64('h')] });
    const page = await call<{ length: number; items: { index: number; value: { b64: string } }[] }>(
      'redis.list.range',
      { key: k, start: 1, count: 2 },
    );
    expect(page.length).toBe(4);
    expect(page.items.map((i) => [i.index, text(i.value)])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    await call('redis.list.set', { key: k, index: 2, value: b64('B') });
    await call('redis.list.insert', { key: k, where: 'after', pivot: b64('B'), value: b64('x') });
    expect(await call('redis.list.remove', { key: k, index: 0, expected: b64('h') })).toEqual({ removed: true });
    // The index no longer holds what the user saw: refused, nothing removed.
    await expect(call('redis.list.remove', { key: k, index: 0, expected: b64('h') })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await node(port).lrange(key('list'), 0, -1)).toEqual(['a', 'B', 'x', 'c']);
  });

  it('set: adds, pages with SSCAN, removes', async () => {
    const k = b64(key('set'));
    expect(await call('redis.set.add', { key: k, members: ['m1', 'm2', 'm3'].map(b64), create: true })).toEqual({
      added: 3,
    });
    const page = await call<{ cursor: string; length: number; members: { b64: string }[] }>('redis.set.scan', {
      key: k,
      cursor: '0',
      count: 100,
    });
    expect(page.length).toBe(3);
    expect(page.members.map(text).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(await call('redis.set.remove', { key: k, members: [b64('m2')] })).toEqual({ removed: 1 });
    expect((await node(port).smembers(key('set'))).sort()).toEqual(['m1', 'm3']);
  });

  it('sorted set: adds with scores, ranges by rank and score, ZSCAN, removes', async () => {
    const k = b64(key('zset'));
    const members = [1, 2, 3, 4].map((s) => ({ member: b64(`z${s}`), score: String(s * 1.5) }));
    expect(await call('redis.zset.add', { key: k, members, create: true })).toEqual({ added: 4 });
    type Page = { length: number; items: { member: { b64: string }; score: string }[] };
    const byRank = await call<Page>('redis.zset.range', { key: k, offset: 1, count: 2, reverse: true });
    expect(byRank.items.map((i) => text(i.member))).toEqual(['z3', 'z2']);
    const byScore = await call<Page>('redis.zset.range', { key: k, by: 'score', min: '2', max: '5' });
    expect(byScore.items.map((i) => [text(i.member), i.score])).toEqual([
      ['z2', '3'],
      ['z3', '4.5'],
    ]);
    const scanned = await call<Page & { cursor: string }>('redis.zset.scan', { key: k, cursor: '0', count: 100 });
    expect(scanned.items.length).toBe(4);
    expect(await call('redis.zset.remove', { key: k, members: [b64('z1')] })).toEqual({ removed: 1 });
    expect(await node(port).zrange(key('zset'), 0, -1)).toEqual(['z2', 'z3', 'z4']);
  });

  it('stream: adds, pages, consumer groups with pending entries, ack, claim, trim, delete', async () => {
    const k = b64(key('stream'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id: entry } = await call<{ id: string }>('redis.stream.add', {
        key: k,
        fields: [{ field: b64('n'), value: b64(String(i)) }],
        create: i === 0,
      });
      ids.push(entry);
    }
    const page = await call<{ length: number; entries: { id: string }[] }>('redis.stream.range', {
      key: k,
      count: 2,
      reverse: true,
    });
    expect(page.length).toBe(5);
    expect(page.entries.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    await call('redis.stream.group.create', { key: k, group: 'g', from: '0' });
    await node(port).xreadgroup('GROUP', 'g', 'c1', 'COUNT', 3, 'STREAMS', key('stream'), '>');
    const groups = await call<{ groups: { name: string; pending: number; consumers: { name: string }[] }[] }>(
      'redis.stream.groups',
      { key: k },
    );
    expect(groups.groups).toMatchObject([{ name: 'g', pending: 3, consumers: [{ name: 'c1' }] }]);
    const pending = await call<{ total: number; entries: { id: string; consumer: string }[] }>('redis.stream.pending', {
      key: k,
      group: 'g',
    });
    expect(pending.total).toBe(3);
    expect(await call('redis.stream.ack', { key: k, group: 'g', ids: [ids[0]] })).toEqual({ acked: 1 });
    const claimed = await call<{ claimed: string[] }>('redis.stream.claim', {
      key: k,
      group: 'g',
      consumer: 'c2',
      ids: [ids[1]],
    });
    expect(claimed.claimed).toEqual([ids[1]]);
    const after = (await node(port).xpending(key('stream'), 'g', '-', '+', 10)) as [string, string][];
    expect(after.map(([i, c]) => [i, c])).toEqual([
      [ids[1], 'c2'],
      [ids[2], 'c1'],
    ]);
    expect(await call('redis.stream.delete', { key: k, ids: [ids[4]] })).toEqual({ removed: 1 });
    expect(await call('redis.stream.trim', { key: k, strategy: 'maxlen', threshold: '2' })).toEqual({ removed: 2 });
    expect(await node(port).xlen(key('stream'))).toBe(2);
    expect(await call('redis.stream.group.delete', { key: k, group: 'g' })).toEqual({ removed: true });
  });

  it('key header: TTL, rename within the slot and across slots, delete', async () => {
    const k = key('set');
    const ttl = await call<{ ttlMs: number }>('redis.key.ttl', { key: b64(k), ttl: { mode: 'in', seconds: 600 } });
    expect(ttl.ttlMs).toBeGreaterThan(590_000);
    expect(await node(port).ttl(k)).toBeGreaterThan(590);
    await call('redis.key.ttl', { key: b64(k), ttl: { mode: 'persist' } });
    expect(await node(port).ttl(k)).toBe(-1);
    // A hash tag keeps the new name in the same slot.
    const tagged = `{${k}}:renamed`;
    await call('redis.key.rename', { key: b64(k), newKey: b64(tagged) });
    expect(await node(port).exists(tagged)).toBe(1);
    // Another slot: the cluster refuses RENAME across slots, and nothing is lost.
    const other = keyOn.get(REDIS_CLUSTER_PORTS.find((q) => q !== port)!)!.get('hash')!;
    await expect(call('redis.key.rename', { key: b64(tagged), newKey: b64(`${other}:x`) })).rejects.toMatchObject({
      message: expect.stringMatching(/CROSSSLOT|slot/i),
    });
    expect(await node(port).exists(tagged)).toBe(1);
    expect(await call('redis.key.delete', { key: b64(tagged) })).toEqual({ deleted: true });
    expect(await node(port).exists(tagged)).toBe(0);
  });
});
