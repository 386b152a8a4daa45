/**
 * A small gzip batch that expands past the decompression cap (issue #8): the
 * broker holds a ~70 KiB batch whose one record is 65 MiB of "a". Reading it
 * (search, browse) is refused as too large, naming its partition and offset,
 * and core's heap does not take the 65 MiB.
 * The bomb is produced by a child process: a 65 MiB value built in this
 * process would sit in its heap for as long as kafkajs keeps the request, and
 * the retention check below would measure the fixture, not core.
 */
import { spawnSync } from 'node:child_process';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_BATCH_OUTPUT_BYTES } from '../../../src/core/kafka/protocol/compression';
import { StackdeckError } from '../../../src/shared/errors';
import { startTestCore, type TestCore } from '../../support/core';
import { BROKERS, RUN_ID } from '../kafka/support';
import { fixtureKafka } from './wireSpy';

let t: TestCore;
let admin: Admin;
let producer: Producer;
let connectionId: string;
const topic = `sd-it-bomb-${RUN_ID}`;

beforeAll(async () => {
  const kafka = fixtureKafka();
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await producer.send({ topic, acks: -1, messages: [{ value: 'small one' }] });
  produceBombElsewhere();
  t = await startTestCore();
  connectionId = (await t.connect('kafka', { name: `bomb ${RUN_ID}` })).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
  await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await producer?.disconnect();
  await admin?.disconnect();
});

/** One gzip batch whose single record is 65 MiB of "a", sent by a child Node process with kafkajs. */
function produceBombElsewhere(): void {
  const script = `
    const { Kafka, CompressionTypes, logLevel } = require('kafkajs');
    const producer = new Kafka({ clientId: 'sd-it-bomb', brokers: ${JSON.stringify(BROKERS)}, logLevel: logLevel.NOTHING }).producer();
    (async () => {
      await producer.connect();
      await producer.send({ topic: ${JSON.stringify(topic)}, acks: -1, compression: CompressionTypes.GZIP,
        messages: [{ value: Buffer.alloc(${MAX_BATCH_OUTPUT_BYTES + 1024 * 1024}, 0x61) }] });
      await producer.disconnect();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`producing the bomb failed: ${r.stderr || String(r.error)}`);
}

/**
 * Retained bytes once zlib has let go: a refused inflate's native handle and
 * its partial output are freed when the handle closes, a few turns of the
 * event loop after the error, so a measurement taken at once can catch them.
 * Gives up after ~2 s and returns what is still held.
 */
async function settledRetainedBytes(before: number): Promise<number> {
  let now = retainedBytes();
  for (let i = 0; i < 20 && now - before >= MAX_BATCH_OUTPUT_BYTES / 8; i++) {
    await new Promise((r) => setTimeout(r, 100));
    now = retainedBytes();
  }
  return now;
}

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected the read to be refused');
}

/** Heap and buffers still reachable: garbage collected first (the integration project runs with --expose-gc). */
function retainedBytes(): number {
  if (global.gc === undefined) throw new Error('run with --expose-gc (vitest.config.ts does for integration)');
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

it('search over the bomb is refused as too large, naming partition and offset', async () => {
  const before = retainedBytes();
  const e = await failure(
    t.router.subscribe(
      'kafka.messages.search',
      {
        connectionId,
        topic,
        range: { kind: 'oldest' },
        filter: { kind: 'contains', text: 'x', in: ['value'], caseSensitive: true },
      },
      { emit: () => undefined },
    ),
  );
  // Decompression may fill up to the cap before it refuses; none of that may stay behind.
  const after = await settledRetainedBytes(before);
  expect(e.code).toBe('SERVER_ERROR');
  expect(e.message).toMatch(/gzip-compressed record batch at offset 1 of partition 0 of "sd-it-bomb-.*" is too large/);
  expect(e.detail).toMatchObject({ reason: 'batch-too-large', compression: 'gzip' });
  expect(after - before).toBeLessThan(MAX_BATCH_OUTPUT_BYTES / 8);
});

it('with oversizeBatches "skip", a search leaves the batch out, reads on, and lists it', async () => {
  await producer.send({ topic, acks: -1, messages: [{ value: 'after the bomb' }] });
  const events: { type: string; [k: string]: unknown }[] = [];
  await t.router.subscribe(
    'kafka.messages.search',
    {
      connectionId,
      topic,
      range: { kind: 'oldest' },
      filter: { kind: 'contains', text: 'the bomb', in: ['value'], caseSensitive: true },
      oversizeBatches: 'skip',
    },
    { emit: (e) => events.push(e as (typeof events)[number]) },
  );
  const done = events.at(-1);
  expect(done).toMatchObject({ type: 'done', scanned: 2, matched: 1 });
  expect(done?.skippedBatches).toEqual([{ partition: 0, offset: 1, reason: expect.stringMatching(/too large/) }]);
});

it('browsing the newest messages hits the same refusal, not a crash', async () => {
  const e = await failure(t.router.call('kafka.messages.browse', { connectionId, topic, start: { kind: 'newest' } }));
  expect(e.detail).toMatchObject({ reason: 'batch-too-large' });
});
