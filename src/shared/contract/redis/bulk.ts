import { z } from 'zod';
import { stream } from '../define';
import { Db, KeyName, connectionId } from './common';

/**
 * Bulk actions by pattern: a preview (SCAN to the end: how many keys match,
 * and the first 100), then the action itself (SCAN + UNLINK, or SCAN + EXPIRE,
 * in batches), with progress and cancel. Never KEYS, never one huge command.
 */

const Target = z.object({
  connectionId,
  db: Db,
  match: z.string().min(1).max(1024),
  type: z.string().min(1).max(64).nullable().default(null),
});

export const BulkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete') }),
  z.object({
    kind: z.literal('expire'),
    seconds: z
      .number()
      .int()
      .min(1)
      .max(2 ** 31),
  }),
  z.object({ kind: z.literal('persist') }),
]);

export const redisBulk = {
  'redis.bulk.preview': stream({
    input: Target,
    event: z.object({
      matched: z.number().int(),
      scanned: z.number().int(),
      done: z.boolean(),
      /** The first 100 keys that match. */
      sample: z.array(KeyName),
    }),
    summary: 'Counts the keys matching a pattern (SCAN MATCH/TYPE to the end) and lists the first 100, with progress.',
  }),
  'redis.bulk.run': stream({
    input: Target.extend({ action: BulkAction }),
    event: z.object({ processed: z.number().int(), scanned: z.number().int(), done: z.boolean() }),
    writes: true,
    summary:
      'Deletes (UNLINK) or sets/removes the expiry of every key matching a pattern, in SCAN batches, with progress; cancel stops between batches.',
  }),
} as const;
