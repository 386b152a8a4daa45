import { z } from 'zod';
import { method, stream } from '../define';
import { ExportEvent, ExportOptions } from '../exports';
import { collectionName, connectionId, dbName } from './browse';
import { QueryText } from './documents';
import { DocValueSchema } from './value';

/**
 * Export of a collection, a query or a pipeline through the generic export
 * (src/core/export), and import of JSON Lines, a JSON array or CSV sent by the
 * renderer in chunks: each chunk is parsed and inserted in batches before the
 * next is accepted, so memory stays bounded whatever the file size, and a bad
 * record is reported with its line number. What was inserted stays inserted.
 */

const Coll = z.object({ connectionId, db: dbName, collection: collectionName });

export const ExportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('find'), query: QueryText }),
  z.object({ kind: z.literal('aggregate'), pipeline: z.string().max(5_000_000) }),
]);

export const ImportFormat = z.enum(['jsonl', 'json', 'csv']);
export type ImportFormat = z.infer<typeof ImportFormat>;
export const CsvColumnType = z.enum([
  'auto',
  'string',
  'number',
  'int',
  'long',
  'double',
  'boolean',
  'date',
  'objectId',
  'ignore',
]);
export type CsvColumnType = z.infer<typeof CsvColumnType>;

/** Largest chunk of text per import call (the renderer slices files to this). */
export const IMPORT_CHUNK_CHARS = 4 * 1024 * 1024;
/** Documents per insertMany. */
export const IMPORT_BATCH = 1000;
/** Line errors kept per import (the count goes on). */
export const IMPORT_MAX_ERRORS = 100;

export const ImportLineError = z.object({ line: z.number().int(), message: z.string() });
export type ImportLineError = z.infer<typeof ImportLineError>;

export const ImportProgress = z.object({
  /** Lines (JSONL, CSV) or array elements (JSON) read so far. */
  records: z.number().int(),
  inserted: z.number().int(),
  failed: z.number().int(),
  errors: z.array(ImportLineError),
  /** True when the import ended (last chunk, or stopped on an error). */
  done: z.boolean(),
  stopped: z.boolean(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const mongoTransfer = {
  'mongo.documents.export': stream({
    input: Coll.extend({
      source: ExportSource,
      /** JSON formats: relaxed (mongosh-like) or canonical (every type kept) Extended JSON. */
      ejson: z.enum(['relaxed', 'canonical']).default('relaxed'),
      /** CSV: the columns (dotted paths for nested fields); empty: read from the first documents. */
      fields: z.array(z.string().min(1)).max(2000).default([]),
      ...ExportOptions.shape,
    }),
    event: ExportEvent,
    summary:
      'Writes a collection, a query or a pipeline to JSON (Extended JSON), JSON Lines or CSV (nested fields with dots).',
  }),
  'mongo.import.preview': method({
    input: z.object({ format: ImportFormat, text: z.string().max(IMPORT_CHUNK_CHARS) }),
    output: z.object({
      documents: z.array(DocValueSchema),
      columns: z.array(z.object({ name: z.string(), type: CsvColumnType })),
      errors: z.array(ImportLineError),
    }),
    summary:
      'Parses the start of a file as the import would (first 20 documents, CSV column types); nothing is written.',
  }),
  'mongo.import.begin': method({
    input: Coll.extend({
      format: ImportFormat,
      onError: z.enum(['stop', 'skip']).default('stop'),
      /** CSV: a type per column name (auto by default). */
      csvTypes: z.record(z.string(), CsvColumnType).default({}),
    }),
    output: z.object({ importId: z.string() }),
    writes: true,
    summary: 'Starts an import into a collection; send the file with mongo.import.chunk.',
  }),
  'mongo.import.chunk': method({
    input: z.object({
      connectionId,
      importId: z.string().min(1),
      text: z.string().max(IMPORT_CHUNK_CHARS),
      last: z.boolean(),
    }),
    output: ImportProgress,
    writes: true,
    timeoutMs: 300_000,
    summary: 'Parses and inserts the next piece of the file (in batches); the last piece ends the import.',
  }),
  'mongo.import.cancel': method({
    input: z.object({ connectionId, importId: z.string().min(1) }),
    output: z.object({ cancelled: z.boolean() }),
    summary: 'Ends an import early; documents already inserted stay.',
  }),
} as const;
