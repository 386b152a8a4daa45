import { z } from 'zod';
import { method } from '../define';
import { B64, BytesPreview, KeyTarget } from './common';

/** 512 MiB is Redis's limit; the editor loads and saves up to 64 MiB. */
export const MAX_STRING_BYTES = 64 * 1024 * 1024;
/** What the editor shows at once: a 10 MB value opens as this preview. */
export const STRING_PREVIEW_BYTES = 256 * 1024;

export const redisString = {
  'redis.string.get': method({
    input: KeyTarget.extend({
      /** Bytes to read (GETRANGE); the preview by default, up to 64 MiB for "load full". */
      maxBytes: z.number().int().min(1).max(MAX_STRING_BYTES).default(STRING_PREVIEW_BYTES),
    }),
    output: z.object({ value: BytesPreview, ttlMs: z.number().int() }),
    timeoutMs: 30_000,
    summary: 'Reads a string value (a preview of `maxBytes`, or all of it) and its TTL.',
  }),
  'redis.string.set': method({
    input: KeyTarget.extend({
      value: B64(MAX_STRING_BYTES, 'The value'),
      /** Only create (SET NX): fails with CONFLICT when the key exists. */
      create: z.boolean().default(false),
      /** Seconds to live for a new key; null for none. Existing keys keep their TTL. */
      ttlSeconds: z.number().int().min(1).nullable().default(null),
    }),
    output: z.object({ size: z.number().int() }),
    writes: true,
    timeoutMs: 30_000,
    summary: 'Writes a string value (keeps the TTL of an existing key; SET NX to create).',
  }),
} as const;
