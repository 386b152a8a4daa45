/**
 * Leader changes on the 3-broker stack (`npm run stack:up -- --kafka-brokers 3`,
 * brokers 1-3 on 19092/29092/39092). The leader is moved by a real partition
 * reassignment that takes the leader out of the replica set, so the reader's
 * cached metadata is stale and its next Fetch/ListOffsets hits a broker that
 * no longer leads: it must refresh metadata and continue on the new leader,
 * losing and repeating nothing.
 */
import kafkajs from 'kafkajs';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopicLeaders } from '../../../src/core/kafka/browse/leaders';
import { fetchWatermarks } from '../../../src/core/kafka/browse/offsets';
import { openPartitionReader } from '../../../src/core/kafka/browse/openReader';
import { describeLogDirs, summarizeTopicSizes } from '../../../src/core/kafka/protocol/describeLogDirs';
import { clusterFromKafka } from '../../../src/core/kafka/protocol/internals';
import { fetchMetadata, MetadataApi } from '../../../src/core/kafka/protocol/metadata';
import { KafkaWire, type ApiSpec, type CallResult, type WireCallOptions } from '../../../src/core/kafka/protocol/wire';
import { eventually, RUN_ID } from './support';
import { ensureStackUp } from '../../stack/stack.js';
import { KAFKA_3_BROKERS } from '../../support/kafka-brokers';

const BROKERS3 = (process.env.STACKDECK_KAFKA3_BROKERS ?? KAFKA_3_BROKERS.join(',')).split(',');

/** A real KafkaWire that records where each request went. */
class RecordingWire extends KafkaWire {
  readonly sent: Array<{ api: string; nodeId: number }> = [];
  override async call<I, O>(
    target: number | 'any',
    spec: ApiSpec<I, O>,
    input: I,
    opts: WireCallOptions = {},
  ): Promise<CallResult<O>> {
    const res = await super.call(target, spec, input, opts).catch((e: unknown) => {
      if (typeof target === 'number') this.sent.push({ api: `${spec.name}!`, nodeId: target });
      throw e;
    });
    this.sent.push({ api: spec.name, nodeId: res.nodeId });
    return res;
  }
}

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let wire: RecordingWire;
const topics: string[] = [];

/** Partition 0 as broker `id` sees it (each KRaft broker applies metadata changes on its own schedule). */
async function viewFrom(id: number, topic: string): Promise<{ leader: number; replicas: readonly number[] }> {
  const { value } = await wire.call(id, MetadataApi, { topics: [topic] });
  const p = value.topics[0]?.partitions[0];
  return { leader: p?.leader ?? -1, replicas: p?.replicas ?? [] };
}

/** Moves partition 0 onto `replicas` and waits until every broker sees it led by one of them. */
async function reassign(topic: string, replicas: number[]): Promise<number> {
  await admin.alterPartitionReassignments({
    topics: [{ topic, partitionAssignment: [{ partition: 0, replicas }] }],
    timeout: 10_000,
  });
  return eventually(async () => {
    const views = await Promise.all([1, 2, 3].map((id) => viewFrom(id, topic)));
    const leader = views[0]?.leader ?? -1;
    const settled = views.every(
      (v) =>
        v.leader === leader && v.replicas.length === replicas.length && replicas.every((r) => v.replicas.includes(r)),
    );
    return settled && replicas.includes(leader) ? leader : undefined;
  }, 30_000);
}

beforeAll(async () => {
  // Started on demand (npm test starts it too); a failure here names the server and its log.
  await ensureStackUp({ kafkaBrokers: 3, only: ['kafka-3'], log: () => undefined });
  kafka = new kafkajs.Kafka({
    clientId: 'stackdeck-it-3',
    brokers: BROKERS3,
    connectionTimeout: 3_000,
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 3 },
  });
  admin = kafka.admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    if (brokers.length < 3) throw new Error(`${brokers.length} brokers registered`);
  } catch (e) {
    throw new Error(
      `The 3-broker Kafka stack is not running at ${BROKERS3.join(',')} (${String(e)}). Start it: npm run stack:up -- --kafka-brokers 3`,
    );
  }
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  wire = new RecordingWire(clusterFromKafka(kafka));
});

afterAll(async () => {
  if (topics.length > 0) await admin?.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
  await Promise.allSettled([producer?.disconnect(), wire?.disconnect()]);
  await admin?.disconnect();
});

async function createTopic(name: string, replicas: number[]): Promise<string> {
  const topic = `sd-it3-${name}-${RUN_ID}`;
  // waitForLeaders: false, because kafkajs retries only LEADER_NOT_AVAILABLE, not the UNKNOWN_TOPIC_OR_PARTITION a lagging KRaft broker answers.
  await admin.createTopics({
    topics: [{ topic, replicaAssignment: [{ partition: 0, replicas }] }],
    waitForLeaders: false,
  });
  topics.push(topic);
  // KRaft brokers learn of a new topic asynchronously; wait until every broker knows its leader,
  // so kafkajs's producer (which asks a random broker) does not give up on it.
  await eventually(async () => {
    for (const id of [1, 2, 3]) {
      const { value } = await wire.call(id, MetadataApi, { topics: [topic] });
      const t = value.topics[0];
      if (!t || t.error !== null || (t.partitions[0]?.leader ?? -1) < 0) return undefined;
    }
    return true;
  }, 30_000);
  return topic;
}

describe('leader changes (3 brokers)', () => {
  it('continues a read on the new leader after the old one leaves the replica set', { timeout: 90_000 }, async () => {
    const topic = await createTopic('move', [1, 2]);
    await eventually(async () => ((await viewFrom(1, topic)).leader === 1 ? true : undefined));
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 100 }, (_, i) => ({ value: `m${i}` })) });

    // Metadata is loaded here (leader 1) ...
    const leaders = new TopicLeaders(wire, topic);
    const { reader } = await openPartitionReader(wire, {
      topic,
      partitions: [{ partition: 0, start: { kind: 'earliest' } }],
      deadline: Date.now() + 60_000,
    });
    await leaders.load({});
    // ... and goes stale here: broker 1 no longer hosts the partition.
    const newLeader = await reassign(topic, [2, 3]);
    expect(newLeader).not.toBe(1);

    wire.sent.length = 0;
    const values: string[] = [];
    for await (const chunk of reader) values.push(...chunk.records.map((r) => String(r.value)));
    expect(values).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
    const fetches = wire.sent.filter((s) => s.api.startsWith('Fetch'));
    expect(fetches[0]?.nodeId).toBe(1); // the stale leader was tried first
    expect(fetches.at(-1)).toEqual({ api: 'Fetch', nodeId: newLeader });

    // ListOffsets with the same stale view retries on the new leader too.
    const [w] = await fetchWatermarks(wire, leaders, [0], { deadline: Date.now() + 30_000 });
    expect(w).toMatchObject({ logStartOffset: 0, highWatermark: 100, lastStableOffset: 100 });
  });

  it('tails across a leader change without losing or repeating records', { timeout: 90_000 }, async () => {
    const topic = await createTopic('tail', [1, 2]);
    const ac = new AbortController();
    const { reader } = await openPartitionReader(wire, {
      topic,
      partitions: [{ partition: 0, start: { kind: 'latest' } }],
      follow: true,
      signal: ac.signal,
    });
    const values: string[] = [];
    const done = (async () => {
      for await (const chunk of reader) {
        values.push(...chunk.records.map((r) => String(r.value)));
        if (values.length >= 60) break;
      }
    })();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `t${i}` })) });
    await eventually(async () => (values.length >= 30 ? true : undefined), 20_000);
    await reassign(topic, [3, 2]);
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `t${30 + i}` })) });
    await Promise.race([
      done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`tail got ${values.length}/60`)), 40_000)),
    ]);
    ac.abort();
    expect(values).toEqual(Array.from({ length: 60 }, (_, i) => `t${i}`));
  });

  it('sums sizes over replicas on several brokers', async () => {
    const topic = await createTopic('sizes', [1, 2, 3]);
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 200 }, () => ({ value: 'y'.repeat(300) })) });
    const [size] = await eventually(async () => {
      const sizes = summarizeTopicSizes(
        await describeLogDirs(wire, { topics: [topic] }),
        await fetchMetadata(wire, [topic]),
      );
      // Followers catch up asynchronously; wait until all three replicas hold the data.
      const reps = sizes[0]?.partitions[0]?.replicas ?? [];
      return reps.length === 3 && reps.every((r) => r.sizeBytes === reps[0]?.sizeBytes && r.sizeBytes > 0)
        ? sizes
        : undefined;
    }, 20_000);
    expect(size?.partitions[0]?.replicas.map((r) => r.brokerId).sort()).toEqual([1, 2, 3]);
    expect(size?.replicaBytes).toBe(3 * (size?.leaderBytes ?? 0));
  });
});
