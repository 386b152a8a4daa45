/**
 * Smaller Kafka defects of issue #8, against the real broker through the
 * router: duplicate header keys kept on produce; a tail sees partitions added
 * after it started; the groups list's documented `topic:` filter.
 */
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAIL_PARTITION_CHECK_MS } from '../../../src/core/kafka/messages/tail';
import type { KafkaMessage, TailEvent } from '../../../src/shared/contract/kafka/messages';
import { startTestCore, type TestCore } from '../../support/core';
import { RUN_ID } from '../kafka/support';
import { DEFAULT_RESPONSE_BUDGET } from '../../../src/core/kafka/browse';
import { fixtureKafka, spyOnKafkaWire } from './wireSpy';

let t: TestCore;
let admin: Admin;
let producer: Producer;
let connectionId: string;
const topics: string[] = [];
const groups: string[] = [];

async function topic(name: string, partitions = 1): Promise<string> {
  const full = `sd-it-fix-${name}-${RUN_ID}`;
  await admin.createTopics({ topics: [{ topic: full, numPartitions: partitions }], waitForLeaders: true });
  topics.push(full);
  return full;
}

beforeAll(async () => {
  const kafka = fixtureKafka();
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
  t = await startTestCore();
  connectionId = (await t.connect('kafka', { name: `fixes ${RUN_ID}` })).id;
});

afterAll(async () => {
  await t?.close();
  if (groups.length > 0) await admin?.deleteGroups(groups).catch(() => undefined);
  if (topics.length > 0) await admin?.deleteTopics({ topics }).catch(() => undefined);
  await producer?.disconnect();
  await admin?.disconnect();
});

describe('produce', () => {
  it('keeps every header of a repeated key, in order', async () => {
    const name = await topic('headers');
    const sent = await t.router.call('kafka.messages.produce', {
      connectionId,
      topic: name,
      value: 'v',
      headers: [
        { key: 'trace', value: 'one' },
        { key: 'other', value: 'x' },
        { key: 'trace', value: 'two' },
      ],
    });
    const got = (await t.router.call('kafka.messages.get', {
      connectionId,
      topic: name,
      partition: sent.partition,
      offset: sent.offset,
    })) as KafkaMessage;
    const headers = got.headers.map((h) => [h.key, h.value?.data]);
    expect(headers.filter(([k]) => k === 'trace')).toEqual([
      ['trace', 'one'],
      ['trace', 'two'],
    ]);
    expect(headers).toContainEqual(['other', 'x']);
    expect(headers).toHaveLength(3);
  });
});

describe('tail', () => {
  it('delivers messages of partitions added while it runs', async () => {
    const name = await topic('grow', 1);
    const events: TailEvent[] = [];
    const ctrl = new AbortController();
    const run = t.router
      .subscribe(
        'kafka.messages.tail',
        { connectionId, topics: [name] },
        { signal: ctrl.signal, emit: (e) => events.push(e as TailEvent) },
      )
      .catch(() => undefined);
    for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(events[0]).toMatchObject({ type: 'started' });
    await admin.createPartitions({ topicPartitions: [{ topic: name, count: 3 }] });
    // Produced right away, before the tail's next partition check has seen the new partitions.
    await producer.send({ topic: name, acks: -1, messages: [{ value: 'on-new-partition', partition: 2 }] });
    const deadline = Date.now() + TAIL_PARTITION_CHECK_MS * 3 + 5_000;
    const seen = (): KafkaMessage[] =>
      events.flatMap((e) => (e.type === 'messages' ? e.messages : [])).filter((m) => m.partition === 2);
    while (seen().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    ctrl.abort();
    await run;
    expect(seen().map((m) => m.value?.data)).toEqual(['on-new-partition']);
  }, 30_000);
});

describe('multi-topic tail latency', () => {
  it('a tail of eight topics delivers a new message on each within about a second', async () => {
    const names = await Promise.all(Array.from({ length: 8 }, (_, i) => topic(`lat${i}`)));
    const events: TailEvent[] = [];
    const ctrl = new AbortController();
    const run = t.router
      .subscribe(
        'kafka.messages.tail',
        { connectionId, topics: names },
        { signal: ctrl.signal, emit: (e) => events.push(e as TailEvent) },
      )
      .catch(() => undefined);
    for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    // Let every reader settle into its long-poll. Then, one topic at a time, produce one message and
    // time its arrival: with the other seven readers idle, their long-polls sit ahead of it on the
    // connection (a broker serves one request per connection at a time).
    await new Promise((r) => setTimeout(r, 1_200));
    const seen = (n: string): boolean =>
      events.some((e) => e.type === 'messages' && e.messages.some((m) => m.topic === n));
    const took: number[] = [];
    for (const n of [names[7], names[3], names[0], names[5]] as string[]) {
      const sentAt = Date.now();
      await producer.send({ topic: n, acks: -1, messages: [{ value: `hi ${n}` }] });
      while (!seen(n) && Date.now() - sentAt < 10_000) await new Promise((r) => setTimeout(r, 20));
      took.push(Date.now() - sentAt);
    }
    ctrl.abort();
    await run;
    // One round over all topics is ~500 ms; with 500 ms long-polls in a row a message waited up to 8 x 500 ms.
    expect(Math.max(...took)).toBeLessThan(1_500);
  }, 30_000);
});

describe('fetch budget', () => {
  it('a tail of many topics shares one budget: each fetch asks for its share, not 16 MiB', async () => {
    const names = await Promise.all(Array.from({ length: 10 }, (_, i) => topic(`budget${i}`)));
    const spy = spyOnKafkaWire();
    const ctrl = new AbortController();
    let started = false;
    const run = t.router
      .subscribe(
        'kafka.messages.tail',
        { connectionId, topics: names },
        { signal: ctrl.signal, emit: (e) => void (started ||= (e as TailEvent).type === 'started') },
      )
      .catch(() => undefined);
    try {
      for (let i = 0; i < 100 && !started; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      ctrl.abort();
      await run;
      spy.restore();
    }
    const asked = spy.fetchMaxBytes();
    expect(asked.length).toBeGreaterThanOrEqual(3);
    // Ten readers on one leader: each response at most a tenth of the budget, so ten in flight fit in it.
    expect(Math.max(...asked)).toBeLessThanOrEqual(Math.ceil(DEFAULT_RESPONSE_BUDGET / 10));
  });
});

describe('groups list', () => {
  it('filters by topic with the documented "topic:" prefix', async () => {
    const a = await topic('orders-a');
    const b = await topic('payments-b');
    const ga = `sd-it-fix-ga-${RUN_ID}`;
    const gb = `sd-it-fix-gb-${RUN_ID}`;
    groups.push(ga, gb);
    await admin.setOffsets({ groupId: ga, topic: a, partitions: [{ partition: 0, offset: '0' }] });
    await admin.setOffsets({ groupId: gb, topic: b, partitions: [{ partition: 0, offset: '0' }] });
    const page = await t.router.call('kafka.groups.list', { connectionId, filter: `topic:orders-a-${RUN_ID}` });
    const ids = page.groups.map((g) => g.groupId);
    expect(ids).toContain(ga);
    expect(ids).not.toContain(gb);
    expect(page.total).toBe(ids.length);
    // Without the prefix it is a group-id filter, as before.
    const byId = await t.router.call('kafka.groups.list', { connectionId, filter: `fix-gb-${RUN_ID}` });
    expect(byId.groups.map((g) => g.groupId)).toEqual([gb]);
  });
});
