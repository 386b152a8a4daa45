/**
 * Pub/Sub (src/shared/contract/redis/pubsub.ts). A subscription gets a
 * connection of its own (a subscribed connection can do nothing else), owned
 * by the call: cancelling, the caller going away or the connection being
 * released closes it. Messages are sent in batches every 100 ms; at most
 * `maxPerSecond` a second are kept, the rest only counted, so memory stays
 * bounded however fast the channel is.
 */
import type { Redis } from 'ioredis';
import { PUBSUB_PAYLOAD_BYTES, type PubSubMessage } from '../../../shared/contract/redis/pubsub';
import { StackdeckError } from '../../../shared/errors';
import type { MethodHandlers, StreamHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { cut, fromB64 } from '../bytes';
import { guarded, redisError } from '../errors';

const FLUSH_MS = 100;

export const pubsubSlice: RedisSliceFactory = ({ connections }) => {
  const streams: StreamHandlers<'redis.pubsub.subscribe'> = {
    async 'redis.pubsub.subscribe'(input, ctx) {
      const t = await connections.get(input.connectionId, null);
      const sub: Redis = t.client.duplicate({ lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
      sub.on('error', () => undefined);
      let lost: (err: unknown) => void = () => undefined;
      const gone = new Promise<never>((_, reject) => {
        lost = reject;
      });
      gone.catch(() => undefined);
      const offRelease = connections.onRelease(input.connectionId, () =>
        lost(new StackdeckError('UNREACHABLE', 'The subscription ended: the connection was closed.')),
      );
      ctx.scope.add(() => {
        offRelease();
        sub.disconnect();
      });
      let batch: PubSubMessage[] = [];
      let received = 0;
      let dropped = 0;
      let windowStart = Date.now();
      let inWindow = 0;
      const onMessage = (pattern: string | null, channel: Buffer, payload: Buffer): void => {
        received++;
        const now = Date.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          inWindow = 0;
        }
        if (inWindow >= input.maxPerSecond) {
          dropped++;
          return;
        }
        inWindow++;
        batch.push({ channel: channel.toString(), pattern, payload: cut(payload, PUBSUB_PAYLOAD_BYTES), at: now });
      };
      sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => onMessage(null, channel, payload));
      sub.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, payload: Buffer) =>
        onMessage(pattern.toString(), channel, payload),
      );
      // A subscription that loses its server ends with UNREACHABLE; Stackdeck's own reconnect is for commands.
      sub.on('close', () =>
        lost(
          new StackdeckError(
            'UNREACHABLE',
            `The subscription ended: the Redis server at ${t.profile.host}:${t.profile.port} closed the connection. Subscribe again when it is back.`,
          ),
        ),
      );
      try {
        await sub.connect();
        if (input.channels.length > 0) await sub.subscribe(...input.channels);
        if (input.patterns.length > 0) await sub.psubscribe(...input.patterns);
      } catch (err) {
        throw redisError(err, t, 'Subscribing');
      }
      ctx.emit({ kind: 'subscribed', channels: input.channels, patterns: input.patterns });
      const timer = setInterval(() => {
        if (batch.length === 0) return;
        const messages = batch;
        batch = [];
        ctx.emit({ kind: 'messages', messages, received, dropped });
      }, FLUSH_MS);
      ctx.scope.add(() => clearInterval(timer));
      const cancelled = new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await Promise.race([cancelled, gone]);
    },
  };

  const methods: MethodHandlers<'redis.pubsub.publish' | 'redis.pubsub.channels'> = {
    async 'redis.pubsub.publish'(input) {
      const t = await connections.get(input.connectionId, null);
      const n = await guarded(t, 'Publishing', () =>
        t.client.call('PUBLISH', input.channel, fromB64(input.message, 'message')),
      );
      return { receivers: Number(n) };
    },
    async 'redis.pubsub.channels'(input) {
      const t = await connections.get(input.connectionId, null);
      return guarded(t, 'Listing channels', async () => {
        const names = ((await t.client.call('PUBSUB', 'CHANNELS', input.pattern)) as string[]).slice(0, 1_000);
        const counts = names.length > 0 ? ((await t.client.call('PUBSUB', 'NUMSUB', ...names)) as unknown[]) : [];
        return { channels: names.map((name, i) => ({ name, subscribers: Number(counts[i * 2 + 1] ?? 0) })) };
      });
    },
  };
  return { handlers: { ...methods, ...streams } };
};
