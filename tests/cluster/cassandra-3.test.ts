/**
 * Stackdeck's Cassandra core against the 3-node cluster (`cassandra-3`,
 * 127.0.0.2-4): the ring view, replication factor 3 at QUORUM, Unavailable
 * with two nodes stopped while ONE still reads, and a node killed mid-query.
 * Needs `npm run stack:up -- --cassandra-nodes 3`; starts nothing itself
 * except the nodes it stopped, so the cluster is left up.
 *
 * Tests run in order and share the cluster state: each one that stops nodes
 * brings them back before the next starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consistency, FetchAllEvent, RunOutput } from '../../src/shared/contract/cassandra';
import { CLUSTER_CONTACT_POINTS, CLUSTER_NAME } from '../stack/servers/cassandra-3.js';
import { startTestCore, type TestCore } from '../support/core';
import { eventually, uniqueName } from '../integration/helpers/servers';
import { killNode, requireCluster, restartMissingNodes, stopNode } from './helpers';

const ks = uniqueName('sd_cluster').replace(/-/g, '_');
/** Enough rows that paging at 20 a page is still under way when a node is killed. */
const ROWS = 600;
let t: TestCore;
let id: string;

const run = (text: string, consistency: Consistency | null = null): Promise<RunOutput> =>
  t.router.call('cassandra.cql.run', {
    connectionId: id,
    sessionId: 'cluster',
    text,
    options: { consistency, serialConsistency: null, pageSize: 100, timeoutMs: 20_000, trace: false },
  });

const ok = async (text: string, consistency: Consistency | null = null): Promise<RunOutput> => {
  const r = await run(text, consistency);
  expect(r.error, text).toBeNull();
  return r;
};

beforeAll(async () => {
  await requireCluster();
  t = await startTestCore();
  id = (await t.connect('cassandra', { name: 'it cassandra-3', contactPoints: [...CLUSTER_CONTACT_POINTS] })).id;
  await ok(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}`, 'ALL');
  await ok(`CREATE TABLE ${ks}.t (p int, c int, v text, PRIMARY KEY (p, c))`, 'ALL');
}, 120_000);

afterAll(async () => {
  // Whatever a failed test left stopped comes back, so the cluster stays up for the next run.
  await restartMissingNodes().catch((err: unknown) => {
    process.stderr.write(`cluster: could not restart nodes: ${String(err)}\n`);
  });
  if (t !== undefined) {
    await run(`DROP KEYSPACE IF EXISTS ${ks}`, 'ALL').catch(() => undefined);
    await t.close();
  }
}, 600_000);

/** With nodes 2 and 3 stopped: QUORUM reads and writes refused with the clear message, ONE reads. */
async function quorumRefusedOneReads(): Promise<void> {
  // The last node learns of the shutdowns by gossip; until then it may still count them alive.
  const failed = await eventually(
    'QUORUM to be refused as unavailable',
    async () => {
      const r = await run(`SELECT v FROM ${ks}.t WHERE p = 1 AND c = 1`, 'QUORUM');
      return r.error?.code === 'UNREACHABLE' ? r : undefined;
    },
    60_000,
    1_000,
  );
  expect(failed.error?.message).toMatch(/2 required, 1 alive\).*Start the stopped nodes.*lower consistency level/);
  expect(failed.results).toEqual([]);
  const one = await ok(`SELECT v FROM ${ks}.t WHERE p = 1 AND c = 1`, 'ONE');
  expect(one.results[0]?.rows).toEqual([[{ t: 'string', v: 'v1-1' }]]);
  // A write at QUORUM is refused the same way and nothing is written.
  const w = await run(`INSERT INTO ${ks}.t (p, c, v) VALUES (99, 0, 'lost?')`, 'QUORUM');
  expect(w.error?.code).toBe('UNREACHABLE');
  const none = await ok(`SELECT v FROM ${ks}.t WHERE p = 99`, 'ONE');
  expect(none.results[0]?.rows).toEqual([]);
}

describe('the 3-node cluster through Stackdeck', () => {
  it('shows the ring: three nodes up, a third of the tokens each, schema in agreement', async () => {
    const c = await t.router.call('cassandra.cluster.describe', { connectionId: id });
    expect(c.clusterName).toBe(CLUSTER_NAME);
    expect(c.nodes.map((n) => n.address).sort()).toEqual([...CLUSTER_CONTACT_POINTS]);
    expect(c.nodes.every((n) => n.up)).toBe(true);
    expect(c.nodes.every((n) => n.releaseVersion?.startsWith('5.0'))).toBe(true);
    const shares = c.nodes.map((n) => n.ownership ?? 0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    for (const s of shares) expect(s).toBeCloseTo(1 / 3, 3);
    // The keyspace and table were just created: the nodes agree once the change has spread by
    // gossip, which can take seconds after the DDL returned.
    const agreed = await eventually(
      'every node on one schema version',
      async () => {
        const now = await t.router.call('cassandra.cluster.describe', { connectionId: id });
        return now.schemaInAgreement ? now : undefined;
      },
      60_000,
      1_000,
    );
    expect(agreed.schemaInAgreement).toBe(true);
  });

  it('lists the keyspace with replication factor 3', async () => {
    const { keyspaces } = await t.router.call('cassandra.keyspaces.list', { connectionId: id, includeSystem: false });
    const mine = keyspaces.find((k) => k.name === ks);
    expect(mine?.replication).toEqual([['datacenter1', '3']]);
  });

  it('writes and reads at QUORUM with all three nodes up', async () => {
    for (let p = 0; p < ROWS / 100; p++) {
      const values = Array.from(
        { length: 100 },
        (_, c) => `INSERT INTO ${ks}.t (p, c, v) VALUES (${p}, ${c}, 'v${p}-${c}')`,
      );
      await ok(`BEGIN UNLOGGED BATCH ${values.join('; ')}; APPLY BATCH`, 'QUORUM');
    }
    const r = await ok(`SELECT v FROM ${ks}.t WHERE p = 3 AND c = 7`, 'QUORUM');
    expect(r.results[0]?.consistency).toBe('QUORUM');
    expect(r.results[0]?.rows).toEqual([[{ t: 'string', v: 'v3-7' }]]);
    const all = await ok(`SELECT count(*) FROM ${ks}.t`, 'ALL');
    expect(all.results[0]?.rows[0]?.[0]).toEqual({ t: 'long', v: String(ROWS) });
  });

  it('answers QUORUM with two nodes stopped with the clear Unavailable message, and ONE still reads', async () => {
    await stopNode(3);
    await stopNode(2);
    try {
      await quorumRefusedOneReads();
    } finally {
      // Back up even when an expectation failed, so the next test starts from three nodes.
      await restartMissingNodes();
    }
    const back = await eventually(
      'QUORUM reads to work again after the restart',
      async () => {
        const r = await run(`SELECT v FROM ${ks}.t WHERE p = 1 AND c = 1`, 'QUORUM');
        return r.error === null ? r : undefined;
      },
      60_000,
      1_000,
    );
    expect(back.results[0]?.rows).toEqual([[{ t: 'string', v: 'v1-1' }]]);
  });

  it('says clearly what happened when a node is killed in the middle of fetching all rows at ALL', async () => {
    // From three nodes, even if an earlier test failed before restarting its nodes.
    await restartMissingNodes();
    // The driver must see every node up again before the run, or ALL fails at once.
    await eventually(
      'every node up for the driver',
      async () => {
        const c = await t.router.call('cassandra.cluster.describe', { connectionId: id });
        return c.nodes.length === 3 && c.nodes.every((n) => n.up) ? c : undefined;
      },
      60_000,
      1_000,
    );
    const events: FetchAllEvent[] = [];
    let killed = false;
    const fetch = t.router.subscribe(
      'cassandra.cql.fetchAll',
      {
        connectionId: id,
        sessionId: 'cluster',
        text: `SELECT p, c, v FROM ${ks}.t`,
        options: { consistency: 'ALL', serialConsistency: null, pageSize: 20, timeoutMs: 20_000, trace: false },
        maxRows: ROWS,
      },
      {
        emit: (e: FetchAllEvent) => {
          events.push(e);
          if (e.type === 'rows' && !killed) {
            killed = true;
            killNode(3);
          }
        },
      },
    );
    const err = await fetch.then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(killed).toBe(true);
    // Every replica is needed at ALL: with one killed the run cannot finish, and says why and what to do.
    expect(err, 'fetchAll finished although a replica was killed at ALL').toBeDefined();
    expect(['UNREACHABLE', 'TIMEOUT'], `${err?.code}: ${err?.message}`).toContain(err?.code);
    // Either a replica timed out (the coordinator lives) or the coordinator itself was the node killed.
    expect(err?.message).toMatch(
      /lower the consistency level|Start the stopped nodes|Run it again to use another node/,
    );
    // What arrived before the node went away was delivered, not dropped.
    const rows = events.filter((e) => e.type === 'rows');
    expect(rows.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'done')).toBe(false);

    // ONE goes on from the surviving replicas.
    const one = await ok(`SELECT v FROM ${ks}.t WHERE p = 5 AND c = 99`, 'ONE');
    expect(one.results[0]?.rows).toEqual([[{ t: 'string', v: 'v5-99' }]]);
    await restartMissingNodes();
  });
});
