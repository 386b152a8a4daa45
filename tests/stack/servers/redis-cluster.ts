/**
 * `redis-cluster`: a Redis Cluster of three masters (no replicas) on
 * 127.0.0.1:7001-7003, from the same Debian `redis-server` as `redis`.
 * Started on request (`--redis-cluster` or `--only redis-cluster`; `npm test`
 * passes the flag). Each node has its own directory under
 * `.stack/redis-cluster/<port>`, where it keeps `nodes.conf`: a cluster created
 * once is remembered by its nodes across restarts, so it is reused, never
 * created twice. The slots are assigned once, by `redis-cli --cluster create`,
 * after the third node answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runCommand, withDeadline } from '../proc.js';
import type { ProbeResult, ServerDef, StackOptions } from '../types.js';
import { findRedisBin } from './redis.js';
import { repairSlotMap } from './redis-cluster-repair.js';

export const REDIS_CLUSTER_PORTS = [7001, 7002, 7003] as const;

const home = (o: StackOptions): string => join(o.root, 'redis-cluster');
const nodeDir = (o: StackOptions, port: number): string => join(home(o), String(port));
const procName = (port: number): string => `redis-cluster-${port}`;

interface NodeState {
  port: number;
  state: string;
  slotsAssigned: number;
  knownNodes: number;
  version: string;
}

/** CLUSTER INFO and the version of one node, with a short deadline and no retries. */
async function nodeState(port: number, timeoutMs: number): Promise<NodeState> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let socketError: Error | undefined;
  client.on('error', (err: Error) => {
    socketError ??= err;
  });
  try {
    return await withDeadline(
      (async () => {
        await client.connect();
        const info = String(await client.call('CLUSTER', 'INFO'));
        const server = await client.info('server');
        const field = (name: string): string => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1] ?? '';
        return {
          port,
          state: field('cluster_state'),
          slotsAssigned: Number(field('cluster_slots_assigned') || 0),
          knownNodes: Number(field('cluster_known_nodes') || 0),
          version: /^redis_version:(\S+)/m.exec(server)?.[1] ?? '?',
        };
      })(),
      timeoutMs,
      `redis cluster node 127.0.0.1:${port}`,
    );
  } catch (err) {
    if (socketError) throw new Error(`redis cluster node 127.0.0.1:${port}: ${socketError.message}`);
    throw err;
  } finally {
    client.disconnect();
  }
}

const redisCluster: ServerDef = {
  name: 'redis-cluster',
  ports: [...REDIS_CLUSTER_PORTS],
  startTimeoutMs: 30_000,
  stopGraceMs: 15_000,
  enabled: (o) => o.redisCluster === true,

  async install() {
    if (findRedisBin('redis-server') === undefined || findRedisBin('redis-cli') === undefined) {
      throw new Error(
        'redis-server and redis-cli not found. Install them with `apt-get install -y redis-server` ' +
          '(the stack runs its own cluster nodes; the system service is not used).',
      );
    }
  },

  async prepare(o) {
    for (const port of REDIS_CLUSTER_PORTS) {
      mkdirSync(nodeDir(o, port), { recursive: true });
      const lines = [
        '# Written by tests/stack/servers/redis-cluster.ts on every start; edits are lost.',
        'bind 127.0.0.1',
        `port ${port}`,
        'protected-mode yes',
        'daemonize no',
        'supervised no',
        'logfile ""',
        `dir ${nodeDir(o, port)}`,
        'cluster-enabled yes',
        // Kept by the node itself: the cluster's identity and slot map survive a restart.
        'cluster-config-file nodes.conf',
        'cluster-node-timeout 5000',
        // Test data only: no snapshots or AOF, and a ceiling so a runaway test cannot eat the machine.
        'save ""',
        'appendonly no',
        'maxmemory 128mb',
        'maxmemory-policy noeviction',
      ];
      writeFileSync(join(nodeDir(o, port), 'redis.conf'), `${lines.join('\n')}\n`);
    }
  },

  launch(o) {
    const bin = findRedisBin('redis-server') ?? 'redis-server';
    return REDIS_CLUSTER_PORTS.map((port) => ({
      name: procName(port),
      command: bin,
      args: [join(nodeDir(o, port), 'redis.conf')],
      cwd: nodeDir(o, port),
    }));
  },

  /**
   * Nodes start one after another; once the last answers, the slots are
   * assigned if no node has any yet (a fresh cluster). Nodes that already
   * know each other (nodes.conf from an earlier start) are kept, and any slot
   * they disagree about (a test stopped mid-move) is settled.
   */
  async probeStarted(_o, proc, timeoutMs) {
    const port = REDIS_CLUSTER_PORTS.find((p) => procName(p) === proc);
    if (port === undefined) throw new Error(`unknown redis-cluster process ${proc}`);
    await nodeState(port, timeoutMs);
    if (port !== REDIS_CLUSTER_PORTS[REDIS_CLUSTER_PORTS.length - 1]) return;
    const states = await Promise.all(REDIS_CLUSTER_PORTS.map((p) => nodeState(p, timeoutMs)));
    if (states.every((s) => s.slotsAssigned === 0 && s.knownNodes <= 1)) {
      await runCommand(
        findRedisBin('redis-cli') ?? 'redis-cli',
        ['--cluster', 'create', ...REDIS_CLUSTER_PORTS.map((p) => `127.0.0.1:${p}`), '--cluster-yes'],
        { timeoutMs: 30_000, what: 'redis-cli --cluster create' },
      );
      return;
    }
    const odd = states.find((s) => s.knownNodes !== REDIS_CLUSTER_PORTS.length);
    if (odd)
      throw new Error(
        `redis cluster node 127.0.0.1:${odd.port} knows ${odd.knownNodes} node(s), not ${REDIS_CLUSTER_PORTS.length}: ` +
          'its nodes.conf is from another cluster. Reset it with `npm run stack:down -- --only redis-cluster --clean`.',
      );
    const settled = await repairSlotMap(REDIS_CLUSTER_PORTS, timeoutMs);
    if (settled.length > 0)
      console.log(`redis-cluster: the nodes disagreed about ${settled.length} slot(s) (first ${settled[0]}); settled`);
  },

  async probe(_o, timeoutMs): Promise<ProbeResult> {
    const states = await Promise.all(REDIS_CLUSTER_PORTS.map((p) => nodeState(p, timeoutMs)));
    const bad = states.find((s) => s.state !== 'ok' || s.slotsAssigned !== 16384);
    if (bad)
      throw new Error(
        `redis cluster node 127.0.0.1:${bad.port}: cluster_state ${bad.state || '?'}, ${bad.slotsAssigned} of 16384 slots assigned`,
      );
    return { version: states[0]?.version ?? '?', detail: `${states.length} masters, cluster_state ok` };
  },

  dataDirs: (o) => REDIS_CLUSTER_PORTS.map((p) => nodeDir(o, p)),
};

export default redisCluster;
