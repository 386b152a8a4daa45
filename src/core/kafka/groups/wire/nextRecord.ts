/**
 * The next unconsumed record of a partition, for time lag: a group-less Fetch
 * (protocol/FetchApi: no group joined, nothing committed, no fetch session)
 * at the group's committed offset, then the first data record at or after it.
 */
import { StackdeckError } from '../../../../shared/errors';
import type { FetchedPartition } from '../../protocol/fetch';
import { type KafkaRecord, decodeBatch, splitBatches, visibleBatches } from '../../protocol/records';

export interface NextRecord {
  offset: number | null;
  timestamp: number;
  /** False when only the batch header could be read (a codec this build cannot decompress). */
  exact: boolean;
}

/** Bytes asked for per partition; a larger first batch still comes whole (KIP-74). */
export const NEXT_RECORD_MAX_BYTES = 64 * 1024;

export async function firstRecordAtOrAfter(
  topic: string,
  p: FetchedPartition,
  from: number,
): Promise<NextRecord | null> {
  const { batches } = splitBatches(p.records, from);
  // read_uncommitted, as lag itself: what lies below the high watermark. Markers are skipped.
  for (const b of visibleBatches(batches, 'read_uncommitted', [])) {
    const out: KafkaRecord[] = [];
    try {
      await decodeBatch(
        b,
        { topic, partition: p.partition, fromOffset: from, untilOffset: Number.MAX_SAFE_INTEGER, copy: false },
        out,
      );
    } catch (e) {
      if (!(e instanceof StackdeckError)) throw e;
      // snappy/lz4/zstd without a codec: the batch's first timestamp bounds the record's from below.
      const logAppend = (b.attributes & 0x08) !== 0;
      return { offset: null, timestamp: logAppend ? b.maxTimestamp : b.baseTimestamp, exact: logAppend };
    }
    const first = out[0];
    if (first) return { offset: first.offset, timestamp: first.timestamp, exact: true };
  }
  return null;
}
