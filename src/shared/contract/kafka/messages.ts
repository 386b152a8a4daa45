import { z } from 'zod';
import { method, stream } from '../define';
import { ExportEvent, ExportFormat, ExportOptions } from '../exports';
import { SchemaType } from './schemas';

/**
 * `kafka.messages.*`: the group-less message browser, search, live tail,
 * produce and export. Names are `kafka.noun.verb`; every input carries `connectionId`.
 *
 * Bytes cross the boundary as `MessageBytes`: UTF-8 text when the bytes are
 * valid UTF-8 (checked with a fatal decoder), base64 otherwise, so invalid
 * UTF-8 is never replaced with U+FFFD on the way. The renderer decodes for
 * display (text, JSON, hex, base64, MessagePack) from the exact bytes.
 */

const connectionId = z.string().min(1);
const topic = z.string().min(1).max(249);
const offset = z.number().int().min(0);
const partition = z.number().int().min(0);

export const MessageBytes = z.object({
  encoding: z.enum(['utf8', 'base64']),
  /** The bytes (or their first `preview` bytes when truncated) in `encoding`. */
  data: z.string(),
  /** Size of the whole value in bytes. */
  size: z.number().int().min(0),
  /** True when `data` holds only a preview; `kafka.messages.get` returns the whole value. */
  truncated: z.boolean(),
});
export type MessageBytes = z.infer<typeof MessageBytes>;

export const MessageHeader = z.object({ key: z.string(), value: MessageBytes.nullable() });

/**
 * A key or value in the Confluent wire format (magic 0 + schema id) as
 * decoded with its schema from the connection's Schema Registry ("auto"
 * decoding). The raw bytes stay in `key`/`value`.
 */
export const SchemaDecoded = z.object({
  /** decoded; unknown-id: the registry does not know the id; error: the schema or the payload is bad. */
  status: z.enum(['decoded', 'unknown-id', 'error']),
  schemaId: z.number().int(),
  type: SchemaType.nullable(),
  subject: z.string().nullable(),
  version: z.number().int().nullable(),
  /** Protobuf: the message the index path names. */
  messageType: z.string().nullable(),
  /** The decoded value as JSON text: integers beyond 2^53 exact, Protobuf int64 as strings, bytes as base64. */
  json: z.string().nullable(),
  /** `json` holds only the first VALUE_PREVIEW_BYTES characters. */
  truncated: z.boolean(),
  /** What went wrong (unknown-id, error), in words. */
  error: z.string().nullable(),
  /** JSON Schema violations of a decoded value (the value is still shown). */
  violations: z.array(z.string()),
});
export type SchemaDecoded = z.infer<typeof SchemaDecoded>;

export const KafkaMessage = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.number().int(),
  timestamp: z.number(),
  timestampType: z.enum(['create', 'log-append']),
  /** null: no key. */
  key: MessageBytes.nullable(),
  /** null: a tombstone (no value). */
  value: MessageBytes.nullable(),
  headers: z.array(MessageHeader),
  sizeBytes: z.number().int(),
  transactional: z.boolean(),
  /** Set when the key is in the wire format and the connection has a Schema Registry (schemaDecoding 'auto'). */
  keySchema: SchemaDecoded.optional(),
  valueSchema: SchemaDecoded.optional(),
});
export type KafkaMessage = z.infer<typeof KafkaMessage>;

export const Isolation = z.enum(['read_committed', 'read_uncommitted']).default('read_committed');

/**
 * 'auto': keys and values in the Confluent wire format are decoded with the
 * connection's Schema Registry (search, CEL and export then see the decoded
 * value); 'off': bytes only. Without a registry, 'auto' is 'off'.
 */
export const SchemaDecoding = z.enum(['auto', 'off']).default('auto');

export const PageCursor = z.object({
  v: z.literal(1),
  topic: z.string(),
  isolation: z.enum(['read_committed', 'read_uncommitted']),
  direction: z.enum(['older', 'newer']),
  positions: z.array(z.object({ partition, offset })).min(1),
});
export type PageCursor = z.infer<typeof PageCursor>;

export const BrowseStart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('newest') }),
  z.object({ kind: z.literal('oldest') }),
  z.object({ kind: z.literal('offset'), offset }),
  z.object({ kind: z.literal('timestamp'), timestamp: z.number().int().min(0) }),
  z.object({ kind: z.literal('cursor'), cursor: PageCursor }),
]);
export type BrowseStart = z.infer<typeof BrowseStart>;

/** Values longer than this come as a preview in pages, search and tail. */
export const VALUE_PREVIEW_BYTES = 64 * 1024;
export const MAX_BROWSE_PAGE = 1000;

const partitions = z.array(partition).min(1).max(10_000).optional();

export const BrowseInput = z.object({
  connectionId,
  topic,
  schemaDecoding: SchemaDecoding,
  /** Default: all partitions. */
  partitions,
  pageSize: z.number().int().min(1).max(MAX_BROWSE_PAGE).default(100),
  isolation: Isolation,
  start: BrowseStart,
});

export const BrowsePartition = z.object({
  partition: z.number().int(),
  logStartOffset: z.number().int(),
  highWatermark: z.number().int(),
  lastStableOffset: z.number().int(),
  from: z.number().int(),
  until: z.number().int(),
  note: z.enum(['timestamp-after-last-record', 'clamped-to-start', 'clamped-to-end', 'cursor-clamped']).nullable(),
});

export const BrowsePage = z.object({
  messages: z.array(KafkaMessage),
  order: z.enum(['newest-first', 'oldest-first']),
  older: PageCursor.nullable(),
  newer: PageCursor.nullable(),
  partitions: z.array(BrowsePartition),
  /** Things worth telling the user about this page (e.g. a timestamp after the last record). */
  notes: z.array(z.string()),
});
export type BrowsePage = z.infer<typeof BrowsePage>;

export const GetMessageInput = z.object({
  connectionId,
  topic,
  partition,
  offset,
  isolation: Isolation,
  schemaDecoding: SchemaDecoding,
});

/** Where a search or export reads: per partition, up to the end as of the start. */
export const ScanRange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oldest') }),
  z.object({ kind: z.literal('offset'), offset }),
  z.object({ kind: z.literal('timestamp'), timestamp: z.number().int().min(0) }),
  /** The last `count` offsets of each partition. */
  z.object({ kind: z.literal('last'), count: z.number().int().min(1).max(10_000_000) }),
]);
export type ScanRange = z.infer<typeof ScanRange>;

export const MessageFilter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('contains'),
    text: z.string().min(1).max(10_000),
    /** Where to look; default key and value. */
    in: z
      .array(z.enum(['key', 'value', 'headers']))
      .min(1)
      .default(['key', 'value']),
    caseSensitive: z.boolean().default(false),
  }),
  /** A CEL expression over key, value, headers, partition, offset, timestamp. Never evaluated as code. */
  z.object({ kind: z.literal('cel'), expression: z.string().min(1).max(10_000) }),
]);
export type MessageFilter = z.infer<typeof MessageFilter>;

/**
 * A compressed batch that would expand past the decompression cap (64 MiB):
 * `stop` ends the read with an error naming it; `skip` leaves it out and lists
 * it in the `done` event's `skippedBatches`.
 */
export const OversizeBatches = z.enum(['stop', 'skip']).default('stop');

/** A batch left out of a scan (see OversizeBatches). */
export const SkippedBatch = z.object({ partition: z.number().int(), offset: z.number().int(), reason: z.string() });
export type SkippedBatch = z.infer<typeof SkippedBatch>;

export const SearchInput = z.object({
  connectionId,
  topic,
  schemaDecoding: SchemaDecoding,
  partitions,
  isolation: Isolation,
  range: ScanRange,
  filter: MessageFilter,
  oversizeBatches: OversizeBatches,
  /** Stop after this many matches. */
  limit: z.number().int().min(1).max(100_000).default(500),
});

export const ScanProgress = z.object({
  type: z.literal('progress'),
  scanned: z.number().int(),
  matched: z.number().int(),
  /** Messages scanned per second since the start. */
  rate: z.number(),
  /** 0-100 of the offsets in range. */
  percent: z.number(),
  /** Offsets in range (an upper bound of the messages: gaps and markers count). */
  total: z.number().int(),
});

export const SearchEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('matches'), messages: z.array(KafkaMessage) }),
  ScanProgress,
  z.object({
    type: z.literal('done'),
    scanned: z.number().int(),
    matched: z.number().int(),
    reason: z.enum(['end', 'limit']),
    /** Records the expression could not evaluate (e.g. a missing field), counted as non-matches. */
    evalErrors: z.number().int(),
    elapsedMs: z.number(),
    /** Batches left out (oversizeBatches: skip), the first 100. */
    skippedBatches: z.array(SkippedBatch).max(100).optional(),
  }),
]);
export type SearchEvent = z.infer<typeof SearchEvent>;

export const TailInput = z.object({
  connectionId,
  schemaDecoding: SchemaDecoding,
  topics: z.array(topic).min(1).max(20),
  isolation: Isolation,
  filter: MessageFilter.default({ kind: 'none' }),
  /** A batch too large to decompress: stop the tail with its error (default) or leave it out and say so. */
  oversizeBatches: OversizeBatches,
  /** Most messages per event; extra ones in the same interval are counted, not sent. */
  maxPerEvent: z.number().int().min(1).max(1000).default(50),
});

export const TailEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), topics: z.array(z.string()) }),
  z.object({
    type: z.literal('messages'),
    messages: z.array(KafkaMessage),
    /** Messages that arrived (and matched) since the tail started, including those not sent. */
    total: z.number().int(),
    /** Messages of this interval counted but not sent (rate cap). */
    skipped: z.number().int(),
    /** Batches of this interval left out as too large (oversizeBatches: skip), the first 100. */
    skippedBatches: z.array(SkippedBatch).max(100).optional(),
  }),
]);
export type TailEvent = z.infer<typeof TailEvent>;

/** A subject and version (or the latest) of the connection's Schema Registry to encode with. */
export const ProduceSchema = z.object({
  subject: z.string().min(1).max(1000),
  version: z.union([z.number().int().min(1), z.literal('latest')]).default('latest'),
  /** Protobuf: the message to encode (full name); default the first of the schema. */
  messageType: z.string().min(1).max(1000).optional(),
});
export type ProduceSchema = z.infer<typeof ProduceSchema>;

export const ProduceInput = z.object({
  connectionId,
  topic,
  /** null: no key. */
  key: z
    .string()
    .max(1024 * 1024)
    .nullable()
    .default(null),
  /** null: a tombstone. */
  value: z
    .string()
    .max(8 * 1024 * 1024)
    .nullable(),
  /** 'json': the value must parse as JSON; it is sent as written. */
  valueFormat: z.enum(['text', 'json']).default('text'),
  headers: z
    .array(z.object({ key: z.string().min(1).max(1000), value: z.string().max(1024 * 1024) }))
    .max(100)
    .default([]),
  /** null: the producer's partitioner chooses. */
  partition: partition.nullable().default(null),
  compression: z.enum(['none', 'gzip']).default('none'),
  /** Encode the key with this registry schema (the key text is then JSON for it), in the wire format. */
  keySchema: ProduceSchema.nullable().default(null),
  /** Encode the value with this registry schema (the value text is then JSON for it), in the wire format. */
  valueSchema: ProduceSchema.nullable().default(null),
});

export const ProduceSchemaInput = z.object({
  connectionId,
  subject: z.string().min(1).max(1000),
  version: z.union([z.number().int().min(1), z.literal('latest')]).default('latest'),
});

/** A registry schema as produce uses it: which id it encodes with, and (Protobuf) the messages to choose from. */
export const ProduceSchemaInfo = z.object({
  id: z.number().int(),
  subject: z.string(),
  version: z.number().int(),
  type: SchemaType,
  messageTypes: z.array(z.string()),
});
export type ProduceSchemaInfo = z.infer<typeof ProduceSchemaInfo>;

export const ProduceResult = z.object({ topic: z.string(), partition: z.number().int(), offset: z.number().int() });

/** The generic export options (format, CSV formula guard, limit), with Kafka's cap of 1,000,000 messages. */
export const ExportInput = z
  .object({
    connectionId,
    topic,
    schemaDecoding: SchemaDecoding,
    partitions,
    isolation: Isolation,
    range: ScanRange,
    filter: MessageFilter.default({ kind: 'none' }),
    /** A batch too large to decompress: stop with its error (default) or leave it out and list it in `done`. */
    oversizeBatches: OversizeBatches,
  })
  .extend(ExportOptions.shape)
  .extend({
    format: ExportFormat.default('jsonl'),
    limit: z.number().int().min(1).max(1_000_000).default(1_000_000),
  });

/** The generic export's events (src/shared/contract/exports.ts), with `scanned` and `percent` of the range. */
export { ExportEvent };

export const kafkaMessages = {
  'kafka.messages.browse': method({
    input: BrowseInput,
    output: BrowsePage,
    timeoutMs: 30_000,
    summary:
      'One page of messages (newest, oldest, from an offset or a timestamp, or a cursor), read without a consumer group.',
  }),
  'kafka.messages.get': method({
    input: GetMessageInput,
    output: KafkaMessage,
    timeoutMs: 30_000,
    summary: 'One message by partition and offset, with its whole value (for "load full value").',
  }),
  'kafka.messages.search': stream({
    input: SearchInput,
    event: SearchEvent,
    summary:
      'Scans a range for messages matching "contains" or a CEL expression; streams matches and progress; stops at the limit.',
  }),
  'kafka.messages.tail': stream({
    input: TailInput,
    event: TailEvent,
    summary: 'Live tail of one or more topics from their end, in rate-capped batches with a total count.',
  }),
  'kafka.messages.produce': method({
    input: ProduceInput,
    output: ProduceResult,
    writes: true,
    timeoutMs: 30_000,
    summary: 'Produces one message with acks=all; returns its partition and offset.',
  }),
  'kafka.messages.produceSchema': method({
    input: ProduceSchemaInput,
    output: ProduceSchemaInfo,
    timeoutMs: 15_000,
    summary:
      'The registry schema a subject and version name, as produce would encode with it (id, type, Protobuf messages).',
  }),
  'kafka.messages.export': stream({
    input: ExportInput,
    event: ExportEvent,
    summary:
      'Writes a range or search result (up to 1,000,000 messages) to a JSON Lines, CSV or JSON file with progress (the generic export).',
  }),
} as const;
