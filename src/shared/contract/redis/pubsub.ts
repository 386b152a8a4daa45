import { z } from 'zod';
import { method, stream } from '../define';
import { B64, BytesPreview, connectionId } from './common';

/**
 * Pub/Sub: subscribe to channels and patterns on a connection of the
 * subscription's own (SUBSCRIBE / PSUBSCRIBE), messages sent in batches with a
 * rate cap (the rest counted as dropped, never queued without bound); publish.
 */

/** Each message's payload is cut here; the batch says so with `truncated`. */
export const PUBSUB_PAYLOAD_BYTES = 16 * 1024;
const Name = z.string().min(1).max(1024);

export const PubSubMessage = z.object({
  channel: z.string(),
  /** The pattern that matched, for PSUBSCRIBE; null for a channel subscription. */
  pattern: z.string().nullable(),
  payload: BytesPreview,
  /** Epoch ms when core received it. */
  at: z.number(),
});
export type PubSubMessage = z.infer<typeof PubSubMessage>;

export const PubSubEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('subscribed'),
    channels: z.array(z.string()),
    patterns: z.array(z.string()),
    shardChannels: z.array(z.string()).default([]),
  }),
  z.object({
    kind: z.literal('messages'),
    messages: z.array(PubSubMessage),
    /** Messages received since the subscription began, and those not sent because of the rate cap. */
    received: z.number().int(),
    dropped: z.number().int(),
  }),
]);
export type PubSubEvent = z.infer<typeof PubSubEvent>;

export const redisPubSub = {
  'redis.pubsub.subscribe': stream({
    input: z
      .object({
        connectionId,
        channels: z.array(Name).max(100).default([]),
        patterns: z.array(Name).max(100).default([]),
        /** Shard channels of a Redis Cluster (SSUBSCRIBE, Redis 7+), each on the master of its slot. */
        shardChannels: z.array(Name).max(100).default([]),
        /** At most this many messages a second reach the UI; the rest are counted. */
        maxPerSecond: z.number().int().min(1).max(5_000).default(500),
      })
      .refine(
        (v) => v.channels.length + v.patterns.length + v.shardChannels.length > 0,
        'Name at least one channel or pattern.',
      ),
    event: PubSubEvent,
    summary:
      'Subscribes to channels (SUBSCRIBE), patterns (PSUBSCRIBE) and shard channels (SSUBSCRIBE); messages arrive in batches, rate capped, with counts.',
  }),
  'redis.pubsub.publish': method({
    input: z.object({
      connectionId,
      channel: Name,
      message: B64(16 * 1024 * 1024, 'The message'),
      /** SPUBLISH to a shard channel (Redis Cluster) instead of PUBLISH. */
      shard: z.boolean().default(false),
    }),
    output: z.object({ receivers: z.number().int() }),
    writes: true,
    summary:
      'Publishes a message to a channel (PUBLISH, or SPUBLISH to a shard channel); answers how many subscribers received it.',
  }),
  'redis.pubsub.channels': method({
    input: z.object({ connectionId, pattern: z.string().max(1024).default('*') }),
    output: z.object({ channels: z.array(z.object({ name: z.string(), subscribers: z.number().int() })) }),
    summary: 'Active channels (PUBSUB CHANNELS) with their subscriber counts (PUBSUB NUMSUB).',
  }),
} as const;
