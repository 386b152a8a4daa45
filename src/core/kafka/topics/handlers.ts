/**
 * Handlers of the cluster overview and topics (src/shared/contract/kafka/topics.ts).
 * Reads go through our protocol layer (Metadata, ListOffsets, DescribeLogDirs,
 * DescribeConfigs); config changes through IncrementalAlterConfigs only.
 */
import type { PartitionDetail, TopicSummary } from '../../../shared/contract/kafka/topics';
import { StackdeckError } from '../../../shared/errors';
import type { CallContext, MethodHandlers } from '../../handler';
import type { KafkaSliceFactory } from '../area';
import { describeApiVersions } from '../protocol/apiVersions';
import type { CallOptions } from '../protocol/call';
import { fetchMetadata, type TopicMetadata } from '../protocol/metadata';
import { addPartitions, createTopic, deleteTopic } from './admin';
import { alterBrokerConfigs, assertBroker } from './brokerConfigs';
import { alterTopicConfigs, readConfigs } from './configs';
import { countMessages, topicOffsets, topicSizes } from './stats';

type TopicsMethods =
  | 'kafka.cluster.describe'
  | 'kafka.brokers.configs'
  | 'kafka.brokers.configs.alter'
  | 'kafka.topics.list'
  | 'kafka.topics.stats'
  | 'kafka.topics.describe'
  | 'kafka.topics.configs'
  | 'kafka.topics.configs.alter'
  | 'kafka.topics.create'
  | 'kafka.topics.partitions.add'
  | 'kafka.topics.delete';

const opts = (ctx: CallContext): CallOptions => ({ signal: ctx.signal, deadline: ctx.deadline });

/**
 * Kafka marks only __consumer_offsets and __transaction_state internal; topics
 * starting with "__" are other systems' bookkeeping (Connect, Streams
 * changelogs of some tools), so they sit behind the same toggle, as in kafka-ui.
 */
const isInternal = (t: TopicMetadata): boolean => t.isInternal || t.name.startsWith('__');

const KRAFT_NOTE =
  'Kafka reports this broker as the controller in Metadata. In KRaft mode it is a broker that forwards controller requests to the active quorum controller, which brokers do not name.';

export function summarize(t: TopicMetadata): TopicSummary {
  return {
    name: t.name,
    internal: isInternal(t),
    partitions: t.partitions.length,
    replicationFactor: t.partitions.reduce((m, p) => Math.max(m, p.replicas.length), 0),
    underReplicated: t.partitions.filter((p) => p.isr.length < p.replicas.length).length,
    offline: t.partitions.filter((p) => p.leader < 0).length,
  };
}

function existing(md: { topics: readonly TopicMetadata[] }, topic: string): TopicMetadata {
  const t = md.topics.find((x) => x.name === topic);
  if (!t || t.error?.name === 'UNKNOWN_TOPIC_OR_PARTITION') {
    throw new StackdeckError(
      'NOT_FOUND',
      `Topic "${topic}" does not exist. It may have been deleted; refresh the topic list.`,
      { topic },
    );
  }
  if (t.error)
    throw new StackdeckError(
      t.error.name.endsWith('_AUTHORIZATION_FAILED') ? 'AUTH_FAILED' : 'SERVER_ERROR',
      `Cannot describe topic "${topic}": ${t.error.message}`,
    );
  return t;
}

export const topicsSlice: KafkaSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<TopicsMethods> = {
    async 'kafka.cluster.describe'({ connectionId }, ctx) {
      const { wire } = await connections.get(connectionId);
      const md = await fetchMetadata(wire, null, opts(ctx));
      const ids = md.brokers.map((b) => b.nodeId);
      // Asked one by one: a broker that does not answer leaves its version unknown rather than failing the page.
      const answers = await Promise.allSettled(ids.map((bid) => describeApiVersions(wire, [bid], opts(ctx))));
      if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'Describing the cluster was cancelled.');
      const versions = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
      const hintOf = (id: number) => versions.find((v) => v.brokerId === id)?.hint ?? null;
      const partitions = md.topics.flatMap((t) => t.partitions);
      return {
        clusterId: md.clusterId,
        controllerId: md.controllerId,
        controllerNote: KRAFT_NOTE,
        brokers: [...md.brokers]
          .sort((a, b) => a.nodeId - b.nodeId)
          .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack, version: hintOf(b.nodeId) })),
        version: hintOf(md.controllerId) ?? versions[0]?.hint ?? null,
        topicCount: md.topics.length,
        partitionCount: partitions.length,
        underReplicatedPartitions: partitions.filter((p) => p.isr.length < p.replicas.length).length,
        offlinePartitions: partitions.filter((p) => p.leader < 0).length,
      };
    },

    async 'kafka.brokers.configs'({ connectionId, brokerId }, ctx) {
      const { wire } = await connections.get(connectionId);
      await assertBroker(wire, brokerId, opts(ctx));
      return { brokerId, entries: await readConfigs(wire, { type: 'broker', brokerId }, opts(ctx)) };
    },

    async 'kafka.brokers.configs.alter'({ connectionId, brokerId, ops, validateOnly }, ctx) {
      const { wire } = await connections.get(connectionId);
      const entries = await alterBrokerConfigs(wire, brokerId, ops, validateOnly, opts(ctx));
      return { validateOnly, brokerId, entries };
    },

    async 'kafka.topics.list'({ connectionId, includeInternal }, ctx) {
      const { wire } = await connections.get(connectionId);
      const md = await fetchMetadata(wire, null, opts(ctx));
      const topics = md.topics
        .filter((t) => t.error === null && (includeInternal || !isInternal(t)))
        .map(summarize)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { topics, brokerCount: md.brokers.length };
    },

    async 'kafka.topics.stats'({ connectionId, topics }, ctx) {
      if (topics.length === 0) return { stats: [] };
      const { wire } = await connections.get(connectionId);
      const md = await fetchMetadata(wire, [...new Set(topics)], opts(ctx));
      const found = md.topics.filter((t) => t.error === null);
      const [offsets, sizes] = await Promise.all([
        topicOffsets(wire, found, opts(ctx)),
        topicSizes(wire, md, found, opts(ctx)),
      ]);
      return {
        stats: found.map((t) => {
          const count = countMessages(t, offsets.get(t.name));
          const size = sizes.get(t.name);
          return {
            name: t.name,
            messages: count.messages,
            sizeBytes: size ? size.leaderBytes : null,
            replicaBytes: size ? size.replicaBytes : null,
            partial: count.partial || (size?.partitions.some((p) => p.leaderBytes === null) ?? true),
          };
        }),
      };
    },

    async 'kafka.topics.describe'({ connectionId, topic }, ctx) {
      const { wire } = await connections.get(connectionId);
      const md = await fetchMetadata(wire, [topic], opts(ctx));
      const t = existing(md, topic);
      const [offsets, sizes] = await Promise.all([
        topicOffsets(wire, [t], opts(ctx)),
        topicSizes(wire, md, [t], opts(ctx)),
      ]);
      const perPartition = offsets.get(topic);
      const size = sizes.get(topic);
      const partitionDetails: PartitionDetail[] = t.partitions.map((p) => {
        const o = perPartition?.get(p.partition);
        return {
          partition: p.partition,
          leader: p.leader,
          replicas: [...p.replicas],
          isr: [...p.isr],
          offlineReplicas: [...p.offlineReplicas],
          underReplicated: p.isr.length < p.replicas.length,
          startOffset: o?.start ?? null,
          endOffset: o?.end ?? null,
          sizeBytes: size?.partitions.find((s) => s.partition === p.partition)?.leaderBytes ?? null,
          error: p.error ? `${p.error.name}: ${p.error.message}` : null,
        };
      });
      return {
        ...summarize(t),
        messages: countMessages(t, perPartition).messages,
        sizeBytes: size ? size.leaderBytes : null,
        partitionDetails,
      };
    },

    async 'kafka.topics.configs'({ connectionId, topic }, ctx) {
      const { wire } = await connections.get(connectionId);
      return { topic, entries: await readConfigs(wire, { type: 'topic', name: topic }, opts(ctx)) };
    },

    async 'kafka.topics.configs.alter'({ connectionId, topic, ops, validateOnly }, ctx) {
      const { wire } = await connections.get(connectionId);
      return { validateOnly, topic, entries: await alterTopicConfigs(wire, topic, ops, validateOnly, opts(ctx)) };
    },

    async 'kafka.topics.create'({ connectionId, name, partitions, replicationFactor, configs }, ctx) {
      const { wire, admin } = await connections.get(connectionId);
      const warnings = await createTopic(wire, admin, { name, partitions, replicationFactor, configs }, opts(ctx));
      return { name, partitions, replicationFactor, warnings };
    },

    async 'kafka.topics.partitions.add'({ connectionId, topic, totalCount }, ctx) {
      const { wire, admin } = await connections.get(connectionId);
      return { topic, partitions: await addPartitions(wire, admin, topic, totalCount, opts(ctx)) };
    },

    async 'kafka.topics.delete'({ connectionId, topic, confirmName }, ctx) {
      // Checked before connecting: a mismatch must change nothing and needs no broker.
      if (confirmName !== topic) {
        throw new StackdeckError(
          'INVALID_INPUT',
          `To delete topic "${topic}", type its exact name to confirm; "${confirmName}" does not match. Nothing was deleted.`,
        );
      }
      const { wire, admin } = await connections.get(connectionId);
      await deleteTopic(wire, admin, topic, confirmName, opts(ctx));
      return { topic, deleted: true };
    },
  };
  return { handlers };
};
