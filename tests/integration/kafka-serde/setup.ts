/**
 * Shared setup of the Schema Registry decoder tests: the whole core with a
 * Kafka connection (the default broker) whose registry is the stack's Apicurio (through the
 * counting proxy of the kafka-schemas tests, so a test can see every registry
 * request), and Confluent's Python serializers (tests/support/serde) to write
 * and read the records. Nothing here answers for a server.
 */
import type { KafkaMessage, SearchEvent } from '../../../src/shared/contract/kafka/messages';
import { parseExactJson } from '../../../src/core/kafka/serde/jsonText';
import kafka from '../../stack/servers/kafka.js';
import schemaRegistry, { SCHEMA_REGISTRY_URL } from '../../stack/servers/schema-registry.js';
import { startTestCore, type TestCore } from '../../support/core';
import { runSerde, serdePython } from '../../support/serde-venv';
import { requireServer, uniqueName } from '../helpers/servers';
import { countingProxy, type CountingProxy } from '../kafka-schemas/proxy';

/**
 * The stack's default broker (the Schema Registry tests use it too): the Kafka 4.x work makes it 4.x,
 * and the serde code does not depend on the broker's version.
 */
export const BROKER = '127.0.0.1:9092';

export interface SerdeEnv {
  t: TestCore;
  proxy: CountingProxy;
  connectionId: string;
}

export type Kind = 'avro' | 'protobuf' | 'json';

/** One record as Confluent's serializer was given it (exact integers kept as bigint). */
export interface Sent {
  partition: number;
  offset: number;
  message?: string;
  value: unknown;
}

export async function serdeEnv(): Promise<SerdeEnv> {
  await Promise.all([requireServer(kafka), requireServer(schemaRegistry)]);
  // Creates the venv on a fresh machine (pip), before any test's timeout runs.
  serdePython();
  const proxy = await countingProxy();
  const t = await startTestCore();
  const profile = await t.connect('kafka', { brokers: [BROKER], schemaRegistry: { url: proxy.url } });
  return { t, proxy, connectionId: profile.id };
}

export async function closeEnv(env: SerdeEnv | undefined, topics: readonly string[]): Promise<void> {
  if (!env) return;
  for (const topic of topics) {
    await env.t.router
      .call('kafka.topics.delete', { connectionId: env.connectionId, topic, confirmName: topic })
      .catch(() => undefined);
  }
  await env.t.close();
  await env.proxy.close();
}

export async function newTopic(env: SerdeEnv, prefix: string, topics: string[]): Promise<string> {
  const name = uniqueName(prefix);
  topics.push(name);
  await env.t.router.call('kafka.topics.create', {
    connectionId: env.connectionId,
    name,
    partitions: 1,
    replicationFactor: 1,
  });
  return name;
}

const lines = (out: string): unknown[] =>
  out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseExactJson(l));

/** Confluent's serializer of `kind` writes `count` test records to `topic` (registering its schemas directly in Apicurio). */
export function confluentProduce(kind: Kind, topic: string, count: number): Sent[] {
  return lines(
    runSerde([
      'produce',
      '--kind',
      kind,
      '--bootstrap',
      BROKER,
      '--registry',
      SCHEMA_REGISTRY_URL,
      '--topic',
      topic,
      '--count',
      String(count),
    ]),
  ) as Sent[];
}

/** Raw records (hex), for what no serializer writes: unknown ids, malformed payloads. */
export function rawProduce(topic: string, hex: readonly string[]): void {
  runSerde(['raw', '--bootstrap', BROKER, '--topic', topic], `${hex.join('\n')}\n`);
}

/** Confluent's deserializer reads `count` records from `offset` of partition 0. */
export function confluentConsume(
  kind: Kind,
  topic: string,
  offset: number,
  count: number,
  message = 'Order',
): { offset: number; value: unknown }[] {
  return lines(
    runSerde([
      'consume',
      '--kind',
      kind,
      '--bootstrap',
      BROKER,
      '--registry',
      SCHEMA_REGISTRY_URL,
      '--topic',
      topic,
      '--offset',
      String(offset),
      '--count',
      String(count),
      '--message',
      message,
    ]),
  ) as { offset: number; value: unknown }[];
}

export async function browseAll(env: SerdeEnv, topic: string, pageSize = 1000): Promise<KafkaMessage[]> {
  const page = (await env.t.router.call('kafka.messages.browse', {
    connectionId: env.connectionId,
    topic,
    pageSize,
    start: { kind: 'oldest' },
  })) as { messages: KafkaMessage[] };
  return [...page.messages].sort((a, b) => a.offset - b.offset);
}

export async function searchAll(
  env: SerdeEnv,
  input: Record<string, unknown>,
): Promise<{ events: SearchEvent[]; matches: KafkaMessage[] }> {
  const events: SearchEvent[] = [];
  await env.t.router.subscribe(
    'kafka.messages.search',
    { connectionId: env.connectionId, range: { kind: 'oldest' }, ...input },
    { emit: (e) => events.push(e as SearchEvent) },
  );
  return { events, matches: events.flatMap((e) => (e.type === 'matches' ? e.messages : [])) };
}

/** The decoded value of a message, parsed with exact integers. */
export function decodedValue(m: KafkaMessage): unknown {
  if (m.valueSchema?.status !== 'decoded' || m.valueSchema.json === null)
    throw new Error(`offset ${m.offset} was not decoded: ${JSON.stringify(m.valueSchema)}`);
  return parseExactJson(m.valueSchema.json);
}

/** Requests the registry saw for a path of its API (through the counting proxy), query string aside. */
export function requestsTo(env: SerdeEnv, path: string): number {
  return env.proxy.seen.filter((s) => s.path.split('?')[0] === `/apis/ccompat/v7${path}`).length;
}
