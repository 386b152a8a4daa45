/**
 * Pub/Sub against the real local Redis, through the router: subscribe to a
 * channel and a pattern, receive what is published (by Stackdeck and by
 * another client) with exact bytes, the rate cap counting what it drops,
 * channels with subscriber counts, cancel closing the subscription's own
 * connection, and publish refused on a read-only connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PubSubEvent, PubSubMessage } from '../../../src/shared/contract/redis/pubsub';
import { b64, startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;

beforeAll(async () => {
  env = await startRedisEnv('pubsub');
  p = env.prefix;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function subscribe(input: object) {
  const controller = new AbortController();
  const events: PubSubEvent[] = [];
  const done = env.t.router.subscribe(
    'redis.pubsub.subscribe',
    { connectionId: env.connectionId, ...input },
    { signal: controller.signal, emit: (e) => events.push(e as PubSubEvent) },
  );
  done.catch(() => undefined);
  const messages = (): PubSubMessage[] => events.flatMap((e) => (e.kind === 'messages' ? e.messages : []));
  const last = () => events.filter((e) => e.kind === 'messages').at(-1) as Extract<PubSubEvent, { kind: 'messages' }>;
  return { controller, events, done, messages, last };
}

describe('pub/sub', () => {
  it('receives channel and pattern messages, publishes, lists channels, ends on cancel', async () => {
    const s = subscribe({ channels: [`${p}:news`], patterns: [`${p}:ev:*`] });
    await until(() => s.events.some((e) => e.kind === 'subscribed'));
    const bin = Buffer.from([0xff, 0x00, 0x41]);
    expect(
      await env.t.router.call('redis.pubsub.publish', {
        connectionId: env.connectionId,
        channel: `${p}:news`,
        message: bin.toString('base64'),
      }),
    ).toEqual({ receivers: 1 });
    await env.redis.publish(`${p}:ev:click`, 'hello');
    await until(() => s.messages().length === 2);
    const [a, b] = s.messages();
    expect(a).toMatchObject({ channel: `${p}:news`, pattern: null });
    expect(Buffer.from(a!.payload.b64, 'base64').equals(bin)).toBe(true);
    expect(b).toMatchObject({ channel: `${p}:ev:click`, pattern: `${p}:ev:*` });
    expect(Buffer.from(b!.payload.b64, 'base64').toString()).toBe('hello');

    const { channels } = await env.t.router.call('redis.pubsub.channels', {
      connectionId: env.connectionId,
      pattern: `${p}:*`,
    });
    expect(channels).toEqual([{ name: `${p}:news`, subscribers: 1 }]);

    s.controller.abort();
    await expect(s.done).rejects.toMatchObject({ code: 'CANCELLED' });
    await until(() => false, 300).catch(() => undefined);
    expect(await env.redis.publish(`${p}:news`, 'x')).toBe(0);
  });

  it('caps the rate and counts what it drops', async () => {
    const s = subscribe({ channels: [`${p}:fast`], maxPerSecond: 10 });
    await until(() => s.events.some((e) => e.kind === 'subscribed'));
    const pipe = env.redis.pipeline();
    for (let i = 0; i < 500; i++) pipe.publish(`${p}:fast`, String(i));
    await pipe.exec();
    await until(() => (s.last()?.received ?? 0) === 500 || s.messages().length >= 10);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.messages().length).toBeLessThanOrEqual(20);
    const last = s.last();
    expect(last.received).toBe(500);
    expect(last.dropped).toBe(500 - s.messages().length);
    s.controller.abort();
  });

  it('refuses bad input, and publish on a read-only connection', async () => {
    await expect(
      env.t.router.subscribe('redis.pubsub.subscribe', { connectionId: env.connectionId }, { emit: () => undefined }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const ro = await env.connect({ readOnly: true });
    await expect(
      env.t.router.call('redis.pubsub.publish', { connectionId: ro.id, channel: `${p}:x`, message: b64('m') }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
  });
});
