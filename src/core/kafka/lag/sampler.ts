/**
 * The lag sampler: records consumer-group lag per group, topic and partition
 * at an interval, with production/consumption rates and a catch-up estimate,
 * persists samples (LagSink, e.g. store/LagHistory) and pushes them to
 * subscribers (a stream forwards them to the renderer; no polling from the UI).
 *
 * Schedule (one timer, one connection): every `watchedIntervalMs` (10 s) the
 * watched groups are sampled, every `allIntervalMs` (60 s) all groups are; an
 * "all" tick includes the watched groups, so each tick is exactly one round of
 * [ListGroups] + OffsetFetch per coordinator + ListOffsets per leader (+ one
 * Fetch per leader for the watched groups' time lag). A tick that is still
 * running when the next is due makes that one skip: work never piles up.
 */
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions } from '../groups/call';
import { type GroupLagSnapshot, type LagSnapshot, maxOrNull, sumOrNull } from '../groups/model';
import type { SnapshotOptions } from '../groups/service';
import { type CatchUp, RateTracker, catchUp } from './rates';
import { EventQueue } from './subscription';
import type { LagSampleRow } from '../../store';

/** Where snapshots come from: ConsumerGroups implements it. */
export interface LagSource {
  lagSnapshot(opts: SnapshotOptions): Promise<LagSnapshot>;
}

/** Where samples go: store/LagHistory implements it (lag/ uses only the store's row type, no store code). */
export interface LagSink {
  record(rows: readonly LagRow[]): number;
  maintain?(): unknown;
}

/** One persisted row; partition -1 is the group's total over the topic. The store's row type, so a sink is the store. */
export type LagRow = LagSampleRow;

export interface TopicLagSample {
  topic: string;
  lag: number | null;
  timeLagMs: number | null;
  endOffset: number | null;
  committed: number | null;
  productionRate: number | null;
  consumptionRate: number | null;
}

export interface GroupLagSample {
  cluster: string;
  groupId: string;
  ts: number;
  /** The sampling interval this group is on (10 s watched, 60 s otherwise): charts use it to tell gaps. */
  stepMs: number;
  state: string | null;
  totalLag: number | null;
  /** Max over partitions; only measured for watched groups (null otherwise). */
  timeLagMs: number | null;
  productionRate: number | null;
  consumptionRate: number | null;
  catchUp: CatchUp;
  topics: TopicLagSample[];
  /** Per-partition offsets, for the skew bars. */
  partitions: GroupLagSnapshot['partitions'];
  error: string | null;
}

export interface LagTick {
  cluster: string;
  ts: number;
  kind: 'watched' | 'all';
  groups: GroupLagSample[];
  durationMs: number;
  /** Set when the round failed as a whole (broker down); charts then show a gap. */
  error: string | null;
}

export interface LagSamplerOptions {
  watchedIntervalMs?: number;
  allIntervalMs?: number;
  /** Sample every group every allIntervalMs; false = watched groups only. */
  sampleAll?: boolean;
  /** Per-partition rows in the store: for watched groups (default), all groups, or none. */
  partitionRows?: 'watched' | 'all' | 'none';
  /** How long one tick may take before it is abandoned. */
  tickTimeoutMs?: number;
  maintainEveryMs?: number;
  /** Samples buffered per slow subscriber before the oldest are dropped. */
  subscriberBuffer?: number;
}

export interface LagSamplerDeps {
  /** Connection id; stored with every sample. */
  cluster: string;
  source: LagSource;
  sink?: LagSink;
  now?: () => number;
  log?: (message: string) => void;
  options?: LagSamplerOptions;
}

export interface SamplerStats {
  ticks: number;
  skipped: number;
  failures: number;
  lastDurationMs: number | null;
  lastError: string | null;
}

type Listener = (tick: LagTick) => void;

export class LagSampler {
  private readonly o: Required<LagSamplerOptions>;
  private readonly now: () => number;
  private readonly rates = new RateTracker();
  private readonly watched = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  private readonly queues = new Set<EventQueue<GroupLagSample>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<LagTick | null> | null = null;
  private abort: AbortController | null = null;
  private lastAll = -Infinity;
  private lastMaintain: number;
  readonly stats: SamplerStats = { ticks: 0, skipped: 0, failures: 0, lastDurationMs: null, lastError: null };

  constructor(private readonly deps: LagSamplerDeps) {
    const o = deps.options ?? {};
    this.o = {
      watchedIntervalMs: o.watchedIntervalMs ?? 10_000,
      allIntervalMs: o.allIntervalMs ?? 60_000,
      sampleAll: o.sampleAll ?? true,
      partitionRows: o.partitionRows ?? 'watched',
      tickTimeoutMs: o.tickTimeoutMs ?? 30_000,
      maintainEveryMs: o.maintainEveryMs ?? 5 * 60_000,
      subscriberBuffer: o.subscriberBuffer ?? 256,
    };
    this.now = deps.now ?? Date.now;
    this.lastMaintain = this.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.due(), this.o.watchedIntervalMs);
    // The sampler must never keep a process (a test, the web server at shutdown) alive.
    this.timer.unref();
    void this.due();
  }

  /** Stops the timer, cancels the tick in flight and waits for it to settle. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const stopped = new StackdeckError(
      'CANCELLED',
      'Lag sampling for this connection stopped (it was disconnected or changed); open the chart again to resume.',
    );
    this.abort?.abort(stopped);
    // Live charts end with an error instead of waiting forever for samples that will never come.
    for (const q of [...this.queues]) q.fail(stopped);
    await this.running?.catch(() => undefined);
  }

  /** Samples `groupId` every watchedIntervalMs until the returned function is called (reference counted). */
  watch(groupId: string): () => void {
    this.watched.set(groupId, (this.watched.get(groupId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.watched.get(groupId) ?? 1) - 1;
      if (n <= 0) this.watched.delete(groupId);
      else this.watched.set(groupId, n);
    };
  }

  watchedGroups(): string[] {
    return [...this.watched.keys()];
  }

  /** Every tick, as it completes. Returns the unsubscribe function; also ends when `signal` aborts. */
  subscribe(listener: Listener, signal?: AbortSignal): () => void {
    this.listeners.add(listener);
    const off = (): void => {
      this.listeners.delete(listener);
    };
    signal?.addEventListener('abort', off, { once: true });
    return off;
  }

  /**
   * Samples of the given groups (all if omitted) as an async iterator, until
   * `signal` aborts or the consumer stops iterating. Subscribing to groups
   * watches them for the duration (10 s samples with time lag).
   */
  samples(
    opts: { signal?: AbortSignal; groupIds?: readonly string[]; watch?: boolean } = {},
  ): EventQueue<GroupLagSample> {
    const only = opts.groupIds ? new Set(opts.groupIds) : null;
    const unwatch = only && opts.watch !== false ? [...only].map((g) => this.watch(g)) : [];
    let off: () => void = () => undefined;
    const queue = new EventQueue<GroupLagSample>(
      this.o.subscriberBuffer,
      () => {
        off();
        this.queues.delete(queue);
        for (const u of unwatch) u();
      },
      opts.signal,
    );
    this.queues.add(queue);
    off = this.subscribe((tick) => {
      for (const g of tick.groups) if (!only || only.has(g.groupId)) queue.push(g);
    });
    return queue;
  }

  /** Runs a tick now if none is running (tests, "refresh"); null when one was already in flight. */
  async tick(kind?: 'watched' | 'all'): Promise<LagTick | null> {
    if (this.running) {
      this.stats.skipped++;
      return null;
    }
    const k = kind ?? (this.o.sampleAll && this.now() - this.lastAll >= this.o.allIntervalMs ? 'all' : 'watched');
    this.running = this.runTick(k).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async due(): Promise<void> {
    const needAll = this.o.sampleAll && this.now() - this.lastAll >= this.o.allIntervalMs;
    if (!needAll && this.watched.size === 0) return;
    await this.tick(needAll ? 'all' : 'watched').catch((e: unknown) => this.deps.log?.(`lag sampler: ${String(e)}`));
  }

  private async runTick(kind: 'watched' | 'all'): Promise<LagTick> {
    const started = this.now();
    if (kind === 'all') this.lastAll = started;
    const watched = new Set(this.watched.keys());
    const ac = new AbortController();
    this.abort = ac;
    const call: CallOptions = { signal: ac.signal, deadline: Date.now() + this.o.tickTimeoutMs };
    let tick: LagTick;
    try {
      const snap = await this.deps.source.lagSnapshot({
        ...call,
        ...(kind === 'watched' ? { groupIds: [...watched] } : {}),
        timeLag: [...watched],
      });
      tick = this.toTick(snap, kind, watched, started);
      if (kind === 'all') this.rates.retain(new Set(snap.groups.map((g) => g.groupId)));
      this.persist(tick, watched);
      this.stats.lastError = null;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.stats.failures++;
      this.stats.lastError = message;
      tick = {
        cluster: this.deps.cluster,
        ts: started,
        kind,
        groups: [],
        durationMs: this.now() - started,
        error: message,
      };
    } finally {
      this.abort = null;
    }
    this.stats.ticks++;
    this.stats.lastDurationMs = tick.durationMs;
    for (const l of this.listeners) {
      try {
        l(tick);
      } catch (e) {
        // A failing subscriber must not stop sampling for the others.
        this.deps.log?.(`lag sampler subscriber: ${String(e)}`);
      }
    }
    this.maybeMaintain();
    return tick;
  }

  private toTick(snap: LagSnapshot, kind: 'watched' | 'all', watched: ReadonlySet<string>, started: number): LagTick {
    const groups = snap.groups.map((g): GroupLagSample => {
      const stepMs = watched.has(g.groupId) ? this.o.watchedIntervalMs : this.o.allIntervalMs;
      const topicRates = this.rates.observe(g.groupId, snap.takenAt, g.partitions);
      const byTopic = new Map<string, GroupLagSnapshot['partitions']>();
      for (const p of g.partitions) {
        const arr = byTopic.get(p.topic);
        if (arr) arr.push(p);
        else byTopic.set(p.topic, [p]);
      }
      const topics = [...byTopic].map(([topic, ps]): TopicLagSample => {
        const r = topicRates.get(topic);
        return {
          topic,
          lag: sumOrNull(ps.map((p) => p.lag)),
          timeLagMs: maxOrNull(ps.map((p) => p.timeLagMs)),
          endOffset: sumOrNull(ps.map((p) => p.end)),
          committed: sumOrNull(ps.map((p) => p.committed)),
          productionRate: r?.productionRate ?? null,
          consumptionRate: r?.consumptionRate ?? null,
        };
      });
      const totalLag = sumOrNull(topics.map((t) => t.lag));
      const productionRate = sumOrNull(topics.map((t) => t.productionRate));
      const consumptionRate = sumOrNull(topics.map((t) => t.consumptionRate));
      return {
        cluster: this.deps.cluster,
        groupId: g.groupId,
        ts: snap.takenAt,
        stepMs,
        state: g.state,
        totalLag,
        timeLagMs: watched.has(g.groupId) ? maxOrNull(topics.map((t) => t.timeLagMs)) : null,
        productionRate,
        consumptionRate,
        catchUp: catchUp(totalLag, productionRate, consumptionRate),
        topics,
        partitions: g.partitions,
        error: g.error,
      };
    });
    return {
      cluster: this.deps.cluster,
      ts: snap.takenAt,
      kind,
      groups,
      durationMs: this.now() - started,
      error: null,
    };
  }

  private persist(tick: LagTick, watched: ReadonlySet<string>): void {
    const sink = this.deps.sink;
    if (!sink) return;
    const rows: LagRow[] = [];
    for (const g of tick.groups) {
      // A group whose offsets could not be read leaves a gap rather than a false zero.
      if (g.error) continue;
      const base = { cluster: g.cluster, groupId: g.groupId, ts: g.ts, stepMs: g.stepMs };
      for (const t of g.topics) {
        rows.push({
          ...base,
          topic: t.topic,
          partition: -1,
          lag: t.lag,
          endOffset: t.endOffset,
          committed: t.committed,
          timeLagMs: t.timeLagMs,
          productionRate: t.productionRate,
          consumptionRate: t.consumptionRate,
        });
      }
      const perPartition =
        this.o.partitionRows === 'all' || (this.o.partitionRows === 'watched' && watched.has(g.groupId));
      if (!perPartition) continue;
      for (const p of g.partitions) {
        rows.push({
          ...base,
          topic: p.topic,
          partition: p.partition,
          lag: p.lag,
          endOffset: p.end,
          committed: p.committed,
          timeLagMs: p.timeLagMs,
          productionRate: null,
          consumptionRate: null,
        });
      }
    }
    try {
      sink.record(rows);
    } catch (e) {
      // The store fails safe on its own; anything else is logged, never fatal to sampling.
      this.deps.log?.(`lag sampler: storing samples failed: ${String(e)}`);
    }
  }

  private maybeMaintain(): void {
    const sink = this.deps.sink;
    if (!sink?.maintain || this.now() - this.lastMaintain < this.o.maintainEveryMs) return;
    this.lastMaintain = this.now();
    try {
      sink.maintain();
    } catch (e) {
      this.deps.log?.(`lag sampler: store maintenance failed: ${String(e)}`);
    }
  }
}
