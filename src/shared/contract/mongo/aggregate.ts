import { z } from 'zod';
import { method } from '../define';
import { collectionName, connectionId, dbName } from './browse';
import { DEFAULT_PAGE_SIZE, MAX_QUERY_TIME_MS, PAGE_SIZES, QueryText } from './documents';
import { DocValueSchema } from './value';

/**
 * `mongo.aggregate.*` and `mongo.explain`: pipelines in shell syntax, parsed in
 * core (never evaluated). A stage that does not parse is INVALID_INPUT with
 * `detail.stage` (0-based) and its position; stages the server lacks are
 * "not supported by this server" before anything is sent.
 */

/** Documents shown per stage in the builder's preview (Compass shows 10 too). */
export const PREVIEW_DOCS = 10;

const Coll = z.object({ connectionId, db: dbName, collection: collectionName });
const maxTimeMS = z.number().int().positive().max(MAX_QUERY_TIME_MS).default(60_000);

export const StageInput = z.object({
  /** One stage in shell syntax: `{ $match: { status: "A" } }`. */
  text: z.string().max(1_000_000),
  enabled: z.boolean().default(true),
});
export type StageInput = z.input<typeof StageInput>;

export const StagePreview = z.object({
  index: z.number().int(),
  operator: z.string().nullable(),
  /**
   * ok: `documents` is the output of the pipeline up to this stage (on the
   * collection's first documents); disabled: the stage is off; error: it does
   * not parse or the server refused it; unsupported: the server lacks it;
   * skipped: an earlier stage failed, or it writes ($out, $merge).
   */
  status: z.enum(['ok', 'disabled', 'error', 'unsupported', 'skipped']),
  documents: z.array(DocValueSchema),
  message: z.string().nullable(),
  /** Position of a parse error inside the stage's text. */
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  tookMs: z.number(),
});
export type StagePreview = z.infer<typeof StagePreview>;

export const AggregatePage = z.object({
  documents: z.array(DocValueSchema),
  hasMore: z.boolean(),
  /** Why the page is shorter than asked (large documents), in words for the user; null when nothing to say. */
  note: z.string().nullable(),
  tookMs: z.number(),
});
export type AggregatePage = z.infer<typeof AggregatePage>;

/** One node of a plan tree, whatever the server (MongoDB's stages; FerretDB's SQL plan lines). */
export interface PlanNode {
  stage: string;
  /** e.g. the index name, the key pattern, the SQL detail. */
  details: string[];
  indexName: string | null;
  keysExamined: number | null;
  docsExamined: number | null;
  nReturned: number | null;
  timeMs: number | null;
  children: PlanNode[];
}
export const PlanNodeSchema: z.ZodType<PlanNode> = z.lazy(() =>
  z.object({
    stage: z.string(),
    details: z.array(z.string()),
    indexName: z.string().nullable(),
    keysExamined: z.number().nullable(),
    docsExamined: z.number().nullable(),
    nReturned: z.number().nullable(),
    timeMs: z.number().nullable(),
    children: z.array(PlanNodeSchema),
  }),
);

export const ExplainResult = z.object({
  /** The winning plan; null when the server gave none. */
  plan: PlanNodeSchema.nullable(),
  rejected: z.array(PlanNodeSchema),
  /** True when a collection scan reads every document (no index used). */
  collectionScan: z.boolean(),
  indexesUsed: z.array(z.string()),
  totals: z.object({
    nReturned: z.number().nullable(),
    keysExamined: z.number().nullable(),
    docsExamined: z.number().nullable(),
    timeMs: z.number().nullable(),
  }),
  /** Notes for the user (e.g. what FerretDB pushes down to its SQL backend). */
  notes: z.array(z.string()),
  /** The server's explain output as relaxed Extended JSON (bounded). */
  raw: z.string(),
});
export type ExplainResult = z.infer<typeof ExplainResult>;

export const mongoAggregate = {
  'mongo.aggregate.preview': method({
    input: Coll.extend({
      stages: z.array(StageInput).max(100),
      /** Documents per stage. */
      limit: z.number().int().min(1).max(100).default(PREVIEW_DOCS),
      maxTimeMS: maxTimeMS.default(10_000),
    }),
    output: z.object({ stages: z.array(StagePreview) }),
    timeoutMs: 60_000,
    summary:
      'Output of the pipeline after each enabled stage, on a sample ($limit added for the preview only); $out/$merge are not run.',
  }),
  'mongo.aggregate.run': method({
    input: Coll.extend({
      /** The whole pipeline in shell syntax: `[ { $match: ... }, ... ]`. */
      pipeline: z.string().max(5_000_000),
      page: z.number().int().min(0).default(0),
      pageSize: z
        .number()
        .int()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), 'Page size is 20, 25, 50 or 100.')
        .default(DEFAULT_PAGE_SIZE),
      maxTimeMS,
    }),
    output: AggregatePage,
    timeoutMs: MAX_QUERY_TIME_MS + 10_000,
    summary:
      "One page of a pipeline's output; a pipeline with $out or $merge is refused on a read-only connection (READ_ONLY).",
  }),
  'mongo.query.explain': method({
    input: Coll.extend({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('find'), query: QueryText }),
        z.object({ kind: z.literal('aggregate'), pipeline: z.string().max(5_000_000) }),
      ]),
    }),
    output: ExplainResult,
    timeoutMs: 120_000,
    summary:
      'Explain (executionStats) of a find or a pipeline: the winning plan as a tree, collection scans called out.',
  }),
} as const;
