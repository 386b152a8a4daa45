/**
 * Partition-level reads shared by every group: partition leaders (cached
 * briefly), ListOffsets once per leader for the union of partitions (so end
 * offsets are fetched once however many groups read a topic), and the first
 * record at or after a position (time lag). A leader that moved is looked up
 * again and the batch retried once; per-partition errors are returned as data.
 */
import { type CallOptions, deadlineOf } from '../../protocol/call';
import { isLeadershipError } from '../../protocol/errors';
import { FetchApi } from '../../protocol/fetch';
import { type IsolationLevel, ListOffsetsApi } from '../../protocol/listOffsets';
import { fetchMetadata, type TopicMetadata } from '../../protocol/metadata';
import { type ApiSpec, type KafkaWire } from '../../protocol/wire';
import { chunk, mapLimit, pushTo, sendApi } from '../call';
import { NEXT_RECORD_MAX_BYTES, type NextRecord, firstRecordAtOrAfter } from './nextRecord';

export interface PartitionsWireOptions {
  /** Partitions per ListOffsets request. */
  partitionBatch: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** How long a topic's partition leaders are trusted before asking again. */
  topicLayoutTtlMs: number;
}

export interface TopicLayout {
  /** Null when the topic exists; else the broker's error name (e.g. UNKNOWN_TOPIC_OR_PARTITION). */
  error: string | null;
  /** partition -> leader node id (-1 when leaderless). */
  leaders: Map<number, number>;
}

export interface OffsetQuery {
  topic: string;
  partition: number;
  /** -1 latest, -2 earliest, else epoch ms. */
  timestamp: number;
}

export interface OffsetAnswer {
  topic: string;
  partition: number;
  errorCode: number;
  /** -1 when no record is at or after the timestamp asked for. */
  offset: number;
}

export interface NextRecordAnswer {
  errorCode: number;
  record: NextRecord | null;
}

export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class PartitionsWire {
  private readonly layouts = new Map<string, { layout: TopicLayout; at: number }>();

  constructor(
    private readonly kafka: KafkaWire,
    private readonly opts: PartitionsWireOptions,
  ) {}

  private send<I, O>(target: number, spec: ApiSpec<I, O>, input: I, call: CallOptions, what: string): Promise<O> {
    return sendApi(this.kafka, target, spec, input, call, what);
  }

  /** Partition leaders per topic, cached briefly (one Metadata request for all missing topics). */
  async topicLayouts(topics: readonly string[], call: CallOptions, refresh = false): Promise<Map<string, TopicLayout>> {
    const now = Date.now();
    const missing = [...new Set(topics)].filter((t) => {
      const c = this.layouts.get(t);
      return refresh || !c || now - c.at > this.opts.topicLayoutTtlMs;
    });
    if (missing.length > 0) {
      const md = await fetchMetadata(this.kafka, missing, { ...call, deadline: deadlineOf(call) });
      const at = Date.now();
      for (const t of md.topics) this.layouts.set(t.name, { layout: toLayout(t), at });
    }
    const out = new Map<string, TopicLayout>();
    for (const t of topics)
      out.set(t, this.layouts.get(t)?.layout ?? { error: 'UNKNOWN_TOPIC_OR_PARTITION', leaders: new Map() });
    return out;
  }

  /** ListOffsets for many partitions, one request per leader; a leader change is retried once. */
  async listOffsets(
    query: readonly OffsetQuery[],
    isolation: IsolationLevel,
    call: CallOptions,
  ): Promise<Map<string, OffsetAnswer>> {
    const out = new Map<string, OffsetAnswer>();
    let pending = [...query];
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      const layouts = await this.topicLayouts([...new Set(pending.map((q) => q.topic))], call, attempt > 0);
      const perLeader = new Map<number, OffsetQuery[]>();
      for (const q of pending) {
        const layout = layouts.get(q.topic);
        const leader = layout?.leaders.get(q.partition);
        if (leader === undefined || leader < 0) {
          const errorCode =
            layout?.error === null && leader !== undefined
              ? 5 /* LEADER_NOT_AVAILABLE */
              : 3; /* UNKNOWN_TOPIC_OR_PARTITION */
          out.set(tpKey(q.topic, q.partition), { topic: q.topic, partition: q.partition, errorCode, offset: -1 });
        } else pushTo(perLeader, leader, q);
      }
      const jobs = [...perLeader].flatMap(([node, items]) =>
        chunk(items, this.opts.partitionBatch).map((batch) => ({ node, batch })),
      );
      const retry = await mapLimit(
        jobs,
        this.opts.concurrency,
        call,
        'Reading partition offsets',
        async ({ node, batch }) => {
          const byTopic = new Map<string, Array<{ partition: number; timestamp: number }>>();
          for (const q of batch) pushTo(byTopic, q.topic, { partition: q.partition, timestamp: q.timestamp });
          const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
          const res = await this.send(
            node,
            ListOffsetsApi,
            { isolation, topics },
            call,
            `Reading offsets from broker ${node}`,
          );
          const asked = new Map(batch.map((q) => [tpKey(q.topic, q.partition), q]));
          const again: OffsetQuery[] = [];
          for (const r of res) {
            const code = r.error?.code ?? 0;
            const q = asked.get(tpKey(r.topic, r.partition));
            if (attempt === 0 && q && isLeadershipError(code)) again.push(q);
            else
              out.set(tpKey(r.topic, r.partition), {
                topic: r.topic,
                partition: r.partition,
                errorCode: code,
                offset: r.offset,
              });
          }
          return again;
        },
      );
      pending = retry.flat();
    }
    return out;
  }

  /** The first record at or after each position, read without a group (time lag). */
  async nextRecords(
    positions: ReadonlyArray<{ topic: string; partition: number; offset: number }>,
    call: CallOptions,
  ): Promise<Map<string, NextRecordAnswer>> {
    const layouts = await this.topicLayouts([...new Set(positions.map((p) => p.topic))], call);
    // FetchApi reads one topic per request: one request per (leader, topic).
    const jobs = new Map<
      string,
      { node: number; topic: string; items: Array<{ partition: number; offset: number }> }
    >();
    for (const p of positions) {
      const node = layouts.get(p.topic)?.leaders.get(p.partition);
      if (node === undefined || node < 0) continue;
      const k = `${node}\u0000${p.topic}`;
      const job = jobs.get(k) ?? { node, topic: p.topic, items: [] };
      job.items.push({ partition: p.partition, offset: p.offset });
      jobs.set(k, job);
    }
    const out = new Map<string, NextRecordAnswer>();
    await mapLimit(
      [...jobs.values()],
      this.opts.concurrency,
      call,
      'Reading next records',
      async ({ node, topic, items }) => {
        const input = {
          topic,
          partitions: items.map((i) => ({
            partition: i.partition,
            fetchOffset: i.offset,
            maxBytes: NEXT_RECORD_MAX_BYTES,
          })),
          isolation: 'read_uncommitted' as const,
          maxWaitMs: 0,
          minBytes: 0,
          maxBytes: Math.min(16 * 1024 * 1024, NEXT_RECORD_MAX_BYTES * items.length),
        };
        const res = await this.send(node, FetchApi, input, call, `Reading next records of "${topic}"`);
        const from = new Map(items.map((i) => [i.partition, i.offset]));
        for (const p of res) {
          const errorCode = p.error?.code ?? 0;
          const record = errorCode === 0 ? await firstRecordAtOrAfter(topic, p, from.get(p.partition) ?? 0) : null;
          out.set(tpKey(topic, p.partition), { errorCode, record });
        }
      },
    );
    return out;
  }
}

function toLayout(t: TopicMetadata): TopicLayout {
  return { error: t.error ? t.error.name : null, leaders: new Map(t.partitions.map((p) => [p.partition, p.leader])) };
}
