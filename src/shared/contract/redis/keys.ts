import { z } from 'zod';
import { method, stream } from '../define';
import { connectionId, Db, KeyB64, KeyName, KeyTarget, RedisTypeName } from './common';

/**
 * Browsing keys. A scan is a session in core: `redis.scan.start` opens it,
 * `redis.scan.more` streams SCAN batches into it (never KEYS) with progress
 * against DBSIZE until a target count or the end of the cursor, and
 * `redis.scan.rows` returns one page of the visible rows of the namespace tree
 * (or the flat list), built in core, so a million keys never reach the UI.
 */

export const ScanStartInput = z.object({
  connectionId,
  db: Db,
  /** SCAN MATCH glob; `*` is everything. */
  match: z.string().min(1).max(1024).default('*'),
  /** SCAN TYPE filter; null for every type. */
  type: RedisTypeName.nullable().default(null),
  /** The namespace delimiter of the tree (printable, no backslash). */
  delimiter: z
    .string()
    .min(1)
    .max(8)
    .regex(/^[\x20-\x5b\x5d-\x7e]+$/, 'The delimiter must be printable ASCII without a backslash.')
    .default(':'),
  /** SCAN COUNT hint per round trip. */
  count: z.number().int().min(10).max(10_000).default(1_000),
});

export const ScanStartOutput = z.object({
  scanId: z.string(),
  db: z.number().int(),
  dbsize: z.number().int().nonnegative(),
});

export const ScanMoreInput = z.object({
  connectionId,
  scanId: z.string().min(1).max(64),
  /** Keys to add before stopping ("scan more"); the scan also stops at the end of the cursor. */
  target: z.number().int().min(1).max(10_000_000).default(10_000),
});

export const ScanProgress = z.object({
  /** Distinct keys in the session. */
  found: z.number().int().nonnegative(),
  /** SCAN round trips so far. */
  calls: z.number().int().nonnegative(),
  /** The cursor came back to 0: every key that existed throughout was seen. */
  done: z.boolean(),
  dbsize: z.number().int().nonnegative(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;

export const ScanRowsInput = z.object({
  connectionId,
  scanId: z.string().min(1).max(64),
  view: z.enum(['tree', 'list']).default('tree'),
  /** Folder paths (as in FolderRow.path) that are open. */
  expanded: z.array(z.string().max(70_000)).max(10_000).default([]),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1_000).default(200),
});

export const FolderRow = z.object({
  kind: z.literal('folder'),
  /** The folder's prefix including the trailing delimiter, e.g. `user:1:`. */
  path: z.string(),
  name: z.string(),
  depth: z.number().int().nonnegative(),
  /** Keys under the folder, at any depth. */
  keys: z.number().int().nonnegative(),
  expanded: z.boolean(),
});
export const KeyRow = z.object({
  kind: z.literal('key'),
  key: KeyName,
  /** The last segment in the tree, the whole name in the list. */
  name: z.string(),
  depth: z.number().int().nonnegative(),
  /** Known when the scan filtered by type. */
  type: z.string().nullable(),
});
export const TreeRow = z.discriminatedUnion('kind', [FolderRow, KeyRow]);
export type TreeRow = z.infer<typeof TreeRow>;

export const ScanRowsOutput = z.object({
  /** Visible rows in this view with these folders open. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  rows: z.array(TreeRow),
  progress: ScanProgress,
});
export type ScanRowsOutput = z.infer<typeof ScanRowsOutput>;

export const KeyInfo = z.object({
  key: z.string(),
  /** `none` when the key does not exist (any more). */
  type: z.string(),
  /** Milliseconds to live; -1 without expiry, -2 when missing. */
  ttlMs: z.number().int(),
  /** MEMORY USAGE in bytes; null when unknown. */
  memory: z.number().int().nullable(),
  /** Length in the type's own unit (bytes, fields, items, members, entries); null when unknown. */
  length: z.number().int().nullable(),
  /** Why the editor cannot open it (e.g. a module type that is not loaded), or null. */
  unsupported: z.string().nullable(),
});
export type KeyInfo = z.infer<typeof KeyInfo>;

export const TtlChange = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('persist') }),
  z.object({
    mode: z.literal('in'),
    seconds: z
      .number()
      .int()
      .min(1)
      .max(2 ** 40),
  }),
  z.object({ mode: z.literal('at'), epochMs: z.number().int().min(1) }),
]);

export const redisKeys = {
  'redis.scan.start': method({
    input: ScanStartInput,
    output: ScanStartOutput,
    summary: 'Opens a key scan session (SCAN MATCH/TYPE/COUNT, never KEYS) and answers DBSIZE.',
  }),
  'redis.scan.more': stream({
    input: ScanMoreInput,
    event: ScanProgress,
    summary:
      'Runs SCAN into the session until `target` more keys or the end of the cursor, with progress; cancel keeps what was scanned.',
  }),
  'redis.scan.rows': method({
    input: ScanRowsInput,
    output: ScanRowsOutput,
    summary: 'One page of the visible rows of the namespace tree (or flat list) of a scan session, built in core.',
  }),
  'redis.scan.close': method({
    input: z.object({ connectionId, scanId: z.string().min(1).max(64) }),
    output: z.object({ closed: z.boolean() }),
    summary: 'Frees a scan session.',
  }),
  'redis.keys.info': method({
    input: z.object({ connectionId, db: Db, keys: z.array(KeyB64).min(1).max(500) }),
    output: z.array(KeyInfo),
    summary: 'Type, TTL, memory and length of up to 500 keys, in one pipeline.',
  }),
  'redis.key.delete': method({
    input: KeyTarget,
    output: z.object({ deleted: z.boolean() }),
    writes: true,
    summary: 'Deletes a key by its exact bytes (UNLINK).',
  }),
  'redis.key.rename': method({
    input: KeyTarget.extend({ newKey: KeyB64, overwrite: z.boolean().default(false) }),
    output: z.object({ key: KeyName }),
    writes: true,
    summary: 'Renames a key (RENAMENX unless overwrite).',
  }),
  'redis.key.ttl': method({
    input: KeyTarget.extend({ ttl: TtlChange }),
    output: z.object({ ttlMs: z.number().int() }),
    writes: true,
    summary: 'Sets or removes the expiry of a key (PERSIST, PEXPIRE, PEXPIREAT).',
  }),
} as const;

export { KeyB64 };
