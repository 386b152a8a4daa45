import kafkajs from 'kafkajs';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { createTopicReady } from './kafkaTopics';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/**
 * A real slow consumer for the consumer-group specs: a producer writes ~10
 * msg/s into a fresh 2-partition topic and a kafkajs consumer in the spec's
 * process reads one message a second, committing each. Only 127.0.0.1.
 */

const { Kafka, logLevel, Partitioners } = kafkajs;

export const E2E_CLIENT_ID = 'stackdeck-e2e-groups';

export interface SlowLoad {
  readonly topic: string;
  readonly groupId: string;
  /** Stops producing and disconnects the consumer (its group becomes Empty). */
  stop(): Promise<void>;
  /** stop(), then deletes the group and the topic. */
  cleanup(): Promise<void>;
}

export async function startSlowLoad(topic: string, groupId: string): Promise<SlowLoad> {
  const kafka = new Kafka({
    clientId: E2E_CLIENT_ID,
    brokers: [KAFKA_BOOTSTRAP],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
  const admin: Admin = kafka.admin();
  await admin.connect();
  await createTopicReady(admin, topic, 2);
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  let n = 0;
  let producing: NodeJS.Timeout | null = setInterval(() => {
    void producer
      .send({ topic, messages: Array.from({ length: 5 }, () => ({ value: `m-${n++}`, partition: n % 2 })) })
      .catch(() => undefined);
  }, 500);
  let consumer: Consumer | null = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 1_000,
    allowAutoTopicCreation: false,
  });
  const c = consumer;
  await c.connect();
  await c.subscribe({ topics: [topic], fromBeginning: true });
  await c.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      // The slow part: one message a second.
      await new Promise((r) => setTimeout(r, 1_000));
      await c.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
    },
  });
  const stop = async (): Promise<void> => {
    if (producing) clearInterval(producing);
    producing = null;
    await consumer?.disconnect();
    consumer = null;
  };
  return {
    topic,
    groupId,
    stop,
    async cleanup() {
      await stop().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
