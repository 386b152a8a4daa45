/**
 * Stackdeck's per-partition lag against `kafka-consumer-groups.sh --describe`
 * (ConsumerGroupCommand from the same release's jars), on both release lines
 * the stack runs (the 4.x `kafka` and the 3.9 `kafka-3.9`), number for number:
 * CURRENT-OFFSET, LOG-END-OFFSET, LAG; partitions without a committed offset;
 * a transactional topic where the last stable offset is below the high
 * watermark; time lag from the next unconsumed record's timestamp.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka as KafkaClient, Producer } from 'kafkajs';
import { KAFKA_LINES } from '../../support/kafka-brokers.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { ConsumerGroups, type GroupDetail } from '../../../src/core/kafka/groups/index.js';
import {
  type CliRow,
  cliDescribe,
  createTopic,
  deleteTopics,
  makeEmptyGroup,
  newClient,
  produce,
  serverOf,
  startConsumer,
  withTimeout,
} from './helpers.js';

function expectMatchesCli(detail: GroupDetail, cli: CliRow[]): void {
  expect(cli.length).toBeGreaterThan(0);
  for (const row of cli) {
    const mine = detail.partitions.find((p) => p.topic === row.topic && p.partition === row.partition);
    expect(mine, `${row.topic}/${row.partition} missing in Stackdeck`).toBeDefined();
    expect({ p: row.partition, current: mine?.committedOffset, end: mine?.endOffset, lag: mine?.lag }).toEqual({
      p: row.partition,
      current: row.currentOffset,
      end: row.logEndOffset,
      lag: row.lag,
    });
    expect(mine?.memberId ?? null).toBe(row.consumerId);
  }
}

describe.each(KAFKA_LINES)('consumer group lag vs kafka-consumer-groups --describe, Kafka $line', (line) => {
  const client: KafkaClient = newClient('stackdeck-groups-it', line.bootstrap);
  const groups = ConsumerGroups.fromKafka(client);
  let admin: Admin;
  const topics: string[] = [];
  const groupIds: string[] = [];
  const deadline = (): number => Date.now() + 15_000;

  beforeAll(async () => {
    await requireServer(serverOf(line));
    admin = client.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.deleteGroups(groupIds).catch(() => undefined);
    await deleteTopics(admin, topics).catch(() => undefined);
    await admin.disconnect();
    await groups.close();
  });

  it('matches the CLI for an Empty group; a partition without a commit is null, not zero', async () => {
    const topic = uniqueName('sd-lag');
    const groupId = uniqueName('sd-lag-g');
    topics.push(topic);
    groupIds.push(groupId);
    await createTopic(admin, topic, 3);
    const base = Date.now() - 60_000;
    await produce(client, topic, [10, 7, 12], base, 1_000);
    await makeEmptyGroup(client, groupId, topic, [4, 0, 12]);

    const detail = await groups.describe(groupId, { deadline: deadline() });
    const cli = await cliDescribe(groupId, line.bootstrap);
    expectMatchesCli(detail, cli);
    // The CLI lists committed partitions only for an Empty group; we show all three.
    expect(cli.map((r) => r.partition).sort()).toEqual([0, 2]);
    const p1 = detail.partitions.find((p) => p.partition === 1);
    expect(p1).toMatchObject({ committedOffset: null, endOffset: 7, lag: null, timeLagMs: null });
    expect(detail.state).toBe('Empty');
    expect(detail.members).toEqual([]);
    expect(detail.totalLag).toBe(6);
    expect(detail.topics).toEqual([
      { topic, partitions: 3, committedPartitions: 2, lag: 6, maxTimeLagMs: expect.any(Number) },
    ]);
    expect(detail.endOffsetKind).toBe('high-watermark');

    // Time lag: the next unconsumed record of p0 is offset 4, produced at base + 4 s.
    const p0 = detail.partitions.find((p) => p.partition === 0);
    expect(p0?.nextRecordTimestamp).toBe(base + 4_000);
    expect(p0?.timeLagMs).toBeGreaterThanOrEqual(Date.now() - (base + 4_000) - 20_000);
    expect(p0?.timeLagExact).toBe(true);
    expect(detail.partitions.find((p) => p.partition === 2)?.timeLagMs).toBe(0);

    const list = await groups.list({ groupIds: [groupId], deadline: deadline() });
    expect(list.groups).toHaveLength(1);
    expect(list.groups[0]).toMatchObject({
      groupId,
      state: 'Empty',
      protocolType: 'consumer',
      members: 0,
      totalLag: 6,
      committedPartitions: 2,
      committedTopics: [topic],
      error: null,
    });
  });

  it('matches the CLI for an active group, including an assigned partition with no commit', async () => {
    const topic = uniqueName('sd-lag-active');
    const groupId = uniqueName('sd-lag-active-g');
    topics.push(topic);
    groupIds.push(groupId);
    await createTopic(admin, topic, 3);
    await produce(client, topic, [5, 6, 9]);
    const c = await startConsumer(client, groupId, topic, [3, 0, 9]);
    try {
      await withTimeout(c.ready, 30_000, 'consumer commits');
      const detail = await groups.describe(groupId, { deadline: deadline() });
      const cli = await cliDescribe(groupId, line.bootstrap);
      expect(cli.map((r) => r.partition).sort()).toEqual([0, 1, 2]);
      expect(cli.find((r) => r.partition === 1)).toMatchObject({ currentOffset: null, logEndOffset: 6, lag: null });
      expectMatchesCli(detail, cli);
      expect(detail.state).toBe('Stable');
      expect(detail.members).toHaveLength(1);
      expect(detail.members[0]?.subscribedTopics).toEqual([topic]);
      expect(detail.members[0]?.assignment).toEqual([{ topic, partitions: [0, 1, 2] }]);
      expect(detail.members[0]?.clientId).toBe('stackdeck-groups-it');
      expect(detail.totalLag).toBe(2);

      const list = await groups.list({ groupIds: [groupId] });
      expect(list.groups[0]).toMatchObject({ state: 'Stable', members: 1, subscribedTopics: [topic], totalLag: 2 });
    } finally {
      await c.stop();
    }
  });

  it('uses the high watermark, not the last stable offset, under an open transaction', async () => {
    const topic = uniqueName('sd-lag-txn');
    const groupId = uniqueName('sd-lag-txn-g');
    topics.push(topic);
    groupIds.push(groupId);
    await createTopic(admin, topic, 1);
    await produce(client, topic, [5]);
    const producer: Producer = client.producer({
      transactionalId: uniqueName('sd-txn'),
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    const txn = await producer.transaction();
    try {
      await txn.send({ topic, messages: [0, 1, 2].map((i) => ({ partition: 0, value: `open-${i}` })) });
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });

      // kafkajs's fetchTopicOffsets reports the LSO (READ_COMMITTED): 5, below the open transaction.
      const kafkajsView = await admin.fetchTopicOffsets(topic);
      expect(kafkajsView[0]?.offset).toBe('5');

      const detail = await groups.describe(groupId, { deadline: deadline() });
      const cli = await cliDescribe(groupId, line.bootstrap);
      expectMatchesCli(detail, cli);
      expect(cli[0]).toMatchObject({ currentOffset: 2, logEndOffset: 8, lag: 6 });
      expect(detail.partitions[0]).toMatchObject({ committedOffset: 2, endOffset: 8, lag: 6 });
    } finally {
      await withTimeout(txn.abort(), 10_000, 'abort').catch(() => undefined);
      await producer.disconnect();
    }
  });

  it('answers NOT_FOUND for a group that does not exist', async () => {
    await expect(groups.describe(uniqueName('sd-nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
