import { z } from 'zod';
import { method, stream } from '../define';
import { ExportEvent, ExportOptions } from '../exports';
import { Neo4jValue, ParamName, ParamValue } from './values';

/**
 * `neo4j.query.*` and `neo4j.databases.*`: running Cypher. A query is a stream:
 * the column names, then records in batches, then one summary (counters, query
 * type, timings, notifications, plan or profile). Parameters are typed and sent
 * as Bolt parameters, never spliced into the text.
 */

const connectionId = z.string().min(1);
const int = z.number().int();

/** Records a run keeps at most, whatever the user asks; the UI states it. */
export const NEO4J_MAX_RECORDS = 100_000;
export const NEO4J_DEFAULT_RECORDS = 1_000;

export const DatabaseName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.\-_]*$/, 'a database name');

export const RunInput = z.object({
  connectionId,
  /** Empty: the profile's database, else the server's default. */
  database: DatabaseName.optional(),
  query: z.string().min(1).max(1_000_000),
  params: z
    .array(z.tuple([ParamName, ParamValue]))
    .max(1_000)
    .default([]),
  maxRecords: int.min(1).max(NEO4J_MAX_RECORDS).default(NEO4J_DEFAULT_RECORDS),
  /** Server-side transaction timeout; the server terminates the transaction after it. */
  timeoutMs: int.min(100).max(3_600_000).default(300_000),
});
export type RunInput = z.input<typeof RunInput>;

export const Notification = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  severity: z.string(),
  category: z.string().nullable(),
  position: z.object({ line: int, column: int, offset: int }).nullable(),
});
export type Notification = z.infer<typeof Notification>;

export interface PlanOperator {
  operator: string;
  /** Cypher's own text for the operator (expression, index, label), when given. */
  details: string;
  identifiers: string[];
  estimatedRows: number | null;
  /** PROFILE only. */
  rows: number | null;
  dbHits: number | null;
  memory: number | null;
  pageCacheHits: number | null;
  pageCacheMisses: number | null;
  timeMs: number | null;
  /** Other arguments as text. */
  args: [string, string][];
  children: PlanOperator[];
}
export const PlanOperator: z.ZodType<PlanOperator> = z.lazy(() =>
  z.object({
    operator: z.string(),
    details: z.string(),
    identifiers: z.array(z.string()),
    estimatedRows: z.number().nullable(),
    rows: z.number().nullable(),
    dbHits: z.number().nullable(),
    memory: z.number().nullable(),
    pageCacheHits: z.number().nullable(),
    pageCacheMisses: z.number().nullable(),
    timeMs: z.number().nullable(),
    args: z.array(z.tuple([z.string(), z.string()])),
    children: z.array(PlanOperator),
  }),
);

export const QuerySummary = z.object({
  /** r, w, rw, s (schema write). */
  queryType: z.enum(['r', 'w', 'rw', 's', 'unknown']),
  database: z.string().nullable(),
  /** Non-zero update counters (nodesCreated, propertiesSet, indexesAdded, ...). */
  counters: z.array(z.tuple([z.string(), int])),
  containsUpdates: z.boolean(),
  systemUpdates: int,
  notifications: z.array(Notification),
  plan: PlanOperator.nullable(),
  profiled: z.boolean(),
  recordCount: int,
  /** True when the run stopped at maxRecords: the rest was discarded (the statement still ran to its end and committed). */
  truncated: z.boolean(),
  /** Client side, from sending the query. */
  firstRecordMs: z.number().nullable(),
  lastRecordMs: z.number(),
  /** Server-side timings. */
  serverAvailableAfterMs: z.number().nullable(),
  serverConsumedAfterMs: z.number().nullable(),
  serverVersion: z.string().nullable(),
});
export type QuerySummary = z.infer<typeof QuerySummary>;

export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('keys'), keys: z.array(z.string()), accessMode: z.enum(['READ', 'WRITE']) }),
  z.object({ type: z.literal('records'), rows: z.array(z.array(Neo4jValue)) }),
  z.object({ type: z.literal('summary'), summary: QuerySummary }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

export const DatabaseInfo = z.object({
  name: z.string(),
  type: z.string().nullable(),
  currentStatus: z.string(),
  requestedStatus: z.string().nullable(),
  access: z.string().nullable(),
  role: z.string().nullable(),
  isDefault: z.boolean(),
  isHome: z.boolean(),
  statusMessage: z.string().nullable(),
});
export type DatabaseInfo = z.infer<typeof DatabaseInfo>;

export const neo4jQuery = {
  'neo4j.query.run': stream({
    input: RunInput,
    event: RunEvent,
    summary:
      'Runs Cypher (one statement) with typed parameters in an explicit transaction: READ access mode on a read-only connection. Streams keys, record batches, then the summary. Cancelling terminates the transaction on the server.',
    // Free-text Cypher may write; a read-only profile is enforced by the server (READ access mode), not by this flag.
    writes: false,
  }),
  'neo4j.query.export': stream({
    input: RunInput.omit({ maxRecords: true }).extend(ExportOptions.shape),
    event: ExportEvent,
    summary:
      'Runs a query again in a READ transaction (never writes twice) and writes its records to CSV, JSON Lines or a JSON array with the generic exporter.',
    writes: false,
  }),
  'neo4j.databases.list': method({
    input: z.object({ connectionId }),
    output: z.object({ databases: z.array(DatabaseInfo), defaultDatabase: z.string().nullable() }),
    summary: 'SHOW DATABASES: names, status, access, role, default and home flags.',
    timeoutMs: 30_000,
  }),
} as const;
