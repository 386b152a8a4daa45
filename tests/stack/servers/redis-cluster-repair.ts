/**
 * Puts the stack's cluster back into one slot map when its nodes disagree.
 * nodes.conf survives restarts, so a test stopped in the middle of a slot
 * move (or two moves faster than the gossip between them) can leave a slot
 * that each node believes another one owns: no node claims it, gossip never
 * settles it, and `cluster_state` still says ok. Started nodes are checked
 * and such slots given to one node with a fresh config epoch.
 */
import { Redis } from 'ioredis';

export interface Belief {
  port: number;
  id: string;
  /** slot -> the id of the node this node believes serves it */
  owners: Map<number, string>;
  /** node id -> the config epoch this node has heard of */
  epochs: Map<string, string>;
}

/** What the node on `port` believes, from its CLUSTER NODES (its own migration marks left out). */
export async function beliefOf(port: number, c: Redis): Promise<Belief> {
  const text = String(await c.call('CLUSTER', 'NODES'));
  const owners = new Map<number, string>();
  const epochs = new Map<string, string>();
  let id = '';
  for (const line of text.trim().split('\n')) {
    const f = line.split(' ');
    if (f[2]?.includes('myself')) id = f[0]!;
    epochs.set(f[0]!, f[6]!);
    for (const range of f.slice(8)) {
      if (range.startsWith('[')) continue;
      const [a, b = a] = range.split('-').map(Number);
      for (let s = a!; s <= b!; s++) owners.set(s, f[0]!);
    }
  }
  return { port, id, owners, epochs };
}

/** Slots on which the nodes' beliefs differ (or which some node thinks nobody serves). */
export function disputed(beliefs: Belief[]): number[] {
  const out: number[] = [];
  for (let s = 0; s < 16384; s++) {
    const seen = new Set(beliefs.map((b) => b.owners.get(s) ?? ''));
    if (seen.size !== 1 || seen.has('')) out.push(s);
  }
  return out;
}

/** Repairs the slot map of the cluster on `ports`; returns the slots it had to settle. */
export async function repairSlotMap(ports: readonly number[], timeoutMs: number): Promise<number[]> {
  const clients = ports.map(
    (port) =>
      new Redis({
        host: '127.0.0.1',
        port,
        commandTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      }),
  );
  try {
    const read = async (): Promise<Belief[]> => Promise.all(clients.map(async (c, i) => beliefOf(ports[i]!, c)));
    let beliefs = await read();
    const slots = disputed(beliefs);
    if (slots.length === 0) return [];
    const newOwners = new Set<number>();
    for (const slot of slots) {
      // The node that claims the slot keeps it; else the one holding its keys; else the first node's belief.
      const claimant = beliefs.find((b) => b.owners.get(slot) === b.id);
      let owner = claimant;
      if (!owner) {
        for (const [i, b] of beliefs.entries())
          if (Number(await clients[i]!.call('CLUSTER', 'COUNTKEYSINSLOT', slot)) > 0) owner = b;
      }
      owner ??= beliefs.find((b) => b.id === beliefs[0]!.owners.get(slot)) ?? beliefs[0]!;
      newOwners.add(owner.port);
      const first = clients[beliefs.indexOf(owner)]!;
      await first.call('CLUSTER', 'SETSLOT', slot, 'NODE', owner.id);
      for (const c of clients) if (c !== first) await c.call('CLUSTER', 'SETSLOT', slot, 'NODE', owner.id);
    }
    // A bump per owner makes its claim newer than any heartbeat still in flight.
    for (const [i, port] of ports.entries()) if (newOwners.has(port)) await clients[i]!.call('CLUSTER', 'BUMPEPOCH');
    const until = Date.now() + timeoutMs;
    for (;;) {
      beliefs = await read();
      const left = disputed(beliefs);
      if (left.length === 0) return slots;
      if (Date.now() > until)
        throw new Error(
          `redis cluster: nodes still disagree about ${left.length} slot(s) (first ${left[0]}). ` +
            'Reset it with `npm run stack:down -- --only redis-cluster --clean`.',
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
}
