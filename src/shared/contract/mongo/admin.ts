import { z } from 'zod';
import { method } from '../define';
import { collectionName, connectionId, dbName } from './browse';
import { CountResult } from './documents';

/**
 * Indexes, schema sampling, validation rules and the server view. Features a
 * server lacks come back as SERVER_ERROR with `detail.unsupported: true` and a
 * message that says "not supported by this server", or as a null/flag in the
 * output where the rest of the answer is still useful.
 */

const Coll = z.object({ connectionId, db: dbName, collection: collectionName });

export const IndexInfo = z.object({
  name: z.string(),
  /** The key pattern as shell-syntax text: `{ a: 1, b: -1 }`. */
  keys: z.string(),
  fields: z.array(z.object({ field: z.string(), kind: z.string() })),
  /** single, compound, text, 2dsphere, 2d, hashed, wildcard. */
  type: z.string(),
  unique: z.boolean(),
  sparse: z.boolean(),
  hidden: z.boolean(),
  /** TTL in seconds, or null. */
  ttlSeconds: z.number().nullable(),
  partialFilter: z.string().nullable(),
  size: z.number().nullable(),
  /** Operations since `usageSince` ($indexStats); null when the server lacks $indexStats. */
  usage: z.number().nullable(),
  usageSince: z.string().nullable(),
});
export type IndexInfo = z.infer<typeof IndexInfo>;

export const IndexCreateOptions = z.object({
  name: z.string().min(1).max(127).optional(),
  unique: z.boolean().default(false),
  sparse: z.boolean().default(false),
  hidden: z.boolean().default(false),
  expireAfterSeconds: z.number().int().min(0).optional(),
  /** Shell-syntax filter text. */
  partialFilterExpression: z.string().max(100_000).optional(),
  collation: z.string().max(10_000).optional(),
});

export const SchemaType = z.object({
  name: z.string(),
  count: z.number().int(),
  /** Share of the documents where the field is present that have this type (0..1). */
  probability: z.number(),
});

export const SchemaChart = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('histogram'),
    /** Number, Date: equal-width bins over [min, max]. */
    type: z.string(),
    bins: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
    min: z.string(),
    max: z.string(),
  }),
  z.object({
    kind: z.literal('top'),
    type: z.string(),
    /** Most frequent values (text, cut to 80 characters) and how often they appear. */
    values: z.array(z.object({ value: z.string(), count: z.number().int() })),
    distinct: z.number().int(),
  }),
]);
export type SchemaChart = z.infer<typeof SchemaChart>;

export const SchemaField = z.object({
  /** Dotted path (`address.city`; array elements share their array's path). */
  path: z.string(),
  name: z.string(),
  depth: z.number().int(),
  count: z.number().int(),
  /** Share of sampled documents (or parent values) that have the field (0..1). */
  probability: z.number(),
  types: z.array(SchemaType),
  charts: z.array(SchemaChart),
});
export type SchemaField = z.infer<typeof SchemaField>;

export const SchemaResult = z.object({
  sampled: z.number().int(),
  /** $sample (random) or find (the first N documents, where the server lacks $sample). */
  method: z.enum(['sample', 'find']),
  note: z.string().nullable(),
  fields: z.array(SchemaField),
  tookMs: z.number(),
});
export type SchemaResult = z.infer<typeof SchemaResult>;

export const ValidationRules = z.object({
  /** The validator as relaxed Extended JSON text, or null when there is none. */
  validator: z.string().nullable(),
  level: z.string().nullable(),
  action: z.string().nullable(),
  /** False when the server cannot store validation rules (FerretDB 1.24). */
  editable: z.boolean(),
  note: z.string().nullable(),
});
export type ValidationRules = z.infer<typeof ValidationRules>;

export const ServerStatus = z.object({
  host: z.string().nullable(),
  version: z.string(),
  process: z.string().nullable(),
  uptimeSeconds: z.number().nullable(),
  connections: z.object({ current: z.number(), available: z.number() }).nullable(),
  /** opcounters (cumulative) or, where the server lacks them, command totals; sample twice for a rate. */
  opcounters: z.record(z.string(), z.number()),
  opcountersSource: z.enum(['opcounters', 'commands']),
  memory: z.object({ residentMb: z.number().nullable(), virtualMb: z.number().nullable() }).nullable(),
  /** Replica set members and their state (replSetGetStatus); null on a standalone server or when not allowed. */
  members: z
    .array(z.object({ name: z.string(), state: z.string(), health: z.number().nullable(), self: z.boolean() }))
    .nullable(),
  sampledAt: z.number(),
});
export type ServerStatus = z.infer<typeof ServerStatus>;

export const CurrentOp = z.object({
  /** As text: a number on a standalone server, `shard:123` on a sharded cluster. */
  opid: z.string(),
  op: z.string(),
  ns: z.string(),
  secsRunning: z.number().nullable(),
  client: z.string().nullable(),
  desc: z.string().nullable(),
  command: z.string(),
});
export type CurrentOp = z.infer<typeof CurrentOp>;

export const mongoAdmin = {
  'mongo.indexes.list': method({
    input: Coll,
    output: z.object({ indexes: z.array(IndexInfo), usageSupported: z.boolean() }),
    summary: 'Indexes with keys, type, options, size (collStats) and usage ($indexStats where supported).',
  }),
  'mongo.indexes.create': method({
    input: Coll.extend({
      keys: z.string().min(1).max(10_000),
      options: IndexCreateOptions.default({ unique: false, sparse: false, hidden: false }),
    }),
    output: z.object({ name: z.string() }),
    writes: true,
    timeoutMs: 300_000,
    summary: 'Creates an index from a key pattern in shell syntax ({ a: 1, b: -1 }, { t: "text" }) with options.',
  }),
  'mongo.indexes.drop': method({
    input: Coll.extend({ name: z.string().min(1), confirmName: z.string() }),
    output: z.object({ dropped: z.boolean() }),
    writes: true,
    summary: 'Drops an index; confirmName must equal its name. The _id index cannot be dropped.',
  }),
  'mongo.schema.analyze': method({
    input: Coll.extend({
      sampleSize: z.number().int().min(1).max(10_000).default(1000),
      filter: z.string().max(1_000_000).default(''),
    }),
    output: SchemaResult,
    timeoutMs: 120_000,
    summary:
      'Samples documents ($sample, or find where the server lacks it) and reports fields, types, presence and value charts.',
  }),
  'mongo.validation.get': method({
    input: Coll,
    output: ValidationRules,
    summary: 'The validation rules of a collection (listCollections options).',
  }),
  'mongo.validation.preview': method({
    input: Coll.extend({ validator: z.string().min(1).max(1_000_000) }),
    output: z.object({ failing: CountResult, total: CountResult }),
    timeoutMs: 30_000,
    summary: 'How many existing documents a validator would reject (count of { $nor: [validator] }).',
  }),
  'mongo.validation.set': method({
    input: Coll.extend({
      validator: z.string().max(1_000_000),
      level: z.enum(['off', 'strict', 'moderate']).default('strict'),
      action: z.enum(['error', 'warn']).default('error'),
    }),
    output: z.object({ ok: z.boolean() }),
    writes: true,
    summary: 'Sets the validation rules (collMod); an empty validator removes them.',
  }),
  'mongo.server.status': method({
    input: z.object({ connectionId }),
    output: ServerStatus,
    summary: 'serverStatus highlights: connections, opcounters (cumulative), memory, uptime.',
  }),
  'mongo.server.ops': method({
    input: z.object({ connectionId }),
    output: z.object({ ops: z.array(CurrentOp) }),
    summary: 'Current operations (currentOp), without idle connections.',
  }),
  'mongo.server.killOp': method({
    input: z.object({ connectionId, opid: z.string().min(1).max(100) }),
    output: z.object({ ok: z.boolean() }),
    writes: true,
    summary: 'Kills one operation (killOp).',
  }),
} as const;
