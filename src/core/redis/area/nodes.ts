/**
 * A standalone server or a Redis Cluster seen as the nodes that hold keys.
 * SCAN and DBSIZE are per node, so on a cluster they run on every master and
 * are combined here: one cursor (the master's position and its own cursor)
 * and one count (the sum of the masters' DBSIZE). Key commands go through the
 * cluster client, which routes by slot and follows MOVED/ASK.
 */
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../../connections/clients/redis';

export type { RedisClient };

export const isCluster = (client: RedisClient): client is Cluster => client instanceof Cluster;

/** The clients that hold keys, in a stable order (host:port): the server itself, or every master. */
export function keyNodes(client: RedisClient): Redis[] {
  if (!isCluster(client)) return [client];
  const at = (r: Redis): string => `${r.options.host ?? ''}:${String(r.options.port ?? 0).padStart(5, '0')}`;
  return client.nodes('master').sort((a, b) => at(a).localeCompare(at(b)));
}

/** Where a scan across nodes stands: the node it is on and that node's cursor. */
export interface NodeCursor {
  readonly node: number;
  readonly cursor: string;
}

export const SCAN_START: NodeCursor = { node: 0, cursor: '0' };

export interface ScanStep {
  readonly keys: Buffer[];
  /** The node the keys came from (they live there: commands on them may go to it directly). */
  readonly from: Redis;
  /** null once every node's cursor came back to 0. */
  readonly next: NodeCursor | null;
}

/**
 * One SCAN call on the node `at` points to. `tail` is what follows the cursor
 * (MATCH, COUNT, TYPE). A node that ends its cursor moves the scan to the next.
 */
export async function scanStep(
  client: RedisClient,
  at: NodeCursor,
  tail: readonly (string | number)[],
): Promise<ScanStep> {
  const nodes = keyNodes(client);
  const from = nodes[at.node];
  if (!from) return { keys: [], from: nodes[0] ?? (client as Redis), next: null };
  const [next, keys] = (await from.callBuffer('SCAN', at.cursor, ...tail)) as [Buffer, Buffer[]];
  const cursor = next.toString('latin1');
  if (cursor !== '0') return { keys, from, next: { node: at.node, cursor } };
  return { keys, from, next: at.node + 1 < nodes.length ? { node: at.node + 1, cursor: '0' } : null };
}

/** DBSIZE of the server, or the sum over the masters of a cluster. */
export async function dbsize(client: RedisClient): Promise<number> {
  const sizes = await Promise.all(keyNodes(client).map(async (n) => Number(await n.call('DBSIZE'))));
  return sizes.reduce((a, b) => a + b, 0);
}

export type Settled = [Error | null, unknown];
type Argv = readonly (string | Buffer)[];

/**
 * Commands on keys that may live in different slots, grouped by key, answered
 * in order (flat), each with its own error. A standalone server gets one
 * pipeline. On a cluster each group is a pipeline of its own behind an
 * `EXISTS key` that fixes its slot: ioredis routes by the keys it knows of,
 * and it does not know where MEMORY USAGE or a module command keeps its key
 * (alone, those would go to any master and answer about a key not there).
 */
export async function perKey(
  client: RedisClient,
  groups: readonly { key: Buffer; commands: readonly Argv[] }[],
): Promise<Settled[]> {
  if (groups.length === 0) return [];
  if (!isCluster(client)) {
    const p = client.pipeline();
    for (const g of groups) for (const [cmd, ...args] of g.commands) p.call(String(cmd), ...args);
    return ((await p.exec()) ?? []) as Settled[];
  }
  const answers = await Promise.all(
    groups.map(async (g) => {
      const p = client.pipeline();
      p.call('EXISTS', g.key);
      for (const [cmd, ...args] of g.commands) p.call(String(cmd), ...args);
      return (((await p.exec()) ?? []) as Settled[]).slice(1);
    }),
  );
  return answers.flat();
}
