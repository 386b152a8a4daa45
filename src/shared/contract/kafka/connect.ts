import { z } from 'zod';
import { method } from '../define';

/**
 * `kafka.connect.*`: the Kafka Connect cluster of a Kafka connection (its REST
 * URL is part of the Kafka profile, `connect.url`). Every input carries
 * `connectionId`; every write is marked `writes` so a read-only connection
 * refuses it in core. Connect's own error_code and message are passed on as
 * the error's message; an unreachable worker is UNREACHABLE.
 */

const connectionId = z.string().min(1);
const int = z.number().int();
/** Connect accepts any name in a URL path segment; we refuse control characters and slashes (they would change the path). */
export const ConnectorName = z
  .string()
  .min(1)
  .max(249)
  .refine(
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    (s) => !/[/\\\u0000-\u001f\u007f]/.test(s),
    'A connector name cannot contain "/", "\\" or control characters.',
  );
/** A connector config: string keys to string values, as Connect stores them. */
export const ConnectorConfig = z.record(z.string().min(1).max(1024), z.string().max(1_000_000));
export type ConnectorConfig = z.infer<typeof ConnectorConfig>;

export const ConnectState = z.enum(['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING', 'UNKNOWN']);
export type ConnectState = z.infer<typeof ConnectState>;

export const ConnectTask = z.object({
  id: int,
  state: ConnectState,
  workerId: z.string(),
  /** The stack trace of a FAILED task (bounded in core). */
  trace: z.string().nullable(),
});
export type ConnectTask = z.infer<typeof ConnectTask>;

export const ConnectorSummary = z.object({
  name: z.string(),
  /** source / sink, or unknown while the worker has not started it. */
  type: z.enum(['source', 'sink', 'unknown']),
  className: z.string().nullable(),
  state: ConnectState,
  workerId: z.string().nullable(),
  trace: z.string().nullable(),
  tasks: z.array(ConnectTask),
});
export type ConnectorSummary = z.infer<typeof ConnectorSummary>;

export const ConnectorDetail = ConnectorSummary.extend({ config: ConnectorConfig });
export type ConnectorDetail = z.infer<typeof ConnectorDetail>;

export const ConnectWorkerInfo = z.object({
  url: z.string(),
  version: z.string(),
  commit: z.string().nullable(),
  kafkaClusterId: z.string().nullable(),
});
export type ConnectWorkerInfo = z.infer<typeof ConnectWorkerInfo>;

export const ConnectorPlugin = z.object({ className: z.string(), type: z.string(), version: z.string().nullable() });
export type ConnectorPlugin = z.infer<typeof ConnectorPlugin>;

/** One config key as `PUT /connector-plugins/{class}/config/validate` reports it. */
export const ConfigValidationField = z.object({
  name: z.string(),
  value: z.string().nullable(),
  errors: z.array(z.string()),
});
export const ConfigValidation = z.object({
  className: z.string(),
  errorCount: int,
  /** Only the keys with errors, plus those the caller set (so a form can show each key's verdict). */
  fields: z.array(ConfigValidationField),
});
export type ConfigValidation = z.infer<typeof ConfigValidation>;

/** A connector's offsets (KIP-875): partition and offset are the connector's own JSON objects. */
export const ConnectorOffset = z.object({
  partition: z.record(z.string(), z.unknown()),
  /** null resets that partition (PATCH). */
  offset: z.record(z.string(), z.unknown()).nullable(),
});
export type ConnectorOffset = z.infer<typeof ConnectorOffset>;

/**
 * A worker refuses every request while its group rebalances (409 "rebalance is expected"), and a
 * rebalance after a config change outlasted 10 s on a loaded machine; the REST client sends again
 * until this deadline rather than failing a read the worker would answer a moment later.
 */
const CONNECT_TIMEOUT_MS = 30_000;

const ConnectorRef = z.object({ connectionId, name: ConnectorName });

export const kafkaConnect = {
  'kafka.connect.info': method({
    summary: 'The Connect worker behind the connection: version, commit, Kafka cluster id',
    input: z.object({ connectionId }),
    output: ConnectWorkerInfo,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.plugins': method({
    summary: 'Connector plugins installed on the worker',
    input: z.object({ connectionId }),
    output: z.array(ConnectorPlugin),
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.list': method({
    summary: 'Every connector with type, state and tasks (one ?expand=status&expand=info call)',
    input: z.object({ connectionId }),
    output: z.array(ConnectorSummary),
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.describe': method({
    summary: 'One connector: config, state and tasks',
    input: ConnectorRef,
    output: ConnectorDetail,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.validate': method({
    summary: "Validates a config with the plugin's own checks (PUT /connector-plugins/{class}/config/validate)",
    input: z.object({ connectionId, config: ConnectorConfig }),
    output: ConfigValidation,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.create': method({
    summary: 'Validates, then creates a connector; refused with the per-field errors when validation fails',
    input: z.object({ connectionId, name: ConnectorName, config: ConnectorConfig }),
    output: ConnectorDetail,
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.update': method({
    summary: "Validates, then replaces a connector's config (PUT /connectors/{name}/config)",
    input: z.object({ connectionId, name: ConnectorName, config: ConnectorConfig }),
    output: ConnectorDetail,
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.pause': method({
    summary: 'Pauses a connector and its tasks',
    input: ConnectorRef,
    output: z.object({ name: z.string() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.resume': method({
    summary: 'Resumes a paused or stopped connector',
    input: ConnectorRef,
    output: z.object({ name: z.string() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.stop': method({
    summary: 'Stops a connector (KIP-875): its tasks shut down, its config stays; offsets can then be altered',
    input: ConnectorRef,
    output: z.object({ name: z.string() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.restart': method({
    summary: 'Restarts a connector, or with includeTasks/onlyFailed its (failed) tasks too',
    input: ConnectorRef.extend({
      includeTasks: z.boolean().default(false),
      onlyFailed: z.boolean().default(false),
    }),
    output: z.object({ name: z.string() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.connectors.delete': method({
    summary: 'Deletes a connector; `confirmName` must equal its name',
    input: ConnectorRef.extend({ confirmName: z.string() }),
    output: z.object({ name: z.string(), deleted: z.boolean() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.offsets.get': method({
    summary: "A connector's offsets (KIP-875, Kafka 3.5+ workers)",
    input: ConnectorRef,
    output: z.object({ name: z.string(), offsets: z.array(ConnectorOffset) }),
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.offsets.alter': method({
    summary: "Alters a stopped connector's offsets (PATCH /connectors/{name}/offsets)",
    input: ConnectorRef.extend({ offsets: z.array(ConnectorOffset).min(1).max(10_000) }),
    output: z.object({ name: z.string(), message: z.string() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
  'kafka.connect.offsets.reset': method({
    summary: "Resets a stopped connector's offsets (DELETE /connectors/{name}/offsets)",
    input: ConnectorRef,
    output: z.object({ name: z.string(), message: z.string() }),
    writes: true,
    timeoutMs: CONNECT_TIMEOUT_MS,
  }),
} as const;
