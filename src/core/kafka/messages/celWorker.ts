/**
 * The CEL worker thread (see celSandbox.ts): evaluates a filter with the same
 * `compileFilter` as everything else (filter.ts: RE2 for `matches`, the byte
 * pre-check, the variables as core builds them), over batches the main thread
 * sends packed in one buffer. Before each record it bumps a shared counter:
 * that is what lets the main thread see one evaluation running too long and
 * terminate this thread, whatever the expression is doing.
 *
 * Started from source under tsx (web mode, tests) and as `celWorker.js` next
 * to the bundled core in the desktop app (electron.vite.config.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStackdeckError } from '../../../shared/errors';
import type { KafkaRecord, RecordHeader } from '../protocol/records';
import { compileFilter } from './filter';

export interface CelWorkerData {
  /** [counter, index of the record being evaluated]. */
  readonly progress: SharedArrayBuffer;
}

/** The first message to a started worker: the filter it evaluates for the rest of its life. */
export interface CompileMessage {
  readonly compile: string;
}

/** A batch as the main thread packs it (celSandbox.ts `pack`). */
export interface WireBatch {
  id: number;
  n: number;
  data: ArrayBuffer;
  /** Per record: partition, offset, timestamp, key length, value length (-1: null), header count. */
  meta: Float64Array;
  hkeys: string[];
  hlens: Int32Array;
}

export type WorkerReply =
  /** Loaded, waiting for its expression (a spare). */
  | { loaded: true }
  /** Compiled its expression, waiting for batches. */
  | { ready: true }
  | { failed: string }
  | { id: number; flags: Uint8Array; evalErrors: number }
  | { id: number; error: { code: string; message: string } };

const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

function unpack(batch: WireBatch): KafkaRecord[] {
  const data = Buffer.from(batch.data);
  const out: KafkaRecord[] = [];
  let pos = 0;
  let hi = 0;
  const take = (len: number): Buffer | null => {
    if (len < 0) return null;
    const b = data.subarray(pos, pos + len);
    pos += len;
    return b;
  };
  for (let i = 0; i < batch.n; i++) {
    const m = i * 6;
    const key = take(batch.meta[m + 3] as number);
    const value = take(batch.meta[m + 4] as number);
    const count = batch.meta[m + 5] as number;
    let headers = NO_HEADERS;
    if (count > 0) {
      const list: RecordHeader[] = [];
      for (let j = 0; j < count; j++, hi++) {
        list.push({ key: batch.hkeys[hi] as string, value: take(batch.hlens[hi] as number) });
      }
      headers = list;
    }
    out.push({
      topic: '',
      partition: batch.meta[m] as number,
      offset: batch.meta[m + 1] as number,
      timestamp: batch.meta[m + 2] as number,
      timestampType: 'create',
      key,
      value,
      headers,
      sizeBytes: 0,
      leaderEpoch: 0,
      transactional: false,
    });
  }
  return out;
}

function run(): void {
  const port = parentPort;
  if (port === null) return;
  const data = workerData as CelWorkerData;
  const progress = new Int32Array(data.progress);
  let matcher: ReturnType<typeof compileFilter> | undefined;
  let counter = 0;
  let errorsBefore = 0;
  port.on('message', (message: WireBatch | CompileMessage) => {
    if ('compile' in message) {
      try {
        matcher = compileFilter({ kind: 'cel', expression: message.compile });
        port.postMessage({ ready: true } satisfies WorkerReply);
      } catch (error) {
        port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
      }
      return;
    }
    const batch = message;
    if (matcher === undefined) return;
    const records = unpack(batch);
    const flags = new Uint8Array(records.length);
    try {
      for (let i = 0; i < records.length; i++) {
        Atomics.store(progress, 1, i);
        Atomics.store(progress, 0, ++counter);
        if (matcher.test(records[i] as KafkaRecord)) flags[i] = 1;
      }
    } catch (error) {
      const e = isStackdeckError(error)
        ? { code: error.code, message: error.message }
        : { code: 'SERVER_ERROR', message: error instanceof Error ? error.message : String(error) };
      port.postMessage({ id: batch.id, error: e } satisfies WorkerReply);
      return;
    }
    Atomics.store(progress, 0, ++counter);
    const evalErrors = matcher.evalErrors - errorsBefore;
    errorsBefore = matcher.evalErrors;
    port.postMessage({ id: batch.id, flags, evalErrors } satisfies WorkerReply, [flags.buffer]);
  });
  port.postMessage({ loaded: true } satisfies WorkerReply);
}

run();
