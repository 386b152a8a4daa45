/**
 * The stream editor against the real local Redis, through the router: XRANGE
 * and XREVRANGE pages to the end with exclusive bounds, add (auto and explicit
 * id, refusing a smaller id), delete, trim by MAXLEN and MINID, consumer
 * groups with consumers and pending entries, ack and claim, group create and
 * destroy; bad input and a missing group. Oracle: the test's own client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;
const text = (v: { b64: string }): string => Buffer.from(v.b64, 'base64').toString();

beforeAll(async () => {
  env = await startRedisEnv('stream');
  p = env.prefix;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const call = <T>(name: string, input: object): Promise<T> =>
  env.t.router.call(name, { connectionId: env.connectionId, ...input }) as Promise<T>;

interface Page {
  length: number;
  entries: { id: string; fields: { field: { b64: string }; value: { b64: string } }[] }[];
  firstId: string | null;
  lastId: string | null;
  groups: number;
}

describe('stream', () => {
  it('pages forward and backward to the end with exclusive bounds', async () => {
    const key = `${p}:s1`;
    for (let i = 1; i <= 250; i++) await env.redis.xadd(key, `${i}-0`, 'n', String(i), 'sq', String(i * i));
    const forward: string[] = [];
    let start = '-';
    for (;;) {
      const page = await call<Page>('redis.stream.range', { key: b64(key), start, count: 100 });
      expect(page.length).toBe(250);
      expect(page.firstId).toBe('1-0');
      expect(page.lastId).toBe('250-0');
      if (page.entries.length === 0) break;
      forward.push(...page.entries.map((e) => e.id));
      start = `(${page.entries.at(-1)!.id}`;
    }
    expect(forward).toHaveLength(250);
    expect(forward[0]).toBe('1-0');

    const back = await call<Page>('redis.stream.range', { key: b64(key), reverse: true, count: 3 });
    expect(back.entries.map((e) => e.id)).toEqual(['250-0', '249-0', '248-0']);
    const e = back.entries[0]!;
    expect(e.fields.map((f) => [text(f.field), text(f.value)])).toEqual([
      ['n', '250'],
      ['sq', '62500'],
    ]);
    const next = await call<Page>('redis.stream.range', { key: b64(key), reverse: true, end: '(248-0', count: 2 });
    expect(next.entries.map((x) => x.id)).toEqual(['247-0', '246-0']);
  });

  it('adds, deletes and trims entries', async () => {
    const key = `${p}:s2`;
    const created = await call<{ id: string }>('redis.stream.add', {
      key: b64(key),
      create: true,
      fields: [{ field: b64('a'), value: b64('1') }],
    });
    expect(created.id).toMatch(/^\d+-\d+$/);
    await expect(
      call('redis.stream.add', { key: b64(key), create: true, fields: [{ field: b64('a'), value: b64('1') }] }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      call('redis.stream.add', { key: b64(key), id: '1-0', fields: [{ field: b64('a'), value: b64('1') }] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('redis.stream.add', { key: b64(key), fields: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const bin = Buffer.from([0xff, 0x00]);
    const explicit = await call<{ id: string }>('redis.stream.add', {
      key: b64(key),
      id: '99999999999999-5',
      fields: [{ field: bin.toString('base64'), value: bin.toString('base64') }],
    });
    expect(explicit.id).toBe('99999999999999-5');
    const raw = (await env.redis.xrangeBuffer(key, '99999999999999-5', '+')) as unknown as [Buffer, Buffer[]][];
    expect(raw[0]![1][0]!.equals(bin)).toBe(true);

    expect(await call('redis.stream.delete', { key: b64(key), ids: [created.id, '5-5'] })).toEqual({ removed: 1 });
    expect(await env.redis.xlen(key)).toBe(1);
    await expect(call('redis.stream.delete', { key: b64(key), ids: ['nope'] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });

    const key3 = `${p}:s3`;
    for (let i = 1; i <= 20; i++) await env.redis.xadd(key3, `${i}-0`, 'i', String(i));
    expect(await call('redis.stream.trim', { key: b64(key3), strategy: 'maxlen', threshold: '15' })).toEqual({
      removed: 5,
    });
    expect(await call('redis.stream.trim', { key: b64(key3), strategy: 'minid', threshold: '10-0' })).toEqual({
      removed: 4,
    });
    expect(await env.redis.xlen(key3)).toBe(11);
    await expect(
      call('redis.stream.trim', { key: b64(key3), strategy: 'maxlen', threshold: '10-0' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists groups with consumers and pending entries; acks and claims', async () => {
    const key = `${p}:s4`;
    for (let i = 1; i <= 5; i++) await env.redis.xadd(key, `${i}-0`, 'i', String(i));
    await call('redis.stream.group.create', { key: b64(key), group: 'g1', from: '0' });
    await expect(call('redis.stream.group.create', { key: b64(key), group: 'g1' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await env.redis.xreadgroup('GROUP', 'g1', 'alice', 'COUNT', 3, 'STREAMS', key, '>');
    await env.redis.xreadgroup('GROUP', 'g1', 'bob', 'COUNT', 1, 'STREAMS', key, '>');

    const { groups } = await call<{
      groups: {
        name: string;
        pending: number;
        lastDeliveredId: string;
        consumers: { name: string; pending: number }[];
      }[];
    }>('redis.stream.groups', { key: b64(key) });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ name: 'g1', pending: 4, lastDeliveredId: '4-0' });
    expect(groups[0]!.consumers.map((c) => [c.name, c.pending])).toEqual([
      ['alice', 3],
      ['bob', 1],
    ]);

    const pending = await call<{ total: number; entries: { id: string; consumer: string; deliveries: number }[] }>(
      'redis.stream.pending',
      { key: b64(key), group: 'g1' },
    );
    expect(pending.total).toBe(4);
    expect(pending.entries.map((e) => [e.id, e.consumer, e.deliveries])).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'alice', 1],
      ['3-0', 'alice', 1],
      ['4-0', 'bob', 1],
    ]);
    const bobs = await call<{ entries: unknown[] }>('redis.stream.pending', {
      key: b64(key),
      group: 'g1',
      consumer: 'bob',
    });
    expect(bobs.entries).toHaveLength(1);

    expect(await call('redis.stream.ack', { key: b64(key), group: 'g1', ids: ['1-0', '9-0'] })).toEqual({ acked: 1 });
    expect(
      await call('redis.stream.claim', { key: b64(key), group: 'g1', consumer: 'carol', ids: ['2-0', '3-0'] }),
    ).toEqual({ claimed: ['2-0', '3-0'] });
    const after = await env.redis.xpending(key, 'g1', '-', '+', 10);
    expect((after as [string, string][]).map(([id, c]) => [id, c])).toEqual([
      ['2-0', 'carol'],
      ['3-0', 'carol'],
      ['4-0', 'bob'],
    ]);

    await expect(call('redis.stream.pending', { key: b64(key), group: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      call('redis.stream.claim', { key: b64(key), group: 'nope', consumer: 'x', ids: ['2-0'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('redis.stream.group.delete', { key: b64(key), group: 'g1' })).toEqual({ removed: true });
    expect(await env.redis.xinfo('GROUPS', key)).toEqual([]);
  });

  it('says WRONGTYPE and a missing key clearly', async () => {
    await env.redis.set(`${p}:str`, 'x');
    await expect(call('redis.stream.range', { key: b64(`${p}:str`) })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call('redis.stream.range', { key: b64(`${p}:gone`) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      call('redis.stream.add', { key: b64(`${p}:gone`), fields: [{ field: b64('a'), value: b64('1') }] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
