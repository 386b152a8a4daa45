/**
 * The `kafka.groups.*` and `kafka.lag.*` handlers: wiring of ConsumerGroups,
 * LagSampler and LagHistory into the Kafka area.
 *
 * - One ConsumerGroups + one LagSampler per connection, built on the
 *   connection's shared KafkaWire the first time groups or lag are used, and
 *   stopped when the connection's client is released (disconnect, edit, quit).
 * - One app-wide LagHistory at `<userDataDir>/store/lag-history.db`, opened on
 *   first use and closed on dispose.
 * - Samples are stored under the connection's profile id as the `cluster`
 *   key. Why not the Kafka cluster id: it would need a metadata round before
 *   the first sample and history could not be read while the cluster is down;
 *   the profile id is known offline and is what the UI asks by. The cost: a
 *   deleted and re-created profile starts a new history.
 * - Groups list paging (10k+ groups): ListGroups (one request per broker)
 *   gives every id, state and protocol type; filter, sort and page happen on
 *   that, and only the page's groups get DescribeGroups + OffsetFetch +
 *   ListOffsets. Sorting by lag across all groups uses the sampler's last
 *   round (it samples every group every 60 s), since computing live lag for
 *   10k groups per keystroke is what makes other tools slow.
 */
import { join } from 'node:path';
import { StackdeckError } from '../../../shared/errors';
import type { ConsumerGroupSummary, LagTrend } from '../../../shared/contract/kafka/groups';
import type { Handlers } from '../../handler';
import type { KafkaAreaDeps, KafkaSlice, KafkaSliceFactory } from '../area';
import { LagSampler, type LagTick } from '../lag';
import { LagHistory, type LagPoint } from '../../store';
import { END_OFFSET_KIND } from './model';
import { ConsumerGroups } from './service';
import type { KafkaWire } from '../protocol';

/** Last totals kept per group for the list's trend sparkline. */
const TREND_POINTS = 12;
/** Upper bound on breakdown series returned at once (one query each). */
const MAX_SERIES = 64;

interface Runtime {
  wire: KafkaWire;
  groups: ConsumerGroups;
  sampler: LagSampler;
  trends: Map<string, Array<number | null>>;
}

function intervalFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? NaN : Number(raw);
  // Below 500 ms a tick would overlap the next on any real cluster.
  return Number.isFinite(n) && n >= 500 ? n : fallback;
}

export function trendOf(recent: ReadonlyArray<number | null>): LagTrend {
  const known = recent.filter((v): v is number => v !== null);
  const first = known[0];
  const last = known[known.length - 1];
  if (first === undefined || last === undefined || known.length < 2)
    return { recent: [...recent], direction: 'unknown' };
  const direction = last > first ? 'rising' : last < first ? 'falling' : 'flat';
  return { recent: [...recent], direction };
}

export const groupsSlice: KafkaSliceFactory = (deps: KafkaAreaDeps): KafkaSlice => {
  const watchedIntervalMs = intervalFromEnv('STACKDECK_LAG_INTERVAL_MS', 10_000);
  const allIntervalMs = Math.max(watchedIntervalMs, intervalFromEnv('STACKDECK_LAG_ALL_INTERVAL_MS', 60_000));
  const runtimes = new Map<string, Promise<Runtime>>();
  let history: LagHistory | null = null;
  let disposed = false;

  const store = (): LagHistory => {
    if (disposed) throw new StackdeckError('CANCELLED', 'Stackdeck is shutting down.');
    history ??= new LagHistory({ dataDir: join(deps.userDataDir, 'store'), fileName: 'lag-history.db' });
    return history;
  };

  async function build(connectionId: string): Promise<Runtime> {
    const conn = await deps.connections.get(connectionId);
    const groups = new ConsumerGroups({ wire: conn.wire });
    const sampler = new LagSampler({
      cluster: connectionId,
      source: groups,
      sink: store(),
      options: { watchedIntervalMs, allIntervalMs },
    });
    const trends = new Map<string, Array<number | null>>();
    sampler.subscribe((tick: LagTick) => {
      for (const g of tick.groups) {
        const arr = trends.get(g.groupId) ?? [];
        arr.push(g.totalLag);
        if (arr.length > TREND_POINTS) arr.splice(0, arr.length - TREND_POINTS);
        trends.set(g.groupId, arr);
      }
      if (tick.kind === 'all' && tick.error === null) {
        // Forget deleted groups so the map stays bounded by the cluster's group count.
        const seen = new Set(tick.groups.map((g) => g.groupId));
        for (const id of trends.keys()) if (!seen.has(id)) trends.delete(id);
      }
    });
    sampler.start();
    deps.connections.onRelease(connectionId, async () => {
      runtimes.delete(connectionId);
      await sampler.stop();
    });
    return { wire: conn.wire, groups, sampler, trends };
  }

  /** The connection's runtime; rebuilt when the connection got a new client (and so a new wire). */
  async function runtime(connectionId: string): Promise<Runtime> {
    const existing = runtimes.get(connectionId);
    if (existing) {
      const rt = await existing.catch(() => null);
      if (rt) {
        const conn = await deps.connections.get(connectionId);
        if (conn.wire === rt.wire) return rt;
        await rt.sampler.stop();
      }
      if (runtimes.get(connectionId) === existing) runtimes.delete(connectionId);
    }
    let pending = runtimes.get(connectionId);
    if (!pending) {
      pending = build(connectionId);
      runtimes.set(connectionId, pending);
      pending.catch(() => runtimes.delete(connectionId));
    }
    return pending;
  }

  const handlers: Partial<Handlers> = {
    'kafka.groups.list': async (input, ctx) => {
      const rt = await runtime(input.connectionId);
      const { groups: listed, failedBrokers } = await rt.groups.wire.listGroups(ctx);
      const needle = input.filter.trim().toLowerCase();
      // `topic:orders` matches groups subscribed to, or with offsets committed for, a topic containing "orders".
      const topicNeedle = needle.startsWith('topic:') ? needle.slice('topic:'.length).trim() : null;
      const states = input.states && input.states.length > 0 ? new Set(input.states) : null;
      let matching = listed.filter(
        (g) =>
          (topicNeedle !== null || !needle || g.groupId.toLowerCase().includes(needle)) &&
          (!states || states.has(g.state ?? '')),
      );
      // A topic filter needs every candidate described (members' subscriptions, committed offsets), not just the page.
      let described: Map<string, Omit<ConsumerGroupSummary, 'trend'>> | null = null;
      if (topicNeedle) {
        const all =
          matching.length > 0 ? await rt.groups.list({ ...ctx, groupIds: matching.map((g) => g.groupId) }) : null;
        described = new Map((all?.groups ?? []).map((g) => [g.groupId, g]));
        const byTopic = described;
        matching = matching.filter((g) => {
          const d = byTopic.get(g.groupId);
          return (
            d !== undefined &&
            [...d.subscribedTopics, ...d.committedTopics].some((t) => t.toLowerCase().includes(topicNeedle))
          );
        });
      }
      const lastLag = (id: string): number | null => {
        const arr = rt.trends.get(id);
        return arr && arr.length > 0 ? (arr[arr.length - 1] ?? null) : null;
      };
      const dir = input.desc ? -1 : 1;
      let sortNote: string | null = null;
      matching.sort((a, b) => {
        if (input.sort === 'state')
          return dir * (a.state ?? '').localeCompare(b.state ?? '') || a.groupId.localeCompare(b.groupId);
        if (input.sort === 'lag') {
          const la = lastLag(a.groupId);
          const lb = lastLag(b.groupId);
          // Groups not sampled yet go last in either direction.
          if (la === null || lb === null) return la === lb ? a.groupId.localeCompare(b.groupId) : la === null ? 1 : -1;
          return dir * (la - lb) || a.groupId.localeCompare(b.groupId);
        }
        return dir * a.groupId.localeCompare(b.groupId);
      });
      if (input.sort === 'lag')
        sortNote = `Sorted by total lag from the last sampling round (all groups every ${Math.round(allIntervalMs / 1000)} s); groups not sampled yet are last.`;
      if (input.sort === 'members') sortNote = 'Sorted by members within this page.';
      const page = matching.slice(input.offset, input.offset + input.limit);
      const detail =
        described === null && page.length > 0
          ? await rt.groups.list({ ...ctx, groupIds: page.map((g) => g.groupId) })
          : null;
      const byId = described ?? new Map((detail?.groups ?? []).map((g) => [g.groupId, g]));
      let groups: ConsumerGroupSummary[] = page.map((g) => {
        const d = byId.get(g.groupId);
        const base = d ?? {
          groupId: g.groupId,
          state: g.state ?? 'Unknown',
          type: g.type ?? 'classic',
          protocolType: g.protocolType,
          protocol: '',
          coordinator: g.coordinator,
          members: 0,
          subscribedTopics: [],
          committedTopics: [],
          totalLag: null,
          committedPartitions: 0,
          error: 'not described',
        };
        return { ...base, trend: trendOf(rt.trends.get(g.groupId) ?? []) };
      });
      if (input.sort === 'members')
        groups = groups.sort((a, b) => dir * (a.members - b.members) || a.groupId.localeCompare(b.groupId));
      return {
        groups,
        total: matching.length,
        unfiltered: listed.length,
        endOffsetKind: END_OFFSET_KIND,
        sortNote,
        failedBrokers,
        fetchedAt: Date.now(),
      };
    },

    'kafka.groups.describe': async (input, ctx) => {
      const rt = await runtime(input.connectionId);
      return rt.groups.describe(input.groupId, { ...ctx, timeLag: input.timeLag });
    },

    'kafka.groups.delete': async (input, ctx) => {
      const rt = await runtime(input.connectionId);
      await rt.groups.deleteGroup(input.groupId, ctx);
      rt.trends.delete(input.groupId);
      return { groupId: input.groupId, deleted: true as const };
    },

    'kafka.groups.offsets.plan': async (input, ctx) => {
      const rt = await runtime(input.connectionId);
      const plan = await rt.groups.planReset({ groupId: input.groupId, topics: input.topics, spec: input.spec }, ctx);
      return { ...plan, endOffsetKind: END_OFFSET_KIND };
    },

    'kafka.groups.offsets.reset': async (input, ctx) => {
      const rt = await runtime(input.connectionId);
      const result = await rt.groups.executeReset(
        { groupId: input.groupId, topics: input.topics, spec: input.spec },
        ctx,
      );
      // A fresh sample right away, so a watched chart shows the new lag without waiting a whole interval.
      if (rt.sampler.watchedGroups().includes(input.groupId)) void rt.sampler.tick('watched').catch(() => undefined);
      return {
        groupId: result.groupId,
        groupState: 'Empty',
        canExecute: true,
        blockedReason: null,
        rows: result.rows,
        endOffsetKind: END_OFFSET_KIND,
      };
    },

    'kafka.lag.history': async (input) => {
      const h = store();
      const base = {
        cluster: input.connectionId,
        groupId: input.groupId,
        range: input.range,
        maxPoints: input.maxPoints,
      };
      const total = h.query(base);
      const series: Array<{ topic: string; partition: number | null; points: LagPoint[] }> = [];
      if (input.breakdown !== 'total') {
        const wanted = h
          .seriesOf(input.connectionId, input.groupId)
          .filter((s) =>
            input.breakdown === 'topic'
              ? s.partition === -1
              : s.partition >= 0 && (input.topic === undefined || s.topic === input.topic),
          )
          .slice(0, MAX_SERIES);
        for (const s of wanted) {
          const q =
            input.breakdown === 'topic'
              ? h.query({ ...base, topic: s.topic })
              : h.query({ ...base, topic: s.topic, partition: s.partition });
          series.push({
            topic: s.topic,
            partition: input.breakdown === 'topic' ? null : s.partition,
            points: q.points,
          });
        }
      }
      return {
        from: total.from,
        to: total.to,
        bucketMs: total.bucketMs,
        total: total.points,
        series,
        gaps: total.gaps,
        endOffsetKind: END_OFFSET_KIND,
      };
    },

    'kafka.lag.watch': async (input, ctx) => {
      const rt = await runtime(input.connectionId);
      const queue = rt.sampler.samples({ groupIds: [input.groupId], signal: ctx.signal });
      // First point now rather than one interval later (skipped if a tick is already running).
      void rt.sampler.tick('watched').catch(() => undefined);
      for await (const sample of queue) ctx.emit(sample);
    },

    'kafka.lag.status': async (input) => {
      const h = store();
      const s = h.status;
      const { rows, bytes } = h.stats();
      const message =
        s.state === 'recovered'
          ? `The lag history file was damaged (${s.reason}); it was set aside as ${s.setAside} and a new one started.`
          : s.state === 'memory'
            ? `Lag history cannot be written to disk (${s.reason}); samples are kept in memory until Stackdeck restarts.`
            : s.state === 'degraded'
              ? `Lag history stopped being written to disk (${s.reason}); new samples are kept in memory until Stackdeck restarts.`
              : null;
      return { state: s.state, message, rows, bytes, cluster: input.connectionId, watchedIntervalMs, allIntervalMs };
    },
  };

  return {
    handlers,
    async dispose() {
      disposed = true;
      const all = [...runtimes.values()];
      runtimes.clear();
      await Promise.all(all.map(async (p) => (await p.catch(() => null))?.sampler.stop()));
      history?.close();
      history = null;
    },
  };
};
