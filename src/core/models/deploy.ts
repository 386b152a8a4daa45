/**
 * Local deployments: a generated service as a child process that core owns.
 * It listens on 127.0.0.1 at a free port; a crash restarts it with backoff
 * (0.5 s doubling to 15 s, at most MAX_RESTARTS in a row before "failed");
 * stop() and dispose() end it (SIGTERM, then SIGKILL). Health is polled and
 * /metrics scraped on one timer per deployment into a bounded series. The log
 * is kept as a bounded ring of lines and pushed to subscribers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentBase as Deployment, MetricsPoint, SmokeResult } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { toPoint, parseMetrics, withRollingAccuracy, type Scrape } from './metrics';
import { cleanEnv } from './python/run';

const LOG_LINES = 2000;
const MAX_POINTS = 2000;
const MAX_RESTARTS = 5;

export interface DeployOptions {
  readonly dir: string;
  readonly python: string;
  readonly sha256: string;
  readonly name: string;
  readonly workers: number;
  readonly apiKey?: string | undefined;
  /** Extra environment for the service (the prediction log's file). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface SupervisorOptions {
  /** Health poll and metrics scrape interval. */
  readonly pollMs?: number;
  readonly readyTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

type LogListener = (lines: string[]) => void;

class Managed {
  readonly id = randomUUID();
  child: ChildProcess | null = null;
  status: Deployment['status'] = 'starting';
  healthy = false;
  restarts = 0;
  lastError: string | null = null;
  readonly startedAt = Date.now();
  stopping = false;
  readonly log: string[] = [];
  readonly listeners = new Set<LogListener>();
  readonly points: MetricsPoint[] = [];
  lastScrape: Scrape | null = null;
  timer: NodeJS.Timeout | null = null;
  restartTimer: NodeJS.Timeout | null = null;
  metricsDir: string | null = null;
  /** The feedback store's SQLite file lives here: one per deployment, removed with it. */
  stateDir: string | null = null;
  partial = { out: '', err: '' };

  constructor(
    readonly opts: DeployOptions,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  view(): Deployment {
    return {
      id: this.id,
      name: this.opts.name,
      sha256: this.opts.sha256,
      dir: this.opts.dir,
      port: this.port,
      pid: this.child?.pid ?? null,
      url: this.url,
      status: this.status,
      healthy: this.healthy,
      restarts: this.restarts,
      startedAt: this.startedAt,
      lastError: this.lastError,
      apiKey: this.opts.apiKey !== undefined,
    };
  }

  append(lines: string[]): void {
    if (lines.length === 0) return;
    this.log.push(...lines);
    if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
    for (const l of this.listeners) l(lines);
  }

  tail(n = 20): string {
    return this.log.slice(-n).join('\n');
  }
}

export class DeploymentSupervisor {
  private readonly deployments = new Map<string, Managed>();
  private readonly scrapeListeners = new Set<(id: string, scrape: Scrape) => void>();
  private readonly pollMs: number;
  private readonly readyTimeoutMs: number;

  constructor(opts: SupervisorOptions = {}) {
    this.pollMs = opts.pollMs ?? 5000;
    this.readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  }

  list(): Deployment[] {
    return [...this.deployments.values()].map((d) => d.view());
  }

  /** One deployment's state (NOT_FOUND for an unknown id). */
  get(id: string): Deployment {
    return this.managed(id).view();
  }

  private managed(id: string): Managed {
    const d = this.deployments.get(id);
    if (d === undefined) throw new StackdeckError('NOT_FOUND', `No deployment ${id}.`);
    return d;
  }

  /** Starts the service, waits for /health, smoke tests it; a failed smoke test stops it again. */
  async start(opts: DeployOptions, signal: AbortSignal): Promise<{ deployment: Deployment; smoke: SmokeResult }> {
    const d = new Managed(opts, await freePort());
    this.deployments.set(d.id, d);
    d.stateDir = await mkdtemp(join(tmpdir(), 'stackdeck-deploy-'));
    if (opts.workers > 1) {
      d.metricsDir = await mkdtemp(join(tmpdir(), 'stackdeck-metrics-'));
    }
    this.spawn(d);
    try {
      await this.waitHealthy(d, signal);
    } catch (err) {
      await this.stop(d.id);
      d.status = 'failed';
      d.lastError = err instanceof Error ? err.message : String(err);
      return {
        deployment: d.view(),
        smoke: { ok: false, status: null, latencyMs: 0, response: null, error: d.lastError },
      };
    }
    const smoke = await this.smoke(d);
    if (!smoke.ok) {
      await this.stop(d.id);
      d.status = 'failed';
      d.lastError = smoke.error;
      return { deployment: d.view(), smoke };
    }
    d.status = 'running';
    d.timer = setInterval(() => void this.poll(d), this.pollMs);
    void this.poll(d);
    return { deployment: d.view(), smoke };
  }

  private spawn(d: Managed): void {
    const o = d.opts;
    const env: NodeJS.ProcessEnv = { ...cleanEnv(o.dir), PYTHONUNBUFFERED: '1' };
    if (o.apiKey !== undefined) env.API_KEY = o.apiKey;
    if (d.stateDir !== null) env.FEEDBACK_DB = join(d.stateDir, 'feedback.sqlite3');
    Object.assign(env, o.env);
    let args: string[];
    if (o.workers > 1 && d.metricsDir !== null) {
      env.PROMETHEUS_MULTIPROC_DIR = d.metricsDir;
      env.BIND = `127.0.0.1:${d.port}`;
      env.WORKERS = String(o.workers);
      args = ['-m', 'gunicorn', '-c', 'gunicorn.conf.py', 'app:app'];
    } else {
      args = ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(d.port), '--no-access-log'];
    }
    const child = spawn(o.python, args, { cwd: o.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    d.child = child;
    const reader = (key: 'out' | 'err') => (chunk: Buffer) => {
      const text = d.partial[key] + chunk.toString('utf8');
      const lines = text.split('\n');
      d.partial[key] = (lines.pop() ?? '').slice(0, 64_000);
      d.append(lines.map((l) => l.slice(0, 8000)));
    };
    child.stdout?.on('data', reader('out'));
    child.stderr?.on('data', reader('err'));
    child.on('error', (err) => {
      d.lastError = `Could not start ${o.python}: ${err.message}`;
      d.append([d.lastError]);
    });
    child.on('exit', (code, sig) => {
      if (d.child === child) d.child = null;
      d.healthy = false;
      if (d.stopping) return;
      d.append([`[stackdeck] service exited (${sig ?? `code ${String(code)}`})`]);
      d.lastError = `The service exited (${sig ?? `code ${String(code)}`}). ${d.tail(5)}`;
      if (d.status !== 'running' && d.status !== 'restarting') return; // start() reports it
      if (d.restarts >= MAX_RESTARTS) {
        d.status = 'failed';
        return;
      }
      d.status = 'restarting';
      const delay = Math.min(15_000, 500 * 2 ** d.restarts);
      d.restarts += 1;
      d.restartTimer = setTimeout(() => {
        d.restartTimer = null;
        if (!d.stopping) this.spawn(d);
      }, delay);
    });
  }

  private async waitHealthy(d: Managed, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    while (Date.now() < deadline) {
      signal.throwIfAborted();
      if (d.child === null || d.child.exitCode !== null) {
        await new Promise((r) => setTimeout(r, 200)); // let the last stderr lines arrive
        throw new StackdeckError('SERVER_ERROR', `The service exited on start:\n${d.tail(15)}`);
      }
      try {
        const res = await fetch(`${d.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) {
          d.healthy = true;
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new StackdeckError(
      'TIMEOUT',
      `The service did not answer /health within ${this.readyTimeoutMs / 1000} s:\n${d.tail(15)}`,
    );
  }

  private async smoke(d: Managed): Promise<SmokeResult> {
    const example = await readFile(join(d.opts.dir, 'example.json'), 'utf8');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (d.opts.apiKey !== undefined) headers['x-api-key'] = d.opts.apiKey;
    const t0 = performance.now();
    try {
      const res = await fetch(`${d.url}/predict`, {
        method: 'POST',
        headers,
        body: example,
        signal: AbortSignal.timeout(15_000),
      });
      const latencyMs = performance.now() - t0;
      const text = await res.text();
      let response: unknown = text;
      try {
        response = JSON.parse(text) as unknown;
      } catch {
        // keep the text
      }
      if (!res.ok)
        return {
          ok: false,
          status: res.status,
          latencyMs,
          response,
          error: `POST /predict answered ${res.status}: ${text.slice(0, 2000)}\n${d.tail(10)}`,
        };
      return { ok: true, status: res.status, latencyMs, response, error: null };
    } catch (err) {
      return {
        ok: false,
        status: null,
        latencyMs: performance.now() - t0,
        response: null,
        error: `${String(err)}\n${d.tail(10)}`,
      };
    }
  }

  private async poll(d: Managed): Promise<void> {
    if (d.child === null || d.stopping) return;
    try {
      const res = await fetch(`${d.url}/health`, { signal: AbortSignal.timeout(2000) });
      d.healthy = res.ok;
      if (d.healthy && d.status === 'restarting') d.status = 'running';
    } catch {
      d.healthy = false;
    }
    if (!d.healthy) return;
    try {
      const headers: Record<string, string> = d.opts.apiKey === undefined ? {} : { 'x-api-key': d.opts.apiKey };
      const res = await fetch(`${d.url}/metrics`, { headers, signal: AbortSignal.timeout(3000) });
      if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
      const scrape = parseMetrics(await res.text(), Date.now());
      d.points.push(withRollingAccuracy(d.points, toPoint(d.lastScrape, scrape)));
      if (d.points.length > MAX_POINTS) d.points.splice(0, d.points.length - MAX_POINTS);
      d.lastScrape = scrape;
      for (const l of this.scrapeListeners) l(d.id, scrape);
    } catch {
      // a missed scrape is a gap in the charts
    }
  }

  /** Called with each deployment's scrapes (drift); returns the unsubscribe. */
  onScrape(listener: (id: string, scrape: Scrape) => void): () => void {
    this.scrapeListeners.add(listener);
    return () => this.scrapeListeners.delete(listener);
  }

  /** Where a running deployment answers, for a load test; its API key never leaves core. */
  target(id: string): { url: string; dir: string; apiKey: string | undefined } {
    const d = this.managed(id);
    if (d.status !== 'running')
      throw new StackdeckError('CONFLICT', `Deployment ${d.opts.name} is ${d.status}: start it first.`);
    return { url: d.url, dir: d.opts.dir, apiKey: d.opts.apiKey };
  }

  series(id: string, sinceMs: number): MetricsPoint[] {
    const from = Date.now() - sinceMs;
    return this.managed(id).points.filter((p) => p.at >= from);
  }

  /** Subscribes to the log: the lines so far, then new ones. Returns the unsubscribe. */
  follow(id: string, listener: LogListener): () => void {
    const d = this.managed(id);
    listener([...d.log]);
    d.listeners.add(listener);
    return () => d.listeners.delete(listener);
  }

  async stop(id: string): Promise<Deployment> {
    const d = this.managed(id);
    d.stopping = true;
    if (d.timer !== null) clearInterval(d.timer);
    if (d.restartTimer !== null) clearTimeout(d.restartTimer);
    d.timer = d.restartTimer = null;
    const child = d.child;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    }
    d.child = null;
    d.healthy = false;
    d.status = 'stopped';
    if (d.metricsDir !== null) await rm(d.metricsDir, { recursive: true, force: true });
    if (d.stateDir !== null) await rm(d.stateDir, { recursive: true, force: true });
    return d.view();
  }

  async dispose(): Promise<void> {
    this.scrapeListeners.clear();
    await Promise.all([...this.deployments.keys()].map((id) => this.stop(id).catch(() => undefined)));
    for (const d of this.deployments.values()) d.listeners.clear();
  }
}
