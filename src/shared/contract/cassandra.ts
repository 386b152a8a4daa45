import { z } from 'zod';
import { DocValueSchema, type DocValue } from '../docValue';
import { method, stream } from './define';
import { ExportEvent, ExportOptions } from './exports';
import { connectionId, int, name } from './cassandra/fields';
import { CassandraCluster, KeyspaceSummary, TableDetail } from './cassandra/schema';
import { DumpEvent, DumpSummary, ImportEvent, MAX_IMPORT_CSV_CHARS, RestoreEvent } from './cassandra/transfer';

/**
 * The Cassandra area of the contract. Method names are `cassandra.noun.verb`;
 * every input carries `connectionId`.
 *
 * Free-text CQL (`cassandra.cql.run`) is not marked `writes`: a SELECT must work
 * on a read-only connection. Core classifies every statement with its own CQL
 * lexer instead and refuses anything that is not SELECT, USE, DESCRIBE or LIST
 * (and anything it cannot classify) on a read-only connection.
 */

export * from './cassandra/schema';
export * from './cassandra/transfer';

// ---------------------------------------------------------------- values

/**
 * A typed CQL value is the shared `DocValue` tree, so grids and trees show it
 * without loss: integers and decimals as exact strings, blobs as base64 with
 * their full size (a value cut at 64 KiB has `size` larger than its bytes;
 * the UI shows blobs as hex), collections/tuples/vectors as arrays, maps and
 * UDTs as ordered key/value lists (map keys as their CQL text), and the types
 * DocValue has no tag for as `other` with the CQL type name (`timeuuid`,
 * `inet`, `duration`, `date`, `time`).
 */
export type CqlValue = DocValue;
export const CqlValue = DocValueSchema;

/** The creation time of a version-1 (time-based) UUID, as an ISO instant; null for other versions. */
export function timeuuidTime(uuid: string): string | null {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex) || hex[12] !== '1') return null;
  const ticks = BigInt(`0x${hex.slice(13, 16)}${hex.slice(8, 12)}${hex.slice(0, 8)}`);
  // 100 ns ticks since 1582-10-15.
  const ms = Number((ticks - 122192928000000000n) / 10000n);
  return new Date(ms).toISOString();
}

// ---------------------------------------------------------------- CQL execution

export const Consistency = z.enum([
  'ANY',
  'ONE',
  'TWO',
  'THREE',
  'QUORUM',
  'ALL',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'LOCAL_ONE',
]);
export type Consistency = z.infer<typeof Consistency>;
export const SerialConsistency = z.enum(['SERIAL', 'LOCAL_SERIAL']);
export type SerialConsistency = z.infer<typeof SerialConsistency>;

export const DEFAULT_READ_CONSISTENCY: Consistency = 'LOCAL_ONE';
export const DEFAULT_WRITE_CONSISTENCY: Consistency = 'LOCAL_QUORUM';
export const MAX_PAGE_SIZE = 5_000;
export const MAX_FETCH_ALL_ROWS = 100_000;

/** What kind of statement core's lexer found: reads run on read-only connections, everything else does not. */
export const StatementKind = z.enum(['select', 'use', 'describe', 'list', 'write', 'schema', 'other', 'unknown']);
export type StatementKind = z.infer<typeof StatementKind>;

/** A bound parameter: text parsed by core according to the prepared statement's type; `unset` leaves it unset. */
export const ParamValue = z.union([
  z.object({ kind: z.literal('null') }),
  z.object({ kind: z.literal('unset') }),
  z.object({ kind: z.literal('value'), text: z.string().max(1_000_000) }),
]);
export type ParamValue = z.infer<typeof ParamValue>;

export const RunOptions = z.object({
  /** Null: LOCAL_ONE for reads, LOCAL_QUORUM for everything else. */
  consistency: Consistency.nullable().default(null),
  serialConsistency: SerialConsistency.nullable().default(null),
  pageSize: int.min(1).max(MAX_PAGE_SIZE).default(100),
  /** Per statement, sent as the driver's readTimeout. */
  timeoutMs: int.min(100).max(600_000).default(30_000),
  trace: z.boolean().default(false),
});
export type RunOptions = z.infer<typeof RunOptions>;

export const RunInput = z.object({
  connectionId,
  /** One editor's session (its current keyspace after USE); any id the caller picks. */
  sessionId: z.string().min(1).max(100),
  /** One or more statements, run in order; stops at the first error. */
  text: z.string().min(1).max(1_000_000),
  options: RunOptions.default({
    consistency: null,
    serialConsistency: null,
    pageSize: 100,
    timeoutMs: 30_000,
    trace: false,
  }),
  /** Positional bound parameters (text must be one statement). */
  params: z.array(ParamValue).max(1000).optional(),
  /** Continue a previous result (text must be that one statement). */
  pageState: z.string().max(100_000).optional(),
});

export const TraceEvent = z.object({
  activity: z.string(),
  source: z.string().nullable(),
  elapsedMicros: int.nullable(),
  thread: z.string().nullable(),
});
export const QueryTrace = z.object({
  traceId: z.string(),
  coordinator: z.string().nullable(),
  durationMicros: int.nullable(),
  requestType: z.string().nullable(),
  startedAt: z.string().nullable(),
  parameters: z.array(z.tuple([z.string(), z.string()])),
  events: z.array(TraceEvent),
  /** Cassandra writes trace events asynchronously: false when some may still be missing. */
  complete: z.boolean(),
});
export type QueryTrace = z.infer<typeof QueryTrace>;

export const ResultColumn = z.object({ name: z.string(), type: z.string(), table: z.string().nullable() });
export type ResultColumn = z.infer<typeof ResultColumn>;

export const StatementResult = z.object({
  /** The statement as it was sent (never rewritten). */
  statement: z.string(),
  /** Offset of the statement in the submitted text. */
  from: int,
  kind: StatementKind,
  keyspace: z.string().nullable(),
  consistency: Consistency,
  serialConsistency: SerialConsistency.nullable(),
  columns: z.array(ResultColumn),
  rows: z.array(z.array(CqlValue)),
  /** Present when the server has more rows: pass it back to get the next page. */
  pageState: z.string().nullable(),
  warnings: z.array(z.string()),
  trace: QueryTrace.nullable(),
  coordinator: z.string().nullable(),
  tookMs: z.number(),
  /** For statements that return no rows (writes, DDL, USE): what happened. */
  message: z.string().nullable(),
  /** LWT results: whether the condition applied. */
  applied: z.boolean().nullable(),
});
export type StatementResult = z.infer<typeof StatementResult>;

export const RunOutput = z.object({
  results: z.array(StatementResult),
  /** The session's keyspace after the run. */
  keyspace: z.string().nullable(),
  /** The statement that failed (results holds the ones before it). */
  error: z.object({ statement: z.string(), from: int, code: z.string(), message: z.string() }).nullable(),
});
export type RunOutput = z.infer<typeof RunOutput>;

export const FetchAllEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('columns'), columns: z.array(ResultColumn) }),
  z.object({ type: z.literal('rows'), rows: z.array(z.array(CqlValue)), total: int }),
  z.object({ type: z.literal('done'), total: int, truncated: z.boolean(), warnings: z.array(z.string()) }),
]);
export type FetchAllEvent = z.infer<typeof FetchAllEvent>;

export const StatementRange = z.object({
  from: int,
  to: int,
  kind: StatementKind,
  /** The statement has no terminating semicolon and is not the last one. */
  error: z.string().nullable(),
});

export const CqlDiagnostic = z.object({
  from: int,
  to: int,
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
});

export const CompletionOption = z.object({
  label: z.string(),
  type: z.string(),
  detail: z.string().optional(),
  apply: z.string().optional(),
});

export const PreparedParam = z.object({ name: z.string(), type: z.string() });

// ---------------------------------------------------------------- ops views

export const OpsView = z.enum([
  'clients',
  'settings',
  'thread_pools',
  'sstable_tasks',
  'caches',
  'disk_usage',
  'size_estimates',
]);
export type OpsView = z.infer<typeof OpsView>;

export const OpsTable = z.object({
  view: OpsView,
  /** The table it reads, e.g. system_views.clients. */
  source: z.string(),
  /** False when the server's version has no such table; `message` says so. */
  available: z.boolean(),
  message: z.string().nullable(),
  columns: z.array(ResultColumn),
  rows: z.array(z.array(CqlValue)),
  truncated: z.boolean(),
  readAt: z.string(),
});
export type OpsTable = z.infer<typeof OpsTable>;

export const cassandra = {
  'cassandra.cluster.describe': method({
    input: z.object({ connectionId }),
    output: CassandraCluster,
    summary:
      'Cluster name, partitioner, nodes (DC, rack, version, host id, token share, up/down) and schema agreement.',
  }),
  'cassandra.keyspaces.list': method({
    input: z.object({ connectionId, includeSystem: z.boolean().default(false) }),
    output: z.object({ keyspaces: z.array(KeyspaceSummary) }),
    summary:
      'Keyspaces with replication and durable writes, and the tables, views, types, functions, aggregates and indexes in each.',
  }),
  'cassandra.keyspaces.ddl': method({
    input: z.object({ connectionId, keyspace: name }),
    output: z.object({ ddl: z.string(), ddlSource: z.enum(['server', 'metadata']) }),
    summary: "The full DDL of a keyspace (the server's DESCRIBE KEYSPACE on Cassandra 4+).",
  }),
  'cassandra.tables.describe': method({
    input: z.object({ connectionId, keyspace: name, table: name }),
    output: TableDetail,
    summary:
      'Columns (partition key, clustering with order, static, regular), options, indexes and DDL of a table or view.',
  }),
  'cassandra.cql.run': method({
    input: RunInput,
    output: RunOutput,
    timeoutMs: 600_000,
    summary:
      'Runs one or more CQL statements in order in an editor session; read-only connections refuse any statement that is not SELECT, USE, DESCRIBE or LIST.',
  }),
  'cassandra.cql.fetchAll': stream({
    input: RunInput.omit({ pageState: true }).extend({ maxRows: int.min(1).max(MAX_FETCH_ALL_ROWS).default(10_000) }),
    event: FetchAllEvent,
    summary: 'Fetches every page of one SELECT up to maxRows, with progress; cancelling stops the paging.',
  }),
  'cassandra.cql.analyze': method({
    input: z.object({ text: z.string().max(1_000_000) }),
    output: z.object({ statements: z.array(StatementRange), diagnostics: z.array(CqlDiagnostic) }),
    summary:
      'Splits CQL into statements with core’s lexer, classifies each and reports unterminated strings and comments.',
  }),
  'cassandra.cql.complete': method({
    input: z.object({
      connectionId,
      sessionId: z.string().min(1).max(100),
      text: z.string().max(1_000_000),
      pos: int.min(0),
    }),
    output: z.object({ from: int, options: z.array(CompletionOption) }).nullable(),
    summary: 'Schema-aware completion: keywords, keyspaces, tables of the current keyspace, columns, types, functions.',
  }),
  'cassandra.cql.prepare': method({
    input: z.object({ connectionId, sessionId: z.string().min(1).max(100), text: z.string().min(1).max(1_000_000) }),
    output: z.object({ params: z.array(PreparedParam), kind: StatementKind }),
    summary: 'Prepares one statement and returns its bound parameters with their CQL types.',
  }),
  'cassandra.ops.read': method({
    input: z.object({ connectionId, view: OpsView }),
    output: OpsTable,
    summary:
      "An operations view from Cassandra's virtual tables (system_views) or system.size_estimates, no JMX needed.",
  }),
  'cassandra.tables.export': stream({
    input: z
      .object({
        connectionId,
        keyspace: name,
        table: name,
        /** Token ranges read at the same time (one page buffered per range). */
        parallel: int.min(1).max(16).default(4),
        /** Rows per page. */
        pageSize: int.min(1).max(MAX_PAGE_SIZE).default(1_000),
      })
      .extend(ExportOptions.shape),
    event: ExportEvent,
    summary:
      'Writes a whole table to CSV, JSON Lines or JSON, read by token ranges (a few at a time) with progress; cancelling stops the reads.',
  }),
  'cassandra.tables.import': stream({
    input: z.object({
      connectionId,
      keyspace: name,
      table: name,
      /** CSV text (RFC 4180: quoted fields may hold commas, quotes and newlines); the first line is the header. */
      csv: z.string().min(1).max(MAX_IMPORT_CSV_CHARS),
      /** For each CSV column in order, the table column it goes to, or null to skip it. Default: by header name. */
      mapping: z.array(name.nullable()).max(1000).optional(),
      /** Rows per unlogged batch (one partition per batch). */
      batchSize: int.min(1).max(100).default(20),
      /** Stop after this many failed rows. */
      maxErrors: int.min(1).max(100_000).default(1_000),
    }),
    event: ImportEvent,
    writes: true,
    summary:
      'Imports CSV into a table: columns mapped by header or explicitly, every value validated against the column type, unlogged batches to one partition at a time; failed rows are reported with their line numbers.',
  }),
  'cassandra.keyspaces.dump': stream({
    input: z.object({ connectionId, keyspace: name }),
    event: DumpEvent,
    summary:
      "Dumps a keyspace into one folder: its DDL (the server's DESCRIBE), and every table's rows as JSON Lines read by token ranges.",
  }),
  'cassandra.dumps.list': method({
    input: z.object({}),
    output: z.object({ dumps: z.array(DumpSummary) }),
    summary: 'The keyspace dumps kept in this Stackdeck, newest first.',
  }),
  'cassandra.keyspaces.restore': stream({
    input: z.object({ connectionId, dumpId: z.string().min(1).max(100), targetKeyspace: name }),
    event: RestoreEvent,
    writes: true,
    summary:
      'Restores a dump into a new keyspace (of this or another cluster): the DDL with the keyspace renamed, then every row, each failure reported.',
  }),
  'cassandra.cql.export': stream({
    input: RunInput.omit({ pageState: true }).extend(ExportOptions.shape),
    event: ExportEvent,
    summary: 'Writes every page of one SELECT to CSV, JSON Lines or JSON, with progress; cancelling stops the paging.',
  }),
} as const;
