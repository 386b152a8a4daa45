import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowsePage } from '../../../src/shared/contract/kafka/messages';
import { StackdeckError } from '../../../src/shared/errors';
import { groupIds } from '../kafka/support';
import { closeEnv, collectSearch, messagesEnv, valueText, type MessagesEnv } from './setup';

/** kafka.messages.browse / get / search through the real router against the local broker. */

let env: MessagesEnv;
let topic: string;
const BASE = Date.now() - 3_600_000;
const N = 60; // per partition, 3 partitions

beforeAll(async () => {
  env = await messagesEnv();
  topic = await env.fx.topic('msgs-browse', 3);
  for (let p = 0; p < 3; p++) {
    await env.fx.producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: N }, (_, i) => ({
        partition: p,
        key: `k-${p}-${i}`,
        value: JSON.stringify({ p, i, status: i % 10 === 0 ? 'failed' : 'ok', name: `Item ${i}` }),
        timestamp: String(BASE + i * 1000),
        headers: { source: i % 2 === 0 ? 'even' : 'odd' },
      })),
    });
  }
  // Binary key, invalid UTF-8 value, null key, tombstone, a large value.
  await env.fx.producer.send({
    topic,
    acks: -1,
    messages: [
      {
        partition: 0,
        key: Buffer.from([0xff, 0x00, 0xfe]),
        value: Buffer.from([0xc3, 0x28, 0x41]),
        timestamp: String(BASE + 100_000),
      },
      { partition: 0, key: null, value: 'no key', timestamp: String(BASE + 100_001) },
      { partition: 0, key: 'gone', value: null, timestamp: String(BASE + 100_002) },
      { partition: 0, key: 'big', value: 'x'.repeat(100_000), timestamp: String(BASE + 100_003) },
    ],
  });
});

afterAll(async () => closeEnv(env));

const call = (input: Record<string, unknown>): Promise<BrowsePage> =>
  env.t.router.call('kafka.messages.browse', {
    connectionId: env.connectionId,
    topic,
    ...input,
  }) as Promise<BrowsePage>;

async function errorOf(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected an error');
}

describe('kafka.messages.browse', () => {
  it('newest page: newest first, bytes kept exactly, big values truncated to a preview', async () => {
    const page = await call({ start: { kind: 'newest' }, pageSize: 10 });
    expect(page.messages).toHaveLength(10);
    expect(page.order).toBe('newest-first');
    expect(page.newer).toBeNull();
    expect(page.older).not.toBeNull();
    const big = page.messages.find((m) => m.key?.data === 'big');
    expect(big?.value).toMatchObject({ encoding: 'utf8', size: 100_000, truncated: true });
    expect(big?.value?.data.length).toBe(64 * 1024);
    const bin = page.messages.find((m) => m.key?.encoding === 'base64');
    expect(bin?.key).toEqual({
      encoding: 'base64',
      data: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'),
      size: 3,
      truncated: false,
    });
    expect(bin?.value?.encoding).toBe('base64');
    expect(Buffer.from(bin?.value?.data ?? '', 'base64')).toEqual(Buffer.from([0xc3, 0x28, 0x41]));
    expect(page.messages.find((m) => m.key === null)?.value?.data).toBe('no key');
    expect(page.messages.find((m) => m.key?.data === 'gone')?.value).toBeNull();
    expect(page.messages.some((m) => m.headers.length > 0)).toBe(true);
  });

  it('pages with cursors: older then newer returns to the same page', async () => {
    const first = await call({ start: { kind: 'newest' }, pageSize: 20 });
    const older = await call({ start: { kind: 'cursor', cursor: first.older }, pageSize: 20 });
    const keys = (p: BrowsePage) => p.messages.map((m) => `${m.partition}:${m.offset}`);
    expect(keys(older).some((k) => keys(first).includes(k))).toBe(false);
    expect(older.newer).not.toBeNull();
    const back = await call({ start: { kind: 'cursor', cursor: older.newer }, pageSize: 20 });
    expect(new Set(keys(back))).toEqual(new Set(keys(first)));
  });

  it('oldest, from offset on chosen partitions, from timestamp, read_uncommitted', async () => {
    const oldest = await call({ start: { kind: 'oldest' }, pageSize: 6 });
    expect(oldest.order).toBe('oldest-first');
    expect(oldest.messages.every((m) => m.offset < 6)).toBe(true);
    const fromOffset = await call({ start: { kind: 'offset', offset: 50 }, partitions: [1], pageSize: 100 });
    expect(fromOffset.messages.map((m) => m.offset)).toEqual(Array.from({ length: 10 }, (_, i) => 50 + i));
    const byTime = await call({
      start: { kind: 'timestamp', timestamp: BASE + 55_000 },
      pageSize: 100,
      isolation: 'read_uncommitted',
    });
    expect(byTime.messages.every((m) => m.timestamp >= BASE + 55_000)).toBe(true);
    expect(byTime.messages.length).toBe(3 * 5 + 4);
  });

  it('bad input is a clear error or note and reads nothing', async () => {
    const past = await errorOf(call({ start: { kind: 'offset', offset: 10_000 } }));
    expect(past.code).toBe('INVALID_INPUT');
    expect(past.message).toMatch(/past the end.*run from 0 to/);
    const unknown = await errorOf(
      env.t.router.call('kafka.messages.browse', {
        connectionId: env.connectionId,
        topic: 'sd-it-no-such-topic-x',
        start: { kind: 'newest' },
      }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    const future = await call({ start: { kind: 'timestamp', timestamp: Date.now() + 86_400_000 } });
    expect(future.messages).toHaveLength(0);
    expect(future.notes.join(' ')).toMatch(/in the future/);
    const tooBig = await errorOf(call({ start: { kind: 'newest' }, pageSize: 5000 }));
    expect(tooBig.code).toBe('INVALID_INPUT');
  });

  it('get loads the full value of one message', async () => {
    const page = await call({ start: { kind: 'newest' }, pageSize: 10 });
    const big = page.messages.find((m) => m.key?.data === 'big');
    const full = await env.t.router.call('kafka.messages.get', {
      connectionId: env.connectionId,
      topic,
      partition: big?.partition ?? 0,
      offset: big?.offset ?? 0,
    });
    expect(full.value).toMatchObject({ truncated: false, size: 100_000 });
    expect(full.value?.data).toBe('x'.repeat(100_000));
  });
});

describe('kafka.messages.search', () => {
  it('CEL over parsed JSON values, headers and offsets, with progress and done', async () => {
    const { events, matches } = await collectSearch(env, {
      topic,
      range: { kind: 'oldest' },
      filter: { kind: 'cel', expression: 'value.status == "failed" && headers.source == "even" && partition == 1' },
    });
    expect(matches.map((m) => m.offset).sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', matched: 6, reason: 'end' });
    expect(done?.type === 'done' ? done.scanned : 0).toBe(3 * N + 4);
  });

  it('contains: case options, headers, limit, last N per partition', async () => {
    const ci = await collectSearch(env, {
      topic,
      range: { kind: 'oldest' },
      filter: { kind: 'contains', text: 'ITEM 5', in: ['value'] },
    });
    expect(ci.matches.length).toBe(3 * 11); // "Item 5" and "Item 50".."Item 59"
    const cs = await collectSearch(env, {
      topic,
      range: { kind: 'oldest' },
      filter: { kind: 'contains', text: 'ITEM 5', caseSensitive: true },
    });
    expect(cs.matches).toHaveLength(0);
    const hdr = await collectSearch(env, {
      topic,
      range: { kind: 'oldest' },
      filter: { kind: 'contains', text: 'odd', in: ['headers'] },
    });
    expect(hdr.matches).toHaveLength(90);
    const limited = await collectSearch(env, {
      topic,
      range: { kind: 'oldest' },
      filter: { kind: 'contains', text: 'item' },
      limit: 7,
    });
    expect(limited.matches).toHaveLength(7);
    expect(limited.events.at(-1)).toMatchObject({ type: 'done', reason: 'limit' });
    const last = await collectSearch(env, { topic, range: { kind: 'last', count: 2 }, filter: { kind: 'none' } });
    expect(last.matches).toHaveLength(6);
    expect(last.matches.filter((m) => valueText(m) === null).map((m) => m.key?.data)).toEqual(['gone']);
  });

  it('an invalid CEL expression is INVALID_INPUT with its position, before any read', async () => {
    const err = await errorOf(
      collectSearch(env, {
        topic,
        range: { kind: 'oldest' },
        filter: { kind: 'cel', expression: 'value.status ==\n  && true' },
      }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/line 2, column 3/);
    expect(err.detail).toMatchObject({ line: 2, column: 3 });
    expect(err.message).toContain('Unexpected token AND');
    expect(err.message).not.toContain('***');
    // Checked before the topic is even looked up.
    const err2 = await errorOf(
      collectSearch(env, {
        topic: 'sd-it-no-such-topic-x',
        range: { kind: 'oldest' },
        filter: { kind: 'cel', expression: 'nope == 1' },
      }),
    );
    expect(err2.code).toBe('INVALID_INPUT');
  });

  it('leaves no consumer group behind', async () => {
    const before = await groupIds(env.fx.admin);
    await call({ start: { kind: 'newest' } });
    await collectSearch(env, { topic, range: { kind: 'oldest' }, filter: { kind: 'contains', text: 'x' } });
    expect(await groupIds(env.fx.admin)).toEqual(before);
  });
});
