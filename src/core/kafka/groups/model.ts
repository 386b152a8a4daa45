/**
 * The shapes groups/ returns. Plain data (numbers, strings, arrays, null), so
 * the contract can mirror them with zod schemas one to one.
 *
 * Lag semantics, chosen to match `kafka-consumer-groups.sh --describe`:
 * - end offset = the partition's high watermark (ListOffsets READ_UNCOMMITTED),
 *   not the last stable offset kafkajs's fetchTopicOffsets returns;
 * - lag = end offset - committed offset, not clamped (the CLI shows a negative
 *   lag if a reset moved a group past the end, and so do we);
 * - a partition with no committed offset has `committedOffset: null` and
 *   `lag: null`, never 0; totals add up committed partitions only.
 */

/** Which end offset lag is measured against; shown in the UI next to the numbers. */
export const END_OFFSET_KIND = 'high-watermark' as const;

/** Classic group states, as the coordinator reports them; other strings pass through. */
export type GroupState = 'Stable' | 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Dead' | (string & {});

/**
 * The group's rebalance protocol as ListGroups v5+ reports it: `classic`
 * (JoinGroup/SyncGroup), `consumer` (KIP-848), `share` (KIP-932), `streams`
 * (KIP-1071); brokers before ListGroups v5 know only classic groups.
 */
export type GroupType = 'classic' | 'consumer' | 'share' | 'streams' | (string & {});

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  type: GroupType;
  /** `consumer` for Kafka consumers, `connect` for Kafka Connect workers, '' for groups that only commit offsets. */
  protocolType: string;
  /** The assignor (`range`, `cooperative-sticky`, ...); '' when not Stable. */
  protocol: string;
  coordinator: number;
  members: number;
  /** Topics the members subscribe to (from their join metadata). */
  subscribedTopics: string[];
  /** Topics the group has committed offsets for. */
  committedTopics: string[];
  /** Sum of lag over partitions with a committed offset; null when there are none. */
  totalLag: number | null;
  /** Partitions with a committed offset (those in totalLag). */
  committedPartitions: number;
  /** Why some numbers are missing (coordinator loading, topic deleted, ...), else null. */
  error: string | null;
}

export interface GroupListResult {
  groups: GroupSummary[];
  endOffsetKind: typeof END_OFFSET_KIND;
  /** Brokers that did not answer ListGroups: their groups are missing from the list. */
  failedBrokers: Array<{ nodeId: number; error: string }>;
  fetchedAt: number;
}

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface GroupMember {
  memberId: string;
  /** Static membership id (group.instance.id), if any. */
  groupInstanceId: string | null;
  clientId: string;
  host: string;
  /** Null when the member's protocol is not the consumer protocol. */
  subscribedTopics: string[] | null;
  assignment: TopicPartitions[] | null;
  /** KIP-848 members only: the member's epoch and the assignment the coordinator is moving it to. */
  memberEpoch: number | null;
  targetAssignment: TopicPartitions[] | null;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number | null;
  /** High watermark; null when it could not be read (e.g. the topic was deleted). */
  endOffset: number | null;
  lag: number | null;
  /** now - timestamp of the next unconsumed record; 0 when caught up; null when unknown. */
  timeLagMs: number | null;
  /** Timestamp of the next unconsumed record, if read. */
  nextRecordTimestamp: number | null;
  /** False when the timestamp came from a compressed batch's header (a lower bound on the record's). */
  timeLagExact: boolean;
  /** The member the partition is assigned to, if any. */
  memberId: string | null;
  clientId: string | null;
  host: string | null;
  error: string | null;
}

export interface TopicLag {
  topic: string;
  partitions: number;
  committedPartitions: number;
  lag: number | null;
  maxTimeLagMs: number | null;
}

export interface GroupDetail {
  groupId: string;
  state: GroupState;
  type: GroupType;
  /** KIP-848 groups only (ConsumerGroupDescribe): group epoch and target assignment epoch. */
  groupEpoch: number | null;
  assignmentEpoch: number | null;
  protocolType: string;
  protocol: string;
  coordinator: number;
  members: GroupMember[];
  partitions: PartitionLag[];
  topics: TopicLag[];
  totalLag: number | null;
  endOffsetKind: typeof END_OFFSET_KIND;
  fetchedAt: number;
}

/** Offsets of one partition as the sampler sees them. */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  committed: number | null;
  end: number | null;
  lag: number | null;
  timeLagMs: number | null;
}

export interface GroupLagSnapshot {
  groupId: string;
  /** Null on ticks that skip ListGroups (watched groups only). */
  state: GroupState | null;
  partitions: PartitionOffsets[];
  error: string | null;
}

export interface LagSnapshot {
  takenAt: number;
  groups: GroupLagSnapshot[];
}

// --- pure helpers --------------------------------------------------------------

export function lagOf(committed: number | null, end: number | null): number | null {
  if (committed === null || committed < 0 || end === null || end < 0) return null;
  return end - committed;
}

/** Sums that stay null when nothing contributes (so "no data" never reads as zero). */
export function sumOrNull(values: Iterable<number | null>): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

export function maxOrNull(values: Iterable<number | null>): number | null {
  let m: number | null = null;
  for (const v of values) if (v !== null && (m === null || v > m)) m = v;
  return m;
}

export function topicTotals(partitions: readonly PartitionLag[]): TopicLag[] {
  const by = new Map<string, PartitionLag[]>();
  for (const p of partitions) {
    const arr = by.get(p.topic);
    if (arr) arr.push(p);
    else by.set(p.topic, [p]);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, ps]) => ({
      topic,
      partitions: ps.length,
      committedPartitions: ps.filter((p) => p.committedOffset !== null).length,
      lag: sumOrNull(ps.map((p) => p.lag)),
      maxTimeLagMs: maxOrNull(ps.map((p) => p.timeLagMs)),
    }));
}
