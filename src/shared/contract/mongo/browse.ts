import { z } from 'zod';
import { method } from '../define';

/**
 * `mongo.*` methods for the server, databases and collections. Every input
 * carries `connectionId`; everything that changes the server has `writes: true`.
 */

export const connectionId = z.string().min(1);
/** MongoDB's limits: a database name is at most 63 bytes and has none of `/\. "$`. */
export const dbName = z
  .string()
  .min(1, 'A database name is required.')
  .max(63, 'A database name is at most 63 characters.')
  .refine((s) => !/[/\\. "$\0]/.test(s), 'A database name cannot contain / \\ . space " $ or NUL.');
export const collectionName = z
  .string()
  .min(1, 'A collection name is required.')
  .max(255)
  .refine((s) => !s.includes('$') && !s.includes('\0'), 'A collection name cannot contain $ or NUL.')
  .refine((s) => !s.startsWith('system.'), 'Collections named system.* are reserved for the server.');
const num = z.number();
const int = z.number().int();

/** What this server can do; features it lacks are shown as "not supported by this server". */
export const ServerFeatures = z.object({
  /** Aggregation stages the server supports; null when it supports all of its version's stages. */
  aggregationStages: z.array(z.string()).nullable(),
  sample: z.boolean(),
  lookup: z.boolean(),
  facet: z.boolean(),
  collation: z.boolean(),
  views: z.boolean(),
  timeseries: z.boolean(),
  indexStats: z.boolean(),
  changeStreams: z.boolean(),
  transactions: z.boolean(),
  /** Types the server cannot store (FerretDB 1.24 drops the connection on these). */
  unsupportedTypes: z.array(z.string()),
});
export type ServerFeatures = z.infer<typeof ServerFeatures>;

export const ServerInfo = z.object({
  /** The MongoDB version the server reports (FerretDB reports the version it emulates). */
  version: z.string(),
  /** FerretDB's own version when the server is FerretDB, else null. */
  ferretdbVersion: z.string().nullable(),
  topology: z.enum(['standalone', 'replicaSet', 'sharded', 'unknown']),
  setName: z.string().nullable(),
  features: ServerFeatures,
});
export type ServerInfo = z.infer<typeof ServerInfo>;

export const DatabaseSummary = z.object({
  name: z.string(),
  sizeOnDisk: num.nullable(),
  empty: z.boolean(),
});
export type DatabaseSummary = z.infer<typeof DatabaseSummary>;

export const DatabaseStats = z.object({
  name: z.string(),
  collections: int,
  views: int,
  objects: num,
  dataSize: num,
  storageSize: num,
  indexes: int,
  indexSize: num,
});
export type DatabaseStats = z.infer<typeof DatabaseStats>;

export const CollectionSummary = z.object({
  name: z.string(),
  type: z.enum(['collection', 'view', 'timeseries']),
  capped: z.boolean(),
  readOnly: z.boolean(),
  /** For a view: its source collection and pipeline (as Extended JSON text). */
  viewOn: z.string().nullable(),
  pipeline: z.string().nullable(),
});
export type CollectionSummary = z.infer<typeof CollectionSummary>;

export const CollectionStats = z.object({
  name: z.string(),
  count: num,
  size: num,
  storageSize: num,
  avgObjSize: num,
  indexCount: int,
  indexSize: num,
  capped: z.boolean(),
});
export type CollectionStats = z.infer<typeof CollectionStats>;

const Db = z.object({ connectionId, db: dbName });
const Coll = Db.extend({ collection: collectionName });

export const mongoBrowse = {
  'mongo.server.info': method({
    input: z.object({ connectionId }),
    output: ServerInfo,
    summary: 'Server version, topology and the features it supports (FerretDB features detected from buildInfo).',
  }),
  'mongo.databases.list': method({
    input: z.object({ connectionId }),
    output: z.object({ databases: z.array(DatabaseSummary) }),
    summary: 'Databases (listDatabases).',
  }),
  'mongo.databases.stats': method({
    input: Db,
    output: DatabaseStats,
    summary: 'dbStats of one database.',
  }),
  'mongo.databases.create': method({
    input: Db.extend({ collection: collectionName }),
    output: z.object({ db: z.string(), collection: z.string() }),
    writes: true,
    summary: 'Creates a database by creating its first collection (MongoDB has no empty databases).',
  }),
  'mongo.databases.drop': method({
    input: Db.extend({ confirmName: z.string() }),
    output: z.object({ dropped: z.boolean() }),
    writes: true,
    summary: 'Drops a database; confirmName must equal the database name.',
  }),
  'mongo.collections.list': method({
    input: Db,
    output: z.object({ collections: z.array(CollectionSummary) }),
    summary: 'Collections and views of a database, with their kind (view, time series, capped).',
  }),
  'mongo.collections.stats': method({
    input: Coll,
    output: CollectionStats,
    summary: 'Document count, sizes and index count/size of one collection (collStats).',
  }),
  'mongo.collections.sizes': method({
    input: Db.extend({ names: z.array(collectionName).max(200) }),
    output: z.object({
      sizes: z.array(
        z.object({ name: z.string(), count: num.nullable(), size: num.nullable(), indexCount: int.nullable() }),
      ),
    }),
    summary:
      'Document count, size and index count of up to 200 collections (for the tree); nulls where a collStats failed.',
  }),
  'mongo.collections.create': method({
    input: Coll.extend({
      options: z
        .object({
          capped: z.boolean().default(false),
          /** Bytes; required when capped. */
          size: z.number().int().positive().optional(),
          max: z.number().int().positive().optional(),
          timeseries: z.object({ timeField: z.string().min(1), metaField: z.string().min(1).optional() }).optional(),
        })
        .default({ capped: false }),
    }),
    output: z.object({ db: z.string(), collection: z.string() }),
    writes: true,
    summary: 'Creates a collection (optionally capped or time series).',
  }),
  'mongo.collections.drop': method({
    input: Coll.extend({ confirmName: z.string() }),
    output: z.object({ dropped: z.boolean() }),
    writes: true,
    summary: 'Drops a collection; confirmName must equal the collection name.',
  }),
} as const;
