/**
 * Fetch (API key 1), v4-v11, sessionless, as a plain consumer (replica_id -1).
 *
 * We send SessionId 0 / SessionEpoch -1 (KIP-227: a full fetch that creates no
 * fetch session on the broker), so a read leaves no state behind. v4 adds the
 * isolation level and aborted-transaction lists, v5 log_start_offset, v7
 * sessions, v9 current_leader_epoch, v11 rack_id and preferred_read_replica
 * (KIP-392; ignored: we always read from the leader). v12 is the first flexible
 * version and v13 switches to topic ids; nothing here needs them, and Kafka 4
 * still serves v4+ (KIP-896 removed only v0-v3).
 *
 * The record set of each partition is returned as a view into the response
 * buffer; records.ts splits and decodes it lazily, so the reader can issue its
 * next fetch before decoding the previous one.
 */
import type { Reader, Writer } from './codec';
import type { KafkaErrorInfo } from './errors';
import { kafkaErrorInfo, KafkaProtocolError } from './errors';
import { ISOLATION_CODE, type IsolationLevel } from './listOffsets';
import type { ApiSpec } from './wire';

export interface FetchPartitionRequest {
  readonly partition: number;
  readonly fetchOffset: number;
  /** Per-partition byte limit; the broker still returns one whole batch if the first one is larger (KIP-74). */
  readonly maxBytes: number;
}

export interface FetchInput {
  readonly topic: string;
  readonly partitions: readonly FetchPartitionRequest[];
  readonly isolation: IsolationLevel;
  /** How long the broker may wait for minBytes to accumulate. */
  readonly maxWaitMs: number;
  readonly minBytes: number;
  /** Response-wide byte limit. */
  readonly maxBytes: number;
}

export interface AbortedTransaction {
  readonly producerId: number;
  readonly firstOffset: number;
}

export interface FetchedPartition {
  readonly partition: number;
  readonly error: KafkaErrorInfo | null;
  readonly highWatermark: number;
  /** -1 before v4. */
  readonly lastStableOffset: number;
  /** -1 before v5. */
  readonly logStartOffset: number;
  /** READ_COMMITTED only: transactions aborted within the returned range. */
  readonly abortedTransactions: readonly AbortedTransaction[];
  /** Raw record batches (possibly ending in a partial batch); empty when none. */
  readonly records: Buffer;
}

export const FetchApi: ApiSpec<FetchInput, FetchedPartition[]> = {
  apiKey: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  flexibleFrom: Infinity,
  encode(w: Writer, version: number, input: FetchInput): void {
    w.int32(-1); // replica_id: consumer
    w.int32(input.maxWaitMs);
    w.int32(input.minBytes);
    w.int32(input.maxBytes);
    w.int8(ISOLATION_CODE[input.isolation]);
    if (version >= 7) {
      w.int32(0); // session_id: none
      w.int32(-1); // session_epoch: -1 = full fetch, do not create a session
    }
    w.array([input.topic], (x, topic) => {
      x.string(topic);
      x.array(input.partitions, (y, p) => {
        y.int32(p.partition);
        if (version >= 9) y.int32(-1); // current_leader_epoch: unknown, skip fencing
        y.int64(p.fetchOffset);
        if (version >= 5) y.int64(-1); // log_start_offset: followers only
        y.int32(p.maxBytes);
      });
    });
    if (version >= 7) w.array([], () => undefined); // forgotten_topics_data
    if (version >= 11) w.string(''); // rack_id
  },
  decode(r: Reader, version: number): FetchedPartition[] {
    r.int32(); // throttle_time_ms
    if (version >= 7) {
      const top = r.int16();
      r.int32(); // session_id
      if (top !== 0) throw KafkaProtocolError.of(top, 'Fetch');
    }
    const out: FetchedPartition[] = [];
    r.array((t) => {
      t.string(); // topic: we fetch one topic per request
      t.array((p) => {
        const partition = p.int32();
        const code = p.int16();
        const highWatermark = p.int64();
        const lastStableOffset = p.int64();
        const logStartOffset = version >= 5 ? p.int64() : -1;
        const aborted = p.nullableArray((a) => ({ producerId: a.int64(), firstOffset: a.int64() })) ?? [];
        if (version >= 11) p.int32(); // preferred_read_replica
        const records = p.nullableBytes() ?? Buffer.alloc(0);
        out.push({
          partition,
          error: code === 0 ? null : kafkaErrorInfo(code),
          highWatermark,
          lastStableOffset,
          logStartOffset,
          abortedTransactions: aborted,
          records,
        });
      });
    });
    return out;
  },
};
