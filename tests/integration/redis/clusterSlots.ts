/**
 * Slot migrations on the stack's 3-master cluster, for tests that move a slot
 * under the core's feet. Each step waits until every node agrees on the slot
 * map and the masters' config epochs: a node that takes a slot bumps its epoch
 * only against the epochs it has heard of, so a second move issued before the
 * first one's gossip arrives can lose the slot again to a stale heartbeat (CI
 * saw `MOVED` from the node that had just been given the slot back).
 */
import type { Redis } from 'ioredis';
import { eventually } from '../helpers/servers';
import { beliefOf, disputed } from '../../stack/servers/redis-cluster-repair.js';

export interface ClusterNodes {
  readonly ports: readonly number[];
  node(port: number): Redis;
}

/** Waits until every node tells the same story (slot map and epochs), and (if given) says `ownerId` holds `slot`. */
export async function agreed(c: ClusterNodes, slot?: number, ownerId?: string): Promise<void> {
  await eventually(
    'the cluster nodes to agree on the slot map',
    async () => {
      const beliefs = await Promise.all(c.ports.map(async (p) => beliefOf(p, c.node(p))));
      if (disputed(beliefs).length > 0) return undefined;
      if (new Set(beliefs.map((b) => [...b.epochs].sort().join())).size !== 1) return undefined;
      if (slot === undefined || ownerId === undefined) return true;
      return beliefs[0]!.owners.get(slot) === ownerId ? true : undefined;
    },
    15_000,
  );
}

export async function nodeIdOf(c: ClusterNodes, port: number): Promise<string> {
  return String(await c.node(port).call('CLUSTER', 'MYID'));
}

/** Marks `slot` as leaving `src` for `dst`, after the cluster has settled. */
export async function beginMigration(c: ClusterNodes, slot: number, src: number, dst: number): Promise<void> {
  await agreed(c);
  await c.node(dst).call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', await nodeIdOf(c, src));
  await c.node(src).call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', await nodeIdOf(c, dst));
}

/** Gives `slot` to `dst` in the order Redis documents (the new owner, then the old, then the rest). */
export async function assignSlot(c: ClusterNodes, slot: number, src: number, dst: number): Promise<void> {
  const dstId = await nodeIdOf(c, dst);
  const order = [dst, src, ...c.ports.filter((p) => p !== dst && p !== src)];
  for (const p of order) await c.node(p).call('CLUSTER', 'SETSLOT', slot, 'NODE', dstId);
  await agreed(c, slot, dstId);
}

/** Sends every key of `slot` from `src` to `dst` (both marked by beginMigration). */
export async function migrateKeys(c: ClusterNodes, slot: number, src: number, dst: number): Promise<void> {
  for (;;) {
    const keys = (await c.node(src).call('CLUSTER', 'GETKEYSINSLOT', slot, 100)) as string[];
    if (keys.length === 0) return;
    await c.node(src).call('MIGRATE', '127.0.0.1', dst, '', 0, 5000, 'KEYS', ...keys);
  }
}

/** The whole move: mark, send the keys, assign, and wait for the cluster to agree. */
export async function moveSlot(c: ClusterNodes, slot: number, src: number, dst: number): Promise<void> {
  await beginMigration(c, slot, src, dst);
  await migrateKeys(c, slot, src, dst);
  await assignSlot(c, slot, src, dst);
}

/**
 * Puts `slot` back on `home` with all its keys, from whatever state a test
 * stopped in: marked, mid-migration (keys already on the importing node),
 * partly or wholly assigned elsewhere.
 */
export async function restoreSlot(c: ClusterNodes, slot: number, home: number): Promise<void> {
  // A node that is migrating the slot answers ASK for keys it lacks, even to the MIGRATE bringing them back.
  await c.node(home).call('CLUSTER', 'SETSLOT', slot, 'STABLE');
  for (const p of c.ports) {
    if (p === home || !(await imports(c, p, slot))) continue;
    const stray = (await c.node(p).call('CLUSTER', 'GETKEYSINSLOT', slot, 100)) as string[];
    if (stray.length === 0) continue;
    // A node that only imports the slot serves its keys to a client that says ASKING first.
    await c.node(p).call('ASKING');
    await c.node(p).call('MIGRATE', '127.0.0.1', home, '', 0, 5000, 'KEYS', ...stray);
  }
  for (const p of c.ports) await c.node(p).call('CLUSTER', 'SETSLOT', slot, 'STABLE');
  await agreed(c);
  const owner = await ownerPort(c, slot);
  if (owner !== home) await moveSlot(c, slot, owner, home);
}

/** Whether the node on `port` is importing `slot` (its own line in CLUSTER NODES carries `[slot-<-id]`). */
async function imports(c: ClusterNodes, port: number, slot: number): Promise<boolean> {
  const text = String(await c.node(port).call('CLUSTER', 'NODES'));
  const mine = text.split('\n').find((line) => line.split(' ')[2]?.includes('myself')) ?? '';
  return mine.includes(`[${slot}-<-`);
}

/** The port of the node that serves `slot`, as the first node sees it. */
export async function ownerPort(c: ClusterNodes, slot: number): Promise<number> {
  const ranges = (await c.node(c.ports[0]!).call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  const range = ranges.find(([a, b]) => slot >= a && slot <= b);
  if (!range) throw new Error(`no node serves slot ${slot}`);
  return Number(range[2][1]);
}
