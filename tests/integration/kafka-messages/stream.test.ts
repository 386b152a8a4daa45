import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportEvent, KafkaMessage, TailEvent } from '../../../src/shared/contract/kafka/messages';
import { search } from '../../../src/core/kafka/messages/search';
import { StackdeckError } from '../../../src/shared/errors';
import { groupIds } from '../kafka/support';
import { closeEnv, messagesEnv, type MessagesEnv } from './setup';

/** kafka.messages.tail / produce / export and search cancellation, through the real router. */

let env: MessagesEnv;
let topic: string;
let bigTopic: string;
const BIG = 300_000;

beforeAll(async () => {
  env = await messagesEnv();
  topic = await env.fx.topic('msgs-stream', 2);
  bigTopic = await env.fx.topic('msgs-big', 4);
  const value = JSON.stringify({ pad: 'p'.repeat(150) });
  for (let sent = 0; sent < BIG; sent += 20_000) {
    await env.fx.producer.send({
      topic: bigTopic,
      acks: 1,
      compression: 1,
      messages: Array.from({ length: 20_000 }, (_, i) => ({ key: `k${sent + i}`, value })),
    });
  }
}, 180_000);

afterAll(async () => closeEnv(env));

async function errorOf(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected an error');
}

const produce = (input: Record<string, unknown>): Promise<{ topic: string; partition: number; offset: number }> =>
  env.t.router.call('kafka.messages.produce', { connectionId: env.connectionId, topic, ...input }) as Promise<{
    topic: string;
    partition: number;
    offset: number;
  }>;

describe('kafka.messages.produce', () => {
  it('produces text and JSON with headers, chosen partition and gzip, and returns partition and offset', async () => {
    const a = await produce({ key: 'a', value: 'hello', headers: [{ key: 'h', value: 'v' }], partition: 1 });
    expect(a).toMatchObject({ topic, partition: 1 });
    const b = await produce({ key: null, value: '{"n": 1}', valueFormat: 'json', partition: 1, compression: 'gzip' });
    expect(b.offset).toBe(a.offset + 1);
    const got = (await env.t.router.call('kafka.messages.get', {
      connectionId: env.connectionId,
      topic,
      partition: 1,
      offset: a.offset,
    })) as KafkaMessage;
    expect(got.value?.data).toBe('hello');
    expect(got.headers).toEqual([{ key: 'h', value: { encoding: 'utf8', data: 'v', size: 1, truncated: false } }]);
  });

  it('refuses non-JSON in a JSON produce and produces nothing', async () => {
    const before = await env.t.router.call('kafka.messages.browse', {
      connectionId: env.connectionId,
      topic,
      start: { kind: 'newest' },
    });
    const err = await errorOf(produce({ key: 'bad', value: '{nope', valueFormat: 'json' }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/not valid JSON.*nothing was produced/);
    const after = await env.t.router.call('kafka.messages.browse', {
      connectionId: env.connectionId,
      topic,
      start: { kind: 'newest' },
    });
    expect(after.messages.length).toBe(before.messages.length);
    expect((await errorOf(produce({ value: 'x', partition: 9 }))).code).toBe('INVALID_INPUT');
  });

  it('is refused on a read-only profile', async () => {
    const ro = await env.t.connect('kafka', { readOnly: true });
    const err = await errorOf(env.t.router.call('kafka.messages.produce', { connectionId: ro.id, topic, value: 'x' }));
    expect(err.code).toBe('READ_ONLY');
  });
});

describe('kafka.messages.tail', () => {
  it('delivers new messages across topics in capped batches with a total count', async () => {
    const other = await env.fx.topic('msgs-tail2', 1);
    const events: TailEvent[] = [];
    const ac = new AbortController();
    let started!: () => void;
    const ready = new Promise<void>((r) => (started = r));
    const run = env.t.router.subscribe(
      'kafka.messages.tail',
      { connectionId: env.connectionId, topics: [topic, other], maxPerEvent: 20 },
      {
        signal: ac.signal,
        emit: (e) => {
          events.push(e as TailEvent);
          if ((e as TailEvent).type === 'started') started();
        },
      },
    );
    await ready;
    await env.fx.producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ value: `t${i}` })) });
    await env.fx.producer.send({ topic: other, messages: [{ value: 'other' }] });
    const deadline = Date.now() + 10_000;
    const total = () => Math.max(0, ...events.map((e) => (e.type === 'messages' ? e.total : 0)));
    while (total() < 101 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    expect((await errorOf(run)).code).toBe('CANCELLED');
    expect(total()).toBe(101);
    const batches = events.filter((e) => e.type === 'messages');
    expect(batches.every((e) => e.messages.length <= 20)).toBe(true);
    const sent = batches.reduce((s, e) => s + e.messages.length, 0);
    const skipped = batches.reduce((s, e) => s + e.skipped, 0);
    expect(sent + skipped).toBe(101);
    expect(batches.flatMap((e) => e.messages).some((m) => m.topic === other)).toBe(true);
  });
});

describe('kafka.messages.search cancel', () => {
  it('stops reading within a second of cancel', async () => {
    const ac = new AbortController();
    let scannedAtCancel = 0;
    let firstProgressAt = 0;
    const run = env.t.router.subscribe(
      'kafka.messages.search',
      {
        connectionId: env.connectionId,
        topic: bigTopic,
        range: { kind: 'oldest' },
        filter: { kind: 'cel', expression: 'value.pad == "never"' },
      },
      {
        signal: ac.signal,
        emit: (e) => {
          const ev = e as { type: string; scanned?: number };
          if (ev.type === 'progress' && (ev.scanned ?? 0) > 0 && firstProgressAt === 0) {
            firstProgressAt = Date.now();
            scannedAtCancel = ev.scanned ?? 0;
            ac.abort();
          }
        },
      },
    );
    const err = await errorOf(run);
    const stoppedAfter = Date.now() - firstProgressAt;
    expect(err.code).toBe('CANCELLED');
    expect(stoppedAfter).toBeLessThan(1000);
    expect(scannedAtCancel).toBeLessThan(BIG);
  });

  it('the core search itself (not just the delivery) ends within a second of the abort', async () => {
    const ac = new AbortController();
    let scanned = 0;
    const work = search(
      env.fx.wire,
      {
        topic: bigTopic,
        isolation: 'read_committed',
        range: { kind: 'oldest' },
        filter: { kind: 'contains', text: 'never-there', in: ['value'], caseSensitive: true },
        limit: 10,
      },
      ac.signal,
      (e) => {
        if (e.type === 'progress') scanned = e.scanned;
      },
    );
    const settled = work.then(
      () => 'ended',
      () => 'stopped',
    );
    await new Promise((r) => setTimeout(r, 150));
    const abortedAt = Date.now();
    ac.abort();
    expect(await settled).toBe('stopped');
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(scanned).toBeLessThan(BIG);
  });
});

describe('kafka.messages.export', () => {
  async function runExport(input: Record<string, unknown>): Promise<{ events: ExportEvent[]; text: string }> {
    const events: ExportEvent[] = [];
    await env.t.router.subscribe(
      'kafka.messages.export',
      { connectionId: env.connectionId, ...input },
      { emit: (e) => events.push(e as ExportEvent) },
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.path.startsWith(`${env.t.dir}/exports/`)).toBe(true);
    return { events, text: await readFile(done.path, 'utf8') };
  }

  it('writes JSON Lines and CSV that keep binary keys and nulls', async () => {
    const bin = await env.fx.topic('msgs-export', 1);
    await env.fx.producer.send({
      topic: bin,
      messages: [
        { key: Buffer.from([0xff, 0x01]), value: 'a,"b"\nc', headers: { h: 'v' } },
        { key: null, value: null },
        { key: 'k', value: Buffer.from([0xc3, 0x28]) },
      ],
    });
    const jsonl = await runExport({ topic: bin, range: { kind: 'oldest' }, format: 'jsonl' });
    const rows = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      partition: 0,
      offset: 0,
      key: { encoding: 'base64', data: Buffer.from([0xff, 0x01]).toString('base64') },
      value: { encoding: 'utf8', data: 'a,"b"\nc' },
      headers: [{ key: 'h', value: { encoding: 'utf8', data: 'v' } }],
    });
    expect(rows[1]).toMatchObject({ key: null, value: null });
    expect(rows[2]).toMatchObject({
      value: { encoding: 'base64', data: Buffer.from([0xc3, 0x28]).toString('base64') },
    });
    const csv = await runExport({ topic: bin, range: { kind: 'oldest' }, format: 'csv' });
    const lines = csv.text.split('\n');
    expect(lines[0]).toBe('topic,partition,offset,timestamp,timestampType,keyEncoding,key,valueEncoding,value,headers');
    expect(csv.text).toContain(`base64,${Buffer.from([0xff, 0x01]).toString('base64')},utf8,"a,""b""\nc"`);
    expect(csv.text).toContain(',,,,'); // null key and tombstone: empty encodings
  });

  it('guards CSV cells against spreadsheet formulas unless asked not to, and writes a JSON array', async () => {
    const t = await env.fx.topic('msgs-export-guard', 1);
    await env.fx.producer.send({ topic: t, messages: [{ key: '=HYPERLINK("x")', value: '-2+3' }] });
    const guarded = await runExport({ topic: t, range: { kind: 'oldest' }, format: 'csv' });
    expect(guarded.text).toContain(`utf8,"'=HYPERLINK(""x"")",utf8,'-2+3,`);
    const raw = await runExport({ topic: t, range: { kind: 'oldest' }, format: 'csv', csvFormulaGuard: false });
    expect(raw.text).toContain(`utf8,"=HYPERLINK(""x"")",utf8,-2+3,`);
    const json = await runExport({ topic: t, range: { kind: 'oldest' }, format: 'json' });
    expect(JSON.parse(json.text)).toMatchObject([{ key: { encoding: 'utf8', data: '=HYPERLINK("x")' } }]);
  });

  it('exports a search result with progress, up to the limit', async () => {
    const { events, text } = await runExport({
      topic: bigTopic,
      range: { kind: 'oldest' },
      filter: { kind: 'contains', text: 'k1', in: ['key'] },
      limit: 5000,
    });
    expect(text.trim().split('\n')).toHaveLength(5000);
    expect(events.at(-1)).toMatchObject({ type: 'done', rows: 5000, reason: 'limit' });
    expect(events.some((e) => e.type === 'progress')).toBe(true);
  });

  it('leaves no consumer group behind after tail, search and export', async () => {
    const before = await groupIds(env.fx.admin);
    const ac = new AbortController();
    const run = env.t.router.subscribe(
      'kafka.messages.tail',
      { connectionId: env.connectionId, topics: [topic] },
      { signal: ac.signal, emit: () => undefined },
    );
    setTimeout(() => ac.abort(), 500);
    await run.catch(() => undefined);
    await runExport({ topic, range: { kind: 'oldest' } });
    expect(await groupIds(env.fx.admin)).toEqual(before);
  });
});
