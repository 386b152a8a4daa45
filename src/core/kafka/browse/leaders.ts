/**
 * The partition layout of one topic and who leads each partition, refreshed on
 * demand. Reads and offset lookups go to the partition leader; after
 * NOT_LEADER_OR_FOLLOWER, a fenced epoch or a dropped connection the caller
 * refreshes and retries (the Java consumer does the same through its metadata
 * updates).
 */
import { StackdeckError } from '../../../shared/errors';
import { pause, type CallOptions } from '../protocol/call';
import { fetchMetadata, type PartitionMetadata, type TopicMetadata } from '../protocol/metadata';
import type { KafkaWire } from '../protocol/wire';

export class TopicLeaders {
  private meta: TopicMetadata | null = null;
  private refreshing: Promise<TopicMetadata> | null = null;

  constructor(
    private readonly wire: KafkaWire,
    readonly topic: string,
  ) {}

  /** Loads metadata once; NOT_FOUND when the topic does not exist. */
  async load(opts: CallOptions): Promise<TopicMetadata> {
    return this.meta ?? this.refresh(opts);
  }

  /** Reloads metadata (shared among concurrent callers). */
  async refresh(opts: CallOptions): Promise<TopicMetadata> {
    this.refreshing ??= (async () => {
      try {
        const md = await fetchMetadata(this.wire, [this.topic], opts);
        const t = md.topics.find((x) => x.name === this.topic);
        if (!t || t.error?.name === 'UNKNOWN_TOPIC_OR_PARTITION') {
          throw new StackdeckError(
            'NOT_FOUND',
            `Topic "${this.topic}" does not exist. It may have been deleted; refresh the topic list.`,
            { topic: this.topic },
          );
        }
        if (t.error) {
          throw new StackdeckError(
            t.error.name.endsWith('_AUTHORIZATION_FAILED') ? 'AUTH_FAILED' : 'SERVER_ERROR',
            `Cannot read topic "${this.topic}": ${t.error.message}`,
            {
              topic: this.topic,
              kafkaError: t.error.name,
            },
          );
        }
        this.meta = t;
        return t;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  partitions(): number[] {
    return (this.meta?.partitions ?? []).map((p) => p.partition);
  }

  partition(partition: number): PartitionMetadata | undefined {
    return this.meta?.partitions.find((p) => p.partition === partition);
  }

  /** Leader id, or -1 when unknown or offline. */
  leaderOf(partition: number): number {
    return this.partition(partition)?.leader ?? -1;
  }

  /** Throws INVALID_INPUT for partitions the topic does not have. */
  check(partitions: readonly number[]): void {
    const have = new Set(this.partitions());
    const bad = partitions.filter((p) => !have.has(p));
    if (bad.length > 0) {
      throw new StackdeckError(
        'INVALID_INPUT',
        `Topic "${this.topic}" has no partition ${bad.join(', ')} (it has ${have.size} partitions, 0-${have.size - 1}).`,
        {
          topic: this.topic,
        },
      );
    }
  }

  /** Groups partitions by current leader; partitions without a leader are under -1. */
  byLeader(partitions: readonly number[]): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const p of partitions) {
      const l = this.leaderOf(p);
      const list = out.get(l);
      if (list) list.push(p);
      else out.set(l, [p]);
    }
    return out;
  }
}

/** Backoff for leader changes: 100 ms doubling to 1 s, like the Java client's retry.backoff.ms/retry.backoff.max.ms. */
export function backoffMs(attempt: number): number {
  return Math.min(1000, 100 * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4);
}

export async function waitBeforeRetry(attempt: number, opts: CallOptions, what: string): Promise<void> {
  await pause(backoffMs(attempt), opts, what);
}
