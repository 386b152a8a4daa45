/**
 * ListOffsets (API key 2), v2-v7, with an explicit isolation level.
 *
 * The partition leader answers, for each partition, the offset for a
 * timestamp: -2 = earliest (log start offset), -1 = latest, -3 = the record
 * with the largest timestamp (v7, KIP-734), or t >= 0 = the first offset whose
 * timestamp is >= t (-1 offset when none is). "Latest" depends on the
 * isolation level (v2+, KIP-98): READ_UNCOMMITTED answers the high watermark,
 * READ_COMMITTED the last stable offset (LSO), which stays below an open
 * transaction. kafkajs's admin.fetchTopicOffsets always asks READ_COMMITTED,
 * so it reports the LSO where tools like kafka-consumer-groups.sh show the
 * high watermark; here the caller chooses.
 * v4 adds CurrentLeaderEpoch (we send -1: no fencing) and LeaderEpoch in the
 * response; v6 is the first flexible version.
 */
import type { Reader, Writer } from './codec';
import type { KafkaErrorInfo } from './errors';
import { kafkaErrorInfo } from './errors';
import type { ApiSpec } from './wire';

export type IsolationLevel = 'read_uncommitted' | 'read_committed';
export const ISOLATION_CODE: Record<IsolationLevel, number> = { read_uncommitted: 0, read_committed: 1 };

export type OffsetSpec = 'earliest' | 'latest' | 'max-timestamp' | { readonly timestamp: number };

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
export const MAX_TIMESTAMP = -3;

export function specTimestamp(spec: OffsetSpec): number {
  if (spec === 'earliest') return EARLIEST_TIMESTAMP;
  if (spec === 'latest') return LATEST_TIMESTAMP;
  if (spec === 'max-timestamp') return MAX_TIMESTAMP;
  if (!Number.isSafeInteger(spec.timestamp) || spec.timestamp < 0)
    throw new RangeError(`Invalid timestamp ${spec.timestamp}`);
  return spec.timestamp;
}

export interface ListOffsetsInput {
  readonly isolation: IsolationLevel;
  readonly topics: ReadonlyArray<{
    readonly topic: string;
    readonly partitions: ReadonlyArray<{ readonly partition: number; readonly timestamp: number }>;
  }>;
}

export interface ListedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly error: KafkaErrorInfo | null;
  /** -1 when no record matches (a timestamp after the last record). */
  readonly offset: number;
  /** Timestamp of the record at `offset` for timestamp lookups; -1 for earliest/latest. */
  readonly timestamp: number;
  readonly leaderEpoch: number;
}

export const ListOffsetsApi: ApiSpec<ListOffsetsInput, ListedOffset[]> = {
  apiKey: 2,
  name: 'ListOffsets',
  minVersion: 2,
  maxVersion: 7,
  flexibleFrom: 6,
  encode(w: Writer, version: number, input: ListOffsetsInput): void {
    w.int32(-1); // replica_id: a normal consumer
    w.int8(ISOLATION_CODE[input.isolation]);
    w.array(input.topics, (x, t) => {
      x.string(t.topic);
      x.array(t.partitions, (y, p) => {
        y.int32(p.partition);
        if (version >= 4) y.int32(-1); // current_leader_epoch: unknown, skip fencing
        y.int64(p.timestamp);
        y.tags();
      });
      x.tags();
    });
    w.tags();
  },
  decode(r: Reader, version: number): ListedOffset[] {
    r.int32(); // throttle_time_ms
    const out: ListedOffset[] = [];
    r.array((t) => {
      const topic = t.string();
      t.array((p) => {
        const partition = p.int32();
        const code = p.int16();
        const timestamp = p.int64();
        const offset = p.int64();
        const leaderEpoch = version >= 4 ? p.int32() : -1;
        p.tags();
        out.push({ topic, partition, error: code === 0 ? null : kafkaErrorInfo(code), offset, timestamp, leaderEpoch });
      });
      t.tags();
    });
    r.tags();
    return out;
  },
};
