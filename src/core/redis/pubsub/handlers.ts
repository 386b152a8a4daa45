/**
 * Pub/Sub (src/shared/contract/redis/pubsub.ts). A subscription gets a
 * connection of its own (a subscribed connection can do nothing else), owned
 * by the call: cancelling, the caller going away or the connection being
 * released closes it. Messages are sent in batches every 100 ms; at most
 * `maxPerSecond` a second are kept, the rest only counted, so memory stays
 * bounded however fast the channel is. On a cluster, channels and patterns
 * are subscribed on one master (the cluster bus carries them everywhere);
 * each shard channel (SSUBSCRIBE) on the master that owns its slot.
 */
import type { Redis } from 'ioredis';
import { PUBSUB_PAYLOAD_BYTES, type PubSubMessage } from '../../../shared/contract/redis/pubsub';
import { StackdeckError } from '../../../shared/errors';
import type { MethodHandlers, StreamHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { isCluster, keyNodes, type RedisClient } from '../area/nodes';
import { cut, fromB64 } from '../bytes';
import { guarded, redisError } from '../errors';

const FLUSH_MS = 100;

export const pubsubSlice: RedisSliceFactory = ({ connections }) => {
  const streams: StreamHandlers<'redis.pubsub.subscribe'> = {
    async 'redis.pubsub.subscribe'(input, ctx) {
      const t = await connections.get(input.connectionId, null);
      const shardGroups = await guarded(t, "Finding the shard channels' masters", () =>
        shardOwners(t.client, input.shardChannels),
      );
      const opts = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null };
      const main = input.channels.length + input.patterns.length > 0 ? keyNodes(t.client)[0] : undefined;
      const subs: { sub: Redis; shard: string[]; plain: boolean }[] = [];
      if (main) subs.push({ sub: main.duplicate(opts), shard: [], plain: true });
      for (const [node, channels] of shardGroups)
        subs.push({ sub: node.duplicate(opts), shard: channels, plain: false });
      for (const { sub } of subs) sub.on('error', () => undefined);
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
        for (const { sub } of subs) sub.disconnect();
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
      for (const { sub } of subs) {
        sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => onMessage(null, channel, payload));
        sub.on('smessageBuffer', (channel: Buffer, payload: Buffer) => onMessage(null, channel, payload));
        sub.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, payload: Buffer) =>
          onMessage(pattern.toString(), channel, payload),
        );
        // A subscription that loses its server ends with UNREACHABLE; Stackdeck's own reconnect is for commands.
        sub.on('close', () =>
          lost(
            new StackdeckError(
              'UNREACHABLE',
              `The subscription ended: the Redis server at ${sub.options.host ?? t.profile.host}:${sub.options.port ?? t.profile.port} closed the connection. Subscribe again when it is back.`,
            ),
          ),
        );
      }
      try {
        for (const { sub, shard, plain } of subs) {
          await sub.connect();
          if (plain && input.channels.length > 0) await sub.subscribe(...input.channels);
          if (plain && input.patterns.length > 0) await sub.psubscribe(...input.patterns);
          if (shard.length > 0) await sub.ssubscribe(...shard);
        }
      } catch (err) {
        throw redisError(err, t, 'Subscribing');
      }
      ctx.emit({
        kind: 'subscribed',
        channels: input.channels,
        patterns: input.patterns,
        shardChannels: input.shardChannels,
      });
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
        t.client.call(input.shard ? 'SPUBLISH' : 'PUBLISH', input.channel, fromB64(input.message, 'message')),
      );
      return { receivers: Number(n) };
    },
    async 'redis.pubsub.channels'(input) {
      const t = await connections.get(input.connectionId, null);
      return guarded(t, 'Listing channels', async () => {
        // Each node knows its own subscribers: on a cluster, every master is asked and the counts summed.
        const totals = new Map<string, number>();
        for (const node of keyNodes(t.client)) {
          const names = ((await node.call('PUBSUB', 'CHANNELS', input.pattern)) as string[]).slice(0, 1_000);
          const counts = names.length > 0 ? ((await node.call('PUBSUB', 'NUMSUB', ...names)) as unknown[]) : [];
          names.forEach((name, i) => totals.set(name, (totals.get(name) ?? 0) + Number(counts[i * 2 + 1] ?? 0)));
        }
        const channels = [...totals].slice(0, 1_000).map(([name, subscribers]) => ({ name, subscribers }));
        return { channels };
      });
    },
  };
  return { handlers: { ...methods, ...streams } };
};

/** Shard channels grouped by the master that owns each one's slot (CLUSTER KEYSLOT, then the slot map). */
async function shardOwners(client: RedisClient, channels: readonly string[]): Promise<Map<Redis, string[]>> {
  const groups = new Map<Redis, string[]>();
  if (channels.length === 0) return groups;
  if (!isCluster(client)) {
    // A standalone Redis 7 serves shard channels itself.
    groups.set(client, [...channels]);
    return groups;
  }
  const masters = keyNodes(client);
  for (const channel of channels) {
    const slot = Number(await client.call('CLUSTER', 'KEYSLOT', channel));
    const owner = client.slots[slot]?.[0];
    const node = masters.find((m) => `${m.options.host}:${m.options.port}` === owner);
    if (!node)
      throw new StackdeckError('UNREACHABLE', `No master of the cluster owns slot ${slot} (shard channel ${channel}).`);
    groups.set(node, [...(groups.get(node) ?? []), channel]);
  }
  return groups;
}
