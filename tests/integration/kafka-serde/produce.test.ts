/**
 * Produce with a registry schema, through the router of the whole core: the
 * subjects are registered by Confluent's own serializers (one record each),
 * Stackdeck encodes the JSON a user types with a chosen subject and version,
 * and Confluent's Python deserializers read it back (the oracle). Refused
 * input produces nothing (the topic's end offset is the oracle). A live tail
 * shows the encoded record decoded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaMessage, TailEvent } from '../../../src/shared/contract/kafka/messages';
import { StackdeckError } from '../../../src/shared/errors';
import {
  browseAll,
  closeEnv,
  confluentConsume,
  confluentProduce,
  decodedValue,
  newTopic,
  serdeEnv,
  type SerdeEnv,
  BROKER,
} from './setup';

const BIG = 2n ** 53n + 1n;
let env: SerdeEnv;
const topics: string[] = [];
let avroTopic: string;
let protoTopic: string;
let jsonTopic: string;

beforeAll(async () => {
  env = await serdeEnv();
  avroTopic = await newTopic(env, 'sd-serde-pa', topics);
  protoTopic = await newTopic(env, 'sd-serde-pp', topics);
  jsonTopic = await newTopic(env, 'sd-serde-pj', topics);
  confluentProduce('avro', avroTopic, 1);
  confluentProduce('protobuf', protoTopic, 1);
  confluentProduce('json', jsonTopic, 1);
}, 240_000);

afterAll(async () => closeEnv(env, topics));

const produce = (topic: string, input: Record<string, unknown>): Promise<{ partition: number; offset: number }> =>
  env.t.router.call('kafka.messages.produce', { connectionId: env.connectionId, topic, ...input }) as Promise<{
    partition: number;
    offset: number;
  }>;

async function refused(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the produce to be refused');
}

const endOffset = async (topic: string): Promise<number> => (await browseAll(env, topic)).length;

const ORDER = `{"id":"typed","bigId":${BIG},"customer":{"name":"Grace","address":{"city":"Bern","zip":3000}},
  "total":{"currency":"CHF","cents":-5},"tags":[],"note":"by hand","status":"SHIPPED"}`;

describe('produce with a schema', () => {
  it('describes a subject for the produce dialog (id, type, Protobuf messages)', async () => {
    const info = await env.t.router.call('kafka.messages.produceSchema', {
      connectionId: env.connectionId,
      subject: `${protoTopic}-value`,
    });
    expect(info).toMatchObject({ subject: `${protoTopic}-value`, version: 1, type: 'PROTOBUF' });
    expect((info as { messageTypes: string[] }).messageTypes).toEqual([
      'stackdeck.orders.Order',
      'stackdeck.orders.Order.Line',
      'stackdeck.orders.Refund',
    ]);
  });

  it('encodes Avro (latest version) that Confluent’s AvroDeserializer reads back, long exact', async () => {
    const at = await produce(avroTopic, { value: ORDER, valueSchema: { subject: `${avroTopic}-value` } });
    const [read] = confluentConsume('avro', avroTopic, at.offset, 1);
    expect(read?.value).toEqual({
      id: 'typed',
      bigId: BIG,
      customer: { name: 'Grace', address: { city: 'Bern', zip: 3000 } },
      total: { currency: 'CHF', cents: -5 },
      tags: [],
      note: 'by hand',
      status: 'SHIPPED',
    });
    const mine = (await browseAll(env, avroTopic)).find((m) => m.offset === at.offset) as KafkaMessage;
    expect(mine.valueSchema).toMatchObject({ status: 'decoded', subject: `${avroTopic}-value`, version: 1 });
  });

  it('encodes the chosen Protobuf message (Refund, index [1]) for Confluent’s ProtobufDeserializer', async () => {
    const at = await produce(protoTopic, {
      value: `{"order_id":"o-9","delta":-${BIG},"reason":"late"}`,
      valueSchema: { subject: `${protoTopic}-value`, version: 1, messageType: 'stackdeck.orders.Refund' },
    });
    const [read] = confluentConsume('protobuf', protoTopic, at.offset, 1, 'Refund');
    expect(read?.value).toEqual({ order_id: 'o-9', delta: `-${BIG}`, reason: 'late' });
    // The deserializer is told the message type, so it does not check the index: compare the framing
    // (magic, id, index path [1]) with the Refund that Confluent's ProtobufSerializer wrote at offset 1.
    const all = await browseAll(env, protoTopic);
    const head = (offset: number): string =>
      Buffer.from(all.find((m) => m.offset === offset)?.value?.data ?? '', 'base64')
        .subarray(0, 7)
        .toString('hex');
    expect(head(at.offset)).toBe(head(1));
    expect(head(1).slice(10)).toBe('0202');
  });

  it('encodes JSON Schema after validating it, for Confluent’s JSONDeserializer', async () => {
    const at = await produce(jsonTopic, {
      value: '{"id":"j-typed","qty":3}',
      valueSchema: { subject: `${jsonTopic}-value` },
    });
    const [read] = confluentConsume('json', jsonTopic, at.offset, 1);
    expect(read?.value).toEqual({ id: 'j-typed', qty: 3 });
  });

  it('encodes a key with a schema too', async () => {
    const at = await produce(jsonTopic, {
      key: '{"id":"k","qty":1}',
      keySchema: { subject: `${jsonTopic}-value` },
      value: '{"id":"v","qty":2}',
      valueSchema: { subject: `${jsonTopic}-value` },
    });
    const m = (await browseAll(env, jsonTopic)).find((x) => x.offset === at.offset) as KafkaMessage;
    expect(m.keySchema).toMatchObject({ status: 'decoded', json: '{"id":"k","qty":1}' });
    expect(decodedValue(m)).toEqual({ id: 'v', qty: 2 });
  });
});

describe('refused input produces nothing', () => {
  it('a value that breaks the schema, bad JSON, an unknown field or subject: INVALID_INPUT or NOT_FOUND', async () => {
    const before = await Promise.all([endOffset(avroTopic), endOffset(protoTopic), endOffset(jsonTopic)]);
    const avro = await refused(
      produce(avroTopic, { value: '{"id":"x","bigId":"not a long"}', valueSchema: { subject: `${avroTopic}-value` } }),
    );
    expect(avro.code).toBe('INVALID_INPUT');
    expect(avro.message).toMatch(/does not fit .* version 1 \(AVRO\).*bigId.*Nothing was produced/s);
    const notJson = await refused(
      produce(avroTopic, { value: '{"id":', valueSchema: { subject: `${avroTopic}-value` } }),
    );
    expect(notJson.message).toMatch(/not valid JSON.*Nothing was produced/);
    const proto = await refused(
      produce(protoTopic, {
        value: '{"order_id":"o","colour":"red"}',
        valueSchema: { subject: `${protoTopic}-value`, messageType: 'stackdeck.orders.Refund' },
      }),
    );
    expect(proto.message).toMatch(/colour: no such field in Refund/);
    const json = await refused(
      produce(jsonTopic, { value: '{"id":"j","qty":0}', valueSchema: { subject: `${jsonTopic}-value` } }),
    );
    expect(json.message).toMatch(/\/qty must be >= 1/);
    const subject = await refused(
      produce(jsonTopic, { value: '{}', valueSchema: { subject: 'no-such-subject-value' } }),
    );
    expect(subject.code).toBe('NOT_FOUND');
    expect(await Promise.all([endOffset(avroTopic), endOffset(protoTopic), endOffset(jsonTopic)])).toEqual(before);
  });

  it('a connection without a registry says so', async () => {
    const plain = await env.t.connect('kafka', { brokers: [BROKER] });
    const e = await refused(
      env.t.router.call('kafka.messages.produce', {
        connectionId: plain.id,
        topic: jsonTopic,
        value: '{"id":"j","qty":1}',
        valueSchema: { subject: `${jsonTopic}-value` },
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/no Schema Registry URL/);
  });
});

describe('tail', () => {
  it('shows what is produced with a schema decoded', async () => {
    const events: TailEvent[] = [];
    const ac = new AbortController();
    let started!: () => void;
    const ready = new Promise<void>((r) => (started = r));
    const run = env.t.router
      .subscribe(
        'kafka.messages.tail',
        { connectionId: env.connectionId, topics: [avroTopic] },
        {
          signal: ac.signal,
          emit: (e) => {
            events.push(e as TailEvent);
            if ((e as TailEvent).type === 'started') started();
          },
        },
      )
      .catch((e: unknown) => e);
    await ready;
    await produce(avroTopic, { value: ORDER, valueSchema: { subject: `${avroTopic}-value` } });
    const got = (): KafkaMessage[] => events.flatMap((e) => (e.type === 'messages' ? e.messages : []));
    const deadline = Date.now() + 10_000;
    while (got().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    expect(((await run) as StackdeckError).code).toBe('CANCELLED');
    expect(got().map((m) => m.valueSchema?.status)).toEqual(['decoded']);
    expect(decodedValue(got()[0] as KafkaMessage)).toMatchObject({ id: 'typed', bigId: BIG });
  });
});
