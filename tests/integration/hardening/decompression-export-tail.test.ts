/**
 * Skip-or-stop on a batch past the decompression cap, for export and the live
 * tail (issue #8; search has it in decompression.test.ts), against the real
 * broker: a ~70 KiB gzip batch whose one record is 65 MiB of "a". By default
 * both stop with the error naming partition and offset (the export removes its
 * partial file); with `oversizeBatches: "skip"` the export writes the other
 * messages and lists the batch in `done`, and the tail reports it and keeps
 * delivering.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompressionTypes, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_OUTPUT_BYTES } from '../../../src/core/kafka/protocol/compression';
import { StackdeckError } from '../../../src/shared/errors';
import { startTestCore, type TestCore } from '../../support/core';
import { RUN_ID } from '../kafka/support';
import { fixtureKafka } from './wireSpy';

let t: TestCore;
let admin: Admin;
let producer: Producer;
let connectionId: string;
const topic = `sd-it-bomb-export-${RUN_ID}`;

const bombOf = (name: string) =>
  producer.send({
    topic: name,
    acks: -1,
    compression: CompressionTypes.GZIP,
    messages: [{ value: Buffer.alloc(MAX_BATCH_OUTPUT_BYTES + 1024 * 1024, 0x61) }],
  });

beforeAll(async () => {
  const kafka = fixtureKafka();
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await producer.send({ topic, acks: -1, messages: [{ value: 'small one' }] });
  await bombOf(topic);
  await producer.send({ topic, acks: -1, messages: [{ value: 'after the bomb' }] });
  t = await startTestCore();
  connectionId = (await t.connect('kafka', { name: `bomb export ${RUN_ID}` })).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
  await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await producer?.disconnect();
  await admin?.disconnect();
});

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected the read to be refused');
}

const exportInput = (extra: Record<string, unknown> = {}) => ({
  connectionId,
  topic,
  range: { kind: 'oldest' },
  format: 'jsonl',
  ...extra,
});

it('an export stops at the bomb by default, naming it, and leaves no partial file', async () => {
  const e = await failure(t.router.subscribe('kafka.messages.export', exportInput(), { emit: () => undefined }));
  expect(e.detail).toMatchObject({ reason: 'batch-too-large', compression: 'gzip' });
  expect(e.message).toMatch(/at offset 1 of partition 0/);
  const left = (await readdir(join(t.dir, 'exports')).catch(() => [] as string[])).filter((f) => f.includes(topic));
  expect(left).toEqual([]);
});

it('with oversizeBatches "skip", an export writes the other messages and lists the batch in done', async () => {
  const events: { type: string; [k: string]: unknown }[] = [];
  await t.router.subscribe('kafka.messages.export', exportInput({ oversizeBatches: 'skip' }), {
    emit: (e) => events.push(e as (typeof events)[number]),
  });
  const done = events.at(-1);
  expect(done).toMatchObject({ type: 'done', rows: 2, reason: 'end' });
  expect(done?.skippedBatches).toEqual([{ partition: 0, offset: 1, reason: expect.stringMatching(/too large/) }]);
  const lines = (await readFile(done?.path as string, 'utf8')).trim().split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { value: { data: string } }).value.data)).toEqual([
    'small one',
    'after the bomb',
  ]);
});

describe('a live tail meeting a bomb', () => {
  const tailTopic = `sd-it-bomb-tail-${RUN_ID}`;
  beforeAll(async () => {
    await admin.createTopics({ topics: [{ topic: tailTopic, numPartitions: 1 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await admin?.deleteTopics({ topics: [tailTopic] }).catch(() => undefined);
  });

  const bomb = () => bombOf(tailTopic);

  /** Runs a tail; once started, produces a bomb then a small message; stops the tail when `until` says so. */
  async function tailThrough(
    extra: Record<string, unknown>,
    until: (events: { type: string; [k: string]: unknown }[]) => boolean,
  ): Promise<{ events: { type: string; [k: string]: unknown }[]; error: StackdeckError | null }> {
    const events: { type: string; [k: string]: unknown }[] = [];
    const ctrl = new AbortController();
    let error: StackdeckError | null = null;
    await t.router
      .subscribe(
        'kafka.messages.tail',
        { connectionId, topics: [tailTopic], ...extra },
        {
          signal: ctrl.signal,
          emit: (e) => {
            events.push(e as (typeof events)[number]);
            if ((e as { type: string }).type === 'started')
              void bomb().then(() => producer.send({ topic: tailTopic, acks: -1, messages: [{ value: 'after' }] }));
            if (until(events)) ctrl.abort();
          },
        },
      )
      .catch((e: StackdeckError) => (error = e));
    return { events, error };
  }

  it('stops by default with the error naming the batch', async () => {
    const { error } = await tailThrough({}, () => false);
    expect(error?.detail).toMatchObject({ reason: 'batch-too-large', compression: 'gzip' });
    expect(error?.message).toMatch(/of partition 0 of "sd-it-bomb-tail-/);
  }, 60_000);

  it('with oversizeBatches "skip", leaves it out, says so, and keeps delivering', async () => {
    const seen = (events: { type: string; [k: string]: unknown }[]) =>
      events.some((e) => (e.messages as { value: { text?: string } | null }[] | undefined)?.length);
    const { events, error } = await tailThrough({ oversizeBatches: 'skip' }, seen);
    expect(error?.code).toBe('CANCELLED');
    const skipped = events.flatMap((e) => (e.skippedBatches as unknown[] | undefined) ?? []);
    expect(skipped).toEqual([{ partition: 0, offset: expect.any(Number), reason: expect.stringMatching(/too large/) }]);
    const messages = events.flatMap((e) => (e.messages as unknown[] | undefined) ?? []);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain('after');
  }, 60_000);
});
