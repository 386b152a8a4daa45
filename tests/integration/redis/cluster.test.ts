/**
 * A Redis Cluster profile against the real 3-master cluster of the local stack
 * (redis-cluster, 127.0.0.1:7001-7003), through the router, with only 7001 as
 * its seed: SCAN across every master with one cursor and DBSIZE summed, key
 * details and edits on keys of each master, a MOVED followed after a slot is
 * migrated under the core's feet, the CLI routed by key slot, SSUBSCRIBE /
 * SPUBLISH, memory analysis and bulk delete across masters, and database 1
 * refused. The oracle is a plain client per node.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PubSubEvent } from '../../../src/shared/contract/redis/pubsub';
import type { ScanProgress } from '../../../src/shared/contract/redis/keys';
import type { CliReply } from '../../../src/shared/contract/redis/cli';
import redisCluster, { REDIS_CLUSTER_PORTS } from '../../stack/servers/redis-cluster.js';
import { repairSlotMap } from '../../stack/servers/redis-cluster-repair.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';
import { b64 } from './setup';
import {
  agreed,
  assignSlot,
  beginMigration,
  migrateKeys,
  moveSlot,
  ownerPort,
  restoreSlot,
  type ClusterNodes,
} from './clusterSlots';

let t: TestCore;
let id: string;
let p: string;
const nodes = new Map<number, Redis>();
/** One key name per master port, found by asking the cluster where its slot lives. */
const onNode = new Map<number, string>();

const node = (port: number): Redis => nodes.get(port)!;

async function ownerOf(key: string): Promise<{ port: number; slot: number }> {
  const any = node(REDIS_CLUSTER_PORTS[0]);
  const slot = Number(await any.call('CLUSTER', 'KEYSLOT', key));
  return { port: await ownerPort(cluster, slot), slot };
}

const cluster: ClusterNodes = { ports: REDIS_CLUSTER_PORTS, node };

const keysEverywhere = async (match: string): Promise<string[]> => {
  const all: string[] = [];
  for (const port of REDIS_CLUSTER_PORTS) {
    let cursor = '0';
    do {
      const [next, keys] = await node(port).scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      all.push(...keys);
    } while (cursor !== '0');
  }
  return all.sort();
};

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
  }
  // A run stopped in the middle of a slot move leaves a slot no node claims (nodes.conf keeps it).
  await repairSlotMap(REDIS_CLUSTER_PORTS, 10_000);
  await agreed(cluster);
  p = uniqueName('sd-it-cluster');
  for (let i = 0; onNode.size < REDIS_CLUSTER_PORTS.length; i++) {
    const key = `${p}:k:${i}`;
    const { port } = await ownerOf(key);
    if (!onNode.has(port)) onNode.set(port, key);
  }
  for (const [port, key] of onNode) await node(port).set(key, `value on ${port}`);
  t = await startTestCore();
  const profile = await t.connect('redis', { name: 'it cluster', port: 7001, cluster: true, seeds: [] });
  id = profile.id;
}, 60_000);

afterAll(async () => {
  for (const port of REDIS_CLUSTER_PORTS) {
    const c = nodes.get(port);
    if (!c) continue;
    const mine = [];
    let cursor = '0';
    do {
      const [next, keys] = await c.scan(cursor, 'MATCH', `${p}*`, 'COUNT', 1000);
      cursor = next;
      mine.push(...keys);
    } while (cursor !== '0');
    for (const k of mine) await c.unlink(k);
    c.disconnect();
  }
  await t?.close();
});

describe('a Redis Cluster connection', () => {
  it('has a key on each master to work with', () => {
    expect([...onNode.keys()].sort()).toEqual([...REDIS_CLUSTER_PORTS]);
  });

  it('scans every master with one cursor and counts against the sum of DBSIZE', async () => {
    const { scanId, dbsize } = await t.router.call('redis.scan.start', {
      connectionId: id,
      match: `${p}:*`,
      count: 10,
    });
    const sizes = await Promise.all(REDIS_CLUSTER_PORTS.map(async (port) => node(port).dbsize()));
    expect(dbsize).toBe(sizes.reduce((a, b) => a + b, 0));
    const events: ScanProgress[] = [];
    await t.router.subscribe(
      'redis.scan.more',
      { connectionId: id, scanId, target: 1_000 },
      { emit: (e) => events.push(e) },
    );
    expect(events.at(-1)).toMatchObject({ done: true, found: 3 });
    const { rows } = await t.router.call('redis.scan.rows', {
      connectionId: id,
      scanId,
      expanded: [],
      offset: 0,
      limit: 100,
      view: 'list',
    });
    const names = rows.flatMap((r) => (r.kind === 'key' ? [Buffer.from(r.key.b64, 'base64').toString()] : []));
    expect(names.sort()).toEqual([...onNode.values()].sort());
  });

  it('reads key details and edits keys that live on each master', async () => {
    const keys = [...onNode.values()];
    const info = await t.router.call('redis.keys.info', { connectionId: id, keys: keys.map((k) => b64(k)) });
    expect(info.map((i) => i.type)).toEqual(['string', 'string', 'string']);
    expect(info.map((i) => (i.memory ?? 0) > 0)).toEqual([true, true, true]);
    for (const [port, key] of onNode) {
      const got = await t.router.call('redis.string.get', { connectionId: id, key: b64(key) });
      expect(Buffer.from(got.value.b64, 'base64').toString()).toBe(`value on ${port}`);
      await t.router.call('redis.string.set', { connectionId: id, key: b64(key), value: b64(`edited ${port}`) });
      expect(await node(port).get(key)).toBe(`edited ${port}`);
    }
  });

  it('follows a MOVED after a slot migrates to another master', async () => {
    const key = `${p}:moving`;
    const { port: from, slot } = await ownerOf(key);
    await node(from).set(key, 'before');
    // The core learns the slot map now, before the move.
    const before = await t.router.call('redis.string.get', { connectionId: id, key: b64(key) });
    expect(Buffer.from(before.value.b64, 'base64').toString()).toBe('before');
    const to = REDIS_CLUSTER_PORTS.find((q) => q !== from)!;
    try {
      await moveSlot(cluster, slot, from, to);
      expect((await ownerOf(key)).port).toBe(to);
      const after = await t.router.call('redis.string.get', { connectionId: id, key: b64(key) });
      expect(Buffer.from(after.value.b64, 'base64').toString()).toBe('before');
      await t.router.call('redis.string.set', { connectionId: id, key: b64(key), value: b64('after') });
      expect(await node(to).get(key)).toBe('after');
    } finally {
      await restoreSlot(cluster, slot, from);
    }
    expect((await ownerOf(key)).port).toBe(from);
  });

  it('routes CLI commands by key slot', async () => {
    const run = (...argv: string[]) =>
      t.router.call('redis.cli.run', { connectionId: id, argv: argv.map((a) => b64(a)) }) as Promise<{
        reply: CliReply;
        node: string;
      }>;
    for (const [port, key] of onNode) {
      const { reply } = await run('GET', key);
      expect(reply.t === 'bulk' && Buffer.from(reply.b64, 'base64').toString()).toBe(`edited ${port}`);
    }
    // ioredis does not know where MEMORY USAGE keeps its key: the CLI routes it by COMMAND's key position.
    for (const key of onNode.values()) {
      const { reply } = await run('MEMORY', 'USAGE', key);
      expect(reply).toMatchObject({ t: 'int' });
    }
    const { reply, node: answered } = await run('SET', `${p}:cli`, 'from the cli');
    expect(reply).toEqual({ t: 'status', text: 'OK' });
    const { port } = await ownerOf(`${p}:cli`);
    expect(answered).toBe(`127.0.0.1:${port}`);
    expect(await node(port).get(`${p}:cli`)).toBe('from the cli');
    // RESP3 on every node: a map from the master of the hash's slot.
    await node((await ownerOf(`${p}:cli-h`)).port).hset(`${p}:cli-h`, 'f', 'v');
    expect((await run('HGETALL', `${p}:cli-h`)).reply).toMatchObject({ t: 'map', total: 1 });
    await node((await ownerOf(`${p}:cli-h`)).port).del(`${p}:cli-h`);
  });

  it('the CLI follows an ASK during a slot migration and a MOVED after it', async () => {
    const run = (...argv: string[]) =>
      t.router.call('redis.cli.run', { connectionId: id, argv: argv.map((a) => b64(a)) }) as Promise<{
        reply: CliReply;
        node: string;
      }>;
    const text = (r: CliReply): string => (r.t === 'bulk' ? Buffer.from(r.b64, 'base64').toString() : `<${r.t}>`);
    const key = `${p}:cli-moving`;
    const { port: from, slot } = await ownerOf(key);
    await node(from).set(key, 'v');
    // The CLI learns where the slot is now.
    expect(await run('GET', key)).toMatchObject({ node: `127.0.0.1:${from}` });
    const to = REDIS_CLUSTER_PORTS.find((q) => q !== from)!;
    try {
      await beginMigration(cluster, slot, from, to);
      await migrateKeys(cluster, slot, from, to);
      // The key has left `from` mid-migration: it answers ASK, and the CLI asks `to`.
      const asked = await run('GET', key);
      expect(text(asked.reply)).toBe('v');
      expect(asked.node).toBe(`127.0.0.1:${to}`);
      await assignSlot(cluster, slot, from, to);
      // Done: `from` answers MOVED, and the CLI goes to `to` from then on.
      const moved = await run('GET', key);
      expect(text(moved.reply)).toBe('v');
      expect(moved.node).toBe(`127.0.0.1:${to}`);
    } finally {
      // Back to `from`, whatever state the test stopped in.
      await restoreSlot(cluster, slot, from);
      await node(from).del(key);
    }
    expect((await ownerOf(key)).port).toBe(from);
  });

  it('subscribes to a shard channel (SSUBSCRIBE) and receives an SPUBLISH', async () => {
    const channel = `${p}:shard`;
    const controller = new AbortController();
    const events: PubSubEvent[] = [];
    const done = t.router.subscribe(
      'redis.pubsub.subscribe',
      { connectionId: id, shardChannels: [channel] },
      { signal: controller.signal, emit: (e) => events.push(e as PubSubEvent) },
    );
    done.catch(() => undefined);
    await eventually('subscribed', async () => (events.some((e) => e.kind === 'subscribed') ? true : undefined));
    const { receivers } = await t.router.call('redis.pubsub.publish', {
      connectionId: id,
      channel,
      message: b64('sharded hello'),
      shard: true,
    });
    expect(receivers).toBe(1);
    const msg = await eventually('the message', async () =>
      events.flatMap((e) => (e.kind === 'messages' ? e.messages : [])).find((m) => m.channel === channel),
    );
    expect(Buffer.from(msg.payload.b64, 'base64').toString()).toBe('sharded hello');
    controller.abort();
    await done.catch(() => undefined);
  });

  it('analyses memory and bulk-deletes across all masters', async () => {
    const events: { kind: string; report?: { analyzed: number }; done?: boolean }[] = [];
    await t.router.subscribe(
      'redis.memory.analyze',
      { connectionId: id, match: `${p}:k:*`, delimiter: ':' },
      { emit: (e) => events.push(e as (typeof events)[number]) },
    );
    const report = events.filter((e) => e.kind === 'report').at(-1)!;
    expect(report.done).toBe(true);
    expect(report.report!.analyzed).toBe(3);

    const runs: { processed?: number; matched?: number; done: boolean }[] = [];
    await t.router.subscribe(
      'redis.bulk.preview',
      { connectionId: id, match: `${p}:k:*` },
      { emit: (e) => runs.push(e as (typeof runs)[number]) },
    );
    expect(runs.at(-1)).toMatchObject({ matched: 3, done: true });
    await t.router.subscribe(
      'redis.bulk.run',
      { connectionId: id, match: `${p}:k:*`, action: { kind: 'delete' } },
      { emit: (e) => runs.push(e as (typeof runs)[number]) },
    );
    expect(runs.at(-1)).toMatchObject({ processed: 3, done: true });
    expect(await keysEverywhere(`${p}:k:*`)).toEqual([]);
    expect(await keysEverywhere(`${p}:cli`)).toEqual([`${p}:cli`]);
  });

  it('refuses another database than 0, saying why', async () => {
    await expect(t.router.call('redis.scan.start', { connectionId: id, db: 1, match: '*' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('database 0 only'),
    });
  });
});
