/**
 * Shared setup for the Kafka integration tests: a kafkajs client on the local
 * stack's broker (`npm run stack:up`), unique topic names per run, and cleanup.
 * Everything goes to the real broker; nothing is mocked.
 */
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import type { Admin, ITopicConfig, Kafka, Producer } from 'kafkajs';
import { KafkaWire } from '../../../src/core/kafka/protocol/wire';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** The default 4.x broker unless STACKDECK_KAFKA_BROKERS names others. */
export const BROKERS = (process.env.STACKDECK_KAFKA_BROKERS ?? KAFKA_BOOTSTRAP).split(',');
export const RUN_ID = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export function newKafka(clientId = 'stackdeck-it', brokers: readonly string[] = BROKERS): Kafka {
  return new KafkaClient({
    clientId,
    brokers: [...brokers],
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
}

export interface KafkaFixture {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly wire: KafkaWire;
  /** Creates a topic named `sd-it-<name>-<run>` and schedules its deletion. */
  topic(name: string, numPartitions?: number, configEntries?: ITopicConfig['configEntries']): Promise<string>;
  close(): Promise<void>;
}

/** `brokers`: another broker of the stack (the 3.9 one, tests/support/kafka-brokers.ts); default BROKERS. */
export async function kafkaFixture(brokers: readonly string[] = BROKERS): Promise<KafkaFixture> {
  const kafka = newKafka('stackdeck-it', brokers);
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (e) {
    throw new Error(
      `No Kafka broker answers at ${brokers.join(',')} (${String(e)}). Start the local stack: npm run stack:up -- --kafka-3.9`,
    );
  }
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const wire = KafkaWire.fromKafka(kafka);
  const created: string[] = [];
  return {
    kafka,
    admin,
    producer,
    wire,
    async topic(name, numPartitions = 1, configEntries = []) {
      const topic = `sd-it-${name}-${RUN_ID}`;
      await admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true });
      created.push(topic);
      return topic;
    },
    async close() {
      try {
        if (created.length > 0) await admin.deleteTopics({ topics: created, timeout: 10_000 });
      } finally {
        await Promise.allSettled([producer.disconnect(), wire.disconnect()]);
        await admin.disconnect();
      }
    },
  };
}

/** Polls `check` until it returns a value (not undefined) or `ms` pass; KRaft metadata reaches brokers asynchronously. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000, stepMs = 200): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(`Condition not met within ${ms} ms${last === undefined ? '' : `: ${String(last)}`}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export async function groupIds(admin: Admin): Promise<string[]> {
  const { groups } = await admin.listGroups();
  return groups.map((g) => g.groupId).sort();
}
