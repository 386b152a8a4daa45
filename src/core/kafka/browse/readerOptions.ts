/**
 * What a PartitionReader reads (offset ranges), what it yields (chunks), and
 * how it may be tuned (byte limits, the response budget shared by leaders,
 * oversized batches), apart from the reader itself.
 */
import type { CallOptions } from '../protocol/call';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { OutOfRangePolicy } from './offsets';

export interface ReadRange {
  readonly partition: number;
  /** First offset to read. */
  readonly from: number;
  /** Exclusive end; null = follow the partition as it grows (tail) until cancelled. */
  readonly until: number | null;
}

export interface ReadChunk {
  readonly topic: string;
  readonly partition: number;
  /** Visible records of one fetch, in offset order (may be empty when only markers or aborted data were skipped). */
  readonly records: KafkaRecord[];
  /** Where this partition continues: a resume position for cursors and progress. */
  readonly nextOffset: number;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  /** The partition reached its `until` offset. */
  readonly done: boolean;
}

export interface ReaderTuning {
  /** Broker long-poll wait when caught up (follow mode); also bounds how stale a cancel can be. Default 500 ms. */
  readonly maxWaitMs?: number;
  /** Initial per-partition byte limit; grows for larger batches. Default 1 MiB (max.partition.fetch.bytes). */
  readonly partitionMaxBytes?: number;
  /** Upper bound for that growth. Default 64 MiB. */
  readonly partitionMaxBytesLimit?: number;
  /**
   * Per-response byte limit. Default: a 32 MiB budget shared by the leaders
   * being read, 4-16 MiB each (with one fetch in flight and one being decoded
   * per leader, memory stays around twice the budget).
   */
  readonly responseMaxBytes?: number;
  /**
   * The budget the default `responseMaxBytes` divides among leaders (default
   * 32 MiB). A caller running several readers at once (a tail of many topics)
   * gives each its share, so the total holds whatever the number of readers.
   */
  readonly responseBudgetBytes?: number;
  /** Copy keys/values out of response buffers (default true; see DecodeContext.copy). */
  readonly copyBuffers?: boolean;
  /**
   * A batch that is too large to decompress (over the cap, compression.ts):
   * return true to leave it out and read on, false (the default) to stop with its error.
   */
  readonly onOversizeBatch?: (batch: { partition: number; offset: number; reason: string }) => boolean;
}

export interface RangeReaderOptions extends CallOptions, ReaderTuning {
  readonly isolation?: IsolationLevel;
  readonly outOfRange?: OutOfRangePolicy;
}

const MiB = 1024 * 1024;
export const DEFAULT_RESPONSE_BUDGET = 32 * MiB;

/**
 * Per-response byte limit for one leader of a reader: its budget shared by
 * the leaders it reads, between 1 MiB (a batch still fits: the broker always
 * returns the first one whole) and 16 MiB. With the default budget this is
 * 4-16 MiB per leader.
 */
export function responseBytesFor(leaders: number, budget: number): number {
  const floor = budget >= DEFAULT_RESPONSE_BUDGET ? 4 * MiB : MiB;
  return Math.min(16 * MiB, Math.max(floor, Math.floor(budget / Math.max(1, leaders))));
}
