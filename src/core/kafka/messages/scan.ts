/**
 * A bounded scan of a topic for search and export: per partition from a start
 * (oldest, offset, timestamp, last N) up to the end as of the start, through
 * the group-less PartitionReader (pull-based, so memory stays bounded by its
 * fetch budget whatever the topic size). Tracks progress as the share of the
 * offsets in range that have been passed.
 */
import type { ScanRange } from '../../../shared/contract/kafka/messages';
import { openPartitionReader, type StartPosition } from '../browse';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';

export interface ScanRequest {
  readonly topic: string;
  readonly partitions?: readonly number[] | undefined;
  readonly isolation: IsolationLevel;
  readonly range: ScanRange;
  readonly signal: AbortSignal;
  /** See ReaderTuning.onOversizeBatch. */
  readonly onOversizeBatch?: (batch: { partition: number; offset: number; reason: string }) => boolean;
}

export interface Scan {
  /** Offsets in range, all partitions (an upper bound of the records: gaps and markers count). */
  readonly total: number;
  /** Chunks of visible records in offset order per partition. */
  readonly chunks: AsyncIterable<readonly KafkaRecord[]>;
  /** Offsets passed so far. */
  covered(): number;
}

function startOf(range: ScanRange): StartPosition {
  switch (range.kind) {
    case 'oldest':
      return { kind: 'earliest' };
    case 'offset':
      return { kind: 'offset', offset: range.offset };
    case 'timestamp':
      return { kind: 'timestamp', timestamp: range.timestamp };
    case 'last':
      return { kind: 'latest', count: range.count };
  }
}

/** Opens the scan: resolves starts and ends first, so bad input (topic, partition, offset) fails before any record is read. */
export async function openScan(wire: KafkaWire, req: ScanRequest): Promise<Scan> {
  const start = startOf(req.range);
  const { reader, starts } = await openPartitionReader(wire, {
    topic: req.topic,
    partitions: req.partitions ? req.partitions.map((partition) => ({ partition, start })) : { all: start },
    isolation: req.isolation,
    outOfRange: 'error',
    signal: req.signal,
    // Records are turned into strings (or written out) at once and never kept: no need to copy them out of the response.
    copyBuffers: false,
    ...(req.onOversizeBatch ? { onOversizeBatch: req.onOversizeBatch } : {}),
  });
  const end = (p: number): number => {
    const s = starts.find((x) => x.partition === p);
    if (!s) return 0;
    return req.isolation === 'read_committed' ? s.watermarks.lastStableOffset : s.watermarks.highWatermark;
  };
  const from = new Map(starts.map((s) => [s.partition, s.offset]));
  const total = starts.reduce((sum, s) => sum + Math.max(0, end(s.partition) - s.offset), 0);
  const covered = (): number =>
    reader
      .positions()
      .reduce(
        (sum, p) => sum + Math.max(0, Math.min(p.nextOffset, end(p.partition)) - (from.get(p.partition) ?? 0)),
        0,
      );
  async function* chunks(): AsyncGenerator<readonly KafkaRecord[]> {
    for await (const chunk of reader) {
      if (req.signal.aborted) return;
      yield chunk.records;
    }
  }
  return { total, chunks: chunks(), covered };
}

/** Rate and percentage for progress events. */
export function progressOf(
  scan: Scan,
  scanned: number,
  startedAt: number,
): { rate: number; percent: number; total: number } {
  const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
  const percent = scan.total === 0 ? 100 : Math.min(100, (scan.covered() / scan.total) * 100);
  return { rate: Math.round(scanned / seconds), percent: Math.round(percent * 10) / 10, total: scan.total };
}

type Skipped = { partition: number; offset: number; reason: string };

/** With `skip`, the reader option that leaves an oversized batch out and the list it fills (first 100). */
export function skipList(mode: 'stop' | 'skip' | undefined): {
  list: Skipped[];
  option: { onOversizeBatch?: (b: Skipped) => boolean };
} {
  const list: Skipped[] = [];
  if (mode !== 'skip') return { list, option: {} };
  return {
    list,
    option: {
      onOversizeBatch: (b) => {
        if (list.length < 100) list.push(b);
        return true;
      },
    },
  };
}
