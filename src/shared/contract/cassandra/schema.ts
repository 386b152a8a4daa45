import { z } from 'zod';
import { int } from './fields';

/** Cluster, keyspace and table metadata of the Cassandra contract (re-exported by contract/cassandra.ts). */

export const CassandraNode = z.object({
  address: z.string(),
  datacenter: z.string().nullable(),
  rack: z.string().nullable(),
  releaseVersion: z.string().nullable(),
  hostId: z.string().nullable(),
  /** As the driver sees it (its control connection and pool). */
  up: z.boolean(),
  tokens: int,
  /** Share of the token ring this node's tokens own (0..1), from its tokens; null when unknown. */
  ownership: z.number().nullable(),
  schemaVersion: z.string().nullable(),
});
export type CassandraNode = z.infer<typeof CassandraNode>;

export const CassandraCluster = z.object({
  clusterName: z.string().nullable(),
  partitioner: z.string().nullable(),
  releaseVersion: z.string().nullable(),
  cqlVersion: z.string().nullable(),
  nativeProtocolVersion: int.nullable(),
  /** Every node reports the same schema version. */
  schemaInAgreement: z.boolean(),
  schemaVersions: z.array(z.object({ version: z.string(), nodes: z.array(z.string()) })),
  nodes: z.array(CassandraNode),
});
export type CassandraCluster = z.infer<typeof CassandraCluster>;

export const KeyspaceSummary = z.object({
  name: z.string(),
  system: z.boolean(),
  /** Full replication class, e.g. org.apache.cassandra.locator.NetworkTopologyStrategy. */
  strategy: z.string(),
  /** The replication map without `class` (replication_factor or one factor per DC). */
  replication: z.array(z.tuple([z.string(), z.string()])),
  durableWrites: z.boolean(),
  /** Virtual keyspaces (system_views, system_virtual_schema) hold no data on disk. */
  virtual: z.boolean(),
  tables: z.array(z.string()),
  views: z.array(z.string()),
  types: z.array(z.string()),
  functions: z.array(z.string()),
  aggregates: z.array(z.string()),
  indexes: z.array(
    z.object({ name: z.string(), table: z.string(), kind: z.string(), className: z.string().nullable() }),
  ),
});
export type KeyspaceSummary = z.infer<typeof KeyspaceSummary>;

export const ColumnKind = z.enum(['partition_key', 'clustering', 'static', 'regular']);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const ColumnInfo = z.object({
  name: z.string(),
  kind: ColumnKind,
  type: z.string(),
  /** Position within the partition key or clustering columns; -1 for static and regular columns. */
  position: int,
  /** For clustering columns. */
  order: z.enum(['ASC', 'DESC']).nullable(),
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

export const TableDetail = z.object({
  keyspace: z.string(),
  name: z.string(),
  kind: z.enum(['table', 'view', 'virtual']),
  /** For a materialized view: the base table. */
  baseTable: z.string().nullable(),
  columns: z.array(ColumnInfo),
  /** The table options as the server stores them (compaction, compression, caching, ...), values as CQL text. */
  options: z.array(z.tuple([z.string(), z.string()])),
  indexes: z.array(z.object({ name: z.string(), kind: z.string(), target: z.string().nullable() })),
  ddl: z.string(),
  /** `server`: Cassandra's own DESCRIBE; `metadata`: built from system_schema where DESCRIBE is not available. */
  ddlSource: z.enum(['server', 'metadata']),
});
export type TableDetail = z.infer<typeof TableDetail>;
