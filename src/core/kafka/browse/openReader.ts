/** Opening a group-less read: start positions resolved to offsets, then a PartitionReader over the ranges. */
import type { CallOptions } from '../protocol/call';
import { wireError, type KafkaWire } from '../protocol/wire';
import { TopicLeaders } from './leaders';
import { endOffset, resolveStarts, type ResolvedStart, type StartPosition } from './offsets';
import { PartitionReader } from './partitionReader';
import type { RangeReaderOptions, ReadRange } from './readerOptions';

export interface PartitionReadSpec {
  readonly partition: number;
  readonly start: StartPosition;
  /** How many offsets to read at most from the start; default up to the end at open time. */
  readonly limit?: number;
}

export interface OpenReaderOptions extends RangeReaderOptions {
  readonly topic: string;
  /** Partitions and where to start; 'all' = every partition from `start`. */
  readonly partitions: readonly PartitionReadSpec[] | { readonly all: StartPosition };
  /** Keep reading new records after the end (live tail) until cancelled. Default false. */
  readonly follow?: boolean;
}

export interface OpenedReader {
  readonly reader: PartitionReader;
  /** Resolved start offsets with the watermarks seen when opening. */
  readonly starts: readonly ResolvedStart[];
}

/**
 * Resolves start positions (ListOffsets at the reader's isolation level) and
 * returns a reader over [start, end-at-open) per partition, or unbounded with
 * `follow`. Offsets outside the log are INVALID_INPUT unless outOfRange='clamp'.
 */
export async function openPartitionReader(wire: KafkaWire, options: OpenReaderOptions): Promise<OpenedReader> {
  const isolation = options.isolation ?? 'read_committed';
  const leaders = new TopicLeaders(wire, options.topic);
  const opts: CallOptions = { signal: options.signal, deadline: options.deadline };
  try {
    await leaders.load(opts);
    const specs: PartitionReadSpec[] =
      'all' in options.partitions
        ? leaders
            .partitions()
            .map((partition) => ({ partition, start: (options.partitions as { all: StartPosition }).all }))
        : [...options.partitions];
    leaders.check(specs.map((s) => s.partition));
    const starts = await resolveStarts(wire, leaders, specs, isolation, options.outOfRange ?? 'error', opts);
    const ranges = starts.map((s, i): ReadRange => {
      const limit = specs[i]?.limit;
      const end = endOffset(s.watermarks, isolation);
      const until = options.follow ? null : limit === undefined ? end : Math.min(end, s.offset + limit);
      return {
        partition: s.partition,
        from: s.offset,
        until: options.follow && limit !== undefined ? s.offset + limit : until,
      };
    });
    return { reader: new PartitionReader(wire, leaders, ranges, options), starts };
  } catch (e) {
    throw wireError(e, `Opening "${options.topic}" for reading`);
  }
}
