/**
 * Consumer groups: list (scaling to 10k+ groups), detail with per-partition and
 * time lag, lag snapshots for the sampler, offset reset, delete.
 *
 * One service per Kafka connection, over the connection's protocol/KafkaWire
 * (shared with browse/, so one set of broker connections); see ConsumerGroupsDeps.
 */
import type { Kafka } from 'kafkajs';
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions } from './call';
import {
  END_OFFSET_KIND,
  type GroupDetail,
  type GroupListResult,
  type GroupMember,
  type GroupSummary,
  type LagSnapshot,
  type PartitionLag,
  lagOf,
  sumOrNull,
  topicTotals,
} from './model';
import { type ResetPlan, type ResetRequest, type ResetResult, ResetPlanner } from './reset';
import { KafkaWire, type KafkaWireOptions } from '../protocol/wire';
import { decodeSubscription } from './wire/consumerProtocol';
import { kipMember, toMember } from './members';
import { committedPartitions, type EndOffset, endOffsets } from './offsets';
import { fillSnapshotTimeLag, fillTimeLag } from './timeLag';
import type { KipGroup } from './wire/consumerGroupApis';
import { type DescribedGroup, GroupError, type GroupOffsets } from './wire/groupApis';
import { GroupsWire, type GroupsWireOptions, errorName as kafkaErrorName } from './wire/groupsWire';
import { tpKey } from './wire/partitionsWire';

export interface ListGroupsOptions extends CallOptions {
  /** Restrict to these groups (e.g. the visible page); ListGroups still runs once for states and coordinators. */
  groupIds?: readonly string[];
  /** Compute lag (OffsetFetch + ListOffsets). Default true; false gives a cheap first paint. */
  lag?: boolean;
}

export interface DescribeGroupOptions extends CallOptions {
  /** Read the next unconsumed record per lagging partition for time lag. Default true. */
  timeLag?: boolean;
}

export interface SnapshotOptions extends CallOptions {
  /** Only these groups (no ListGroups round); all groups when omitted. */
  groupIds?: readonly string[];
  /** Time lag for every group (true), for these groups (e.g. the watched ones), or none (default). */
  timeLag?: boolean | readonly string[];
}

export interface ConsumerGroupsDeps {
  /** The connection's protocol layer, shared with browse/ (one set of broker connections). */
  wire: KafkaWire;
  options?: GroupsWireOptions;
  now?: () => number;
  /** Disconnect `wire` on close(): true only when this service created it. */
  ownsWire?: boolean;
}

export class ConsumerGroups {
  readonly wire: GroupsWire;
  private readonly resets: ResetPlanner;
  private readonly now: () => number;

  constructor(private readonly deps: ConsumerGroupsDeps) {
    this.wire = new GroupsWire(deps.wire, deps.options);
    this.now = deps.now ?? Date.now;
    this.resets = new ResetPlanner(this.wire);
  }

  /** A standalone service over a kafkajs client (same brokers, TLS, SASL, timeouts), owning its own KafkaWire. */
  static fromKafka(kafka: Kafka, options: GroupsWireOptions & KafkaWireOptions = {}): ConsumerGroups {
    return new ConsumerGroups({ wire: KafkaWire.fromKafka(kafka, options), options, ownsWire: true });
  }

  async close(): Promise<void> {
    if (this.deps.ownsWire) await this.deps.wire.disconnect();
  }

  // --- list ------------------------------------------------------------------

  async list(opts: ListGroupsOptions = {}): Promise<GroupListResult> {
    const { groups: listed, failedBrokers } = await this.wire.listGroups(opts);
    const wanted = opts.groupIds ? new Set(opts.groupIds) : null;
    const chosen = wanted ? listed.filter((g) => wanted.has(g.groupId)) : listed;
    const ids = chosen.map((g) => g.groupId);
    // KIP-848 groups are described by ConsumerGroupDescribe; DescribeGroups would call them Dead.
    const kipIds = chosen.filter((g) => g.type === 'consumer').map((g) => g.groupId);
    const kipSet = new Set(kipIds);
    const [described, kip, offsets] = await Promise.all([
      this.wire.describeGroups(
        ids.filter((g) => !kipSet.has(g)),
        opts,
      ),
      this.wire.consumerGroupDescribe(kipIds, opts),
      opts.lag === false ? Promise.resolve(new Map<string, GroupOffsets>()) : this.wire.committedOffsets(ids, opts),
    ]);
    const ends =
      opts.lag === false
        ? new Map<string, EndOffset>()
        : await endOffsets(this.wire.partitions, committedPartitions(offsets.values()), opts);
    const groups = chosen.map((g): GroupSummary => {
      const k = kip.get(g.groupId);
      const d = k ? undefined : described.get(g.groupId);
      const o = offsets.get(g.groupId);
      const errors: string[] = [];
      if (d && d.errorCode !== 0) errors.push(`describe: ${kafkaErrorName(d.errorCode)}`);
      if (k && k.errorCode !== 0) errors.push(`describe: ${kafkaErrorName(k.errorCode)}`);
      if (o && o.errorCode !== 0) errors.push(`offsets: ${kafkaErrorName(o.errorCode)}`);
      const lags: Array<number | null> = [];
      const committedTopics = new Set<string>();
      for (const t of o?.topics ?? []) {
        for (const p of t.partitions) {
          if (p.offset < 0) continue;
          committedTopics.add(t.topic);
          const end = ends.get(tpKey(t.topic, p.partition));
          if (end?.error && !errors.includes(end.error)) errors.push(end.error);
          lags.push(lagOf(p.offset, end?.offset ?? null));
        }
      }
      const subscribed = new Set<string>();
      for (const m of k?.members ?? []) for (const t of m.subscribedTopicNames) subscribed.add(t);
      for (const m of d?.members ?? []) {
        if ((d?.protocolType ?? g.protocolType) === 'consumer')
          for (const t of decodeSubscription(m.metadata) ?? []) subscribed.add(t);
      }
      const kipOk = k && k.errorCode === 0 ? k : undefined;
      return {
        groupId: g.groupId,
        state: kipOk?.state ?? d?.state ?? g.state ?? 'Unknown',
        type: g.type ?? 'classic',
        protocolType: d?.protocolType || g.protocolType,
        protocol: kipOk?.assignor ?? d?.protocol ?? '',
        coordinator: g.coordinator,
        members: kipOk?.members.length ?? d?.members.length ?? 0,
        subscribedTopics: [...subscribed].sort(),
        committedTopics: [...committedTopics].sort(),
        totalLag: opts.lag === false ? null : sumOrNull(lags),
        committedPartitions: lags.length,
        error: errors.length > 0 ? errors.join('; ') : null,
      };
    });
    groups.sort((a, b) => a.groupId.localeCompare(b.groupId));
    return { groups, endOffsetKind: END_OFFSET_KIND, failedBrokers, fetchedAt: this.now() };
  }

  // --- detail ----------------------------------------------------------------

  async describe(groupId: string, opts: DescribeGroupOptions = {}): Promise<GroupDetail> {
    const [described, kip, offsets] = await Promise.all([
      this.wire.describeGroups([groupId], opts),
      this.wire.consumerGroupDescribe([groupId], opts),
      this.wire.committedOffsets([groupId], opts),
    ]);
    const k = kip.get(groupId);
    if (k && k.errorCode === 0) return this.describeParts(groupId, null, k, offsets.get(groupId), opts);
    const d = described.get(groupId);
    // GROUP_ID_NOT_FOUND (a classic or unknown group) and UNSUPPORTED_VERSION (3.x with the
    // consumer protocol off) mean "not a KIP-848 group"; a coordinator still loading is not "does not exist".
    if (k && k.errorCode === GroupError.COORDINATOR_LOAD_IN_PROGRESS && (!d || d.state === 'Dead')) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `Describing group "${groupId}" failed: ${kafkaErrorName(k.errorCode)}${k.errorMessage ? ` (${k.errorMessage})` : ''}. Try again in a moment.`,
        { groupId },
      );
    }
    return this.describeParts(groupId, d, null, offsets.get(groupId), opts);
  }

  /** The detail from DescribeGroups (`d`, classic) or ConsumerGroupDescribe (`k`, KIP-848), plus offsets and lag. */
  private async describeParts(
    groupId: string,
    d: DescribedGroup | undefined | null,
    k: KipGroup | null,
    o: GroupOffsets | undefined,
    opts: DescribeGroupOptions,
  ): Promise<GroupDetail> {
    const committed = new Map<string, { offset: number; error: string | null }>();
    for (const t of o?.topics ?? []) {
      for (const p of t.partitions) {
        if (p.offset >= 0 || p.errorCode !== 0) {
          committed.set(tpKey(t.topic, p.partition), {
            offset: p.offset,
            error: p.errorCode ? kafkaErrorName(p.errorCode) : null,
          });
        }
      }
    }
    if (!k && (!d || d.state === 'Dead' || d.errorCode === GroupError.GROUP_ID_NOT_FOUND) && committed.size === 0) {
      throw new StackdeckError(
        'NOT_FOUND',
        `Consumer group "${groupId}" does not exist (no members and no committed offsets).`,
        { groupId },
      );
    }
    if (d && d.errorCode !== 0 && d.errorCode !== GroupError.GROUP_ID_NOT_FOUND) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `Describing group "${groupId}" failed: ${kafkaErrorName(d.errorCode)}. Try again in a moment.`,
        { groupId },
      );
    }
    const members = k ? k.members.map(kipMember) : (d?.members ?? []).map((m) => toMember(m, d?.protocolType ?? ''));
    const owner = new Map<string, GroupMember>();
    for (const m of members)
      for (const a of m.assignment ?? []) for (const p of a.partitions) owner.set(tpKey(a.topic, p), m);

    // Rows: every partition of every topic the group commits to, is assigned or
    // subscribes to, so partitions nobody committed are visible as such.
    const topics = new Set<string>();
    for (const t of o?.topics ?? []) topics.add(t.topic);
    for (const m of members) {
      for (const t of m.subscribedTopics ?? []) topics.add(t);
      for (const a of m.assignment ?? []) topics.add(a.topic);
    }
    const layouts = await this.wire.partitions.topicLayouts([...topics], opts);
    const rows = new Map<string, { topic: string; partition: number }>();
    const addRow = (topic: string, partition: number): void => {
      rows.set(tpKey(topic, partition), { topic, partition });
    };
    for (const [topic, layout] of layouts) for (const p of layout.leaders.keys()) addRow(topic, p);
    for (const t of o?.topics ?? []) for (const p of t.partitions) if (p.offset >= 0) addRow(t.topic, p.partition);
    for (const k of owner.keys()) {
      const [topic, partition] = k.split('\u0000') as [string, string];
      addRow(topic, Number(partition));
    }

    const ends = await endOffsets(this.wire.partitions, [...rows.values()], opts);
    const partitions: PartitionLag[] = [...rows.entries()].map(([k, { topic, partition }]) => {
      const c = committed.get(k);
      const committedOffset = c && c.offset >= 0 ? c.offset : null;
      const end = ends.get(k);
      const m = owner.get(k);
      const lag = lagOf(committedOffset, end?.offset ?? null);
      return {
        topic,
        partition,
        committedOffset,
        endOffset: end?.offset ?? null,
        lag,
        timeLagMs: lag === 0 ? 0 : null,
        nextRecordTimestamp: null,
        timeLagExact: true,
        memberId: m?.memberId ?? null,
        clientId: m?.clientId ?? null,
        host: m?.host ?? null,
        error: c?.error ?? end?.error ?? null,
      };
    });
    if (opts.timeLag !== false) await fillTimeLag(this.wire.partitions, partitions, this.now(), opts);
    partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    return {
      groupId,
      state: k?.state ?? d?.state ?? 'Empty',
      type: k ? 'consumer' : 'classic',
      groupEpoch: k?.groupEpoch ?? null,
      assignmentEpoch: k?.assignmentEpoch ?? null,
      // KIP-848 groups have no JoinGroup protocol type; they are consumer groups by definition.
      protocolType: k ? 'consumer' : (d?.protocolType ?? ''),
      protocol: k?.assignor ?? d?.protocol ?? '',
      coordinator: await this.wire.coordinator(groupId, opts),
      members,
      partitions,
      topics: topicTotals(partitions),
      totalLag: sumOrNull(partitions.map((p) => p.lag)),
      endOffsetKind: END_OFFSET_KIND,
      fetchedAt: this.now(),
    };
  }

  // --- sampler input ---------------------------------------------------------

  /** One round of lag: [ListGroups] + OffsetFetch per coordinator + ListOffsets per leader [+ Fetch for time lag]. */
  async lagSnapshot(opts: SnapshotOptions = {}): Promise<LagSnapshot> {
    let ids: string[];
    const states = new Map<string, string>();
    if (opts.groupIds) {
      ids = [...new Set(opts.groupIds)];
    } else {
      const { groups } = await this.wire.listGroups(opts);
      ids = groups.map((g) => g.groupId);
      for (const g of groups) if (g.state) states.set(g.groupId, g.state);
    }
    const offsets = await this.wire.committedOffsets(ids, opts);
    const ends = await endOffsets(this.wire.partitions, committedPartitions(offsets.values()), opts);
    const takenAt = this.now();
    const groups = ids.map((groupId) => {
      const o = offsets.get(groupId);
      const partitions = (o?.topics ?? []).flatMap((t) =>
        t.partitions
          .filter((p) => p.offset >= 0)
          .map((p) => {
            const end = ends.get(tpKey(t.topic, p.partition))?.offset ?? null;
            const lag = lagOf(p.offset, end);
            return {
              topic: t.topic,
              partition: p.partition,
              committed: p.offset,
              end,
              lag,
              timeLagMs: lag === 0 ? 0 : null,
            };
          }),
      );
      partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      return {
        groupId,
        state: states.get(groupId) ?? null,
        partitions,
        error: o && o.errorCode !== 0 ? kafkaErrorName(o.errorCode) : o ? null : 'offsets not fetched',
      };
    });
    const timeLagFor = opts.timeLag === true ? null : new Set(Array.isArray(opts.timeLag) ? opts.timeLag : []);
    if (timeLagFor === null || timeLagFor.size > 0) {
      const lagging = groups
        .filter((g) => timeLagFor === null || timeLagFor.has(g.groupId))
        .flatMap((g) => g.partitions.filter((p) => p.lag !== null && p.lag > 0));
      await fillSnapshotTimeLag(this.wire.partitions, lagging, takenAt, opts);
    }
    return { takenAt, groups };
  }

  // --- actions ---------------------------------------------------------------

  planReset(req: ResetRequest, opts: CallOptions = {}): Promise<ResetPlan> {
    return this.resets.plan(req, opts);
  }

  executeReset(req: ResetRequest, opts: CallOptions = {}): Promise<ResetResult> {
    return this.resets.execute(req, opts);
  }

  async deleteGroup(groupId: string, opts: CallOptions = {}): Promise<void> {
    const code = await this.wire.deleteGroup(groupId, opts);
    if (code === GroupError.NONE) return;
    if (code === GroupError.NON_EMPTY_GROUP) {
      throw new StackdeckError(
        'CONFLICT',
        `Group "${groupId}" still has active members. Stop its consumers, then delete it.`,
        { groupId },
      );
    }
    if (code === GroupError.GROUP_ID_NOT_FOUND) {
      throw new StackdeckError('NOT_FOUND', `Consumer group "${groupId}" does not exist.`, { groupId });
    }
    throw new StackdeckError('SERVER_ERROR', `Deleting group "${groupId}" failed: ${kafkaErrorName(code)}.`, {
      groupId,
    });
  }
}
