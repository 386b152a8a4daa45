import { z } from 'zod';
import { method } from '../define';
import { B64, BytesPreview, KeyTarget } from './common';

/**
 * Editors of hash, list, set and sorted set keys: pages by cursor (HSCAN,
 * SSCAN, ZSCAN) or by index (LRANGE, ZRANGE), each member cut at a preview
 * size; add, edit and delete members. Every write names the key's exact bytes;
 * `create: true` makes a new key and refuses an existing one.
 */

/** Each field, value or member in a page is cut here; the page says so with `truncated`. */
export const MEMBER_PREVIEW_BYTES = 16 * 1024;
const MEMBER_MAX = 16 * 1024 * 1024;
const Member = B64(MEMBER_MAX, 'A member');
const Cursor = z
  .string()
  .regex(/^\d{1,20}$/, 'A cursor is the number the previous page returned.')
  .default('0');
const ScanPage = {
  cursor: Cursor,
  match: z.string().min(1).max(1024).default('*'),
  count: z.number().int().min(1).max(5_000).default(200),
};
const Create = z.boolean().default(false);
const int = z.number().int();
/** A score as Redis takes it: a float, inf, -inf or +inf. */
const Score = z
  .string()
  .regex(/^([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?inf)$/i, 'A score is a number (or inf, -inf).');
/** A ZRANGE BYSCORE bound: a score, optionally exclusive with "(". */
const ScoreBound = z
  .string()
  .regex(
    /^\(?([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?inf)$/i,
    'A bound is a score, "(" for exclusive, or -inf/+inf.',
  );

export const HashEntry = z.object({ field: BytesPreview, value: BytesPreview });
export const ListItem = z.object({ index: int, value: BytesPreview });
export const ZsetItem = z.object({ member: BytesPreview, score: z.string() });

export const redisCollections = {
  'redis.hash.scan': method({
    input: KeyTarget.extend(ScanPage),
    output: z.object({ cursor: z.string(), length: int, fields: z.array(HashEntry) }),
    summary: 'One HSCAN page of a hash (fields and values cut at a preview size) and HLEN.',
  }),
  'redis.hash.set': method({
    input: KeyTarget.extend({
      fields: z
        .array(z.object({ field: Member, value: Member }))
        .min(1)
        .max(1_000),
      create: Create,
    }),
    output: z.object({ added: int }),
    writes: true,
    summary: 'Sets fields of a hash (HSET); with create, makes a new hash and refuses an existing key.',
  }),
  'redis.hash.delete': method({
    input: KeyTarget.extend({ fields: z.array(Member).min(1).max(1_000) }),
    output: z.object({ removed: int }),
    writes: true,
    summary: 'Deletes fields of a hash (HDEL).',
  }),

  'redis.list.range': method({
    input: KeyTarget.extend({
      start: int.min(0).default(0),
      count: int.min(1).max(1_000).default(200),
    }),
    output: z.object({ length: int, items: z.array(ListItem) }),
    summary: 'One LRANGE page of a list and LLEN.',
  }),
  'redis.list.push': method({
    input: KeyTarget.extend({
      side: z.enum(['head', 'tail']).default('tail'),
      values: z.array(Member).min(1).max(1_000),
      create: Create,
    }),
    output: z.object({ length: int }),
    writes: true,
    summary: 'Pushes values at the head (LPUSH) or tail (RPUSH) of a list.',
  }),
  'redis.list.set': method({
    input: KeyTarget.extend({ index: int, value: Member }),
    output: z.object({ ok: z.boolean() }),
    writes: true,
    summary: 'Replaces the element at an index (LSET).',
  }),
  'redis.list.insert': method({
    input: KeyTarget.extend({ where: z.enum(['before', 'after']), pivot: Member, value: Member }),
    output: z.object({ length: int }),
    writes: true,
    summary: 'Inserts a value before or after the first element equal to pivot (LINSERT).',
  }),
  'redis.list.remove': method({
    input: KeyTarget.extend({ index: int, expected: Member }),
    output: z.object({ removed: z.boolean() }),
    writes: true,
    summary:
      'Removes the element at an index if it still holds `expected` (atomically, in a script); CONFLICT if it changed.',
  }),

  'redis.set.scan': method({
    input: KeyTarget.extend(ScanPage),
    output: z.object({ cursor: z.string(), length: int, members: z.array(BytesPreview) }),
    summary: 'One SSCAN page of a set and SCARD.',
  }),
  'redis.set.add': method({
    input: KeyTarget.extend({ members: z.array(Member).min(1).max(1_000), create: Create }),
    output: z.object({ added: int }),
    writes: true,
    summary: 'Adds members to a set (SADD).',
  }),
  'redis.set.remove': method({
    input: KeyTarget.extend({ members: z.array(Member).min(1).max(1_000) }),
    output: z.object({ removed: int }),
    writes: true,
    summary: 'Removes members from a set (SREM).',
  }),

  'redis.zset.range': method({
    input: KeyTarget.extend({
      by: z.enum(['rank', 'score']).default('rank'),
      /** Rank of the first item (by rank), or the LIMIT offset (by score). */
      offset: int.min(0).default(0),
      count: int.min(1).max(1_000).default(200),
      min: ScoreBound.default('-inf'),
      max: ScoreBound.default('+inf'),
      reverse: z.boolean().default(false),
    }),
    output: z.object({ length: int, items: z.array(ZsetItem) }),
    summary: 'One ZRANGE page of a sorted set with scores, by rank or by score (BYSCORE, LIMIT), and ZCARD.',
  }),
  'redis.zset.scan': method({
    input: KeyTarget.extend(ScanPage),
    output: z.object({ cursor: z.string(), length: int, items: z.array(ZsetItem) }),
    summary: 'One ZSCAN page of a sorted set (members matching a pattern, with scores).',
  }),
  'redis.zset.add': method({
    input: KeyTarget.extend({
      members: z
        .array(z.object({ member: Member, score: Score }))
        .min(1)
        .max(1_000),
      create: Create,
    }),
    output: z.object({ added: int }),
    writes: true,
    summary: 'Adds members or updates their scores (ZADD).',
  }),
  'redis.zset.remove': method({
    input: KeyTarget.extend({ members: z.array(Member).min(1).max(1_000) }),
    output: z.object({ removed: int }),
    writes: true,
    summary: 'Removes members from a sorted set (ZREM).',
  }),
} as const;
