/**
 * `kafka.messages.search`: scans a bounded range, streams matches as they are
 * found (batched every 100 ms or 100 matches) with progress every 250 ms,
 * stops at the match limit, and stops reading when the signal aborts (the
 * reader's fetches are raced against it). Nothing but the pending batch is
 * kept, so memory does not grow with the topic.
 */
import type { KafkaMessage, ScanRange, MessageFilter, SearchEvent } from '../../../shared/contract/kafka/messages';
import { VALUE_PREVIEW_BYTES } from '../../../shared/contract/kafka/messages';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';
import { decodeChunk, type RecordDecoder } from '../serde/decoder';
import { toMessage } from './convert';
import { compileBoundedFilter, type BoundedMatcher } from './celSandbox';
import { openScan, progressOf, skipList } from './scan';

export interface SearchRequest {
  readonly topic: string;
  readonly partitions?: readonly number[] | undefined;
  readonly isolation: IsolationLevel;
  readonly range: ScanRange;
  readonly filter: MessageFilter;
  readonly limit: number;
  /** Batches too large to decompress: stop (default) or leave out and list them. */
  readonly oversizeBatches?: 'stop' | 'skip';
}

const FLUSH_MS = 100;
const FLUSH_COUNT = 100;
const PROGRESS_MS = 250;

export async function search(
  wire: KafkaWire,
  req: SearchRequest,
  signal: AbortSignal,
  emit: (e: SearchEvent) => void,
  decoder: RecordDecoder | null = null,
): Promise<void> {
  // Compile first: an invalid expression is reported before any read starts.
  const matcher = compileBoundedFilter(req.filter, signal);
  try {
    await run(wire, req, signal, emit, matcher, decoder);
  } finally {
    matcher.close();
  }
}

async function run(
  wire: KafkaWire,
  req: SearchRequest,
  signal: AbortSignal,
  emit: (e: SearchEvent) => void,
  matcher: BoundedMatcher,
  decoder: RecordDecoder | null,
): Promise<void> {
  const startedAt = Date.now();
  const skipped = skipList(req.oversizeBatches);
  const scan = await openScan(wire, {
    topic: req.topic,
    partitions: req.partitions,
    isolation: req.isolation,
    range: req.range,
    signal,
    ...skipped.option,
  });
  let scanned = 0;
  let matched = 0;
  let pending: KafkaMessage[] = [];
  let lastFlush = Date.now();
  let lastProgress = 0;
  const progress = (): void => emit({ type: 'progress', scanned, matched, ...progressOf(scan, scanned, startedAt) });
  const flush = (): void => {
    if (pending.length > 0) emit({ type: 'matches', messages: pending });
    pending = [];
    lastFlush = Date.now();
  };
  progress();
  outer: for await (const records of scan.chunks) {
    // With a registry, "contains" and CEL see the decoded value (as JSON), not the Avro/Protobuf bytes.
    const chunk = await decodeChunk(decoder, records);
    const hits = await matcher.select(chunk.forFilter);
    let h = 0;
    for (let i = 0; i < records.length; i++) {
      // The main thread only walks the worker's answer here; a costly expression is bounded there.
      if ((scanned & 1023) === 0 && signal.aborted) break outer;
      scanned++;
      if (hits[h] !== i) continue;
      h++;
      matched++;
      pending.push(toMessage(records[i] as KafkaRecord, VALUE_PREVIEW_BYTES, chunk.decoded[i]));
      if (matched >= req.limit) break outer;
    }
    const now = Date.now();
    if (pending.length >= FLUSH_COUNT || now - lastFlush >= FLUSH_MS) flush();
    if (now - lastProgress >= PROGRESS_MS) {
      lastProgress = now;
      progress();
    }
  }
  signal.throwIfAborted();
  flush();
  progress();
  emit({
    type: 'done',
    scanned,
    matched,
    reason: matched >= req.limit ? 'limit' : 'end',
    evalErrors: matcher.evalErrors,
    elapsedMs: Date.now() - startedAt,
    ...(skipped.list.length > 0 ? { skippedBatches: skipped.list } : {}),
  });
}
