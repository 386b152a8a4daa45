/** `kafka.messages.browse` and `kafka.messages.get` over the group-less page reader. */
import type { BrowsePage, BrowseStart, KafkaMessage } from '../../../shared/contract/kafka/messages';
import { VALUE_PREVIEW_BYTES } from '../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../shared/errors';
import { openPartitionReader, readPage, type PageStart } from '../browse';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';
import type { RecordDecoder } from '../serde/decoder';
import { toMessage } from './convert';

export interface BrowseRequest {
  readonly topic: string;
  readonly partitions?: readonly number[] | undefined;
  readonly pageSize: number;
  readonly isolation: IsolationLevel;
  readonly start: BrowseStart;
}

/** A minute of clock skew between this machine and the brokers is normal; beyond that a timestamp is "in the future". */
const FUTURE_SLACK_MS = 60_000;

export async function browse(
  wire: KafkaWire,
  req: BrowseRequest,
  opts: { signal: AbortSignal; deadline: number },
  decoder: RecordDecoder | null = null,
): Promise<BrowsePage> {
  const start: PageStart = req.start;
  const page = await readPage(wire, {
    topic: req.topic,
    ...(req.partitions ? { partitions: req.partitions } : {}),
    pageSize: req.pageSize,
    isolation: req.isolation,
    start,
    outOfRange: 'error',
    signal: opts.signal,
    deadline: opts.deadline,
  });
  await decoder?.prepare(page.records);
  const notes: string[] = [];
  if (req.start.kind === 'timestamp') {
    const when = new Date(req.start.timestamp).toISOString();
    if (req.start.timestamp > Date.now() + FUTURE_SLACK_MS) {
      notes.push(`${when} is in the future: no message can have that timestamp yet. Nothing was read.`);
    } else if (page.partitions.every((p) => p.note === 'timestamp-after-last-record')) {
      notes.push(`No message has a timestamp at or after ${when}; use "Newer" later, or pick an earlier time.`);
    }
  }
  if (page.partitions.some((p) => p.note === 'cursor-clamped')) {
    notes.push(
      'Some partitions were truncated (retention or deletion) since this cursor was made; the page starts at their current first offset.',
    );
  }
  return {
    messages: page.records.map((r) => toMessage(r, VALUE_PREVIEW_BYTES, decoder?.decodeRecord(r))),
    order: page.order,
    older: page.older ? { ...page.older, positions: [...page.older.positions] } : null,
    newer: page.newer ? { ...page.newer, positions: [...page.newer.positions] } : null,
    partitions: page.partitions.map((p) => ({
      partition: p.partition,
      logStartOffset: p.watermarks.logStartOffset,
      highWatermark: p.watermarks.highWatermark,
      lastStableOffset: p.watermarks.lastStableOffset,
      from: p.from,
      until: p.until,
      note: p.note,
    })),
    notes,
  };
}

/** The whole message at one offset; NOT_FOUND when no visible record has it (compacted away, a marker, aborted). */
export async function getMessage(
  wire: KafkaWire,
  req: { topic: string; partition: number; offset: number; isolation: IsolationLevel },
  opts: { signal: AbortSignal; deadline: number },
  decoder: RecordDecoder | null = null,
): Promise<KafkaMessage> {
  const { reader } = await openPartitionReader(wire, {
    topic: req.topic,
    partitions: [{ partition: req.partition, start: { kind: 'offset', offset: req.offset }, limit: 1 }],
    isolation: req.isolation,
    outOfRange: 'error',
    signal: opts.signal,
    deadline: opts.deadline,
  });
  let found: KafkaRecord | undefined;
  for await (const chunk of reader) {
    found ??= chunk.records.find((r) => r.offset === req.offset);
    if (found) break;
  }
  if (!found) {
    throw new StackdeckError(
      'NOT_FOUND',
      `There is no message at offset ${req.offset} of partition ${req.partition} of "${req.topic}" (it may have been compacted away, be a transaction marker, or be at the end of the log).`,
      { topic: req.topic, partition: req.partition, offset: req.offset },
    );
  }
  await decoder?.prepare([found]);
  return toMessage(found, Infinity, decoder?.decodeRecord(found));
}
