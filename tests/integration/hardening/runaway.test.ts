/**
 * Nothing a user types can hang core (issue #8), per entry point (search,
 * export, tail) through the router against the real broker: the pattern
 * that blocked core (`^(a+)+$` over 34 "a"s and a "!") answers at once on
 * RE2; an expression that runs away (nested comprehensions over a large JSON
 * list) is stopped at the evaluation limit with a message naming the
 * message, Cancel stops it, and other calls keep answering meanwhile.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CEL_EVAL_LIMIT_MS } from '../../../src/core/kafka/messages/celSandbox';
import { StackdeckError } from '../../../src/shared/errors';
import { startTestCore, type TestCore } from '../../support/core';
import { RUN_ID } from '../kafka/support';
import { fixtureKafka } from './wireSpy';

let t: TestCore;
let admin: Admin;
let producer: Producer;
let connectionId: string;
const topics: string[] = [];

const EVIL = `${'a'.repeat(34)}!`;
const BIG = JSON.stringify(Array.from({ length: 1000 }, (_, i) => i));
const RUNAWAY = 'value.all(x, value.all(y, value.all(z, x + y + z >= 0)))';
const REDOS = 'string(value).matches("^(a+)+$")';

async function topic(name: string, values: string[]): Promise<string> {
  const name2 = `sd-it-runaway-${name}-${RUN_ID}`;
  await admin.createTopics({ topics: [{ topic: name2, numPartitions: 1 }], waitForLeaders: true });
  topics.push(name2);
  if (values.length > 0) await producer.send({ topic: name2, acks: -1, messages: values.map((value) => ({ value })) });
  return name2;
}

let data: string;

beforeAll(async () => {
  const kafka = fixtureKafka();
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
  data = await topic('data', ['{"n":1}', EVIL, BIG, '{"n":2}']);
  t = await startTestCore();
  connectionId = (await t.connect('kafka', { name: `runaway ${RUN_ID}` })).id;
});

afterAll(async () => {
  await t?.close();
  if (topics.length > 0) await admin?.deleteTopics({ topics }).catch(() => undefined);
  await producer?.disconnect();
  await admin?.disconnect();
});

interface Outcome {
  events: { type: string; [k: string]: unknown }[];
  error: StackdeckError | null;
  ms: number;
}

function start(name: string, input: Record<string, unknown>, signal?: AbortSignal) {
  const events: Outcome['events'] = [];
  const started = performance.now();
  const done = t.router
    .subscribe(
      name,
      { connectionId, ...input },
      { emit: (e) => events.push(e as Outcome['events'][number]), ...(signal ? { signal } : {}) },
    )
    .then(
      (): Outcome => ({ events, error: null, ms: performance.now() - started }),
      (e: unknown): Outcome => ({ events, error: e as StackdeckError, ms: performance.now() - started }),
    );
  return { events, done };
}

const run = (name: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<Outcome> =>
  start(name, input, signal).done;

/** Answer times of `connections.profiles.list` sampled while `during` runs. */
async function answerTimes(during: Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    const s = performance.now();
    await t.router.call('connections.profiles.list', {});
    times.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 50));
  }
  return times;
}

const scanAll = { range: { kind: 'oldest' }, isolation: 'read_uncommitted' };

describe('search', () => {
  it('the backtracking pattern that hung core answers at once (RE2)', async () => {
    const out = await run('kafka.messages.search', {
      topic: data,
      ...scanAll,
      filter: { kind: 'cel', expression: REDOS },
    });
    expect(out.error).toBeNull();
    expect(out.events.at(-1)).toMatchObject({ type: 'done', scanned: 4, matched: 0 });
    expect(out.ms).toBeLessThan(5_000);
  });

  it('a runaway expression stops at the limit naming the message; other calls keep answering', async () => {
    const work = run('kafka.messages.search', {
      topic: data,
      ...scanAll,
      filter: { kind: 'cel', expression: RUNAWAY },
    });
    const times = await answerTimes(work);
    const out = await work;
    expect(out.error?.code).toBe('INVALID_INPUT');
    expect(out.error?.message).toMatch(/ran for over \d+ ms on one message \(partition 0, offset 2\)/);
    expect(out.ms).toBeLessThan(CEL_EVAL_LIMIT_MS + 4_000);
    expect(times.length).toBeGreaterThan(2);
    expect(Math.max(...times)).toBeLessThan(500);
  });

  it('Cancel stops a runaway search at once', async () => {
    const ctrl = new AbortController();
    const work = run(
      'kafka.messages.search',
      { topic: data, ...scanAll, filter: { kind: 'cel', expression: RUNAWAY } },
      ctrl.signal,
    );
    await new Promise((r) => setTimeout(r, 400));
    const at = performance.now();
    ctrl.abort();
    const out = await work;
    expect(out.error?.code).toBe('CANCELLED');
    expect(performance.now() - at).toBeLessThan(500);
  });
});

describe('export', () => {
  it('a runaway expression stops at the limit and leaves no file behind', async () => {
    const work = run('kafka.messages.export', {
      topic: data,
      ...scanAll,
      filter: { kind: 'cel', expression: RUNAWAY },
    });
    const times = await answerTimes(work);
    const out = await work;
    expect(out.error?.code).toBe('INVALID_INPUT');
    expect(out.error?.message).toMatch(/offset 2/);
    expect(Math.max(...times)).toBeLessThan(500);
    const left = await readdir(join(t.dir, 'exports')).catch(() => []);
    expect(left).toEqual([]);
  });
});

describe('tail', () => {
  it('a runaway expression on a new message ends the tail with the message named', async () => {
    const live = await topic('live', []);
    const tail = start('kafka.messages.tail', {
      topics: [live],
      isolation: 'read_uncommitted',
      filter: { kind: 'cel', expression: `${REDOS} || ${RUNAWAY}` },
    });
    for (let i = 0; i < 100 && tail.events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(tail.events[0]).toMatchObject({ type: 'started' });
    await producer.send({ topic: live, acks: -1, messages: [{ value: EVIL }, { value: BIG }] });
    const times = await answerTimes(tail.done);
    const out = await tail.done;
    expect(out.error?.code).toBe('INVALID_INPUT');
    expect(out.error?.message).toMatch(/offset 1/);
    expect(Math.max(...times)).toBeLessThan(500);
  });
});
