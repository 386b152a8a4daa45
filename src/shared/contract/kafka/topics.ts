import { z } from 'zod';
import { method } from '../define';
import { MAX_TOPIC_NAME_LENGTH } from './topicName';

/**
 * `kafka.*` methods for the cluster overview and topics. Names are
 * `kafka.noun.verb`; every input carries `connectionId`.
 *
 * The topic list is split in two so it stays fast with 10,000 topics:
 * `kafka.topics.list` is one Metadata call (names, partitions, RF, URP,
 * offline), and `kafka.topics.stats` takes a page of names for what needs
 * more round trips (offsets for message counts, DescribeLogDirs for sizes);
 * the UI asks for the rows in view.
 */

const connectionId = z.string().min(1);
const topicName = z.string().min(1).max(MAX_TOPIC_NAME_LENGTH);
const int = z.number().int();

export const BrokerInfo = z.object({
  id: int,
  host: z.string(),
  port: int,
  rack: z.string().nullable(),
});
export type BrokerInfo = z.infer<typeof BrokerInfo>;

export const KafkaVersionHint = z.object({
  /** Release line, e.g. "3.9"; null when nothing could be inferred. */
  release: z.string().nullable(),
  /** `release` is only a lower bound. */
  atLeast: z.boolean(),
  /** What the inference rests on, in plain words: Kafka never sends its version. */
  basis: z.string(),
  clusterMetadataVersion: z.string().nullable(),
  /** Features the cluster finalized (metadata.version, group.version, transaction.version...), by name. */
  finalizedFeatures: z.array(z.object({ name: z.string(), level: int, version: z.string() })),
});
export type KafkaVersionHint = z.infer<typeof KafkaVersionHint>;

export const ClusterDescription = z.object({
  clusterId: z.string().nullable(),
  /** The controller id from Metadata; in KRaft a broker that forwards to the active controller (see controllerNote). */
  controllerId: int,
  controllerNote: z.string(),
  brokers: z.array(BrokerInfo.extend({ version: KafkaVersionHint.nullable() })),
  version: KafkaVersionHint.nullable(),
  topicCount: int,
  partitionCount: int,
  underReplicatedPartitions: int,
  offlinePartitions: int,
});
export type ClusterDescription = z.infer<typeof ClusterDescription>;

/** Where a config value comes from, simplified for display; `kafkaSource` keeps Kafka's own name. */
export const ConfigOrigin = z.enum(['default', 'dynamic', 'static', 'unknown']);
export type ConfigOrigin = z.infer<typeof ConfigOrigin>;

export const ConfigEntryView = z.object({
  name: z.string(),
  /** null when sensitive (masked) or unset. */
  value: z.string().nullable(),
  origin: ConfigOrigin,
  kafkaSource: z.string(),
  isDefault: z.boolean(),
  isSensitive: z.boolean(),
  readOnly: z.boolean(),
  type: z.string(),
});
export type ConfigEntryView = z.infer<typeof ConfigEntryView>;

export const TopicSummary = z.object({
  name: z.string(),
  internal: z.boolean(),
  partitions: int,
  replicationFactor: int,
  underReplicated: int,
  offline: int,
});
export type TopicSummary = z.infer<typeof TopicSummary>;

export const TopicStats = z.object({
  name: z.string(),
  /** Sum over partitions of end (high watermark) minus start offset; an upper bound on compacted topics. null when unknown. */
  messages: int.nullable(),
  /** Size of one copy (leader replicas) on disk; null when no broker reported it. */
  sizeBytes: int.nullable(),
  /** All replicas together. */
  replicaBytes: int.nullable(),
  /** Some partitions could not be read (no leader, broker down): the numbers cover the rest. */
  partial: z.boolean(),
});
export type TopicStats = z.infer<typeof TopicStats>;

export const PartitionDetail = z.object({
  partition: int,
  /** -1 when offline. */
  leader: int,
  replicas: z.array(int),
  isr: z.array(int),
  offlineReplicas: z.array(int),
  underReplicated: z.boolean(),
  startOffset: int.nullable(),
  endOffset: int.nullable(),
  sizeBytes: int.nullable(),
  error: z.string().nullable(),
});
export type PartitionDetail = z.infer<typeof PartitionDetail>;

export const TopicDetail = TopicSummary.extend({
  messages: int.nullable(),
  sizeBytes: int.nullable(),
  partitionDetails: z.array(PartitionDetail),
});
export type TopicDetail = z.infer<typeof TopicDetail>;

export const ConfigOpInput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), name: z.string().min(1), value: z.string() }),
  z.object({ op: z.literal('delete'), name: z.string().min(1) }),
]);
export type ConfigOpInput = z.infer<typeof ConfigOpInput>;

const TopicConfigs = z.object({ topic: z.string(), entries: z.array(ConfigEntryView) });

export const kafkaTopics = {
  'kafka.cluster.describe': method({
    summary: 'Cluster id, controller, brokers and the Kafka release the brokers reveal',
    input: z.object({ connectionId }),
    output: ClusterDescription,
  }),
  'kafka.brokers.configs': method({
    summary: 'Configs of one broker with their source; sensitive values are never returned',
    input: z.object({ connectionId, brokerId: int.min(0) }),
    output: z.object({ brokerId: int, entries: z.array(ConfigEntryView) }),
  }),
  'kafka.brokers.configs.alter': method({
    summary:
      'Changes dynamic broker configs with IncrementalAlterConfigs, for one broker or (brokerId null) the cluster-wide default; validateOnly for a dry run',
    input: z.object({
      connectionId,
      /** null: the cluster-wide default broker config (resource name ""), which every broker without its own override uses. */
      brokerId: int.min(0).nullable(),
      ops: z.array(ConfigOpInput).min(1).max(200),
      validateOnly: z.boolean().default(false),
    }),
    output: z.object({ validateOnly: z.boolean(), brokerId: int.nullable(), entries: z.array(ConfigEntryView) }),
    writes: true,
    timeoutMs: 20_000,
  }),
  'kafka.topics.list': method({
    summary:
      'Every topic with partitions, replication factor, under-replicated and offline partitions (one Metadata call)',
    input: z.object({ connectionId, includeInternal: z.boolean().default(false) }),
    output: z.object({ topics: z.array(TopicSummary), brokerCount: int }),
  }),
  'kafka.topics.stats': method({
    summary: 'Message counts and sizes on disk for a page of topics',
    input: z.object({ connectionId, topics: z.array(topicName).max(500) }),
    output: z.object({ stats: z.array(TopicStats) }),
    timeoutMs: 20_000,
  }),
  'kafka.topics.describe': method({
    summary: 'One topic: partitions with leader, replicas, ISR, offsets and sizes',
    input: z.object({ connectionId, topic: topicName }),
    output: TopicDetail,
  }),
  'kafka.topics.configs': method({
    summary: "A topic's configs with their source (default, dynamic, static)",
    input: z.object({ connectionId, topic: topicName }),
    output: TopicConfigs,
  }),
  'kafka.topics.configs.alter': method({
    summary: "Changes a topic's configs with IncrementalAlterConfigs (only the keys named); validateOnly for a dry run",
    input: z.object({
      connectionId,
      topic: topicName,
      ops: z.array(ConfigOpInput).min(1).max(200),
      validateOnly: z.boolean().default(false),
    }),
    output: z.object({ validateOnly: z.boolean(), topic: z.string(), entries: z.array(ConfigEntryView) }),
    writes: true,
    timeoutMs: 20_000,
  }),
  'kafka.topics.create': method({
    summary: 'Creates a topic and waits until every partition has a leader',
    input: z.object({
      connectionId,
      name: z.string(),
      partitions: int.min(1).max(100_000),
      replicationFactor: int.min(1).max(32_767),
      configs: z.record(z.string().min(1), z.string()).default({}),
    }),
    output: z.object({ name: z.string(), partitions: int, replicationFactor: int, warnings: z.array(z.string()) }),
    writes: true,
    timeoutMs: 30_000,
  }),
  'kafka.topics.partitions.add': method({
    summary: 'Raises the partition count of a topic to `totalCount`',
    input: z.object({ connectionId, topic: topicName, totalCount: int.min(1).max(100_000) }),
    output: z.object({ topic: z.string(), partitions: int }),
    writes: true,
    timeoutMs: 30_000,
  }),
  'kafka.topics.delete': method({
    summary: 'Deletes a topic; `confirmName` must equal the topic name',
    input: z.object({ connectionId, topic: topicName, confirmName: z.string() }),
    output: z.object({ topic: z.string(), deleted: z.boolean() }),
    writes: true,
    timeoutMs: 30_000,
  }),
} as const;
