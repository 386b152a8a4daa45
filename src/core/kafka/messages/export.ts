/**
 * `kafka.messages.export`: a range (optionally filtered) streamed through the
 * generic exporter (src/core/export: CSV with a header and the formula guard,
 * JSON Lines or a JSON array; write backpressure; a cancelled or failed
 * export removes its partial file), so memory stays flat up to the
 * 1,000,000-message cap. Keys, values and headers keep their bytes: UTF-8
 * text where valid, base64 otherwise, with an encoding field (in CSV an empty
 * encoding cell means null: no key, or a tombstone). A key or value decoded
 * with its registry schema is written as `{ encoding: 'schema', schemaType,
 * schemaId, subject, version, data }` (data: the decoded value; integers
 * beyond 2^53 as exact strings, as the generic exporter writes longs), and in
 * CSV as encoding `schema` with the decoded JSON text (exact) in the cell.
 */
import type { ExportEvent, MessageFilter, ScanRange } from '../../../shared/contract/kafka/messages';
import type { ExportFormat } from '../../../shared/contract/exports';
import { exportRows, type ExportColumn } from '../../export';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';
import { parseExactJson } from '../serde/jsonText';
import { decodeChunk, type FullDecoded, type RecordDecoder } from '../serde/decoder';
import { toBytes } from './convert';
import { compileBoundedFilter, type BoundedMatcher } from './celSandbox';
import { openScan, progressOf, skipList, type Scan } from './scan';

export interface ExportRequest {
  readonly topic: string;
  readonly partitions?: readonly number[] | undefined;
  readonly isolation: IsolationLevel;
  readonly range: ScanRange;
  readonly filter: MessageFilter;
  readonly format: ExportFormat;
  readonly csvFormulaGuard: boolean;
  readonly limit: number;
  /** `skip`: an oversized batch is left out and listed in `done`; otherwise the export stops with its error. */
  readonly oversizeBatches?: 'stop' | 'skip' | undefined;
}

/** The columns (and the CSV header) of a message export. */
export const MESSAGE_COLUMNS: readonly ExportColumn[] = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'timestampType',
  'keyEncoding',
  'key',
  'valueEncoding',
  'value',
  'headers',
].map((key) => ({ key }));

/** Exact integers (bigint) as strings: JSON.stringify cannot write a bigint, and a double would round it. */
function exactPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(exactPlain);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exactPlain(x)]));
  return v;
}

type Cell = { encoding: string; data: unknown } & Record<string, unknown>;

function cellOf(buf: Buffer | null, d: FullDecoded | undefined, format: ExportFormat): Cell | null {
  if (d?.status === 'decoded' && d.json !== null) {
    const meta = { schemaType: d.type, schemaId: d.schemaId, subject: d.subject, version: d.version };
    return format === 'csv'
      ? { encoding: 'schema', data: d.json }
      : { encoding: 'schema', ...meta, data: exactPlain(parseExactJson(d.json)) };
  }
  return toBytes(buf);
}

/** One export row: in JSON the bytes as { encoding, data } objects, in CSV as encoding and data cells. */
function rowOf(
  r: KafkaRecord,
  format: ExportFormat,
  d?: { key?: FullDecoded; value?: FullDecoded },
): Record<string, unknown> {
  const key = cellOf(r.key, d?.key, format);
  const value = cellOf(r.value, d?.value, format);
  const headers = r.headers.map((h) => {
    const v = toBytes(h.value);
    return { key: h.key, value: v === null ? null : { encoding: v.encoding, data: v.data } };
  });
  const base = {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    headers,
  };
  if (format === 'csv')
    return {
      ...base,
      keyEncoding: key?.encoding ?? null,
      key: key?.data ?? null,
      valueEncoding: value?.encoding ?? null,
      value: value?.data ?? null,
    };
  const bytes = (b: Cell | null): Record<string, unknown> | null =>
    b === null ? null : 'size' in b ? { encoding: b.encoding, data: b.data } : b;
  return { ...base, key: bytes(key), value: bytes(value) };
}

/** JSON rows leave out the CSV-only encoding columns. */
const JSON_COLUMNS = MESSAGE_COLUMNS.filter((c) => c.key !== 'keyEncoding' && c.key !== 'valueEncoding');

async function* matching(
  scan: Scan,
  req: ExportRequest,
  counts: { scanned: number },
  matcher: BoundedMatcher,
  decoder: RecordDecoder | null,
): AsyncGenerator<Record<string, unknown>> {
  for await (const records of scan.chunks) {
    const chunk = await decodeChunk(decoder, records);
    // CEL runs in a worker with a hard time limit (celSandbox.ts); the answer is the matching indexes.
    const hits = await matcher.select(chunk.forFilter);
    let h = 0;
    for (let i = 0; i < records.length; i++) {
      counts.scanned++;
      if (hits[h] !== i) continue;
      h++;
      yield rowOf(records[i] as KafkaRecord, req.format, chunk.decoded[i]);
    }
  }
}

export async function exportMessages(
  wire: KafkaWire,
  userDataDir: string,
  req: ExportRequest,
  signal: AbortSignal,
  emit: (e: ExportEvent) => void,
  decoder: RecordDecoder | null = null,
): Promise<void> {
  // Compile first: an invalid expression is reported before any read starts.
  const matcher = compileBoundedFilter(req.filter, signal);
  try {
    await run(wire, userDataDir, req, signal, emit, matcher, decoder);
  } finally {
    matcher.close();
  }
}

async function run(
  wire: KafkaWire,
  userDataDir: string,
  req: ExportRequest,
  signal: AbortSignal,
  emit: (e: ExportEvent) => void,
  matcher: BoundedMatcher,
  decoder: RecordDecoder | null,
): Promise<void> {
  const startedAt = Date.now();
  const skipped = skipList(req.oversizeBatches);
  const scan = await openScan(wire, {
    topic: req.topic,
    partitions: req.partitions,
    isolation: req.isolation,
    range: req.range,
    signal,
    ...skipped.option,
  });
  const counts = { scanned: 0 };
  const filtered = req.filter.kind !== 'none';
  const done = await exportRows({
    userDataDir,
    baseName: req.topic,
    format: req.format,
    columns: req.format === 'csv' ? MESSAGE_COLUMNS : JSON_COLUMNS,
    rows: matching(scan, req, counts, matcher, decoder),
    signal,
    limit: req.limit,
    csvFormulaGuard: req.csvFormulaGuard,
    onProgress: (p) => {
      const { percent, total } = progressOf(scan, counts.scanned, startedAt);
      emit({
        type: 'progress',
        ...p,
        // Unfiltered, every offset in range is a row (up to the limit); filtered, only the scan share is known.
        total: filtered ? null : Math.min(total, req.limit),
        scanned: counts.scanned,
        percent,
      });
    },
  });
  emit({ type: 'done', ...done, ...(skipped.list.length > 0 ? { skippedBatches: skipped.list } : {}) });
}
