/**
 * Under-replicated partitions on the 3-broker stack: an RF3 topic, one broker
 * process stopped, `kafka.topics.list` and `kafka.topics.describe` show the
 * shrunken ISR while the overview keeps answering. The stack is started here
 * if it is not up, and the stopped broker is started again afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStackUp } from '../../stack/stack.js';
import { stopStackProcess } from '../../stack/stop-one.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, uniqueName } from '../helpers/servers';
import { KAFKA_3_BROKERS } from '../../support/kafka-brokers';

const BROKERS = [...KAFKA_3_BROKERS];
const STOPPED = 'kafka-3-broker-2';

let t: TestCore;
let id: string;
const topic = uniqueName('sd-urp');

beforeAll(async () => {
  await ensureStackUp({ kafkaBrokers: 3, only: ['kafka-3'], log: () => undefined });
  t = await startTestCore();
  id = (await t.connect('kafka', { name: `it kafka-3 ${Date.now()}`, brokers: BROKERS })).id;
}, 240_000);

afterAll(async () => {
  // Bring the broker back first, so the cleanup delete reaches a healthy cluster.
  await ensureStackUp({ kafkaBrokers: 3, only: ['kafka-3'], log: () => undefined });
  if (t) {
    await eventually(
      'the topic to be deleted',
      async () => {
        await t.router
          .call('kafka.topics.delete', { connectionId: id, topic, confirmName: topic })
          .catch((e: unknown) => {
            if ((e as { code?: string }).code !== 'NOT_FOUND') throw e;
          });
        return true;
      },
      60_000,
      1_000,
    ).catch(() => undefined);
    await t.close();
  }
}, 240_000);

describe('three brokers, one stopped', () => {
  it('shows the brokers and an RF3 topic fully replicated', async () => {
    const c = await t.router.call('kafka.cluster.describe', { connectionId: id });
    expect(c.brokers.map((b) => b.id)).toEqual([1, 2, 3]);
    await t.router.call('kafka.topics.create', { connectionId: id, name: topic, partitions: 3, replicationFactor: 3 });
    const row = (await t.router.call('kafka.topics.list', { connectionId: id })).topics.find((x) => x.name === topic);
    expect(row).toMatchObject({ partitions: 3, replicationFactor: 3, offline: 0 });
    await eventually(
      'full ISR',
      async () => {
        const r = (await t.router.call('kafka.topics.list', { connectionId: id })).topics.find((x) => x.name === topic);
        return r?.underReplicated === 0 ? true : undefined;
      },
      30_000,
    );
  });

  it('shows an applied config change on whichever broker answers next', async () => {
    await t.router.call('kafka.topics.configs.alter', {
      connectionId: id,
      topic,
      ops: [{ op: 'set', name: 'retention.ms', value: '123456789' }],
    });
    // Reads go to a random broker; every one of them must already have applied the change.
    for (let i = 0; i < 8; i++) {
      const { entries } = await t.router.call('kafka.topics.configs', { connectionId: id, topic });
      expect(entries.find((e) => e.name === 'retention.ms')).toMatchObject({ value: '123456789', origin: 'dynamic' });
    }
  });

  it('reports under-replicated partitions after a broker stops', async () => {
    await stopStackProcess(STOPPED);
    const row = await eventually(
      'under-replicated partitions',
      async () => {
        const r = (await t.router.call('kafka.topics.list', { connectionId: id })).topics.find((x) => x.name === topic);
        return r !== undefined && r.underReplicated > 0 ? r : undefined;
      },
      60_000,
      500,
    );
    expect(row.underReplicated).toBe(3);
    expect(row.offline).toBe(0);
    const d = await t.router.call('kafka.topics.describe', { connectionId: id, topic });
    for (const p of d.partitionDetails) {
      expect(p.underReplicated).toBe(true);
      expect(p.isr).not.toContain(2);
      expect(p.leader).not.toBe(2);
      expect(p.endOffset).toBe(0);
    }
    const c = await t.router.call('kafka.cluster.describe', { connectionId: id });
    expect(c.underReplicatedPartitions).toBeGreaterThanOrEqual(3);
    const { stats } = await t.router.call('kafka.topics.stats', { connectionId: id, topics: [topic] });
    expect(stats[0]?.messages).toBe(0);
  }, 120_000);
});
