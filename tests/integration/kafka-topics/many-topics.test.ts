/**
 * Many topics: the list is one Metadata call and stats come in pages, with one
 * ListOffsets per leader and spec and one DescribeLogDirs per broker per page,
 * however many topics the page holds. Not a timed test (timings are printed);
 * it checks that a page of 300 topics answers correctly in one call each.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkaServer from '../../stack/servers/kafka.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

const { Kafka, logLevel } = kafkajs;
const COUNT = 300;
const prefix = uniqueName('sd-many');
const names = Array.from({ length: COUNT }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
const kafka = new Kafka({
  clientId: 'sd-it-many',
  brokers: [KAFKA_BOOTSTRAP],
  logLevel: logLevel.NOTHING,
  requestTimeout: 60_000,
});
const admin = kafka.admin();
let t: TestCore;
let id: string;

beforeAll(async () => {
  await requireServer(kafkaServer);
  await admin.connect();
  await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 1 })), timeout: 60_000 });
  t = await startTestCore();
  id = (await t.connect('kafka')).id;
  await eventually(
    'all topics in metadata',
    async () => {
      const { topics } = await t.router.call('kafka.topics.list', { connectionId: id });
      return topics.filter((x) => x.name.startsWith(prefix)).length === COUNT ? true : undefined;
    },
    60_000,
    500,
  );
  // A broker answers NOT_LEADER_OR_FOLLOWER until it has created a new partition's log; stats say "partial" meanwhile.
  await eventually(
    'every partition to be readable',
    async () => {
      const { stats } = await t.router.call('kafka.topics.stats', { connectionId: id, topics: names });
      return stats.every((s) => !s.partial) ? true : undefined;
    },
    60_000,
    500,
  );
}, 180_000);

afterAll(async () => {
  await admin.deleteTopics({ topics: names, timeout: 60_000 }).catch(() => undefined);
  await admin.disconnect();
  await t?.close();
}, 120_000);

describe(`${COUNT} topics`, () => {
  it('lists them in one call and answers stats for a page of all of them', async () => {
    let t0 = performance.now();
    const { topics } = await t.router.call('kafka.topics.list', { connectionId: id });
    const listMs = performance.now() - t0;
    expect(topics.filter((x) => x.name.startsWith(prefix))).toHaveLength(COUNT);
    t0 = performance.now();
    const { stats } = await t.router.call('kafka.topics.stats', { connectionId: id, topics: names });
    const statsMs = performance.now() - t0;
    expect(stats).toHaveLength(COUNT);
    for (const s of stats) expect(s).toMatchObject({ messages: 0, sizeBytes: 0, partial: false });
    console.info(
      `list of ${topics.length} topics: ${listMs.toFixed(0)} ms; stats for ${COUNT}: ${statsMs.toFixed(0)} ms`,
    );
  });

  it('refuses a stats page over 500 names with a clear message', async () => {
    const e = await t.router
      .call('kafka.topics.stats', { connectionId: id, topics: Array.from({ length: 501 }, (_, i) => `x${i}`) })
      .catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('INVALID_INPUT');
  });
});
