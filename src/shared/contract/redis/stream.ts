import { z } from 'zod';
import { method } from '../define';
import { B64, BytesPreview, KeyTarget } from './common';

/**
 * The stream editor: entries by XRANGE / XREVRANGE pages (the next page
 * starts after the last id seen, exclusive), add (XADD), delete (XDEL), trim
 * (XTRIM); consumer groups with XINFO GROUPS / CONSUMERS, pending entries
 * (XPENDING), ack (XACK) and claim (XCLAIM); group create and destroy.
 */

/** An entry id as Redis writes it: ms-seq, or ms alone. */
const ID_RE = /^\d{1,20}(-\d{1,20})?$/;
export const StreamId = z.string().regex(ID_RE, 'An entry id is <milliseconds>-<sequence>, e.g. 1700000000000-0.');
/** A range bound: -, +, an id, or "(" + id for exclusive. */
const Bound = z
  .string()
  .regex(/^(-|\+|\(?\d{1,20}(-\d{1,20})?)$/, 'A bound is -, +, an entry id, or ( and an id for exclusive.');
const Name = z.string().min(1, 'Enter a name.').max(512);
const Member = B64(16 * 1024 * 1024, 'A field or value');
const int = z.number().int();

export const StreamEntry = z.object({
  id: z.string(),
  fields: z.array(z.object({ field: BytesPreview, value: BytesPreview })),
});
export type StreamEntry = z.infer<typeof StreamEntry>;

export const StreamConsumer = z.object({
  name: z.string(),
  pending: int,
  idleMs: int,
  /** Redis 7.2+: ms since the last successful read; null on older servers. */
  inactiveMs: int.nullable(),
});

export const StreamGroup = z.object({
  name: z.string(),
  consumers: z.array(StreamConsumer),
  pending: int,
  lastDeliveredId: z.string(),
  /** Redis 7+: entries read and lag; null where the server does not say. */
  entriesRead: int.nullable(),
  lag: int.nullable(),
});
export type StreamGroup = z.infer<typeof StreamGroup>;

export const PendingEntry = z.object({ id: z.string(), consumer: z.string(), idleMs: int, deliveries: int });

const Group = KeyTarget.extend({ group: Name });

export const redisStream = {
  'redis.stream.range': method({
    input: KeyTarget.extend({
      /** Lowest id (or exclusive bound) of the page; with reverse, the highest. */
      start: Bound.default('-'),
      end: Bound.default('+'),
      count: int.min(1).max(1_000).default(100),
      reverse: z.boolean().default(false),
    }),
    output: z.object({
      length: int,
      entries: z.array(StreamEntry),
      firstId: z.string().nullable(),
      lastId: z.string().nullable(),
      groups: int,
    }),
    summary:
      'One XRANGE (or XREVRANGE) page of a stream, fields and values cut at a preview size; XLEN, first and last id, number of groups.',
  }),
  'redis.stream.add': method({
    input: KeyTarget.extend({
      id: z.union([z.literal('*'), StreamId]).default('*'),
      fields: z
        .array(z.object({ field: Member, value: Member }))
        .min(1, 'An entry needs at least one field.')
        .max(1_000),
      /** Cap the stream's length as part of the add (XADD MAXLEN ~). */
      maxLen: int.min(1).nullable().default(null),
      create: z.boolean().default(false),
    }),
    output: z.object({ id: z.string() }),
    writes: true,
    summary: 'Adds an entry (XADD), with an automatic id by default; with create, makes a new stream.',
  }),
  'redis.stream.delete': method({
    input: KeyTarget.extend({ ids: z.array(StreamId).min(1).max(1_000) }),
    output: z.object({ removed: int }),
    writes: true,
    summary: 'Deletes entries by id (XDEL).',
  }),
  'redis.stream.trim': method({
    input: KeyTarget.extend({
      strategy: z.enum(['maxlen', 'minid']),
      /** MAXLEN: how many entries to keep; MINID: the lowest id to keep. */
      threshold: z.string().regex(/^\d{1,20}(-\d{1,20})?$/, 'A length, or an entry id for MINID.'),
      approximate: z.boolean().default(false),
    }),
    output: z.object({ removed: int }),
    writes: true,
    summary: 'Trims a stream by length (XTRIM MAXLEN) or by lowest id kept (XTRIM MINID).',
  }),
  'redis.stream.groups': method({
    input: KeyTarget,
    output: z.object({ groups: z.array(StreamGroup) }),
    summary: 'Consumer groups of a stream (XINFO GROUPS) with their consumers (XINFO CONSUMERS).',
  }),
  'redis.stream.pending': method({
    input: Group.extend({
      consumer: Name.nullable().default(null),
      start: Bound.default('-'),
      end: Bound.default('+'),
      count: int.min(1).max(1_000).default(100),
      minIdleMs: int.min(0).default(0),
    }),
    output: z.object({ total: int, entries: z.array(PendingEntry) }),
    summary: 'Pending entries of a group (XPENDING, extended form): id, consumer, idle time, deliveries.',
  }),
  'redis.stream.ack': method({
    input: Group.extend({ ids: z.array(StreamId).min(1).max(1_000) }),
    output: z.object({ acked: int }),
    writes: true,
    summary: 'Acknowledges pending entries (XACK).',
  }),
  'redis.stream.claim': method({
    input: Group.extend({ consumer: Name, minIdleMs: int.min(0).default(0), ids: z.array(StreamId).min(1).max(1_000) }),
    output: z.object({ claimed: z.array(z.string()) }),
    writes: true,
    summary: 'Moves pending entries to another consumer (XCLAIM ... JUSTID); answers the ids claimed.',
  }),
  'redis.stream.group.create': method({
    input: Group.extend({
      /** Where the group starts: $ (new entries only), 0 (the whole stream) or an id. */
      from: z.union([z.literal('$'), z.literal('0'), StreamId]).default('$'),
    }),
    output: z.object({ ok: z.boolean() }),
    writes: true,
    summary: 'Creates a consumer group (XGROUP CREATE).',
  }),
  'redis.stream.group.delete': method({
    input: Group,
    output: z.object({ removed: z.boolean() }),
    writes: true,
    summary: 'Destroys a consumer group and its pending entries (XGROUP DESTROY).',
  }),
} as const;
