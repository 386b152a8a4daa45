/**
 * Metadata (API key 3), v5-v8, non-flexible.
 *
 * kafkajs has Metadata up to v6, but its response parser throws for the whole
 * response when any one partition carries an error (LEADER_NOT_AVAILABLE while a
 * broker is down), which is exactly when a console must still show the topic
 * with its offline partitions. So we decode per-partition errors ourselves.
 * v7 adds the leader epoch; v8 authorized operations (not requested).
 * Kafka 4 removed v0-v3 (KIP-896); v5+ is supported by every broker since 1.0.
 */
import { deadlineOf, type CallOptions } from './call';
import type { Reader, Writer } from './codec';
import { kafkaErrorInfo, type KafkaErrorInfo } from './errors';
import { wireError, type ApiSpec, type KafkaWire } from './wire';

export interface BrokerNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface PartitionMetadata {
  readonly partition: number;
  /** -1 when the partition has no leader (offline). */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  /** e.g. LEADER_NOT_AVAILABLE for an offline partition; null when fine. */
  readonly error: KafkaErrorInfo | null;
}

export interface TopicMetadata {
  readonly name: string;
  readonly isInternal: boolean;
  /** e.g. UNKNOWN_TOPIC_OR_PARTITION; partitions is then empty. */
  readonly error: KafkaErrorInfo | null;
  readonly partitions: readonly PartitionMetadata[];
}

export interface ClusterMetadata {
  readonly clusterId: string | null;
  /** In KRaft this is a broker that forwards to the active controller, not the controller itself. */
  readonly controllerId: number;
  readonly brokers: readonly BrokerNode[];
  readonly topics: readonly TopicMetadata[];
}

interface MetadataInput {
  /** null = all topics. */
  readonly topics: readonly string[] | null;
}

const errorOrNull = (code: number): KafkaErrorInfo | null => (code === 0 ? null : kafkaErrorInfo(code));
const int32 = (r: Reader): number => r.int32();

export const MetadataApi: ApiSpec<MetadataInput, ClusterMetadata> = {
  apiKey: 3,
  name: 'Metadata',
  minVersion: 5,
  maxVersion: 8,
  flexibleFrom: Infinity,
  encode(w: Writer, version: number, input: MetadataInput): void {
    w.array(input.topics, (x, t) => x.string(t));
    w.bool(false); // AllowAutoTopicCreation: browsing must never create a topic
    if (version >= 8) {
      w.bool(false); // IncludeClusterAuthorizedOperations
      w.bool(false); // IncludeTopicAuthorizedOperations
    }
  },
  decode(r: Reader, version: number): ClusterMetadata {
    r.int32(); // throttle_time_ms
    const brokers = r.array((b) => ({
      nodeId: b.int32(),
      host: b.string(),
      port: b.int32(),
      rack: b.nullableString(),
    }));
    const clusterId = r.nullableString();
    const controllerId = r.int32();
    const topics = r.array((t): TopicMetadata => {
      const error = errorOrNull(t.int16());
      const name = t.string();
      const isInternal = t.bool();
      const partitions = t.array((p): PartitionMetadata => {
        const perror = errorOrNull(p.int16());
        const partition = p.int32();
        const leader = p.int32();
        const leaderEpoch = version >= 7 ? p.int32() : -1;
        const replicas = p.array(int32);
        const isr = p.array(int32);
        const offlineReplicas = p.array(int32);
        return { partition, leader, leaderEpoch, replicas, isr, offlineReplicas, error: perror };
      });
      if (version >= 8) t.int32(); // topic_authorized_operations
      return { name, isInternal, error, partitions: partitions.sort((a, b) => a.partition - b.partition) };
    });
    if (version >= 8) r.int32(); // cluster_authorized_operations
    return { clusterId, controllerId, brokers, topics };
  },
};

/**
 * Cluster metadata for `topics` (null = every topic). Topic-level errors stay
 * on the topic (UNKNOWN_TOPIC_OR_PARTITION for a missing one); nothing throws
 * for a partition without a leader.
 */
export async function fetchMetadata(
  wire: KafkaWire,
  topics: readonly string[] | null,
  opts: CallOptions = {},
): Promise<ClusterMetadata> {
  const o = { ...opts, deadline: deadlineOf(opts) };
  try {
    const { value } = await wire.call('any', MetadataApi, { topics }, o);
    // A broker id kafkajs has not seen yet (a broker joined or was replaced) must be connectable by id.
    const known = new Set(wire.brokerIds());
    if (value.brokers.some((b) => !known.has(b.nodeId))) await wire.refreshBrokers(o);
    return value;
  } catch (e) {
    throw wireError(e, 'Reading Kafka metadata');
  }
}
