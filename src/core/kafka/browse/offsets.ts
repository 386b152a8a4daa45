/**
 * Offset lookups for browsing: watermarks per partition and start positions
 * (earliest, latest minus N, offset, timestamp), each sent to the partition
 * leader with ListOffsets at an explicit isolation level, retried across
 * leader changes until the deadline.
 */
import { StackdeckError, isStackdeckError } from '../../../shared/errors';
import { deadlineOf, type CallOptions } from '../protocol/call';
import { isLeadershipError, KafkaProtocolError } from '../protocol/errors';
import {
  ListOffsetsApi,
  specTimestamp,
  type IsolationLevel,
  type ListedOffset,
  type OffsetSpec,
} from '../protocol/listOffsets';
import { isConnectionError, wireError, type KafkaWire } from '../protocol/wire';
import { TopicLeaders, waitBeforeRetry } from './leaders';

export interface PartitionWatermarks {
  readonly partition: number;
  /** Earliest offset still in the log. */
  readonly logStartOffset: number;
  /** End offset for READ_UNCOMMITTED: offset after the last replicated record. */
  readonly highWatermark: number;
  /** End offset for READ_COMMITTED: below the first open transaction (= highWatermark when none). */
  readonly lastStableOffset: number;
}

/** The exclusive end offset a reader at `isolation` can reach. */
export function endOffset(w: PartitionWatermarks, isolation: IsolationLevel): number {
  return isolation === 'read_committed' ? w.lastStableOffset : w.highWatermark;
}

/**
 * ListOffsets for `items` on their leaders. Leadership errors and lost
 * connections refresh metadata and retry (backoff 100 ms -> 1 s) until the
 * deadline; any other partition error throws.
 */
export async function listOffsets(
  wire: KafkaWire,
  leaders: TopicLeaders,
  isolation: IsolationLevel,
  items: ReadonlyArray<{ readonly partition: number; readonly spec: OffsetSpec }>,
  opts: CallOptions,
): Promise<Map<number, ListedOffset>> {
  const o = { ...opts, deadline: deadlineOf(opts) };
  const what = `Looking up offsets of "${leaders.topic}"`;
  try {
    await leaders.load(o);
    const out = new Map<number, ListedOffset>();
    let pending = [...items];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) {
        await waitBeforeRetry(attempt - 1, o, what);
        await leaders.refresh(o);
      }
      const retry: typeof pending = [];
      const groups = leaders.byLeader(pending.map((i) => i.partition));
      await Promise.all(
        [...groups].map(async ([leader, partitions]) => {
          const mine = pending.filter((i) => partitions.includes(i.partition));
          if (leader < 0) {
            retry.push(...mine);
            return;
          }
          try {
            const { value } = await wire.call(
              leader,
              ListOffsetsApi,
              {
                isolation,
                topics: [
                  {
                    topic: leaders.topic,
                    partitions: mine.map((i) => ({ partition: i.partition, timestamp: specTimestamp(i.spec) })),
                  },
                ],
              },
              o,
            );
            for (const r of value) {
              const item = mine.find((i) => i.partition === r.partition);
              if (!item) continue;
              if (r.error === null) out.set(r.partition, r);
              else if (isLeadershipError(r.error.code)) retry.push(item);
              else
                throw KafkaProtocolError.of(
                  r.error.code,
                  `Looking up offsets of partition ${r.partition} of "${leaders.topic}"`,
                  r.error.message,
                );
            }
          } catch (e) {
            if (!isStackdeckError(e) && isConnectionError(e)) retry.push(...mine);
            else throw e;
          }
        }),
      );
      pending = retry;
    }
    return out;
  } catch (e) {
    throw wireError(e, what);
  }
}

/** Start, high watermark and last stable offset of each partition (all partitions when `partitions` is null). */
export async function fetchWatermarks(
  wire: KafkaWire,
  topic: string | TopicLeaders,
  partitions: readonly number[] | null = null,
  opts: CallOptions = {},
): Promise<PartitionWatermarks[]> {
  const leaders = typeof topic === 'string' ? new TopicLeaders(wire, topic) : topic;
  const o = { ...opts, deadline: deadlineOf(opts) };
  await leaders.load(o);
  const ps = partitions ?? leaders.partitions();
  leaders.check(ps);
  // One partition may appear only once per ListOffsets request, hence three lookups.
  const [start, hw, lso] = await Promise.all([
    listOffsets(
      wire,
      leaders,
      'read_uncommitted',
      ps.map((partition) => ({ partition, spec: 'earliest' as const })),
      o,
    ),
    listOffsets(
      wire,
      leaders,
      'read_uncommitted',
      ps.map((partition) => ({ partition, spec: 'latest' as const })),
      o,
    ),
    listOffsets(
      wire,
      leaders,
      'read_committed',
      ps.map((partition) => ({ partition, spec: 'latest' as const })),
      o,
    ),
  ]);
  return ps.map((partition) => ({
    partition,
    logStartOffset: start.get(partition)?.offset ?? 0,
    highWatermark: hw.get(partition)?.offset ?? 0,
    lastStableOffset: lso.get(partition)?.offset ?? 0,
  }));
}

export type StartPosition =
  | { readonly kind: 'earliest' }
  /** The last `count` offsets before the end (0 = the end itself, for tailing). */
  | { readonly kind: 'latest'; readonly count?: number }
  | { readonly kind: 'offset'; readonly offset: number }
  /** The first record whose timestamp is >= `timestamp` (epoch ms). */
  | { readonly kind: 'timestamp'; readonly timestamp: number };

export type OutOfRangePolicy = 'error' | 'clamp';

export interface ResolvedStart {
  readonly partition: number;
  readonly offset: number;
  readonly watermarks: PartitionWatermarks;
  /** Set when the start was adjusted or is at the end for a reason worth telling the user. */
  readonly note: 'timestamp-after-last-record' | 'clamped-to-start' | 'clamped-to-end' | null;
}

/**
 * Turns start positions into offsets, checked against the current
 * watermarks. An offset past the end (or before the start) is INVALID_INPUT
 * with the valid range in the message, or clamped when `outOfRange` is 'clamp'.
 * A timestamp after the last record resolves to the end offset, noted.
 */
export async function resolveStarts(
  wire: KafkaWire,
  leaders: TopicLeaders,
  starts: ReadonlyArray<{ readonly partition: number; readonly start: StartPosition }>,
  isolation: IsolationLevel,
  outOfRange: OutOfRangePolicy,
  opts: CallOptions,
): Promise<ResolvedStart[]> {
  const o = { ...opts, deadline: deadlineOf(opts) };
  const marks = new Map(
    (
      await fetchWatermarks(
        wire,
        leaders,
        starts.map((s) => s.partition),
        o,
      )
    ).map((w) => [w.partition, w]),
  );
  const byTs = starts.filter((s) => s.start.kind === 'timestamp');
  const tsOffsets =
    byTs.length === 0
      ? new Map<number, ListedOffset>()
      : await listOffsets(
          wire,
          leaders,
          isolation,
          byTs.map((s) => ({
            partition: s.partition,
            spec: { timestamp: (s.start as { timestamp: number }).timestamp },
          })),
          o,
        );
  return starts.map(({ partition, start }): ResolvedStart => {
    const w = marks.get(partition);
    if (!w) throw new StackdeckError('SERVER_ERROR', `No offsets for partition ${partition} of "${leaders.topic}".`);
    const end = endOffset(w, isolation);
    switch (start.kind) {
      case 'earliest':
        return { partition, offset: w.logStartOffset, watermarks: w, note: null };
      case 'latest':
        return {
          partition,
          offset: Math.max(w.logStartOffset, end - Math.max(0, start.count ?? 0)),
          watermarks: w,
          note: null,
        };
      case 'timestamp': {
        const found = tsOffsets.get(partition)?.offset ?? -1;
        if (found < 0 || found >= end)
          return { partition, offset: end, watermarks: w, note: 'timestamp-after-last-record' };
        return { partition, offset: Math.max(found, w.logStartOffset), watermarks: w, note: null };
      }
      case 'offset': {
        if (!Number.isSafeInteger(start.offset) || start.offset < 0) {
          throw new StackdeckError(
            'INVALID_INPUT',
            `Offset ${start.offset} is not a valid offset; use a whole number of 0 or more.`,
          );
        }
        if (start.offset > end || start.offset < w.logStartOffset) {
          if (outOfRange === 'clamp') {
            const clamped = start.offset > end ? end : w.logStartOffset;
            return {
              partition,
              offset: clamped,
              watermarks: w,
              note: start.offset > end ? 'clamped-to-end' : 'clamped-to-start',
            };
          }
          const where = start.offset > end ? 'past the end' : 'before the start';
          throw new StackdeckError(
            'INVALID_INPUT',
            `Offset ${start.offset} is ${where} of partition ${partition} of "${leaders.topic}": its offsets run from ${w.logStartOffset} to ${end} (exclusive${isolation === 'read_committed' ? ', last stable offset' : ''}). Pick an offset in that range.`,
            { topic: leaders.topic, partition, offset: start.offset, logStartOffset: w.logStartOffset, endOffset: end },
          );
        }
        return { partition, offset: start.offset, watermarks: w, note: null };
      }
    }
  });
}
