/**
 * Pages of messages across partitions, with cursors, as the message browser shows them.
 *
 * Like kafka-ui and Redpanda Console: a page of N over P partitions reads
 * ceil(N/P) offsets per partition (newest: the last ones before the end;
 * oldest/offset/timestamp: the first ones from the start), merges them by
 * timestamp, and keeps N. When partitions are short (empty, compacted,
 * transaction markers, aborted data) further rounds read more from the
 * partitions that still have data, so a page is full whenever the topic
 * has N visible records in that direction.
 *
 * The merge takes records from each partition in offset order only (a k-way
 * merge on the partition heads), so what a page shows of a partition is one
 * contiguous run of offsets and the cursor for the next page is exact: per
 * partition, the first offset not shown. Timestamps within a partition are not
 * monotonic with CreateTime, so the page is ordered by the merge, which is by
 * timestamp wherever partitions allow it.
 *
 * Cursors are plain JSON (topic, isolation, direction, offset per partition);
 * they stay valid across restarts and are clamped to the current log range.
 */
import { StackdeckError } from '../../../shared/errors';
import { deadlineOf, type CallOptions } from '../protocol/call';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import { wireError, type KafkaWire } from '../protocol/wire';
import { TopicLeaders } from './leaders';
import {
  endOffset,
  fetchWatermarks,
  resolveStarts,
  type OutOfRangePolicy,
  type PartitionWatermarks,
  type ResolvedStart,
} from './offsets';
import { PartitionReader } from './partitionReader';
import type { ReaderTuning } from './readerOptions';

export interface PageCursor {
  readonly v: 1;
  readonly topic: string;
  readonly isolation: IsolationLevel;
  /**
   * 'older': each offset is an exclusive upper bound (the page reads before it);
   * 'newer': each offset is an inclusive lower bound (the page reads from it).
   */
  readonly direction: 'older' | 'newer';
  readonly positions: ReadonlyArray<{ readonly partition: number; readonly offset: number }>;
}

export type PageStart =
  | { readonly kind: 'newest' }
  | { readonly kind: 'oldest' }
  /** The same offset in every selected partition. */
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'cursor'; readonly cursor: PageCursor };

export interface PageRequest extends CallOptions, ReaderTuning {
  readonly topic: string;
  /** Default: all partitions. Ignored with a cursor start (the cursor names its partitions). */
  readonly partitions?: readonly number[];
  /** Default 100. */
  readonly pageSize?: number;
  /** Default read_committed. */
  readonly isolation?: IsolationLevel;
  readonly start: PageStart;
  /** For an offset start outside the log. Default 'error'. */
  readonly outOfRange?: OutOfRangePolicy;
}

export interface PagePartition {
  readonly partition: number;
  readonly watermarks: PartitionWatermarks;
  /** Offsets this page covered in the partition: [from, until). */
  readonly from: number;
  readonly until: number;
  readonly note: ResolvedStart['note'] | 'cursor-clamped';
}

export interface Page {
  /** 'older' pages (newest, or a cursor going back): newest first; 'newer' pages: oldest first. */
  readonly records: KafkaRecord[];
  readonly order: 'newest-first' | 'oldest-first';
  /** Cursor to the page of older records; null when there are none. */
  readonly older: PageCursor | null;
  /** Cursor to the page of newer records; null when this page reaches the end (as of now). */
  readonly newer: PageCursor | null;
  readonly partitions: readonly PagePartition[];
}

export const MAX_PAGE_SIZE = 10_000;
const MAX_ROUNDS = 12;

interface Lane {
  readonly partition: number;
  readonly w: PartitionWatermarks;
  readonly floor: number;
  readonly ceiling: number;
  /** The fixed side of the page: upper bound for 'older', lower bound for 'newer'. */
  readonly anchor: number;
  /** The moving side: how far reads have gone from the anchor. */
  reach: number;
  /** Records read so far, ascending by offset. */
  records: KafkaRecord[];
  note: PagePartition['note'];
}

/** Reads one page. Errors: NOT_FOUND (topic), INVALID_INPUT (bad partition, offset or cursor), TIMEOUT/CANCELLED. */
export async function readPage(wire: KafkaWire, req: PageRequest): Promise<Page> {
  const pageSize = req.pageSize ?? 100;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new StackdeckError('INVALID_INPUT', `Page size must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  const isolation = req.isolation ?? 'read_committed';
  const opts: CallOptions = { signal: req.signal, deadline: deadlineOf(req, 30_000) };
  const leaders = new TopicLeaders(wire, req.topic);
  try {
    await leaders.load(opts);
    const start = req.start;
    if (start.kind === 'cursor') checkCursor(start.cursor, req.topic, isolation);
    const partitions =
      start.kind === 'cursor'
        ? start.cursor.positions.map((p) => p.partition)
        : (req.partitions ?? leaders.partitions());
    leaders.check(partitions);
    if (partitions.length === 0) throw new StackdeckError('INVALID_INPUT', 'Choose at least one partition.');
    const direction: 'older' | 'newer' =
      start.kind === 'newest' || (start.kind === 'cursor' && start.cursor.direction === 'older') ? 'older' : 'newer';

    const lanes = await openLanes(wire, leaders, partitions, start, isolation, req.outOfRange ?? 'error', opts);
    await fill(wire, leaders, lanes, direction, pageSize, isolation, req, opts);
    const taken = merge(lanes, direction, pageSize);
    return finish(req.topic, isolation, lanes, taken, direction);
  } catch (e) {
    throw wireError(e, `Reading a page of "${req.topic}"`);
  }
}

function checkCursor(c: PageCursor, topic: string, isolation: IsolationLevel): void {
  const ok =
    c.v === 1 &&
    c.topic === topic &&
    (c.direction === 'older' || c.direction === 'newer') &&
    Array.isArray(c.positions) &&
    c.positions.length > 0 &&
    c.positions.every((p) => Number.isSafeInteger(p.partition) && Number.isSafeInteger(p.offset) && p.offset >= 0);
  if (!ok)
    throw new StackdeckError(
      'INVALID_INPUT',
      `The page cursor does not belong to topic "${topic}" or is damaged; start again from the newest or oldest page.`,
    );
  if (c.isolation !== isolation) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The page cursor was made reading ${c.isolation.replace('_', ' ')}; keep that setting to page on, or start again.`,
    );
  }
}

async function openLanes(
  wire: KafkaWire,
  leaders: TopicLeaders,
  partitions: readonly number[],
  start: PageStart,
  isolation: IsolationLevel,
  outOfRange: OutOfRangePolicy,
  opts: CallOptions,
): Promise<Lane[]> {
  const lane = (w: PartitionWatermarks, anchor: number, note: PagePartition['note']): Lane => ({
    partition: w.partition,
    w,
    floor: w.logStartOffset,
    ceiling: endOffset(w, isolation),
    anchor,
    reach: anchor,
    records: [],
    note,
  });
  if (start.kind === 'newest' || start.kind === 'cursor') {
    const marks = await fetchWatermarks(wire, leaders, partitions, opts);
    return marks.map((w) => {
      const end = endOffset(w, isolation);
      if (start.kind === 'newest') return lane(w, end, null);
      const at = start.cursor.positions.find((p) => p.partition === w.partition)?.offset ?? end;
      const clamped = Math.min(end, Math.max(w.logStartOffset, at));
      return lane(w, clamped, clamped === at ? null : 'cursor-clamped');
    });
  }
  const position =
    start.kind === 'oldest'
      ? ({ kind: 'earliest' } as const)
      : start.kind === 'offset'
        ? ({ kind: 'offset', offset: start.offset } as const)
        : ({ kind: 'timestamp', timestamp: start.timestamp } as const);
  const resolved = await resolveStarts(
    wire,
    leaders,
    partitions.map((partition) => ({ partition, start: position })),
    isolation,
    outOfRange,
    opts,
  );
  return resolved.map((r) => lane(r.watermarks, r.offset, r.note));
}

/** Reads rounds until the lanes hold pageSize records or every lane hit its floor/ceiling. */
async function fill(
  wire: KafkaWire,
  leaders: TopicLeaders,
  lanes: Lane[],
  direction: 'older' | 'newer',
  pageSize: number,
  isolation: IsolationLevel,
  tuning: ReaderTuning,
  opts: CallOptions,
): Promise<void> {
  let stride = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const have = lanes.reduce((s, l) => s + l.records.length, 0);
    const need = pageSize - have;
    const open = lanes.filter((l) => (direction === 'older' ? l.reach > l.floor : l.reach < l.ceiling));
    if (need <= 0 || open.length === 0) return;
    // Grow the stride when a round came back short (gaps, markers, aborted data).
    stride = Math.max(Math.ceil(need / open.length), stride * 2);
    const ranges = open.map((l) =>
      direction === 'older'
        ? { partition: l.partition, from: Math.max(l.floor, l.reach - stride), until: l.reach }
        : { partition: l.partition, from: l.reach, until: Math.min(l.ceiling, l.reach + stride) },
    );
    const reader = new PartitionReader(wire, leaders, ranges, {
      ...tuning,
      isolation,
      outOfRange: 'clamp',
      signal: opts.signal,
      deadline: opts.deadline,
    });
    const got = new Map<number, KafkaRecord[]>();
    for await (const chunk of reader) {
      const list = got.get(chunk.partition);
      if (list) list.push(...chunk.records);
      else got.set(chunk.partition, chunk.records);
    }
    for (const [i, l] of open.entries()) {
      const r = ranges[i];
      if (!r) continue;
      const fresh = got.get(l.partition) ?? [];
      if (direction === 'older') {
        l.records = fresh.concat(l.records);
        l.reach = r.from;
      } else {
        l.records = l.records.concat(fresh);
        l.reach = r.until;
      }
    }
  }
}

/**
 * k-way merge on partition heads: for 'older', repeatedly take the newest
 * remaining tail record; for 'newer', the oldest remaining head. Ties go to
 * the lower partition. Returns records in page order and marks lane use.
 */
function merge(lanes: Lane[], direction: 'older' | 'newer', pageSize: number): KafkaRecord[] {
  const idx = lanes.map((l) => (direction === 'older' ? l.records.length - 1 : 0));
  const out: KafkaRecord[] = [];
  while (out.length < pageSize) {
    let best = -1;
    let bestTs = 0;
    for (let i = 0; i < lanes.length; i++) {
      const rec = lanes[i]?.records[idx[i] ?? -1];
      if (!rec) continue;
      if (best < 0 || (direction === 'older' ? rec.timestamp > bestTs : rec.timestamp < bestTs)) {
        best = i;
        bestTs = rec.timestamp;
      }
    }
    if (best < 0) break;
    const rec = lanes[best]?.records[idx[best] ?? -1];
    if (!rec) break;
    out.push(rec);
    idx[best] = (idx[best] ?? 0) + (direction === 'older' ? -1 : 1);
  }
  return out;
}

function finish(
  topic: string,
  isolation: IsolationLevel,
  lanes: Lane[],
  taken: KafkaRecord[],
  direction: 'older' | 'newer',
): Page {
  const count = new Map<number, number>();
  const lowest = new Map<number, number>();
  const highest = new Map<number, number>();
  for (const r of taken) {
    count.set(r.partition, (count.get(r.partition) ?? 0) + 1);
    lowest.set(r.partition, Math.min(lowest.get(r.partition) ?? Infinity, r.offset));
    highest.set(r.partition, Math.max(highest.get(r.partition) ?? -1, r.offset));
  }
  // Per partition the page covers [lo, hi): everything below lo is older, everything from hi on is newer.
  // When every record read from a lane made it onto the page, the page also covers the
  // invisible stretch read with them (markers, aborted data, compacted gaps) up to the reach.
  const span = lanes.map((l) => {
    const all = (count.get(l.partition) ?? 0) === l.records.length;
    if (direction === 'older') return { l, lo: all ? l.reach : (lowest.get(l.partition) ?? l.anchor), hi: l.anchor };
    const top = highest.get(l.partition);
    return { l, lo: l.anchor, hi: all ? l.reach : top === undefined ? l.anchor : top + 1 };
  });
  const cursor = (dir: 'older' | 'newer', pick: (s: (typeof span)[number]) => number): PageCursor => ({
    v: 1,
    topic,
    isolation,
    direction: dir,
    positions: span.map((s) => ({ partition: s.l.partition, offset: pick(s) })),
  });
  const anyOlder = span.some((s) => s.lo > s.l.floor);
  const anyNewer = span.some((s) => s.hi < s.l.ceiling);
  return {
    records: taken,
    order: direction === 'older' ? 'newest-first' : 'oldest-first',
    older: anyOlder ? cursor('older', (s) => s.lo) : null,
    newer: anyNewer ? cursor('newer', (s) => s.hi) : null,
    partitions: span.map((s) => ({
      partition: s.l.partition,
      watermarks: s.l.w,
      from: s.lo,
      until: s.hi,
      note: s.l.note,
    })),
  };
}
