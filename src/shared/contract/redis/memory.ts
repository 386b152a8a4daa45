import { z } from 'zod';
import { stream } from '../define';
import { Db, KeyName, connectionId } from './common';

/**
 * Memory analysis: SCAN the keys matching a pattern (a sample of N, or all),
 * MEMORY USAGE, TYPE and PTTL for each in pipelines, and aggregate in core:
 * top keys, memory and count per namespace and per type, TTL distribution.
 * Progress and partial results stream while it runs; cancel stops the scan.
 */

export const MemoryBucket = z.object({ name: z.string(), keys: z.number().int(), bytes: z.number() });
export type MemoryBucket = z.infer<typeof MemoryBucket>;

export const MemoryReport = z.object({
  analyzed: z.number().int(),
  totalBytes: z.number(),
  topKeys: z.array(z.object({ key: KeyName, type: z.string(), bytes: z.number(), ttlMs: z.number() })),
  /** By the first segment of the key name up to the delimiter ("user:"); names without it are "(no namespace)". */
  namespaces: z.array(MemoryBucket),
  types: z.array(MemoryBucket),
  /** "no expiry", "< 1 hour", "< 1 day", "< 1 week", "> 1 week". */
  ttl: z.array(MemoryBucket),
  /** True when more namespaces were seen than are kept; the rest are summed in "(other)". */
  namespacesCapped: z.boolean(),
});
export type MemoryReport = z.infer<typeof MemoryReport>;

export const MemoryEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('progress'),
    scanned: z.number().int(),
    analyzed: z.number().int(),
    dbsize: z.number().int(),
    target: z.number().int().nullable(),
  }),
  z.object({ kind: z.literal('report'), report: MemoryReport, done: z.boolean() }),
]);
export type MemoryEvent = z.infer<typeof MemoryEvent>;

export const redisMemory = {
  'redis.memory.analyze': stream({
    input: z.object({
      connectionId,
      db: Db,
      match: z.string().min(1).max(1024).default('*'),
      /** Keys to analyze; null for all of them. */
      sample: z.number().int().min(1).max(100_000_000).nullable().default(10_000),
      delimiter: z.string().min(1).max(8).default(':'),
      top: z.number().int().min(1).max(1_000).default(100),
    }),
    event: MemoryEvent,
    summary:
      'Samples keys (SCAN) and measures each with MEMORY USAGE in pipelines: top keys, per namespace, per type, TTL distribution.',
  }),
} as const;
