/**
 * Offsets and sizes for many topics at once, for the topic list and the
 * topic detail.
 *
 * browse/fetchWatermarks is per topic and waits (retrying until its deadline)
 * for a partition without a leader: right for reading messages, wrong for an
 * overview that must still answer while a broker is down and must stay fast
 * for a page of hundreds of topics. Here partitions of all requested topics
 * are grouped by leader and each leader gets one ListOffsets per spec
 * (earliest, latest); a partition without a leader, or on a leader that does
 * not answer, is reported as unknown instead of failing the page.
 * DescribeLogDirs goes to each live broker separately, for the same reason.
 */
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions } from '../protocol/call';
import { describeLogDirs, summarizeTopicSizes, type BrokerLogDirs, type TopicSize } from '../protocol/describeLogDirs';
import { ListOffsetsApi, type ListedOffset } from '../protocol/listOffsets';
import type { ClusterMetadata, TopicMetadata } from '../protocol/metadata';
import type { KafkaWire } from '../protocol/wire';

export interface PartitionOffsets {
  readonly start: number;
  readonly end: number;
}

/** topic -> partition -> offsets; a missing partition is unknown. */
export type OffsetsByTopic = Map<string, Map<number, PartitionOffsets>>;

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** Start and high-watermark offsets of every partition of `topics` that has a reachable leader. */
export async function topicOffsets(
  wire: KafkaWire,
  topics: readonly TopicMetadata[],
  opts: CallOptions,
): Promise<OffsetsByTopic> {
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const t of topics) {
    for (const p of t.partitions) {
      if (p.leader < 0) continue;
      let perTopic = byLeader.get(p.leader);
      if (!perTopic) byLeader.set(p.leader, (perTopic = new Map()));
      const list = perTopic.get(t.name);
      if (list) list.push(p.partition);
      else perTopic.set(t.name, [p.partition]);
    }
  }
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const ask = async (
    leader: number,
    perTopic: Map<string, number[]>,
    timestamp: number,
    into: Map<string, number>,
  ): Promise<void> => {
    const request = [...perTopic].map(([topic, partitions]) => ({
      topic,
      partitions: partitions.map((partition) => ({ partition, timestamp })),
    }));
    let answer: ListedOffset[];
    try {
      ({ value: answer } = await wire.call(
        leader,
        ListOffsetsApi,
        { isolation: 'read_uncommitted', topics: request },
        opts,
      ));
    } catch (e) {
      // Cancellation and deadlines end the whole call; a dead leader only leaves its partitions unknown.
      if (e instanceof StackdeckError && (e.code === 'CANCELLED' || e.code === 'TIMEOUT')) throw e;
      return;
    }
    for (const o of answer) if (o.error === null && o.offset >= 0) into.set(key(o.topic, o.partition), o.offset);
  };
  await Promise.all(
    [...byLeader].flatMap(([leader, perTopic]) => [ask(leader, perTopic, -2, starts), ask(leader, perTopic, -1, ends)]),
  );
  const out: OffsetsByTopic = new Map();
  for (const t of topics) {
    const parts = new Map<number, PartitionOffsets>();
    for (const p of t.partitions) {
      const start = starts.get(key(t.name, p.partition));
      const end = ends.get(key(t.name, p.partition));
      if (start !== undefined && end !== undefined) parts.set(p.partition, { start, end });
    }
    out.set(t.name, parts);
  }
  return out;
}

/** Replica sizes of `topics` from every broker in `metadata` that answers; brokers that fail are left out. */
export async function topicSizes(
  wire: KafkaWire,
  metadata: ClusterMetadata,
  topics: readonly TopicMetadata[],
  opts: CallOptions,
): Promise<Map<string, TopicSize>> {
  if (topics.length === 0) return new Map();
  const names = topics.map((t) => t.name);
  const answers = await Promise.allSettled(
    metadata.brokers.map((b) => describeLogDirs(wire, { ...opts, topics: names, brokerIds: [b.nodeId] })),
  );
  for (const a of answers) {
    if (a.status === 'rejected' && a.reason instanceof StackdeckError && a.reason.code === 'CANCELLED') throw a.reason;
  }
  const dirs: BrokerLogDirs[] = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  return new Map(summarizeTopicSizes(dirs, { topics }).map((s) => [s.topic, s]));
}

export interface CountedTopic {
  readonly messages: number | null;
  readonly partial: boolean;
}

/** Sum of end minus start over partitions; partial when some partition is unknown. */
export function countMessages(topic: TopicMetadata, offsets: Map<number, PartitionOffsets> | undefined): CountedTopic {
  let messages = 0;
  let known = 0;
  for (const p of topic.partitions) {
    const o = offsets?.get(p.partition);
    if (o === undefined) continue;
    messages += Math.max(0, o.end - o.start);
    known++;
  }
  return {
    messages: known === 0 && topic.partitions.length > 0 ? null : messages,
    partial: known < topic.partitions.length,
  };
}
