import { z } from 'zod';
import { method } from '../define';
import { collectionName, connectionId, dbName } from './browse';
import { DocValueSchema } from './value';

/**
 * `mongo.documents.*`: the query bar and CRUD. Query parts are shell-syntax
 * text (`{ status: "A", _id: ObjectId("...") }`), parsed in core with
 * `mongodb-query-parser` and never evaluated; a part that does not parse is
 * INVALID_INPUT with `detail.part`, `detail.offset`, `detail.line`,
 * `detail.column`, and nothing is sent to the server.
 */

export const PAGE_SIZES = [20, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
/** The longest maxTimeMS a query may ask for (5 minutes). */
export const MAX_QUERY_TIME_MS = 300_000;
/** Counts give up after this long and say "more than N" (Compass caps them at 5 s too). */
export const COUNT_TIME_MS = 5_000;

export const QueryText = z.object({
  filter: z.string().max(1_000_000).default(''),
  project: z.string().max(100_000).default(''),
  sort: z.string().max(100_000).default(''),
  collation: z.string().max(10_000).default(''),
  hint: z.string().max(10_000).default(''),
  skip: z.number().int().min(0).default(0),
  /** 0: no limit. */
  limit: z.number().int().min(0).default(0),
  maxTimeMS: z.number().int().positive().max(MAX_QUERY_TIME_MS).default(60_000),
});
export type QueryText = z.infer<typeof QueryText>;
export type QueryTextInput = z.input<typeof QueryText>;

const Coll = z.object({ connectionId, db: dbName, collection: collectionName });

export const DocumentRow = z.object({
  /** The `_id` (null when the document has none, e.g. some view outputs). */
  id: DocValueSchema.nullable(),
  /** The whole document, or only `{ _id }` when the page fell back to an `_id`-only projection. */
  doc: DocValueSchema,
  /** BSON size in bytes (null in the `_id`-only fallback). */
  bytes: z.number().int().nullable(),
});
export type DocumentRow = z.infer<typeof DocumentRow>;

export const FindPage = z.object({
  documents: z.array(DocumentRow),
  /** True when the page was too large to show and holds `_id`s only (open each document on its own). */
  idOnly: z.boolean(),
  /** Why the page looks the way it does, in words for the user; null when nothing to say. */
  note: z.string().nullable(),
  hasMore: z.boolean(),
  tookMs: z.number(),
  /** The query as sent, in canonical Extended JSON (for copy, explain, export). */
  sent: z.object({ filter: z.string(), project: z.string().nullable(), sort: z.string().nullable() }),
});
export type FindPage = z.infer<typeof FindPage>;

export const CountResult = z.object({
  /** exact: countDocuments finished; estimate: estimatedDocumentCount (empty filter); atLeast: the count ran out of time. */
  kind: z.enum(['exact', 'estimate', 'atLeast']),
  value: z.number(),
});
export type CountResult = z.infer<typeof CountResult>;

/** Extended JSON text (canonical or relaxed, or shell syntax for filters). */
const EjsonText = z.string().min(1).max(50_000_000);

export const mongoDocuments = {
  'mongo.documents.find': method({
    input: Coll.extend({
      query: QueryText.default({
        filter: '',
        project: '',
        sort: '',
        collation: '',
        hint: '',
        skip: 0,
        limit: 0,
        maxTimeMS: 60_000,
      }),
      page: z.number().int().min(0).default(0),
      pageSize: z
        .number()
        .int()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), 'Page size is 20, 25, 50 or 100.')
        .default(DEFAULT_PAGE_SIZE),
    }),
    output: FindPage,
    timeoutMs: MAX_QUERY_TIME_MS + 10_000,
    summary: 'One page of a find (filter, projection, sort, collation, hint, skip, limit, maxTimeMS), typed values.',
  }),
  'mongo.documents.count': method({
    input: Coll.extend({ filter: z.string().max(1_000_000).default('') }),
    output: CountResult,
    summary: `Counts matches within ${COUNT_TIME_MS / 1000} s (estimatedDocumentCount for an empty filter).`,
  }),
  'mongo.documents.get': method({
    input: Coll.extend({ id: EjsonText }),
    output: z.object({ doc: DocValueSchema, bytes: z.number().int() }),
    timeoutMs: 60_000,
    summary: 'One whole document by its _id (canonical Extended JSON of the _id).',
  }),
  'mongo.documents.insert': method({
    input: Coll.extend({ text: EjsonText }),
    output: z.object({ insertedCount: z.number().int(), insertedIds: z.array(DocValueSchema) }),
    writes: true,
    timeoutMs: 60_000,
    summary: 'Inserts one document or an array of documents given as Extended JSON (relaxed or canonical).',
  }),
  'mongo.documents.replace': method({
    input: Coll.extend({
      /** The document as it was read, canonical Extended JSON: the replace only applies if it is unchanged. */
      original: EjsonText,
      replacement: EjsonText,
    }),
    output: z.object({ doc: DocValueSchema }),
    writes: true,
    summary: 'Replaces a document if it still equals the original; a concurrent change is CONFLICT.',
  }),
  'mongo.documents.delete': method({
    input: Coll.extend({ id: EjsonText }),
    output: z.object({ deletedCount: z.number().int() }),
    writes: true,
    summary: 'Deletes one document by its _id.',
  }),
  'mongo.documents.deleteMany': method({
    input: Coll.extend({ filter: z.string().max(1_000_000) }),
    output: z.object({ deletedCount: z.number().int() }),
    writes: true,
    timeoutMs: 120_000,
    summary: 'Deletes every document matching the filter (preview with count and find first).',
  }),
  'mongo.documents.updateMany': method({
    input: Coll.extend({ filter: z.string().max(1_000_000), update: z.string().min(1).max(1_000_000) }),
    output: z.object({ matchedCount: z.number().int(), modifiedCount: z.number().int() }),
    writes: true,
    timeoutMs: 120_000,
    summary: 'Applies an update document ($set, $inc, ...) or pipeline to every match of the filter.',
  }),
} as const;
