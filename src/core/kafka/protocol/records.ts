/**
 * Record batches (message format v2, magic 2, KIP-98) from a Fetch response:
 * splitting, transaction filtering and record decoding.
 *
 * RecordBatch => BaseOffset int64, BatchLength int32, PartitionLeaderEpoch int32,
 *   Magic int8, CRC uint32, Attributes int16, LastOffsetDelta int32,
 *   BaseTimestamp int64, MaxTimestamp int64, ProducerId int64,
 *   ProducerEpoch int16, BaseSequence int32, Records [Record] (int32 count)
 * Attributes: bits 0-2 compression, 3 timestamp type (1 = LogAppendTime),
 *   4 transactional, 5 control, 6 delete horizon set.
 * Record => Length varint, Attributes int8, TimestampDelta varlong,
 *   OffsetDelta varint, Key varint-bytes, Value varint-bytes,
 *   Headers [HeaderKey varint-string, HeaderValue varint-bytes] (varint count)
 *
 * Offsets inside a batch need not be contiguous (compaction removes records
 * but keeps the batch header, so LastOffsetDelta still marks the batch end),
 * and a batch may start before the offset we asked for (the broker returns
 * whole batches), so records below the fetch offset are dropped.
 *
 * Message formats v0/v1 (magic 0/1, before Kafka 0.11) are not decoded:
 * KRaft clusters never write them and Kafka 4 removed them (KIP-724).
 */
import { StackdeckError } from '../../../shared/errors';
import { codecOfAttributes, decompressAsync } from './compression';
import type { AbortedTransaction } from './fetch';
import type { IsolationLevel } from './listOffsets';

export type TimestampType = 'create' | 'log-append';

export interface RecordHeader {
  /** Header keys are strings in every Kafka client API (Header.key() is a String). */
  readonly key: string;
  readonly value: Buffer | null;
}

export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Epoch milliseconds; with LogAppendTime the broker's append time (the batch's MaxTimestamp). */
  readonly timestamp: number;
  readonly timestampType: TimestampType;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
  /** Size of the record as encoded in its batch, uncompressed (a size estimate; excludes the batch header). */
  readonly sizeBytes: number;
  readonly leaderEpoch: number;
  /** Written inside a (committed, or with read_uncommitted possibly aborted/open) transaction. */
  readonly transactional: boolean;
}

/** Shared by every record without headers (most of them): one allocation fewer per record. */
const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);
const BATCH_HEADER = 61;
const LOG_OVERHEAD = 12; // BaseOffset + BatchLength
const MAGIC_OFFSET = 16;

export interface BatchView {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly leaderEpoch: number;
  readonly attributes: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly recordCount: number;
  /** The records section (compressed or not). */
  readonly body: Buffer;
}

export interface SplitResult {
  readonly batches: BatchView[];
  /** Offset after the last complete batch; `fetchOffset` when there was none. */
  readonly nextOffset: number;
  /** Bytes were returned but not one complete batch: the batch is larger than the partition byte limit. */
  readonly truncatedOnly: boolean;
  /** Size of the incomplete first batch when truncatedOnly (from its header), to size the next fetch. */
  readonly neededBytes: number;
}

function int64At(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** Splits a partition's record set into complete batches; a trailing partial batch (cut by maxBytes) is left out. */
export function splitBatches(records: Buffer, fetchOffset: number): SplitResult {
  const batches: BatchView[] = [];
  let pos = 0;
  let nextOffset = fetchOffset;
  let neededBytes = 0;
  while (records.length - pos >= LOG_OVERHEAD) {
    const batchLength = records.readInt32BE(pos + 8);
    const total = LOG_OVERHEAD + batchLength;
    if (total < BATCH_HEADER)
      throw new StackdeckError(
        'SERVER_ERROR',
        `A corrupt record batch (length ${batchLength}) at byte ${pos} of a fetch response.`,
      );
    if (records.length - pos < total) {
      neededBytes = total;
      break;
    }
    const magic = records.readInt8(pos + MAGIC_OFFSET);
    if (magic !== 2) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `The partition holds records in the pre-0.11 message format (magic ${magic}) at offset ${int64At(records, pos)}, which Stackdeck does not read.`,
      );
    }
    const baseOffset = int64At(records, pos);
    const lastOffsetDelta = records.readInt32BE(pos + 23);
    const batch: BatchView = {
      baseOffset,
      lastOffset: baseOffset + lastOffsetDelta,
      leaderEpoch: records.readInt32BE(pos + 12),
      attributes: records.readInt16BE(pos + 21),
      baseTimestamp: int64At(records, pos + 27),
      maxTimestamp: int64At(records, pos + 35),
      producerId: int64At(records, pos + 43),
      recordCount: records.readInt32BE(pos + 57),
      body: records.subarray(pos + BATCH_HEADER, pos + total),
    };
    pos += total;
    if (batch.lastOffset < fetchOffset) continue; // entirely before the requested offset
    batches.push(batch);
    nextOffset = batch.lastOffset + 1;
  }
  return { batches, nextOffset, truncatedOnly: batches.length === 0 && pos < records.length, neededBytes };
}

const isControl = (b: BatchView): boolean => (b.attributes & 0x20) !== 0;
const isTransactional = (b: BatchView): boolean => (b.attributes & 0x10) !== 0;

/** The control record type of a control batch: 0 = ABORT, 1 = COMMIT (key: version int16, type int16). */
function controlType(b: BatchView): number {
  // Control batches are never compressed; read the first record's key.
  const r = new RecordCursor(b.body);
  r.varint(); // length
  r.pos += 1; // attributes
  r.varlong(); // timestamp delta
  r.varint(); // offset delta
  const keyLen = r.varint();
  return keyLen >= 4 ? b.body.readInt16BE(r.pos + 2) : -1;
}

/**
 * Chooses the batches a consumer at `isolation` would see, as the Java
 * consumer does (CompletedFetch): with READ_COMMITTED, a producer id enters the
 * aborted set once the batch reaches an aborted transaction's first offset,
 * its transactional batches are skipped, and its ABORT marker takes it out
 * again. Control batches (commit/abort markers) are never returned.
 */
export function visibleBatches(
  batches: readonly BatchView[],
  isolation: IsolationLevel,
  aborted: readonly AbortedTransaction[],
): BatchView[] {
  const out: BatchView[] = [];
  const pending = [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<number>();
  let next = 0;
  for (const b of batches) {
    if (isolation === 'read_committed' && b.producerId >= 0) {
      while (next < pending.length && (pending[next]?.firstOffset ?? Infinity) <= b.lastOffset) {
        abortedProducers.add(pending[next]?.producerId ?? -1);
        next++;
      }
      if (isControl(b)) {
        if (controlType(b) === 0) abortedProducers.delete(b.producerId);
        continue;
      }
      if (isTransactional(b) && abortedProducers.has(b.producerId)) continue;
    }
    if (isControl(b)) continue;
    out.push(b);
  }
  return out;
}

class RecordCursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  varint(): number {
    let u = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new RangeError('record ends inside a varint');
      u |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 28) throw new RangeError('varint longer than 5 bytes');
    }
    return (u >>> 1) ^ -(u & 1);
  }
  /** Zig-zag varlong; exact for |value| < 2^53 (timestamp deltas). */
  varlong(): number {
    let u = 0;
    let mul = 1;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new RangeError('record ends inside a varlong');
      u += (byte & 0x7f) * mul;
      if (byte < 0x80) break;
      mul *= 128;
      if (mul > 2 ** 63) throw new RangeError('varlong longer than 10 bytes');
    }
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
  bytes(copy: boolean): Buffer | null {
    const len = this.varint();
    if (len < 0) return null;
    const end = this.pos + len;
    if (end > this.buf.length) throw new RangeError('record field runs past its batch');
    const view = this.buf.subarray(this.pos, end);
    this.pos = end;
    return copy ? Buffer.from(view) : view;
  }
  string(): string {
    const len = this.varint();
    if (len < 0) return '';
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

export interface DecodeContext {
  readonly topic: string;
  readonly partition: number;
  /** Records below this offset are dropped (the broker returns whole batches). */
  readonly fromOffset: number;
  /** Records at or above this offset are dropped (bounded reads). */
  readonly untilOffset: number;
  /**
   * Copy keys, values and headers out of the response buffer (default). A view
   * (copy=false) is faster but keeps the whole fetch response alive as long as
   * any one record is referenced.
   */
  readonly copy: boolean;
}

async function recordsBody(b: BatchView, ctx: DecodeContext): Promise<Buffer> {
  const codec = codecOfAttributes(b.attributes);
  if (codec === 'none') return b.body;
  if (codec === null) {
    const codecId = b.attributes & 0x07;
    throw new StackdeckError(
      'SERVER_ERROR',
      `Partition ${ctx.partition} of "${ctx.topic}" holds a batch with unknown compression codec ${codecId} (at offset ${b.baseOffset}).`,
      { compression: String(codecId), offset: b.baseOffset },
    );
  }
  return decompressAsync(codec, b.body, ` at offset ${b.baseOffset} of partition ${ctx.partition} of "${ctx.topic}"`);
}

/** Decodes one batch's records within [fromOffset, untilOffset). */
export async function decodeBatch(b: BatchView, ctx: DecodeContext, out: KafkaRecord[]): Promise<void> {
  if (b.recordCount === 0 || b.lastOffset < ctx.fromOffset || b.baseOffset >= ctx.untilOffset) return;
  const body = await recordsBody(b, ctx);
  const logAppend = (b.attributes & 0x08) !== 0;
  const timestampType: TimestampType = logAppend ? 'log-append' : 'create';
  const transactional = isTransactional(b);
  const c = new RecordCursor(body);
  try {
    for (let i = 0; i < b.recordCount; i++) {
      const lengthAt = c.pos;
      const length = c.varint();
      const start = c.pos;
      const end = start + length;
      c.pos += 1; // record attributes: unused
      const tsDelta = c.varlong();
      const offset = b.baseOffset + c.varint();
      if (offset < ctx.fromOffset || offset >= ctx.untilOffset) {
        c.pos = end;
        continue;
      }
      const key = c.bytes(ctx.copy);
      const value = c.bytes(ctx.copy);
      const headerCount = c.varint();
      let headers = NO_HEADERS;
      if (headerCount > 0) {
        const list: RecordHeader[] = [];
        for (let h = 0; h < headerCount; h++) list.push({ key: c.string(), value: c.bytes(ctx.copy) });
        headers = list;
      }
      c.pos = end;
      out.push({
        topic: ctx.topic,
        partition: ctx.partition,
        offset,
        timestamp: logAppend ? b.maxTimestamp : b.baseTimestamp + tsDelta,
        timestampType,
        key,
        value,
        headers,
        sizeBytes: end - lengthAt,
        leaderEpoch: b.leaderEpoch,
        transactional,
      });
    }
  } catch (e) {
    if (e instanceof RangeError) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `A corrupt record batch at offset ${b.baseOffset} of partition ${ctx.partition} of "${ctx.topic}": ${e.message}.`,
      );
    }
    throw e;
  }
}
