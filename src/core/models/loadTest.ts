/**
 * A load test against a deployed service: N requests to POST /predict at
 * concurrency C, over keep-alive HTTP connections the test owns (closed when it
 * ends or is cancelled). Latencies go into a log-bucketed histogram (1% wide
 * buckets, ~1,900 counters), so memory is the same for 100 or 1,000,000
 * requests; percentiles are read from it within 1%.
 */
import { Agent, request } from 'node:http';
import type { LoadTestStats } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';

export interface LoadTestTarget {
  readonly url: string;
  readonly apiKey?: string | undefined;
}

export interface LoadTestOptions {
  readonly requests: number;
  readonly concurrency: number;
  /** Request bodies, used in turn (the example payload, or CSV rows). */
  readonly bodies: readonly string[];
  readonly signal: AbortSignal;
  /** Called at most every `progressMs` with the running figures. */
  readonly onProgress?: (stats: LoadTestStats) => void;
  readonly progressMs?: number;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
}

const BUCKET_GROWTH = 1.01;
const MIN_MS = 0.01;
const MAX_MS = 600_000;
const BUCKETS = Math.ceil(Math.log(MAX_MS / MIN_MS) / Math.log(BUCKET_GROWTH)) + 1;
const MAX_ERROR_TEXT = 500;

/** Latency histogram with 1% relative resolution from 10 µs to 10 min. */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const v = Math.min(Math.max(ms, MIN_MS), MAX_MS);
    const i = Math.floor(Math.log(v / MIN_MS) / Math.log(BUCKET_GROWTH));
    this.counts[Math.min(i, BUCKETS - 1)]! += 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  /** The latency at quantile q (0..1): the upper edge of the bucket holding it; null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(MIN_MS * BUCKET_GROWTH ** (i + 1), this.max);
    }
    return this.max;
  }
}

class Tally {
  readonly latency = new LatencyHistogram();
  sent = 0;
  ok = 0;
  readonly byStatus = new Map<number, number>();
  networkErrors = 0;
  firstError: string | null = null;
  readonly startedAt = performance.now();

  stats(done: boolean, cancelled: boolean): LoadTestStats {
    const elapsedMs = performance.now() - this.startedAt;
    const completed = this.latency.count + this.networkErrors;
    return {
      done,
      cancelled,
      sent: this.sent,
      completed,
      ok: this.ok,
      errors: completed - this.ok,
      byStatus: Object.fromEntries([...this.byStatus].map(([s, n]) => [String(s), n])),
      networkErrors: this.networkErrors,
      firstError: this.firstError,
      elapsedMs,
      requestsPerSec: elapsedMs > 0 ? (completed * 1000) / elapsedMs : 0,
      p50: this.latency.quantile(0.5),
      p95: this.latency.quantile(0.95),
      p99: this.latency.quantile(0.99),
      maxMs: this.latency.count > 0 ? this.latency.max : null,
    };
  }

  fail(text: string): void {
    if (this.firstError === null) this.firstError = text.slice(0, MAX_ERROR_TEXT);
  }
}

function post(
  agent: Agent,
  target: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, signal },
      (res) => {
        // Only an error's text is kept (bounded); a 200's body is read and dropped.
        const keep = (res.statusCode ?? 0) >= 400;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (keep && text.length < MAX_ERROR_TEXT) text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the load test; resolves with the final figures (cancelled: true when the signal ended it). */
export async function runLoadTest(target: LoadTestTarget, options: LoadTestOptions): Promise<LoadTestStats> {
  if (options.bodies.length === 0) throw new StackdeckError('INVALID_INPUT', 'A load test needs at least one payload.');
  const url = new URL('/predict', target.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
    throw new StackdeckError('INVALID_INPUT', `Load tests run against local deployments only, not ${url.host}.`);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey !== undefined) headers['x-api-key'] = target.apiKey;
  const concurrency = Math.max(1, Math.min(options.concurrency, options.requests));
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const tally = new Tally();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const progressMs = options.progressMs ?? 500;
  const timer = setInterval(() => options.onProgress?.(tally.stats(false, false)), progressMs);
  const worker = async (): Promise<void> => {
    while (!options.signal.aborted && tally.sent < options.requests) {
      const body = options.bodies[tally.sent % options.bodies.length]!;
      tally.sent += 1;
      const t0 = performance.now();
      try {
        const res = await post(agent, url, body, headers, timeoutMs, options.signal);
        tally.latency.record(performance.now() - t0);
        tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
        if (res.status >= 200 && res.status < 300) tally.ok += 1;
        else tally.fail(`${res.status}: ${res.text}`);
      } catch (e) {
        // Cut off by Cancel: neither answered nor failed by the service.
        if (options.signal.aborted) return;
        tally.networkErrors += 1;
        tally.fail(e instanceof Error ? e.message : String(e));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(timer);
    agent.destroy();
  }
  return tally.stats(true, options.signal.aborted);
}
