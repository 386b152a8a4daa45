/**
 * Filter evaluation that a runaway cannot turn into a hung core (issue #8).
 *
 * CEL is not Turing-complete, but nested comprehensions over a large JSON
 * value (`value.all(x, value.all(y, ...))`) can run for hours, and a
 * synchronous evaluation on core's thread would block every other call
 * (Cancel included) until it returns. So CEL filters are evaluated in a
 * worker thread: the main thread sends batches of records and gets back one
 * flag per record. A watchdog on the main thread reads a counter the worker
 * bumps before each evaluation; when one evaluation has run past the limit
 * the worker is terminated and the call fails with a clear message naming
 * the message it was on. Cancel (the call's signal) terminates it too. The
 * worker's heap is capped, so an expression that builds huge strings or
 * lists dies alone.
 *
 * "none" and "contains" filters are linear scans and stay on the main thread.
 * The byte pre-check of filter.ts (literals every match must contain) runs
 * on the main thread before records are copied to the worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MessageFilter } from '../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../shared/errors';
import type { KafkaRecord } from '../protocol/records';
import type { CelWorkerData, CompileMessage, WireBatch, WorkerReply } from './celWorker';
import { compileCel, compileFilter } from './filter';
import { runsInThread } from './celCost';
import { cannotMatch, requiredLiterals } from './prefilter';

export interface BoundedMatcher {
  /** Indexes (ascending) of the records of `batch` that match. */
  select(batch: readonly KafkaRecord[]): Promise<number[]>;
  /** Records the expression failed on (missing field, wrong type), counted as non-matches. */
  readonly evalErrors: number;
  /** Ends the worker, if any. Idempotent. */
  close(): void;
}

export interface BoundedOptions {
  /** The longest one evaluation may run. */
  readonly limitMs?: number;
  /** Heap cap of the worker, in MiB. */
  readonly heapMb?: number;
  /** false: always the worker, even for a filter that could run in-thread (tests of the worker). */
  readonly inThread?: boolean;
}

/** One evaluation running longer than this stops the call. */
export const CEL_EVAL_LIMIT_MS = 1_000;
const WATCH_MS = 50;
/** Records per message to the worker: small enough to keep copies short-lived. */
const CHUNK = 500;

/**
 * Where the worker's code is: next to this file under tsx (web mode, tests),
 * given tsx's loader unless this process already runs with it; `celWorker.js`
 * beside the bundled core in the desktop app (an electron-vite input).
 */
function workerTarget(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
    return { url: new URL('./celWorker.ts', here), ...(hasTsx ? {} : { execArgv: ['--import', 'tsx'] }) };
  }
  for (const rel of ['./celWorker.js', '../celWorker.js']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  throw new StackdeckError('SERVER_ERROR', 'The CEL filter worker is missing from this build of Stackdeck.');
}

/**
 * Compiles a filter; for CEL, validates on this thread first, so a bad
 * expression fails with its position before anything is read or started.
 * The worker (CEL only) ends when `signal` aborts or `close` is called.
 */
/** A started worker with its progress counter, loaded (its code imported) but not yet given an expression. */
interface Loaded {
  readonly worker: Worker;
  readonly progress: Int32Array;
  /** Resolves once the worker has loaded its code; rejects if it died first. */
  readonly loaded: Promise<void>;
}

const DEFAULT_HEAP_MB = 256;

function startWorker(heapMb: number): Loaded {
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const target = workerTarget();
  const worker = new Worker(target.url, {
    workerData: { progress: progress.buffer as SharedArrayBuffer } satisfies CelWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
    ...(target.execArgv ? { execArgv: target.execArgv } : {}),
  });
  // Never keeps the process alive: a search, export or tail that uses it holds its own resources.
  worker.unref();
  const loaded = new Promise<void>((resolve, reject) => {
    const onMessage = (m: WorkerReply): void => {
      if (!('loaded' in m)) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('the CEL worker exited while loading')));
  });
  loaded.catch(() => undefined);
  return { worker, progress, loaded };
}

/**
 * One loaded worker kept ready (default heap), so a search does not wait for
 * a worker to import its code (about a second under tsx). Each call takes the
 * spare and a new one starts in the background; a worker serves one call and
 * is terminated with it, so nothing of one call's expression outlives it.
 */
let spare: Loaded | undefined;

function takeWorker(heapMb: number): Loaded {
  if (heapMb !== DEFAULT_HEAP_MB) return startWorker(heapMb);
  const taken = spare ?? startWorker(heapMb);
  spare = startWorker(heapMb);
  return taken;
}

/**
 * Starts the spare now, if none is loading: called when someone opens a topic's
 * messages, so a search or tail that follows does not wait for a worker to load.
 */
export function prewarmCelWorker(): void {
  spare ??= startWorker(DEFAULT_HEAP_MB);
}

/** Ends the spare worker (core shutting down). */
export function disposeCelWorkers(): void {
  void spare?.worker.terminate();
  spare = undefined;
}

export function compileBoundedFilter(
  filter: MessageFilter,
  signal: AbortSignal,
  options: BoundedOptions = {},
): BoundedMatcher {
  // A filter of linear cost runs here (celCost.ts); every other CEL filter goes to the worker.
  if (filter.kind !== 'cel' || (options.inThread !== false && runsInThread(compileCel(filter.expression).ast))) {
    const matcher = compileFilter(filter);
    return {
      async select(batch) {
        const out: number[] = [];
        for (let i = 0; i < batch.length; i++) {
          // A fetch can hold tens of thousands of records: stop part-way on cancel (the caller checks too).
          if ((i & 1023) === 0 && signal.aborted) break;
          if (matcher.test(batch[i] as KafkaRecord)) out.push(i);
        }
        return out;
      },
      get evalErrors() {
        return matcher.evalErrors;
      },
      close: () => undefined,
    };
  }
  const evaluate = compileCel(filter.expression);
  const required = requiredLiterals(evaluate.ast);
  return new CelWorker(
    filter.expression,
    required,
    signal,
    options.limitMs ?? CEL_EVAL_LIMIT_MS,
    options.heapMb ?? DEFAULT_HEAP_MB,
  );
}

/** Packs a batch into one byte buffer, so no per-record objects are cloned (celWorker.ts unpacks it). */
function pack(id: number, records: readonly KafkaRecord[]): WireBatch {
  let size = 0;
  let headers = 0;
  for (const r of records) {
    size += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    headers += r.headers.length;
    for (const h of r.headers) size += h.value?.length ?? 0;
  }
  const data = new Uint8Array(size);
  const meta = new Float64Array(records.length * 6);
  const hkeys: string[] = [];
  const hlens = new Int32Array(headers);
  let pos = 0;
  let hi = 0;
  const put = (b: Buffer | null): number => {
    if (b === null) return -1;
    data.set(b, pos);
    pos += b.length;
    return b.length;
  };
  records.forEach((r, i) => {
    const m = i * 6;
    meta[m] = r.partition;
    meta[m + 1] = r.offset;
    meta[m + 2] = r.timestamp;
    meta[m + 3] = put(r.key);
    meta[m + 4] = put(r.value);
    meta[m + 5] = r.headers.length;
    for (const h of r.headers) {
      hkeys.push(h.key);
      hlens[hi++] = put(h.value);
    }
  });
  return { id, n: records.length, data: data.buffer, meta, hkeys, hlens };
}

interface Pending {
  batch: readonly KafkaRecord[];
  resolve(flags: Uint8Array): void;
  reject(error: Error): void;
}

class CelWorker implements BoundedMatcher {
  private readonly worker: Worker;
  private readonly progress: Int32Array;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private errors = 0;
  private failure: Error | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private lastCounter = 0;
  private lastChange = 0;
  private closed = false;
  private readonly onAbort = (): void =>
    this.fail(new StackdeckError('CANCELLED', 'The filter was stopped because the call was cancelled.'));

  constructor(
    expression: string,
    private readonly required: ReturnType<typeof requiredLiterals>,
    private readonly signal: AbortSignal,
    private readonly limitMs: number,
    heapMb: number,
  ) {
    const loaded = takeWorker(heapMb);
    this.worker = loaded.worker;
    this.progress = loaded.progress;
    let rejectReady: (e: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      rejectReady = reject;
      this.worker.on('message', (m: WorkerReply) => {
        if ('loaded' in m) return;
        if ('ready' in m) return resolve();
        if ('failed' in m) {
          const e = new StackdeckError('SERVER_ERROR', `The CEL filter could not start: ${m.failed}`);
          reject(e);
          return this.fail(e);
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if ('error' in m) {
          // An error of the expression itself (e.g. filter.ts's own per-message check): the call ends with it.
          const code = m.error.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'SERVER_ERROR';
          return this.fail(new StackdeckError(code, m.error.message));
        }
        this.errors += m.evalErrors;
        p.resolve(m.flags);
      });
      this.worker.on('error', (error: Error) => {
        const e = /memory/i.test(error.message)
          ? new StackdeckError(
              'INVALID_INPUT',
              'The CEL expression used more memory than a filter may (it builds values that are too large) and was stopped; simplify it.',
            )
          : new StackdeckError('SERVER_ERROR', `The CEL filter stopped: ${error.message}`);
        reject(e);
        this.fail(e);
      });
      this.worker.on('exit', () => {
        const e = this.failure ?? new StackdeckError('SERVER_ERROR', 'The CEL filter stopped unexpectedly.');
        reject(e);
        this.fail(e);
      });
    });
    // A rejection nobody awaits yet (the first batch has not been sent) must not crash the process.
    this.ready.catch(() => undefined);
    loaded.loaded.then(
      () => this.worker.postMessage({ compile: expression } satisfies CompileMessage),
      (error: unknown) => {
        // A spare that died before it was taken: its exit already happened, so say so here.
        const e = new StackdeckError(
          'SERVER_ERROR',
          `The CEL filter could not start: ${error instanceof Error ? error.message : String(error)}`,
        );
        rejectReady(e);
        this.fail(e);
      },
    );
    if (signal.aborted) this.onAbort();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  get evalErrors(): number {
    return this.errors;
  }

  async select(batch: readonly KafkaRecord[]): Promise<number[]> {
    // Chunks go out together, so the worker evaluates one while this thread packs the next.
    const sent: { candidates: number[]; flags: Promise<Uint8Array> }[] = [];
    for (let start = 0; start < batch.length; start += CHUNK) {
      // The byte pre-check: most records of a selective filter never leave this thread.
      const candidates: number[] = [];
      const end = Math.min(batch.length, start + CHUNK);
      for (let i = start; i < end; i++) {
        if (this.required.length === 0 || !cannotMatch(batch[i] as KafkaRecord, this.required)) candidates.push(i);
      }
      if (candidates.length === 0) continue;
      const flags = this.send(candidates.map((i) => batch[i] as KafkaRecord));
      // When one chunk fails the others fail the same way; only the first is awaited and reported.
      flags.catch(() => undefined);
      sent.push({ candidates, flags });
    }
    const out: number[] = [];
    for (const s of sent) {
      const flags = await s.flags;
      for (let j = 0; j < s.candidates.length; j++) if (flags[j] === 1) out.push(s.candidates[j] as number);
    }
    return out;
  }

  private async send(records: readonly KafkaRecord[]): Promise<Uint8Array> {
    if (this.failure) throw this.failure;
    await this.ready;
    if (this.failure) throw this.failure;
    const id = ++this.seq;
    const batch = pack(id, records);
    return new Promise<Uint8Array>((resolve, reject) => {
      if (this.pending.size === 0) {
        this.lastCounter = Atomics.load(this.progress, 0);
        this.lastChange = performance.now();
      }
      this.pending.set(id, { batch: records, resolve, reject });
      this.watchdog ??= setInterval(() => this.watch(), WATCH_MS);
      this.worker.postMessage(batch, [batch.data, batch.meta.buffer, batch.hlens.buffer] as ArrayBuffer[]);
    }).finally(() => {
      if (this.pending.size === 0 && this.watchdog !== undefined) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
      }
    });
  }

  /** Terminates the worker when one evaluation has not finished within the limit. */
  private watch(): void {
    if (this.pending.size === 0) return;
    const counter = Atomics.load(this.progress, 0);
    const now = performance.now();
    if (counter !== this.lastCounter) {
      this.lastCounter = counter;
      this.lastChange = now;
      return;
    }
    if (now - this.lastChange < this.limitMs) return;
    const batch = [...this.pending.values()][0]?.batch;
    const r = batch?.[Atomics.load(this.progress, 1)];
    const where = r ? ` (partition ${r.partition}, offset ${r.offset})` : '';
    this.fail(
      new StackdeckError(
        'INVALID_INPUT',
        `The CEL expression ran for over ${this.limitMs} ms on one message${where} and was stopped; simplify it. Nothing else was affected.`,
        { limitMs: this.limitMs, ...(r ? { partition: r.partition, offset: r.offset } : {}) },
      ),
    );
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new StackdeckError('CANCELLED', 'The filter was closed.');
    this.signal.removeEventListener('abort', this.onAbort);
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.watchdog = undefined;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    void this.worker.terminate();
  }
}
