/**
 * One deployment's prediction log: the file the service appends to, a tailer
 * on it, a bounded queue and a sink. Every pollMs the new lines are queued and
 * sent in batches; when the sink fails the records stay queued and sending is
 * retried with backoff (1 s doubling to 30 s). The queue holds at most
 * maxQueue records: past that the oldest are dropped and counted, so a sink
 * that is down for hours costs bounded memory and the loss is visible.
 * stop() reads the file one last time and flushes for up to flushMs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientRegistry } from '../../connections';
import type { PredictionLogSink, PredictionLogStatus } from '../../../shared/contract/models/predictionLog';
import { scrubSecrets } from '../../rpc/scrub';
import { openSink, type Record, type Sink } from './sinks';
import { LogTailer } from './tailer';

export interface ForwarderOptions {
  readonly pollMs?: number;
  readonly maxQueue?: number;
  readonly batch?: number;
  readonly rotateBytes?: number;
  readonly flushMs?: number;
}

const MAX_BACKOFF_MS = 30_000;

function message(err: unknown): string {
  return scrubSecrets(err instanceof Error ? err.message : String(err)).slice(0, 2000);
}

function recordOf(line: string): Record | null {
  try {
    const v = JSON.parse(line) as unknown;
    if (typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string')
      return { id: (v as { id: string }).id, line };
  } catch {
    // counted as malformed
  }
  return null;
}

export class PredictionForwarder {
  private readonly queue: Record[] = [];
  private forwarded = 0;
  private dropped = 0;
  private malformed = 0;
  private lastError: string | null = null;
  private lastForwardAt: number | null = null;
  private failures = 0;
  private retryAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly tailer: LogTailer;
  private readonly sink: Sink;
  private readonly pollMs: number;
  private readonly maxQueue: number;
  private readonly batch: number;
  private readonly flushMs: number;

  private constructor(
    private readonly dir: string,
    readonly sinkConfig: PredictionLogSink,
    registry: ClientRegistry,
    opts: ForwarderOptions,
  ) {
    this.tailer = new LogTailer(
      join(dir, 'predictions.jsonl'),
      opts.rotateBytes ? { rotateBytes: opts.rotateBytes } : {},
    );
    this.sink = openSink(registry, sinkConfig);
    this.pollMs = opts.pollMs ?? 500;
    this.maxQueue = opts.maxQueue ?? 10_000;
    this.batch = opts.batch ?? 500;
    this.flushMs = opts.flushMs ?? 5000;
  }

  /** A forwarder with its own directory; give `path` to the service as PREDICTION_LOG, then start(). */
  static async create(
    registry: ClientRegistry,
    sink: PredictionLogSink,
    opts: ForwarderOptions = {},
  ): Promise<PredictionForwarder> {
    const dir = await mkdtemp(join(tmpdir(), 'stackdeck-predlog-'));
    return new PredictionForwarder(dir, sink, registry, opts);
  }

  get path(): string {
    return this.tailer.path;
  }

  start(): void {
    if (this.stopped || this.timer !== null) return;
    const loop = (): void => {
      this.running = this.tick().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
      });
    };
    this.timer = setTimeout(loop, this.pollMs);
  }

  status(): PredictionLogStatus {
    return {
      sink: this.sinkConfig,
      connectionName: this.sink.connectionName(),
      forwarded: this.forwarded,
      queued: this.queue.length,
      dropped: this.dropped,
      malformed: this.malformed + this.tailer.overlong,
      lastError: this.lastError,
      lastForwardAt: this.lastForwardAt,
    };
  }

  private async read(): Promise<void> {
    let lines: string[];
    try {
      lines = await this.tailer.poll();
    } catch (err) {
      this.lastError = `Reading the prediction log failed: ${message(err)}`;
      return;
    }
    for (const line of lines) {
      const r = recordOf(line);
      if (r === null) this.malformed += 1;
      else this.queue.push(r);
    }
    const excess = this.queue.length - this.maxQueue;
    if (excess > 0) {
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Sends queued batches until the queue is empty, the deadline passes or the sink fails. */
  private async send(deadline: number): Promise<void> {
    while (this.queue.length > 0 && Date.now() < deadline) {
      const batch = this.queue.slice(0, this.batch);
      try {
        await this.sink.send(batch);
      } catch (err) {
        this.lastError = message(err);
        this.failures += 1;
        this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
        return;
      }
      // read() and send() run one after the other (tick), so the queue's head is still this batch.
      this.queue.splice(0, batch.length);
      this.forwarded += batch.length;
      this.lastForwardAt = Date.now();
      this.lastError = null;
      this.failures = 0;
      this.retryAt = 0;
    }
  }

  private async tick(): Promise<void> {
    await this.read();
    if (Date.now() >= this.retryAt) await this.send(Date.now() + 10_000);
  }

  /** Call after the service stopped: reads the rest of the file, flushes for up to flushMs, then closes everything. */
  async stop(): Promise<PredictionLogStatus> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const deadline = Date.now() + this.flushMs;
    await this.read();
    let last = -1;
    while (this.queue.length > 0 && this.queue.length !== last && Date.now() < deadline) {
      last = this.queue.length;
      await Promise.race([this.send(deadline), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    }
    const status = this.status();
    await this.tailer.close();
    await this.sink.close();
    await rm(this.dir, { recursive: true, force: true });
    return status;
  }
}
