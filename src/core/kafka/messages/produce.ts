/**
 * `kafka.messages.produce`: one kafkajs producer per connection, created on
 * first use and closed when the connection's client goes away. Input is
 * checked (JSON, topic, partition) before anything is sent; with a key or
 * value schema, the text is encoded in the Confluent wire format first
 * (serde/encode.ts), so a value the schema refuses sends nothing.
 */
import kafkajs from 'kafkajs';
import type { Kafka, Producer } from 'kafkajs';
import type { z } from 'zod';
import type { ProduceInput } from '../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../shared/errors';
import type { KafkaConnections } from '../area';
import { TopicLeaders } from '../browse';
import { encodeWithSchema } from '../serde/encode';

const { CompressionTypes } = kafkajs;

type Input = z.output<typeof ProduceInput>;

/**
 * kafkajs takes headers as an object; a key given more than once becomes an
 * array, which kafkajs writes as that many headers (Kafka allows repeated
 * keys, and Object.fromEntries would keep only the last). Values keep their
 * order within a key; keys are grouped in the order they first appear.
 */
export function headerObject(headers: Input['headers']): Record<string, string | string[]> {
  const out = new Map<string, string[]>();
  for (const h of headers) {
    const list = out.get(h.key);
    if (list) list.push(h.value);
    else out.set(h.key, [h.value]);
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]));
}

export class Producers {
  private readonly producers = new Map<string, { kafka: Kafka; producer: Promise<Producer> }>();

  constructor(private readonly connections: KafkaConnections) {}

  async produce(
    input: Input,
    opts: { signal: AbortSignal; deadline: number },
  ): Promise<{ topic: string; partition: number; offset: number }> {
    if (input.valueFormat === 'json' && input.value !== null && input.valueSchema === null) {
      try {
        JSON.parse(input.value);
      } catch (e) {
        throw new StackdeckError(
          'INVALID_INPUT',
          `The value is not valid JSON (${e instanceof Error ? e.message : 'parse error'}). Fix it or choose "Text"; nothing was produced.`,
        );
      }
    }
    const conn = await this.connections.get(input.connectionId);
    // Encoded before the leader lookup and the send: a value the schema refuses sends nothing.
    const key =
      input.key !== null && input.keySchema !== null
        ? await encodeWithSchema(conn, input.key, input.keySchema, 'key', opts.signal)
        : input.key;
    const value =
      input.value !== null && input.valueSchema !== null
        ? await encodeWithSchema(conn, input.value, input.valueSchema, 'value', opts.signal)
        : input.value;
    const leaders = new TopicLeaders(conn.wire, input.topic);
    await leaders.load(opts);
    if (input.partition !== null) leaders.check([input.partition]);
    const producer = await this.producerFor(input.connectionId, conn.kafka);
    const [meta] = await producer.send({
      topic: input.topic,
      acks: -1,
      timeout: 15_000,
      compression: input.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      messages: [
        {
          key,
          value,
          headers: headerObject(input.headers),
          ...(input.partition === null ? {} : { partition: input.partition }),
        },
      ],
    });
    if (!meta) throw new StackdeckError('SERVER_ERROR', `The broker did not confirm the message to "${input.topic}".`);
    return { topic: meta.topicName, partition: meta.partition, offset: Number(meta.baseOffset ?? meta.offset ?? -1) };
  }

  private async producerFor(connectionId: string, kafka: Kafka): Promise<Producer> {
    const entry = this.producers.get(connectionId);
    if (entry && entry.kafka === kafka) return entry.producer;
    if (entry) void entry.producer.then((p) => p.disconnect()).catch(() => undefined);
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    const ready = producer.connect().then(() => producer);
    ready.catch(() => this.producers.delete(connectionId));
    this.producers.set(connectionId, { kafka, producer: ready });
    this.connections.onRelease(connectionId, () => this.close(connectionId));
    return ready;
  }

  private async close(connectionId: string): Promise<void> {
    const entry = this.producers.get(connectionId);
    this.producers.delete(connectionId);
    await entry?.producer.then((p) => p.disconnect()).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.producers.keys()].map((id) => this.close(id)));
  }
}
