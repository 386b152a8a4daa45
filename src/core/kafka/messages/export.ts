/**
 * `kafka.messages.export`: a range (optionally filtered) written to
 * `<userDataDir>/exports/<id>--<name>.jsonl|csv` as it is read, with write
 * backpressure, so memory stays flat up to the 1,000,000-message cap. Keys,
 * values and headers keep their bytes: UTF-8 text where valid, base64
 * otherwise, with an encoding field. A cancelled or failed export removes its
 * partial file.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ExportEvent, MessageFilter, ScanRange } from '../../../shared/contract/kafka/messages';
import { EXPORT_NAME_SEPARATOR } from '../../../shared/exports';
import { exportsDir } from '../../exports';
import type { IsolationLevel } from '../protocol/listOffsets';
import type { KafkaRecord } from '../protocol/records';
import type { KafkaWire } from '../protocol/wire';
import { toBytes } from './convert';
import { compileBoundedFilter } from './celSandbox';
import { openScan, progressOf, skipList } from './scan';

export interface ExportRequest {
  readonly topic: string;
  readonly partitions?: readonly number[] | undefined;
  readonly isolation: IsolationLevel;
  readonly range: ScanRange;
  readonly filter: MessageFilter;
  readonly format: 'jsonl' | 'csv';
  readonly limit: number;
  /** Batches too large to decompress: stop (default) or leave out and list them. */
  readonly oversizeBatches?: 'stop' | 'skip';
}

const PROGRESS_MS = 250;
const CSV_HEADER = 'topic,partition,offset,timestamp,timestampType,keyEncoding,key,valueEncoding,value,headers\n';

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function line(r: KafkaRecord, format: 'jsonl' | 'csv'): string {
  const key = toBytes(r.key);
  const value = toBytes(r.value);
  const headers = r.headers.map((h) => {
    const v = toBytes(h.value);
    return { key: h.key, value: v === null ? null : { encoding: v.encoding, data: v.data } };
  });
  if (format === 'jsonl') {
    const bytes = (b: typeof key): { encoding: string; data: string } | null =>
      b === null ? null : { encoding: b.encoding, data: b.data };
    return `${JSON.stringify({ topic: r.topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType, key: bytes(key), value: bytes(value), headers })}\n`;
  }
  // CSV: an empty encoding cell means null (no key / tombstone), unlike an empty string ("utf8" + empty).
  return (
    [
      csvCell(r.topic),
      String(r.partition),
      String(r.offset),
      String(r.timestamp),
      r.timestampType,
      key?.encoding ?? '',
      csvCell(key?.data ?? ''),
      value?.encoding ?? '',
      csvCell(value?.data ?? ''),
      csvCell(JSON.stringify(headers)),
    ].join(',') + '\n'
  );
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function exportMessages(
  wire: KafkaWire,
  userDataDir: string,
  req: ExportRequest,
  signal: AbortSignal,
  emit: (e: ExportEvent) => void,
): Promise<void> {
  const matcher = compileBoundedFilter(req.filter, signal);
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
  await mkdir(exportsDir(userDataDir), { recursive: true });
  const exportId = randomUUID();
  const stamp = new Date(startedAt).toISOString().replace(/[:.]/g, '-');
  const fileName = `${req.topic.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.${req.format}`;
  const path = join(exportsDir(userDataDir), `${exportId}${EXPORT_NAME_SEPARATOR}${fileName}`);
  const out = createWriteStream(path, { flags: 'wx' });
  let scanned = 0;
  let written = 0;
  let lastProgress = 0;
  const progress = (): void =>
    emit({
      type: 'progress',
      scanned,
      matched: written,
      written,
      bytes: out.bytesWritten + out.writableLength,
      ...progressOf(scan, scanned, startedAt),
    });
  let finished = false;
  try {
    if (req.format === 'csv') await write(out, CSV_HEADER);
    outer: for await (const records of scan.chunks) {
      const hits = await matcher.select(records);
      let h = 0;
      for (let i = 0; i < records.length; i++) {
        scanned++;
        if (hits[h] !== i) continue;
        h++;
        await write(out, line(records[i] as KafkaRecord, req.format));
        if (++written >= req.limit) break outer;
      }
      if (Date.now() - lastProgress >= PROGRESS_MS) {
        lastProgress = Date.now();
        progress();
      }
    }
    signal.throwIfAborted();
    out.end();
    await once(out, 'finish');
    finished = true;
    progress();
    emit({
      type: 'done',
      exportId,
      fileName,
      path,
      written,
      bytes: out.bytesWritten,
      reason: written >= req.limit ? 'limit' : 'end',
      ...(skipped.list.length > 0 ? { skippedBatches: skipped.list } : {}),
    });
  } finally {
    matcher.close();
    if (!finished) {
      out.destroy();
      await rm(path, { force: true });
    }
  }
}
