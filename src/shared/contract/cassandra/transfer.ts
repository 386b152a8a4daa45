import { z } from 'zod';
import { int } from './fields';

/** Import, dump and restore events of the Cassandra contract (re-exported by contract/cassandra.ts). */

/** The largest CSV an import takes in one call (it travels in one WebSocket frame of 16 MiB). */
export const MAX_IMPORT_CSV_CHARS = 15_000_000;

export const ImportFailure = z.object({
  /** 1-based line of the CSV where the row starts (the header is line 1). */
  line: int,
  message: z.string(),
});
export type ImportFailure = z.infer<typeof ImportFailure>;

export const ImportEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), rows: int, written: int, failed: int, total: int }),
  z.object({
    type: z.literal('done'),
    rows: int,
    written: int,
    failed: int,
    /** The first failures (at most 200), with their line numbers. */
    failures: z.array(ImportFailure),
    /** The import stopped after maxErrors failures. */
    stopped: z.boolean(),
  }),
]);
export type ImportEvent = z.infer<typeof ImportEvent>;

// ---------------------------------------------------------------- dump and restore

export const DumpSummary = z.object({
  dumpId: z.string(),
  keyspace: z.string(),
  createdAt: z.string(),
  /** The folder on core's machine: schema.cql, manifest.json and one JSON Lines file per table. */
  path: z.string(),
  tables: z.array(z.object({ name: z.string(), rows: int })),
});
export type DumpSummary = z.infer<typeof DumpSummary>;

export const DumpEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), table: z.string(), rows: int, tablesDone: int, tables: int }),
  z.object({ type: z.literal('done'), dump: DumpSummary }),
]);
export type DumpEvent = z.infer<typeof DumpEvent>;

export const RestoreEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), table: z.string(), written: int, failed: int }),
  z.object({
    type: z.literal('done'),
    keyspace: z.string(),
    statements: int,
    tables: z.array(z.object({ name: z.string(), written: int, failed: int })),
    /** The first failures (at most 200): table, line of its file, and why. */
    failures: z.array(z.object({ table: z.string(), line: int, message: z.string() })),
  }),
]);
export type RestoreEvent = z.infer<typeof RestoreEvent>;
