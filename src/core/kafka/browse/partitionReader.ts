/**
 * PartitionReader: reads chosen partitions of a topic without a consumer group.
 *
 * It is what `assign()` + `seek()` is to the Java consumer, over kafkajs's
 * broker connections: Fetch requests straight to each partition leader,
 * sessionless (no fetch session), never JoinGroup/OffsetCommit, so nothing is
 * left on the cluster. It is an async iterator that only fetches when pulled
 * (at most one fetch in flight per leader plus the response being decoded), so
 * memory stays bounded by ~2 x the response budget whatever the topic size.
 *
 * Handles: leader changes (NOT_LEADER_OR_FOLLOWER, fenced epochs, dropped
 * connections: refresh metadata, back off, retry), OFFSET_OUT_OF_RANGE (error
 * or clamp), compacted gaps and control records (offsets advance by batch, not
 * by record count), aborted transactions (READ_COMMITTED by default), large
 * records (the partition order rotates so each partition is served first in
 * turn, which lets its batch exceed the byte limits per KIP-74; a broker that
 * returns a partial batch instead gets a bigger limit next time), cancellation
 * (AbortSignal stops waiting at once; a broker long-poll is capped by
 * maxWaitMs) and deadlines. A bounded read has no default deadline: pass one,
 * or a signal, for anything a user waits on.
 */
import { StackdeckError, isStackdeckError } from '../../../shared/errors';
import { bounded, throwIfDone, type CallOptions } from '../protocol/call';
import { isLeadershipError, KafkaError, KafkaProtocolError } from '../protocol/errors';
import { FetchApi, type FetchedPartition } from '../protocol/fetch';
import type { IsolationLevel } from '../protocol/listOffsets';
import { decodeBatch, splitBatches, visibleBatches, type BatchView, type KafkaRecord } from '../protocol/records';
import { isConnectionError, wireError, type KafkaWire } from '../protocol/wire';
import { TopicLeaders, waitBeforeRetry } from './leaders';
import {
  DEFAULT_RESPONSE_BUDGET,
  responseBytesFor,
  type RangeReaderOptions,
  type ReadChunk,
  type ReadRange,
} from './readerOptions';
import { endOffset, fetchWatermarks, type OutOfRangePolicy } from './offsets';

interface PartitionState {
  readonly partition: number;
  next: number;
  readonly until: number;
  maxBytes: number;
  done: boolean;
  /** Consecutive empty responses while first in the request (see absorb()). */
  empties: number;
}

interface Decoded {
  readonly state: PartitionState;
  readonly from: number;
  /** state.next right after this response was absorbed. */
  readonly next: number;
  readonly batches: BatchView[];
  readonly fetched: FetchedPartition;
  readonly done: boolean;
}

interface Asked {
  readonly leader: number;
  /** partition -> fetch offset sent. */
  readonly asked: Map<number, number>;
  /** The partition sent first: the only one the broker must serve even when its first batch exceeds the byte limits. */
  readonly first: number;
}
type Outcome = (Asked & { ok: FetchedPartition[] }) | (Asked & { failed: unknown });

const MAX_EMPTY_FIRST = 5;
export class PartitionReader implements AsyncIterable<ReadChunk> {
  private readonly states: PartitionState[];
  private readonly isolation: IsolationLevel;
  private readonly outOfRange: OutOfRangePolicy;
  private started = false;
  private rotation = 0;

  /** Reads the given offset ranges; see openPartitionReader() to start from positions. */
  constructor(
    private readonly wire: KafkaWire,
    private readonly leaders: TopicLeaders,
    ranges: readonly ReadRange[],
    private readonly options: RangeReaderOptions = {},
  ) {
    this.isolation = options.isolation ?? 'read_committed';
    this.outOfRange = options.outOfRange ?? 'error';
    const maxBytes = options.partitionMaxBytes ?? 1024 * 1024;
    this.states = ranges.map((r) => ({
      partition: r.partition,
      next: r.from,
      until: r.until ?? Infinity,
      maxBytes,
      done: r.until !== null && r.from >= r.until,
      empties: 0,
    }));
  }

  get topic(): string {
    return this.leaders.topic;
  }

  /** Current resume positions (plain data: usable as a cursor). */
  positions(): Array<{ partition: number; nextOffset: number; done: boolean }> {
    return this.states.map((s) => ({ partition: s.partition, nextOffset: s.next, done: s.done }));
  }

  [Symbol.asyncIterator](): AsyncIterator<ReadChunk> {
    if (this.started) throw new Error('A PartitionReader can be iterated once.');
    this.started = true;
    return this.run()[Symbol.asyncIterator]();
  }

  private async *run(): AsyncGenerator<ReadChunk> {
    const opts: CallOptions = { signal: this.options.signal, deadline: this.options.deadline };
    const what = `Reading "${this.topic}"`;
    const inflight = new Map<number, Promise<Outcome>>();
    let failures = 0;
    try {
      await this.leaders.load(opts);
      for (;;) {
        throwIfDone(opts, what);
        const active = this.states.filter((s) => !s.done);
        if (active.length === 0) return;
        // Launch a fetch for every leader that has work and nothing in flight.
        const busy = new Set<number>();
        for (const [leader] of inflight) busy.add(leader);
        const leaderless: PartitionState[] = [];
        for (const [leader, parts] of this.leaders.byLeader(active.map((s) => s.partition))) {
          if (leader < 0) {
            leaderless.push(...active.filter((s) => parts.includes(s.partition)));
            continue;
          }
          if (busy.has(leader)) continue;
          // After a leader change a partition may also sit in an older fetch to its previous leader;
          // absorb() ignores whichever response arrives second (its offset no longer matches).
          inflight.set(
            leader,
            this.fetchFrom(
              leader,
              active.filter((s) => parts.includes(s.partition)),
            ),
          );
        }
        if (inflight.size === 0) {
          // Only leaderless partitions: wait for an election, then look again.
          failures++;
          await waitBeforeRetry(
            failures,
            opts,
            `Waiting for a leader of partition ${leaderless.map((s) => s.partition).join(', ')} of "${this.topic}"`,
          );
          await this.leaders.refresh(opts);
          continue;
        }
        const outcome = await bounded(Promise.race(inflight.values()), opts, what);
        inflight.delete(outcome.leader);
        if ('failed' in outcome) {
          if (isStackdeckError(outcome.failed) || !isConnectionError(outcome.failed)) throw outcome.failed;
          failures++;
          await waitBeforeRetry(failures, opts, what);
          await this.leaders.refresh(opts);
          continue;
        }
        const { decoded, refresh } = await this.absorb(outcome, opts);
        if (refresh) {
          failures++;
          await waitBeforeRetry(failures, opts, what);
          await this.leaders.refresh(opts);
        } else {
          failures = 0;
        }
        // Pipelining: the next fetch for this leader goes out before we decode and yield.
        if (!refresh) {
          const again = this.states.filter((s) => !s.done && this.leaders.leaderOf(s.partition) === outcome.leader);
          if (again.length > 0 && !inflight.has(outcome.leader))
            inflight.set(outcome.leader, this.fetchFrom(outcome.leader, again));
        }
        for (const d of decoded) {
          const records: KafkaRecord[] = [];
          const ctx = {
            topic: this.topic,
            partition: d.state.partition,
            fromOffset: d.from,
            untilOffset: d.state.until,
            copy: this.options.copyBuffers ?? true,
          };
          for (const b of d.batches) {
            try {
              await decodeBatch(b, ctx, records);
            } catch (e) {
              const tooLarge = isStackdeckError(e) && e.detail?.reason === 'batch-too-large';
              const batch = { partition: d.state.partition, offset: b.baseOffset, reason: tooLarge ? e.message : '' };
              if (!tooLarge || !this.options.onOversizeBatch?.(batch)) throw e;
            }
          }
          // An idle long-poll (tail mode) says nothing new: no chunk for it.
          if (records.length === 0 && !d.done && d.next === d.from) continue;
          yield {
            topic: this.topic,
            partition: d.state.partition,
            records,
            nextOffset: d.next,
            highWatermark: d.fetched.highWatermark,
            lastStableOffset: d.fetched.lastStableOffset,
            logStartOffset: d.fetched.logStartOffset,
            done: d.done,
          };
        }
      }
    } catch (e) {
      throw wireError(e, what);
    } finally {
      // Late responses are dropped; swallow their rejections.
      for (const p of inflight.values()) p.catch(() => undefined);
    }
  }

  private fetchFrom(leader: number, unordered: PartitionState[]): Promise<Outcome> {
    // Rotate the partition order on every fetch. The broker fills partitions in
    // request order and only the first non-empty one may exceed its byte limit
    // (KIP-74); a later partition whose next batch does not fit comes back empty.
    // Rotating lets each partition lead in turn, as the Java consumer does.
    const shift = this.rotation++ % unordered.length;
    const states = unordered.slice(shift).concat(unordered.slice(0, shift));
    const asked = new Map(states.map((s) => [s.partition, s.next]));
    const first = states[0]?.partition ?? -1;
    const follow = states.some((s) => s.until === Infinity);
    const maxWaitMs = follow ? (this.options.maxWaitMs ?? 500) : 0;
    const work = this.wire.call(
      leader,
      FetchApi,
      {
        topic: this.topic,
        partitions: states.map((s) => ({ partition: s.partition, fetchOffset: s.next, maxBytes: s.maxBytes })),
        isolation: this.isolation,
        maxWaitMs,
        minBytes: follow ? 1 : 0,
        maxBytes: this.options.responseMaxBytes ?? this.defaultResponseBytes(),
      },
      { signal: this.options.signal, deadline: this.options.deadline, requestTimeoutMs: maxWaitMs + 30_000 },
    );
    return work.then(
      ({ value }): Outcome => ({ leader, asked, first, ok: value }),
      (failed: unknown): Outcome => ({ leader, asked, first, failed }),
    );
  }

  private defaultResponseBytes(): number {
    const leaders = new Set(this.states.filter((s) => !s.done).map((s) => this.leaders.leaderOf(s.partition))).size;
    return responseBytesFor(leaders, this.options.responseBudgetBytes ?? DEFAULT_RESPONSE_BUDGET);
  }

  /** Applies one fetch response to the partition states; returns what to decode and whether metadata is stale. */
  private async absorb(
    outcome: Extract<Outcome, { ok: FetchedPartition[] }>,
    opts: CallOptions,
  ): Promise<{ decoded: Decoded[]; refresh: boolean }> {
    const decoded: Decoded[] = [];
    let refresh = false;
    for (const fp of outcome.ok) {
      const state = this.states.find((s) => s.partition === fp.partition);
      const askedAt = outcome.asked.get(fp.partition);
      // Ignore a partition the state moved away from meanwhile (e.g. clamped after OFFSET_OUT_OF_RANGE).
      if (!state || state.done || askedAt !== state.next) continue;
      if (fp.error !== null) {
        if (isLeadershipError(fp.error.code)) {
          refresh = true;
        } else if (fp.error.code === KafkaError.OFFSET_OUT_OF_RANGE) {
          await this.outOfRangeAt(state, opts);
        } else {
          throw KafkaProtocolError.of(
            fp.error.code,
            `Reading partition ${fp.partition} of "${this.topic}"`,
            fp.error.message,
          );
        }
        continue;
      }
      const from = state.next;
      const split = splitBatches(fp.records, from);
      if (split.truncatedOnly) {
        const limit = this.options.partitionMaxBytesLimit ?? 64 * 1024 * 1024;
        if (state.maxBytes >= limit) {
          throw new StackdeckError(
            'SERVER_ERROR',
            `A record batch at offset ${from} of partition ${fp.partition} of "${this.topic}" is larger than ${limit} bytes, the most Stackdeck fetches at once.`,
          );
        }
        state.maxBytes = Math.min(limit, Math.max(state.maxBytes * 2, split.neededBytes));
        continue;
      }
      state.next = split.nextOffset;
      const end =
        this.isolation === 'read_committed' && fp.lastStableOffset >= 0 ? fp.lastStableOffset : fp.highWatermark;
      if (split.batches.length === 0 && state.until !== Infinity) {
        if (end <= state.next && (await this.confirmedEnd(state, opts)) <= state.next) {
          // The log ends before `until` now (truncated after an unclean election, or an LSO below it).
          state.done = true;
        } else if (outcome.first === fp.partition && ++state.empties >= MAX_EMPTY_FIRST) {
          // Served first, nothing returned, yet the log goes on: never seen on a sane broker; stop loudly, not silently.
          throw new StackdeckError(
            'SERVER_ERROR',
            `Partition ${fp.partition} of "${this.topic}" returns no records at offset ${state.next} although it ends at ${end}.`,
          );
        }
      } else {
        state.empties = 0;
      }
      if (state.next >= state.until) state.done = true;
      decoded.push({
        state,
        from,
        next: state.next,
        batches: visibleBatches(split.batches, this.isolation, fp.abortedTransactions),
        fetched: fp,
        done: state.done,
      });
    }
    return { decoded, refresh };
  }

  /**
   * The partition's end as ListOffsets gives it. Right after an election the new leader's high
   * watermark trails the old one's until its followers fetch again, so its Fetch answers end
   * early; ListOffsets answers OFFSET_NOT_AVAILABLE meanwhile (KIP-207), which is retried.
   */
  private async confirmedEnd(state: PartitionState, opts: CallOptions): Promise<number> {
    const [w] = await fetchWatermarks(this.wire, this.leaders, [state.partition], opts);
    return w ? endOffset(w, this.isolation) : -1;
  }

  private async outOfRangeAt(state: PartitionState, opts: CallOptions): Promise<void> {
    const [w] = await fetchWatermarks(this.wire, this.leaders, [state.partition], opts);
    if (!w) throw new StackdeckError('SERVER_ERROR', `No offsets for partition ${state.partition} of "${this.topic}".`);
    const end = endOffset(w, this.isolation);
    if (this.outOfRange === 'error') {
      throw new StackdeckError(
        'INVALID_INPUT',
        `Offset ${state.next} is no longer in partition ${state.partition} of "${this.topic}" (offsets now run from ${w.logStartOffset} to ${end}): the log was truncated or records were deleted by retention. Start again from a current offset.`,
        {
          topic: this.topic,
          partition: state.partition,
          offset: state.next,
          logStartOffset: w.logStartOffset,
          endOffset: end,
        },
      );
    }
    state.next = state.next < w.logStartOffset ? w.logStartOffset : end;
    if (state.next >= state.until) state.done = true;
  }
}
