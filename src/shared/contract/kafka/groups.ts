/**
 * `kafka.*` methods for consumer groups and lag history. Names are
 * `kafka.noun.verb`; every input carries `connectionId`.
 *
 * Lag everywhere is end offset (the partition's high watermark, what
 * `kafka-consumer-groups --describe` shows as LOG-END-OFFSET) minus the
 * committed offset; outputs say so in `endOffsetKind` so the UI can label it.
 * A partition without a committed offset has `committedOffset: null` and
 * `lag: null`, never 0.
 */
import { z } from 'zod';
import { method, stream } from '../define';

const connectionId = z.string().min(1);
const groupId = z.string().min(1).max(1000);
const EndOffsetKind = z.literal('high-watermark');
const num = z.number();
const numOrNull = z.number().nullable();

export const GroupSort = z.enum(['groupId', 'state', 'members', 'lag']);
export type GroupSort = z.infer<typeof GroupSort>;

export const LagTrend = z.object({
  /** Recent sampled total lag, oldest first (for a sparkline); empty until the sampler has seen the group. */
  recent: z.array(numOrNull),
  direction: z.enum(['rising', 'falling', 'flat', 'unknown']),
});
export type LagTrend = z.infer<typeof LagTrend>;

/** classic, consumer (KIP-848), share, streams (ListGroups v5+). */
const GroupType = z.string();

export const ConsumerGroupSummary = z.object({
  groupId: z.string(),
  state: z.string(),
  type: GroupType,
  protocolType: z.string(),
  protocol: z.string(),
  coordinator: num,
  members: num,
  subscribedTopics: z.array(z.string()),
  committedTopics: z.array(z.string()),
  totalLag: numOrNull,
  committedPartitions: num,
  error: z.string().nullable(),
  trend: LagTrend,
});
export type ConsumerGroupSummary = z.infer<typeof ConsumerGroupSummary>;

export const ConsumerGroupPage = z.object({
  groups: z.array(ConsumerGroupSummary),
  /** Groups matching the filter (the page is `offset .. offset + groups.length`). */
  total: num,
  /** All groups on the cluster. */
  unfiltered: num,
  endOffsetKind: EndOffsetKind,
  /** How `lag`/`members` sorting was done: across all groups from the sampler's last round, or within the page. */
  sortNote: z.string().nullable(),
  failedBrokers: z.array(z.object({ nodeId: num, error: z.string() })),
  fetchedAt: num,
});
export type ConsumerGroupPage = z.infer<typeof ConsumerGroupPage>;

const TopicPartitions = z.object({ topic: z.string(), partitions: z.array(num) });

export const ConsumerGroupMember = z.object({
  memberId: z.string(),
  groupInstanceId: z.string().nullable(),
  clientId: z.string(),
  host: z.string(),
  subscribedTopics: z.array(z.string()).nullable(),
  assignment: z.array(TopicPartitions).nullable(),
  /** KIP-848 members only. */
  memberEpoch: numOrNull,
  targetAssignment: z.array(TopicPartitions).nullable(),
});

export const PartitionLag = z.object({
  topic: z.string(),
  partition: num,
  committedOffset: numOrNull,
  endOffset: numOrNull,
  lag: numOrNull,
  timeLagMs: numOrNull,
  nextRecordTimestamp: numOrNull,
  timeLagExact: z.boolean(),
  memberId: z.string().nullable(),
  clientId: z.string().nullable(),
  host: z.string().nullable(),
  error: z.string().nullable(),
});
export type PartitionLag = z.infer<typeof PartitionLag>;

export const TopicLag = z.object({
  topic: z.string(),
  partitions: num,
  committedPartitions: num,
  lag: numOrNull,
  maxTimeLagMs: numOrNull,
});

export const ConsumerGroupLag = z.object({
  groupId: z.string(),
  state: z.string(),
  type: GroupType,
  groupEpoch: numOrNull,
  assignmentEpoch: numOrNull,
  protocolType: z.string(),
  protocol: z.string(),
  coordinator: num,
  members: z.array(ConsumerGroupMember),
  partitions: z.array(PartitionLag),
  topics: z.array(TopicLag),
  totalLag: numOrNull,
  endOffsetKind: EndOffsetKind,
  fetchedAt: num,
});
export type ConsumerGroupLag = z.infer<typeof ConsumerGroupLag>;

export const ResetSpec = z.discriminatedUnion('to', [
  z.object({ to: z.literal('earliest') }),
  z.object({ to: z.literal('latest') }),
  z.object({ to: z.literal('timestamp'), timestamp: z.number().int().nonnegative() }),
  z.object({ to: z.literal('offset'), offset: z.number().int().nonnegative() }),
  z.object({ to: z.literal('shift'), by: z.number().int() }),
]);
export type ResetSpec = z.infer<typeof ResetSpec>;

const ResetInput = z.object({
  connectionId,
  groupId,
  /** Each topic whole (no `partitions`) or the chosen partitions. */
  topics: z
    .array(
      z.object({ topic: z.string().min(1), partitions: z.array(z.number().int().nonnegative()).min(1).optional() }),
    )
    .min(1),
  spec: ResetSpec,
});

export const ResetRow = z.object({
  topic: z.string(),
  partition: num,
  currentOffset: numOrNull,
  newOffset: numOrNull,
  logStartOffset: numOrNull,
  logEndOffset: numOrNull,
  lagBefore: numOrNull,
  lagAfter: numOrNull,
  note: z.string().nullable(),
});
export type ResetRow = z.infer<typeof ResetRow>;

export const ResetPlan = z.object({
  groupId: z.string(),
  groupState: z.string(),
  canExecute: z.boolean(),
  blockedReason: z.string().nullable(),
  rows: z.array(ResetRow),
  endOffsetKind: EndOffsetKind,
});
export type ResetPlan = z.infer<typeof ResetPlan>;

export const CatchUp = z.discriminatedUnion('state', [
  z.object({ state: z.literal('caught-up') }),
  z.object({ state: z.literal('catching-up'), etaMs: num }),
  z.object({ state: z.literal('falling-behind') }),
  z.object({ state: z.literal('unknown') }),
]);
export type CatchUp = z.infer<typeof CatchUp>;

export const LagRange = z.enum(['15m', '1h', '6h', '24h', '7d']);
export type LagRange = z.infer<typeof LagRange>;

/** One live sample of a group (what the sampler records each tick). */
export const GroupLagSample = z.object({
  cluster: z.string(),
  groupId: z.string(),
  ts: num,
  stepMs: num,
  state: z.string().nullable(),
  totalLag: numOrNull,
  timeLagMs: numOrNull,
  productionRate: numOrNull,
  consumptionRate: numOrNull,
  catchUp: CatchUp,
  topics: z.array(
    z.object({
      topic: z.string(),
      lag: numOrNull,
      timeLagMs: numOrNull,
      endOffset: numOrNull,
      committed: numOrNull,
      productionRate: numOrNull,
      consumptionRate: numOrNull,
    }),
  ),
  partitions: z.array(
    z.object({
      topic: z.string(),
      partition: num,
      committed: numOrNull,
      end: numOrNull,
      lag: numOrNull,
      timeLagMs: numOrNull,
    }),
  ),
  error: z.string().nullable(),
});
export type GroupLagSample = z.infer<typeof GroupLagSample>;

export const LagPoint = z.object({
  t: num,
  lag: numOrNull,
  lagMax: numOrNull,
  timeLagMs: numOrNull,
  timeLagMaxMs: numOrNull,
  productionRate: numOrNull,
  consumptionRate: numOrNull,
  endOffset: numOrNull,
  committed: numOrNull,
  /** True for the null points marking where Stackdeck was not sampling (charts break the line there). */
  gap: z.boolean(),
});
export type LagPoint = z.infer<typeof LagPoint>;

export const LagHistory = z.object({
  from: num,
  to: num,
  bucketMs: num,
  /** The group's total over all topics. */
  total: z.array(LagPoint),
  /** Per topic (partition null) or per partition, as asked in `breakdown`; empty for `total`. */
  series: z.array(z.object({ topic: z.string(), partition: numOrNull, points: z.array(LagPoint) })),
  gaps: z.array(z.object({ from: num, to: num })),
  endOffsetKind: EndOffsetKind,
});
export type LagHistory = z.infer<typeof LagHistory>;

export const LagStoreStatus = z.object({
  state: z.enum(['ok', 'recovered', 'memory', 'degraded', 'closed', 'unknown']),
  /** What happened (a corrupt file set aside, an unwritable directory), in words for the UI; null when ok. */
  message: z.string().nullable(),
  rows: num,
  bytes: num,
  /** The cluster key samples are stored under (the connection's profile id). */
  cluster: z.string(),
  watchedIntervalMs: num,
  allIntervalMs: num,
});
export type LagStoreStatus = z.infer<typeof LagStoreStatus>;

export const kafkaGroups = {
  'kafka.groups.list': method({
    input: z.object({
      connectionId,
      /** Case-insensitive substring of the group id, or of a subscribed topic with `topic:` prefix. */
      filter: z.string().max(500).default(''),
      states: z.array(z.string()).optional(),
      sort: GroupSort.default('groupId'),
      desc: z.boolean().default(false),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: ConsumerGroupPage,
    timeoutMs: 30_000,
    summary:
      'One page of consumer groups: ListGroups for all, then members and lag (high watermark) for the page only, so 10k+ groups stay fast.',
  }),
  'kafka.groups.describe': method({
    input: z.object({ connectionId, groupId, timeLag: z.boolean().default(true) }),
    output: ConsumerGroupLag,
    timeoutMs: 20_000,
    summary: 'Members, per-partition committed/end (high watermark)/lag/time lag and per-topic totals of a group.',
  }),
  'kafka.groups.delete': method({
    input: z.object({ connectionId, groupId }),
    output: z.object({ groupId: z.string(), deleted: z.literal(true) }),
    writes: true,
    summary: 'Deletes a consumer group (only when it has no active members: CONFLICT otherwise).',
  }),
  'kafka.groups.offsets.plan': method({
    input: ResetInput,
    output: ResetPlan,
    timeoutMs: 20_000,
    summary:
      'Preview of an offset reset (the CLI dry run): per partition the current, new offset and lag after. Changes nothing.',
  }),
  'kafka.groups.offsets.reset': method({
    input: ResetInput,
    output: ResetPlan,
    writes: true,
    timeoutMs: 20_000,
    summary:
      'Resets committed offsets (recomputed at execution). Only while the group is Empty: CONFLICT when members are active.',
  }),
  'kafka.lag.history': method({
    input: z.object({
      connectionId,
      groupId,
      range: LagRange.default('1h'),
      breakdown: z.enum(['total', 'topic', 'partition']).default('total'),
      /** With breakdown `partition`: only this topic's partitions. */
      topic: z.string().optional(),
      maxPoints: z.number().int().min(10).max(2000).default(720),
    }),
    output: LagHistory,
    summary: 'Recorded lag of a group over a range, with null points where Stackdeck was not sampling.',
  }),
  'kafka.lag.watch': stream({
    input: z.object({ connectionId, groupId }),
    event: GroupLagSample,
    summary:
      'Live lag samples of a group; while watched the group is sampled every watched interval (10 s), with time lag.',
  }),
  'kafka.lag.status': method({
    input: z.object({ connectionId }),
    output: LagStoreStatus,
    summary: 'State of the lag history store (ok, recovered after corruption, in memory) and the sampling intervals.',
  }),
} as const;
