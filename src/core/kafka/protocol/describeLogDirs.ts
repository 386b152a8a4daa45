/**
 * DescribeLogDirs (API key 35), v1-v4: size on disk per replica.
 *
 * Each broker answers only for its own log directories, so the request goes to
 * every broker (as AdminClient.describeLogDirs does). v0 is deprecated; v2 is
 * the first flexible version; v3 adds a top-level ErrorCode (e.g.
 * CLUSTER_AUTHORIZATION_FAILED, since DescribeLogDirs needs DESCRIBE on the
 * cluster); v4 (KIP-827, Kafka 3.3) adds TotalBytes/UsableBytes of the volume.
 *
 * OffsetLag is the replica's log end offset minus the partition's high
 * watermark (or, for a future replica being moved between directories, its lag
 * behind the current one).
 */
import { deadlineOf, type CallOptions } from './call';
import type { Reader, Writer } from './codec';
import { KafkaProtocolError, kafkaErrorInfo, type KafkaErrorInfo } from './errors';
import { fetchMetadata, type ClusterMetadata } from './metadata';
import { wireError, type ApiSpec, type KafkaWire } from './wire';

export interface LogDirReplica {
  readonly topic: string;
  readonly partition: number;
  readonly sizeBytes: number;
  readonly offsetLag: number;
  /** A copy being moved here by AlterReplicaLogDirs; it will replace the current log. */
  readonly isFuture: boolean;
}

export interface LogDir {
  readonly path: string;
  /** e.g. KAFKA_STORAGE_ERROR for an offline directory (its replicas are then empty). */
  readonly error: KafkaErrorInfo | null;
  /** Volume size and free space (v4+); null when the broker does not report them. */
  readonly totalBytes: number | null;
  readonly usableBytes: number | null;
  readonly replicas: readonly LogDirReplica[];
}

export interface BrokerLogDirs {
  readonly brokerId: number;
  readonly logDirs: readonly LogDir[];
}

interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

interface DescribeLogDirsInput {
  /** null = every topic-partition the broker hosts. */
  readonly topics: readonly TopicPartitions[] | null;
}

export const DescribeLogDirsApi: ApiSpec<DescribeLogDirsInput, LogDir[]> = {
  apiKey: 35,
  name: 'DescribeLogDirs',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 2,
  encode(w: Writer, _version: number, input: DescribeLogDirsInput): void {
    w.array(input.topics, (x, t) => {
      x.string(t.topic);
      x.array(t.partitions, (y, p) => y.int32(p));
      x.tags();
    });
    w.tags();
  },
  decode(r: Reader, version: number): LogDir[] {
    r.int32(); // throttle_time_ms
    if (version >= 3) {
      const top = r.int16();
      if (top !== 0) throw KafkaProtocolError.of(top, 'DescribeLogDirs');
    }
    const dirs = r.array((d): LogDir => {
      const code = d.int16();
      const path = d.string();
      const replicas: LogDirReplica[] = [];
      d.array((t) => {
        const topic = t.string();
        t.array((p) => {
          replicas.push({
            topic,
            partition: p.int32(),
            sizeBytes: p.int64(),
            offsetLag: p.int64(),
            isFuture: p.bool(),
          });
          p.tags();
        });
        t.tags();
      });
      let totalBytes: number | null = null;
      let usableBytes: number | null = null;
      if (version >= 4) {
        const total = d.int64();
        const usable = d.int64();
        totalBytes = total < 0 ? null : total;
        usableBytes = usable < 0 ? null : usable;
      }
      d.tags();
      return { path, error: code === 0 ? null : kafkaErrorInfo(code), totalBytes, usableBytes, replicas };
    });
    r.tags();
    return dirs;
  },
};

export interface DescribeLogDirsOptions extends CallOptions {
  /**
   * Topics to describe (all their partitions, looked up in metadata), or
   * null/omitted for everything on the brokers.
   */
  readonly topics?: readonly string[] | null;
  /** Brokers to ask; default all. */
  readonly brokerIds?: readonly number[];
}

/** Log directories and replica sizes, per broker. */
export async function describeLogDirs(wire: KafkaWire, options: DescribeLogDirsOptions = {}): Promise<BrokerLogDirs[]> {
  const opts: CallOptions = { signal: options.signal, deadline: deadlineOf(options) };
  try {
    await wire.connect(opts);
    let topics: TopicPartitions[] | null = null;
    if (options.topics !== undefined && options.topics !== null) {
      const md = await fetchMetadata(wire, options.topics, opts);
      topics = md.topics
        .filter((t) => t.error === null)
        .map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) }));
    }
    const ids = options.brokerIds ?? wire.brokerIds();
    return await Promise.all(
      ids.map(async (brokerId) => {
        const { value } = await wire.call(brokerId, DescribeLogDirsApi, { topics }, opts);
        return { brokerId, logDirs: value };
      }),
    );
  } catch (e) {
    throw wireError(e, 'Describing log directories');
  }
}

export interface ReplicaSize {
  readonly brokerId: number;
  readonly logDir: string;
  readonly sizeBytes: number;
  readonly offsetLag: number;
  readonly isFuture: boolean;
}

export interface PartitionSize {
  readonly partition: number;
  /** Leader broker id from metadata, -1 when offline or unknown. */
  readonly leader: number;
  /** Size of the leader's replica; null when no broker reported it (leader offline, or not asked). */
  readonly leaderBytes: number | null;
  /** Sum over current (non-future) replicas: what the partition occupies across the cluster. */
  readonly replicaBytes: number;
  readonly replicas: readonly ReplicaSize[];
}

export interface TopicSize {
  readonly topic: string;
  /** Sum of leader replica sizes: the size of one copy of the data ("size" in most consoles). */
  readonly leaderBytes: number;
  /** Sum over all current replicas: disk used across the cluster. */
  readonly replicaBytes: number;
  /** Sum of future replicas (moves between log dirs in progress), kept apart from the totals. */
  readonly futureBytes: number;
  readonly partitions: readonly PartitionSize[];
}

/**
 * Pure: folds per-broker log dirs into per-topic and per-partition sizes.
 * `metadata` supplies leaders; pass the metadata of the same topics.
 */
export function summarizeTopicSizes(
  logDirs: readonly BrokerLogDirs[],
  metadata: Pick<ClusterMetadata, 'topics'>,
): TopicSize[] {
  const leaders = new Map<string, number>();
  for (const t of metadata.topics) for (const p of t.partitions) leaders.set(`${p.partition}\u0000${t.name}`, p.leader);
  const byTopic = new Map<string, Map<number, ReplicaSize[]>>();
  for (const b of logDirs) {
    for (const d of b.logDirs) {
      for (const r of d.replicas) {
        let parts = byTopic.get(r.topic);
        if (!parts) byTopic.set(r.topic, (parts = new Map()));
        let reps = parts.get(r.partition);
        if (!reps) parts.set(r.partition, (reps = []));
        reps.push({
          brokerId: b.brokerId,
          logDir: d.path,
          sizeBytes: r.sizeBytes,
          offsetLag: r.offsetLag,
          isFuture: r.isFuture,
        });
      }
    }
  }
  const out: TopicSize[] = [];
  for (const [topic, parts] of byTopic) {
    const partitions: PartitionSize[] = [];
    let leaderBytes = 0;
    let replicaBytes = 0;
    let futureBytes = 0;
    for (const [partition, replicas] of [...parts].sort((a, b) => a[0] - b[0])) {
      const leader = leaders.get(`${partition}\u0000${topic}`) ?? -1;
      const current = replicas.filter((r) => !r.isFuture);
      const lead = current.find((r) => r.brokerId === leader);
      const sum = current.reduce((s, r) => s + r.sizeBytes, 0);
      leaderBytes += lead?.sizeBytes ?? 0;
      replicaBytes += sum;
      futureBytes += replicas.filter((r) => r.isFuture).reduce((s, r) => s + r.sizeBytes, 0);
      partitions.push({ partition, leader, leaderBytes: lead?.sizeBytes ?? null, replicaBytes: sum, replicas });
    }
    out.push({ topic, leaderBytes, replicaBytes, futureBytes, partitions });
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}
