/**
 * `kafka.messages.tail`: follows one or more topics from their end. Readers
 * push into a small buffer that keeps only the newest `maxPerEvent` records;
 * a timer sends it at most 10 times a second with the running total, so a
 * fast topic cannot flood the renderer (or this process: the buffer is
 * bounded, unlike the unbounded tails users hit in AKHQ #1206).
 */
import type { KafkaMessage, MessageFilter, SkippedBatch, TailEvent } from '../../../shared/contract/kafka/messages';
import { VALUE_PREVIEW_BYTES } from '../../../shared/contract/kafka/messages';
import { DEFAULT_RESPONSE_BUDGET, openPartitionReader, TopicLeaders, type PartitionReader } from '../browse';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';
import { decodeChunk, type DecodedChunk, type DecodedRecord, type RecordDecoder } from '../serde/decoder';
import { toMessage } from './convert';
import { Ring } from './ring';
import { compileBoundedFilter } from './celSandbox';

export interface TailRequest {
  readonly topics: readonly string[];
  readonly isolation: IsolationLevel;
  readonly filter: MessageFilter;
  readonly maxPerEvent: number;
  /** `skip`: an oversized batch is left out and listed in the next event; otherwise the tail stops with its error. */
  readonly oversizeBatches?: 'stop' | 'skip' | undefined;
}

const FLUSH_MS = 100;

export async function tail(
  wire: KafkaWire,
  req: TailRequest,
  signal: AbortSignal,
  emit: (e: TailEvent) => void,
  decoder: RecordDecoder | null = null,
): Promise<void> {
  const matcher = compileBoundedFilter(req.filter, signal);
  const filtering = req.filter.kind !== 'none';
  const topics = [...new Set(req.topics)];
  // One fetch budget for the whole tail, shared by its topics' readers (each divides its share among leaders).
  const budget = Math.floor(DEFAULT_RESPONSE_BUDGET / topics.length);
  // A broker serves one request per connection at a time, and every reader of this connection shares
  // its socket to the broker: N long-polls of 500 ms in a row would delay each topic by up to N x 500 ms.
  // Shorter polls keep one round over all topics near 500 ms.
  const maxWaitMs = Math.max(50, Math.floor(TAIL_POLL_MS / topics.length));
  // With `skip`, a batch too large to decompress is left out and reported with the next event.
  let oversized: SkippedBatch[] = [];
  const oversize =
    req.oversizeBatches === 'skip'
      ? {
          onOversizeBatch: (b: SkippedBatch): boolean => {
            if (oversized.length < 100) oversized.push(b);
            return true;
          },
        }
      : {};
  // Open every reader (resolving each partition's end) before saying "started": what is produced after it is seen.
  const readers = await Promise.all(
    topics.map((topic) =>
      openPartitionReader(wire, {
        topic,
        partitions: { all: { kind: 'latest', count: 0 } },
        follow: true,
        isolation: req.isolation,
        signal,
        maxWaitMs,
        responseBudgetBytes: budget,
        ...oversize,
      }),
    ),
  );
  emit({ type: 'started', topics });
  const buffer = new Ring<{ r: KafkaRecord; d: DecodedRecord | undefined }>(req.maxPerEvent);
  let total = 0;
  let skipped = 0;
  const flush = (): void => {
    if (buffer.size === 0 && skipped === 0 && oversized.length === 0) return;
    const messages: KafkaMessage[] = buffer
      .drain()
      .map(({ r, d }) => toMessage(r, VALUE_PREVIEW_BYTES, d ?? decoder?.decodeRecord(r)));
    emit({
      type: 'messages',
      messages,
      total,
      skipped,
      ...(oversized.length > 0 ? { skippedBatches: oversized } : {}),
    });
    skipped = 0;
    oversized = [];
  };
  const timer = setInterval(flush, FLUSH_MS);
  const follow = async (reader: PartitionReader): Promise<void> => {
    for await (const chunk of reader) {
      // Unfiltered, only what is sent is decoded (at flush): a fast topic's skipped records cost nothing.
      let decoded: DecodedChunk | null = null;
      if (filtering) decoded = await decodeChunk(decoder, chunk.records);
      else await decoder?.prepare(chunk.records);
      for (const i of await matcher.select(decoded?.forFilter ?? chunk.records)) {
        const r = chunk.records[i] as KafkaRecord;
        total++;
        if (buffer.push({ r, d: decoded?.decoded[i] })) skipped++;
      }
    }
  };
  // Partitions added while tailing (kafka.topics.addPartitions, or another tool) are read from their
  // start: they were created after the tail started, so everything in them is new.
  const known = new Map(topics.map((t, i) => [t, new Set(readers[i]?.starts.map((s) => s.partition))]));
  let watch: ReturnType<typeof setInterval> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const start = (reader: PartitionReader): void => {
        running++;
        follow(reader).then(
          () => {
            if (--running === 0 && !failed) resolve();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      };
      for (const { reader } of readers) start(reader);
      let checking = false;
      watch = setInterval(() => {
        if (checking || failed || signal.aborted) return;
        checking = true;
        addedPartitions(wire, known, signal)
          .then((added) => {
            for (const { topic, partitions } of added) {
              if (failed || signal.aborted) return;
              void openPartitionReader(wire, {
                topic,
                partitions: partitions.map((partition) => ({ partition, start: { kind: 'earliest' } })),
                follow: true,
                isolation: req.isolation,
                signal,
                maxWaitMs,
                responseBudgetBytes: budget,
                ...oversize,
              }).then(({ reader }) => start(reader), reject);
            }
          }, reject)
          .finally(() => (checking = false));
      }, TAIL_PARTITION_CHECK_MS);
    });
  } finally {
    clearInterval(timer);
    if (watch !== undefined) clearInterval(watch);
    matcher.close();
  }
}

/** How long one round of long-polls over all of a tail's topics waits for new records. */
const TAIL_POLL_MS = 500;

/** How often a tail looks for partitions added to its topics. */
export const TAIL_PARTITION_CHECK_MS = 3_000;

/** Partitions of each topic not in `known` (which it updates). */
async function addedPartitions(
  wire: KafkaWire,
  known: Map<string, Set<number>>,
  signal: AbortSignal,
): Promise<{ topic: string; partitions: number[] }[]> {
  const out: { topic: string; partitions: number[] }[] = [];
  for (const [topic, seen] of known) {
    const leaders = new TopicLeaders(wire, topic);
    await leaders.refresh({ signal });
    const added = leaders.partitions().filter((p) => !seen.has(p));
    for (const p of added) seen.add(p);
    if (added.length > 0) out.push({ topic, partitions: added });
  }
  return out;
}
