/**
 * Work lives exactly as long as what it serves (issue #8): a stream of a
 * connection that is disconnected, edited or deleted ends at once with a clear
 * error; a stream whose handler ended (one tailed topic deleted) stops all of
 * its readers. The oracle is the wire: Fetch requests core writes to the
 * broker after the end (counted by wireSpy, none allowed) and core's sockets
 * to Kafka left open (none after a disconnect, edit or delete).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STACK_DRAFTS, type ProfileDraftInput } from '../../../src/shared/contract/connections';
import { StackdeckError } from '../../../src/shared/errors';
import { startTestCore, type TestCore } from '../../support/core';
import { RUN_ID } from '../kafka/support';
import { API_FETCH, fixtureKafka, spyOnKafkaWire, until, type WireSpy } from './wireSpy';

let t: TestCore;
let spy: WireSpy;
let admin: Admin;
let producer: Producer;
let bigTopic: string;
const created: string[] = [];
const BIG = 60_000;
/** Long enough for an idle tail to send two more long-poll fetches (maxWait 500 ms) if it were still running. */
const QUIET_MS = 1_200;

const kafkaDraft = (): ProfileDraftInput => {
  const base = LOCAL_STACK_DRAFTS.find((d) => d.kind === 'kafka');
  if (!base) throw new Error('no kafka draft');
  return { ...base, name: `hardening ${RUN_ID} ${Math.random().toString(36).slice(2, 6)}` } as ProfileDraftInput;
};

async function topic(name: string, partitions = 1): Promise<string> {
  const t2 = `sd-it-hard-${name}-${RUN_ID}`;
  await admin.createTopics({ topics: [{ topic: t2, numPartitions: partitions }], waitForLeaders: true });
  created.push(t2);
  return t2;
}

beforeAll(async () => {
  const kafka = fixtureKafka();
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
  bigTopic = await topic('big', 2);
  const pad = 'p'.repeat(200);
  for (let sent = 0; sent < BIG; sent += 10_000) {
    await producer.send({
      topic: bigTopic,
      acks: 1,
      compression: 1,
      messages: Array.from({ length: 10_000 }, (_, i) => ({ value: JSON.stringify({ n: sent + i, pad }) })),
    });
  }
  t = await startTestCore();
  spy = spyOnKafkaWire();
}, 120_000);

// A failed test must not leave later ones with their fetches held.
afterEach(() => spy?.releaseFetches());

afterAll(async () => {
  spy?.restore();
  await t?.close();
  if (created.length > 0) await admin?.deleteTopics({ topics: created, timeout: 10_000 }).catch(() => undefined);
  await producer?.disconnect();
  await admin?.disconnect();
});

interface Running {
  events: { type: string }[];
  ended: Promise<StackdeckError | 'completed'>;
  endedAt(): number;
}

function run(name: string, input: Record<string, unknown>): Running {
  const events: { type: string }[] = [];
  let endedAt = 0;
  const ended = t.router
    .subscribe(name, input, { emit: (e) => events.push(e as { type: string }) })
    .then(
      () => 'completed' as const,
      (e: unknown) => e as StackdeckError,
    )
    .finally(() => (endedAt = Date.now()));
  return { events, ended, endedAt: () => endedAt };
}

type Ending = 'disconnect' | 'edit' | 'delete';

async function endConnection(how: Ending, id: string): Promise<void> {
  if (how === 'disconnect') await t.router.call('connections.client.disconnect', { connectionId: id });
  else if (how === 'edit') await t.router.call('connections.profiles.update', { id, draft: kafkaDraft() });
  else await t.router.call('connections.profiles.delete', { id });
}

/**
 * Waits until the scan has sent its first fetch, which is held: it is mid-stream, waiting on the
 * broker, and cannot finish on its own (one fetch can carry the whole topic on a fast machine).
 */
async function untilHeldMidScan(held: () => number): Promise<void> {
  await until(() => held() > 0, 20_000, 'the scan to start reading');
}

const ENDED = { disconnect: 'disconnected', edit: 'edited', delete: 'deleted' } as const;

/** After the stream ended: no Fetch for a quiet period, and (when the connection went away) no socket left. */
async function expectSilentWire(socketsToo: boolean): Promise<void> {
  const fetchesAtEnd = spy.count(API_FETCH);
  await new Promise((r) => setTimeout(r, QUIET_MS));
  expect(spy.count(API_FETCH) - fetchesAtEnd).toBe(0);
  if (socketsToo) await until(() => spy.openSockets() === 0, 3_000, 'core to close its Kafka sockets');
}

describe.each<Ending>(['disconnect', 'edit', 'delete'])('when the connection is %sed mid-stream', (how) => {
  it('a live tail ends at once with a clear error and sends no more fetches', async () => {
    const tailed = await topic(`tail-${how}`);
    const { id } = await t.router.call('connections.profiles.create', { draft: kafkaDraft() });
    const tail = run('kafka.messages.tail', { connectionId: id, topics: [tailed] });
    await until(() => tail.events.some((e) => e.type === 'started'), 10_000, 'the tail to start');
    const fetchesBefore = spy.count(API_FETCH);
    await until(() => spy.count(API_FETCH) > fetchesBefore, 5_000, 'the tail to poll');
    const at = Date.now();
    await endConnection(how, id);
    const err = await tail.ended;
    expect(err).toBeInstanceOf(StackdeckError);
    expect(err).toMatchObject({ code: 'CANCELLED', detail: { connectionEnded: ENDED[how] } });
    expect((err as StackdeckError).message).toMatch(/connection .* was (disconnected|changed|deleted)/);
    expect(tail.endedAt() - at).toBeLessThan(1_000);
    const delivered = tail.events.length;
    await producer.send({ topic: tailed, messages: [{ value: 'after the end' }] });
    await expectSilentWire(true);
    expect(tail.events.length).toBe(delivered);
  });

  it('a search ends at once and stops reading', async () => {
    const { id } = await t.router.call('connections.profiles.create', { draft: kafkaDraft() });
    // A scan of the whole topic can finish before the edit lands on a fast machine: hold its fetches mid-scan.
    const held = spy.holdFetches(0);
    const search = run('kafka.messages.search', {
      connectionId: id,
      topic: bigTopic,
      range: { kind: 'oldest' },
      filter: { kind: 'cel', expression: 'value.n < 0' },
    });
    await untilHeldMidScan(held);
    const at = Date.now();
    await endConnection(how, id);
    const err = await search.ended;
    spy.releaseFetches();
    expect(err).toMatchObject({ code: 'CANCELLED', detail: { connectionEnded: ENDED[how] } });
    expect(search.endedAt() - at).toBeLessThan(1_000);
    expect(search.events.some((e) => e.type === 'done')).toBe(false);
    await expectSilentWire(true);
  });

  it('an export ends at once, stops reading and leaves no file', async () => {
    const { id } = await t.router.call('connections.profiles.create', { draft: kafkaDraft() });
    const held = spy.holdFetches(0);
    const exp = run('kafka.messages.export', {
      connectionId: id,
      topic: bigTopic,
      range: { kind: 'oldest' },
      filter: { kind: 'cel', expression: 'value.n >= 0' },
      format: 'jsonl',
    });
    await untilHeldMidScan(held);
    await endConnection(how, id);
    const err = await exp.ended;
    spy.releaseFetches();
    expect(err).toMatchObject({ code: 'CANCELLED', detail: { connectionEnded: ENDED[how] } });
    await expectSilentWire(true);
    const left = await readdir(join(t.dir, 'exports')).catch(() => []);
    expect(left).toEqual([]);
  });

  it('a live lag chart ends with an error instead of waiting forever', async () => {
    const { id } = await t.router.call('connections.profiles.create', { draft: kafkaDraft() });
    const watch = run('kafka.lag.watch', { connectionId: id, groupId: `sd-it-hard-none-${RUN_ID}` });
    await until(() => t.core !== undefined && spy.openSockets() > 0, 10_000, 'the sampler to connect');
    await new Promise((r) => setTimeout(r, 300));
    const at = Date.now();
    await endConnection(how, id);
    const err = await Promise.race([watch.ended, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000))]);
    expect(err).toBeInstanceOf(StackdeckError);
    expect(err).toMatchObject({ code: 'CANCELLED', detail: { connectionEnded: ENDED[how] } });
    expect(Date.now() - at).toBeLessThan(1_000);
    await until(() => spy.openSockets() === 0, 3_000, 'core to close its Kafka sockets');
  });

  it('a connection test of the saved profile ends at once and closes its socket', async () => {
    // A server that accepts and never answers: the probe's auth stage would wait for its whole deadline.
    const sockets = new Set<Socket>();
    const server: Server = createServer((s) => {
      sockets.add(s);
      // Read (and drop) what arrives, so the client's close is seen.
      s.resume();
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const draft = { ...kafkaDraft(), brokers: [`127.0.0.1:${port}`] } as ProfileDraftInput;
      const { id } = await t.router.call('connections.profiles.create', { draft });
      const probe = run('connections.probe.run', { connectionId: id, stageTimeoutMs: 20_000 });
      await until(() => sockets.size > 0, 5_000, 'the probe to connect');
      await new Promise((r) => setTimeout(r, 200));
      const at = Date.now();
      if (how === 'edit') {
        await t.router.call('connections.profiles.update', { id, draft: { ...draft, name: 'renamed' } });
      } else await endConnection(how, id);
      const err = await probe.ended;
      expect(err).toMatchObject({ code: 'CANCELLED', detail: { connectionEnded: ENDED[how] } });
      expect(probe.endedAt() - at).toBeLessThan(1_000);
      await until(() => sockets.size === 0, 3_000, 'the probe to close its socket');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});

describe('a stream whose handler ended', () => {
  it('deleting one of two tailed topics ends the tail and stops the other reader too', async () => {
    const a = await topic('tail-a');
    const b = await topic('tail-b');
    const { id } = await t.router.call('connections.profiles.create', { draft: kafkaDraft() });
    const tail = run('kafka.messages.tail', { connectionId: id, topics: [a, b] });
    await until(() => tail.events.some((e) => e.type === 'started'), 10_000, 'the tail to start');
    await admin.deleteTopics({ topics: [a], timeout: 10_000 });
    created.splice(created.indexOf(a), 1);
    const err = await Promise.race([tail.ended, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    expect(err).toBeInstanceOf(StackdeckError);
    await expectSilentWire(false);
  }, 60_000);
});
