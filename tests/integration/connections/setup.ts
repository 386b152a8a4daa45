import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, type Contract } from '../../../src/shared/contract';
import type { ProbeEvent, ProfileDraftInput } from '../../../src/shared/contract/connections';
import { createConnectionsArea, FileKeyCipher, type ConnectionsArea } from '../../../src/core/connections/index';
import { createRouter, type Router } from '../../../src/core/router';
import cassandra from '../../stack/servers/cassandra.js';
import ferretdb from '../../stack/servers/ferretdb.js';
import kafka from '../../stack/servers/kafka.js';
import neo4j from '../../stack/servers/neo4j.js';
import redis from '../../stack/servers/redis.js';
import { requireServer } from '../helpers/servers.js';

/** The connections area in a fresh user-data directory, mounted on the real router with output validation on. */
export interface Setup {
  dir: string;
  area: ConnectionsArea;
  router: Router<Contract>;
  probe(input: { connectionId?: string; draft?: ProfileDraftInput; stageTimeoutMs?: number }): Promise<ProbeEvent[]>;
  close(): Promise<void>;
}

export async function setup(): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-conn-'));
  const area = await createConnectionsArea({ userDataDir: dir, cipher: new FileKeyCipher(dir) });
  const router = createRouter({ contract, handlers: area.handlers, readOnly: area.readOnly, validateOutputs: true });
  return {
    dir,
    area,
    router,
    async probe(input) {
      const events: ProbeEvent[] = [];
      await router.subscribe('connections.probe.run', input, { emit: (e) => events.push(e) });
      return events;
    },
    async close() {
      await area.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const LOCAL_SERVERS = { redis, ferretdb, kafka, cassandra, neo4j } as const;

export async function requireLocalStack(): Promise<void> {
  for (const def of Object.values(LOCAL_SERVERS)) await requireServer(def);
}

/** The final event of each stage (running events dropped), by stage name. */
export function stages(events: readonly ProbeEvent[]): Record<string, Extract<ProbeEvent, { type: 'stage' }>> {
  const out: Record<string, Extract<ProbeEvent, { type: 'stage' }>> = {};
  for (const e of events) if (e.type === 'stage' && e.status !== 'running') out[e.stage] = e;
  return out;
}
