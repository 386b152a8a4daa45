import { z } from 'zod';

/** Building blocks of the `redis.*` contract. */

export const connectionId = z.string().min(1);

/** Standalone servers have databases 0-15; null means the profile's own database. */
export const Db = z.number().int().min(0).max(15).nullable().default(null);

/** 512 MiB is Redis's key limit; 64 KiB of name is far beyond any real key and keeps requests small. */
export const MAX_KEY_BYTES = 65_536;

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Exact bytes as base64 (key names, values, fields, members). */
export const B64 = (maxBytes: number, what: string) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4, `${what} is longer than ${maxBytes} bytes.`)
    .regex(B64_RE, `${what} must be base64 (exact bytes).`);

/** A key name as bytes: base64, at least one byte. */
export const KeyB64 = B64(MAX_KEY_BYTES, 'The key name').min(1, 'Enter a key name.');

/** A key name as core sends it: exact bytes plus how to show them. */
export const KeyName = z.object({
  b64: z.string(),
  /** UTF-8 text, or redis-cli style escaped bytes (`\xff`) when `binary`. */
  display: z.string(),
  binary: z.boolean(),
});
export type KeyName = z.infer<typeof KeyName>;

/** A value (or field, member) as bytes, cut at a preview size. */
export const BytesPreview = z.object({
  b64: z.string(),
  /** The full size in bytes. */
  size: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type BytesPreview = z.infer<typeof BytesPreview>;

/** What every key-level call names: the connection, database and key. */
export const KeyTarget = z.object({ connectionId, db: Db, key: KeyB64 });

/** Redis type names as TYPE answers them; modules add their own (ReJSON-RL, TSDB-TYPE, ...). */
export const KNOWN_TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream', 'ReJSON-RL'] as const;
export const RedisTypeName = z.string().min(1).max(64);
