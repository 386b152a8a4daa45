/**
 * Round trip through the real local Kafka (single node, 127.0.0.1:9092):
 * create a topic, produce, consume from the beginning, delete. Also pins the
 * stack's choice of auto.create.topics.enable=false.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import kafka from '../../stack/servers/kafka.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

const client = new Kafka({
  clientId: 'stackdeck-integration',
  brokers: [KAFKA_BOOTSTRAP],
  connectionTimeout: 3_000,
  requestTimeout: 10_000,
  // kafkajs retries for minutes by default; a test should fail in seconds.
  retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
  logLevel: logLevel.ERROR,
});

describe('kafka (local stack)', () => {
  const topic = uniqueName('stackdeck-it');
  const groupId = uniqueName('stackdeck-it-group');
  let admin: Admin;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  let topicCreated = false;

  beforeAll(async () => {
    await requireServer(kafka);
    admin = client.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin === undefined) return;
    try {
      if (topicCreated) {
        await admin.deleteGroups([groupId]).catch(() => undefined);
        await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
        // Deletion is asynchronous on the broker; make sure it really went.
        await eventually(`topic ${topic} to disappear`, async () =>
          (await admin.listTopics()).includes(topic) ? undefined : true,
        );
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('creates a topic, produces and reads the messages back from the beginning', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(true);
    topicCreated = true;
    // createTopics returns once the controller committed the topic; the
    // broker's metadata cache catches up a moment later (KRaft).
    await eventually(`leaders for ${topic}`, async () => {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = meta.topics[0]?.partitions ?? [];
      return partitions.length === 2 && partitions.every((p) => p.leader >= 0) ? true : undefined;
    });

    const sent = Array.from({ length: 6 }, (_, i) => ({
      key: `key-${i % 3}`,
      value: JSON.stringify({ n: i, text: `héllo ${i}` }),
      headers: { 'x-test': `h${i}` },
    }));
    producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    const acks = await producer.send({ topic, messages: sent, acks: -1 });
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);

    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(sent.length);

    const received: { partition: number; message: KafkaMessage }[] = [];
    consumer = client.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, message });
      },
    });
    await eventually(
      'all produced messages to be consumed',
      async () => (received.length >= sent.length ? true : undefined),
      30_000,
    );
    await consumer.stop();

    const decoded = received.map(({ message }) => ({
      key: message.key?.toString('utf8'),
      value: message.value?.toString('utf8'),
      header: message.headers?.['x-test']?.toString(),
    }));
    // Order holds within a partition only; compare as sets, then check per-key order.
    expect(decoded).toHaveLength(sent.length);
    expect(new Set(decoded.map((d) => d.value))).toEqual(new Set(sent.map((s) => s.value)));
    for (const d of decoded) {
      const original = sent.find((s) => s.value === d.value);
      expect(d.key).toBe(original?.key);
      expect(d.header).toBe(original?.headers['x-test']);
    }
    for (const key of ['key-0', 'key-1', 'key-2']) {
      const ns = decoded.filter((d) => d.key === key).map((d) => (JSON.parse(d.value ?? '{}') as { n: number }).n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      // Same key, same partition: the default partitioner hashes the key.
      expect(new Set(received.filter((r) => r.message.key?.toString() === key).map((r) => r.partition)).size).toBe(1);
    }
  });

  it('does not auto-create topics (auto.create.topics.enable=false)', async () => {
    const missing = uniqueName('stackdeck-it-missing');
    // Its own client with logging off: the metadata errors below are the expected outcome.
    const quiet = new Kafka({
      clientId: 'stackdeck-integration-quiet',
      brokers: [KAFKA_BOOTSTRAP],
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      logLevel: logLevel.NOTHING,
    });
    const p = quiet.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
      retry: { retries: 1, initialRetryTime: 100 },
    });
    await p.connect();
    try {
      await expect(p.send({ topic: missing, messages: [{ value: 'x' }] })).rejects.toThrow(
        /does not host this topic-partition|UNKNOWN_TOPIC/i,
      );
    } finally {
      await p.disconnect();
    }
    expect(await admin.listTopics()).not.toContain(missing);
  });
});
