import { z } from 'zod';
import { method, stream } from '../define';
import { ExportEvent, ExportOptions } from '../exports';
import { Db, connectionId } from './common';

/**
 * Export the keys matching a pattern as JSON Lines (one key a line: name,
 * type, TTL, value) through the generic exporter, and import such a file,
 * with a dry run first and a choice on existing keys (skip or replace).
 *
 * A line: {"key": K, "type": "hash", "ttlMs": -1, "value": V}. Every byte
 * string (K, fields, members, values) is its UTF-8 text when it is valid
 * UTF-8, else {"b64": "..."}. V by type: string: a byte string; hash:
 * [[field, value], ...]; list and set: [item, ...]; zset: [[member, score],
 * ...]; stream: [[id, [[field, value], ...]], ...].
 */

/** A collection larger than this is not exported (the line would be huge); the export says which key. */
export const TRANSFER_MAX_MEMBERS = 100_000;
export const IMPORT_MAX_CHARS = 64 * 1024 * 1024;

export const redisTransfer = {
  'redis.keys.export': stream({
    input: z
      .object({
        connectionId,
        db: Db,
        match: z.string().min(1).max(1024).default('*'),
        type: z.string().min(1).max(64).nullable().default(null),
      })
      .extend(ExportOptions.shape),
    event: ExportEvent,
    summary: 'Exports the keys matching a pattern (type, TTL, value) as JSON Lines (or a JSON array).',
  }),
  'redis.keys.import': method({
    input: z.object({
      connectionId,
      db: Db,
      /** The JSON Lines text. */
      text: z.string().min(1, 'The file is empty.').max(IMPORT_MAX_CHARS, 'The file is larger than 64 MB.'),
      onExisting: z.enum(['skip', 'replace']).default('skip'),
      /** Only read the file and check which keys exist: nothing is written. */
      dryRun: z.boolean().default(true),
    }),
    output: z.object({
      total: z.number().int(),
      /** Keys that exist now (dry run) or were found existing. */
      existing: z.number().int(),
      created: z.number().int(),
      replaced: z.number().int(),
      skipped: z.number().int(),
      /** The first 100 bad lines; none of them was written. */
      errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
      /** The first 20 keys of the file, as shown. */
      sample: z.array(z.object({ key: z.string(), type: z.string(), exists: z.boolean() })),
    }),
    writes: true,
    timeoutMs: 120_000,
    summary:
      'Imports a JSON Lines export; dry run first (counts, existing keys, bad lines), then skip or replace existing keys.',
  }),
} as const;
