/**
 * `kafka.messages.tail`: follows one or more topics from their end. Readers
 * push into a small buffer that keeps only the newest `maxPerEvent` records;
 * a timer sends it at most 10 times a second with the running total, so a
 * fast topic cannot flood the renderer (or this process: the buffer is
 * bounded, unlike the unbounded tails users hit in AKHQ #1206).
 */
import type { KafkaMessage, MessageFilter, TailEvent } from '../../../shared/contract/kafka/messages';
import { VALUE_PREVIEW_BYTES } from '../../../shared/contract/kafka/messages';
import { openPartitionReader } from '../browse';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';
import { toMessage } from './convert';
import { compileBoundedFilter } from './celSandbox';

export interface TailRequest {
  readonly topics: readonly string[];
  readonly isolation: IsolationLevel;
  readonly filter: MessageFilter;
  readonly maxPerEvent: number;
}

const FLUSH_MS = 100;

export async function tail(
  wire: KafkaWire,
  req: TailRequest,
  signal: AbortSignal,
  emit: (e: TailEvent) => void,
): Promise<void> {
  const matcher = compileBoundedFilter(req.filter, signal);
  const topics = [...new Set(req.topics)];
  // Open every reader (resolving each partition's end) before saying "started": what is produced after it is seen.
  const readers = await Promise.all(
    topics.map((topic) =>
      openPartitionReader(wire, {
        topic,
        partitions: { all: { kind: 'latest', count: 0 } },
        follow: true,
        isolation: req.isolation,
        signal,
        maxWaitMs: 500,
      }),
    ),
  );
  emit({ type: 'started', topics });
  let buffer: KafkaRecord[] = [];
  let total = 0;
  let skipped = 0;
  const flush = (): void => {
    if (buffer.length === 0 && skipped === 0) return;
    const messages: KafkaMessage[] = buffer.map((r) => toMessage(r, VALUE_PREVIEW_BYTES));
    emit({ type: 'messages', messages, total, skipped });
    buffer = [];
    skipped = 0;
  };
  const timer = setInterval(flush, FLUSH_MS);
  try {
    await Promise.all(
      readers.map(async ({ reader }) => {
        for await (const chunk of reader) {
          for (const i of await matcher.select(chunk.records)) {
            const r = chunk.records[i] as KafkaRecord;
            total++;
            buffer.push(r);
            if (buffer.length > req.maxPerEvent) {
              buffer.shift();
              skipped++;
            }
          }
        }
      }),
    );
  } finally {
    clearInterval(timer);
    matcher.close();
  }
}
