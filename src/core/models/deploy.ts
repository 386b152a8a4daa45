/**
 * Local deployments: a generated service as a child process that core owns.
 * It listens on 127.0.0.1 at a free port; a crash restarts it with backoff
 * (0.5 s doubling to 15 s, at most MAX_RESTARTS in a row before "failed");
 * stop() and dispose() end it (SIGTERM, then SIGKILL). Health is polled and
 * /metrics scraped on one timer per deployment into a bounded series. The log
 * is kept as a bounded ring of lines and pushed to subscribers.
 * A deployment started with `keep` survives dispose(): it runs detached, its
 * log goes to a file, and its record lets the next core adopt it (kept.ts).
 */
import type { PointSink } from './metricsHistory';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentBase as Deployment, MetricsPoint, SmokeResult } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';
import { alive, FileLog, isService, KeptStore, killGroup, type KeptRecord } from './kept';
import { Managed, type DeployOptions, type LogListener } from './managed';
import { toPoint, parseMetrics, withRollingAccuracy, type Scrape } from './metrics';
import { serviceCommand } from './serviceCommand';
import { freePort, smokeTest } from './smoke';

export { freePort } from './smoke';

export type { DeployOptions } from './managed';
const MAX_POINTS = 2000;
const MAX_RESTARTS = 5;

export interface SupervisorOptions {
  /** Health poll and metrics scrape interval. */
  readonly pollMs?: number;
  readonly readyTimeoutMs?: number;
  /** Where kept deployments' records and state live (models/kept under the user data directory). */
  readonly keptDir?: string;
  /** Each chart point, as it is made (core stores them). */
  readonly onPoint?: PointSink;
}

export class DeploymentSupervisor {
  private readonly deployments = new Map<string, Managed>();
  private readonly onPoint: PointSink;
  private readonly scrapeListeners = new Set<(id: string, scrape: Scrape) => void>();
  private readonly pollMs: number;
  private readonly readyTimeoutMs: number;
  readonly kept: KeptStore | null;

  constructor(opts: SupervisorOptions = {}) {
    this.pollMs = opts.pollMs ?? 5000;
    this.onPoint = opts.onPoint ?? (() => undefined);
    this.readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
    this.kept = opts.keptDir === undefined ? null : new KeptStore(opts.keptDir);
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
    if (opts.keep === true && this.kept === null)
      throw new StackdeckError(
        'INVALID_INPUT',
        'Keeping a deployment after quit needs a data directory for its record.',
      );
    const d = new Managed(opts, await freePort());
    this.deployments.set(d.id, d);
    if (opts.keep === true && this.kept !== null) {
      d.stateDir = this.kept.stateDir(d.id);
      await mkdir(d.stateDir, { recursive: true });
      if (opts.workers > 1) await mkdir((d.metricsDir = join(d.stateDir, 'metrics')));
      d.fileLog = new FileLog(join(d.stateDir, 'service.log'));
      d.logTimer = setInterval(() => void this.readLog(d), 250);
    } else {
      d.stateDir = await mkdtemp(join(tmpdir(), 'stackdeck-deploy-'));
      if (opts.workers > 1) d.metricsDir = await mkdtemp(join(tmpdir(), 'stackdeck-metrics-'));
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
    const { args, env } = serviceCommand(d);
    // A kept service writes its log to a file and leads its own process group, so quitting core leaves it be.
    const logFd = d.fileLog === null ? null : openSync(d.fileLog.path, 'a', 0o600);
    const child = spawn(o.python, args, {
      cwd: o.dir,
      env,
      stdio: logFd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
      detached: logFd !== null,
    });
    if (logFd !== null) closeSync(logFd);
    d.child = child;
    if (o.keep === true) void this.record(d);
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
      void this.readLog(d).finally(() => this.exited(d, sig ?? `code ${String(code)}`));
    });
  }

  /** The service's process ended without a stop: restart it with backoff, up to MAX_RESTARTS. */
  private exited(d: Managed, how: string): void {
    d.healthy = false;
    if (d.stopping) return;
    d.append([`[stackdeck] service exited (${how})`]);
    d.lastError = `The service exited (${how}). ${d.tail(5)}`;
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
  }

  private async readLog(d: Managed): Promise<void> {
    if (d.fileLog !== null) d.append(await d.fileLog.poll().catch(() => []));
  }

  /** Version, role and stable port of a deployment, set by its service's versions (a kept one's record holds them). */
  annotate(id: string, meta: Managed['meta']): void {
    const d = this.deployments.get(id);
    if (d === undefined) return;
    d.meta = meta;
    if (d.opts.keep === true && d.pid !== null && !d.stopping) void this.record(d);
  }

  private async record(d: Managed): Promise<void> {
    const pid = d.pid;
    if (this.kept === null || d.stateDir === null || pid === null) return;
    const rec: KeptRecord = {
      id: d.id,
      name: d.opts.name,
      ...d.meta,
      sha256: d.opts.sha256,
      dir: d.opts.dir,
      python: d.opts.python,
      port: d.port,
      pid,
      workers: d.opts.workers,
      apiKey: d.opts.apiKey !== undefined,
      startedAt: d.startedAt,
      stateDir: d.stateDir,
      metricsDir: d.metricsDir,
    };
    const kept = this.kept;
    d.recording = d.recording
      .then(() => (d.stopping ? undefined : kept.save(rec)))
      .catch((e: unknown) => d.append([`[stackdeck] could not record the kept service: ${String(e)}`]));
    await d.recording;
  }

  /**
   * Takes over a kept service a previous core started: adopted when its pid
   * is still that service, else shown as stopped and its record dropped.
   */
  async adopt(rec: KeptRecord, apiKey: string | undefined): Promise<Deployment> {
    const opts = { dir: rec.dir, python: rec.python, sha256: rec.sha256, name: rec.name, workers: rec.workers };
    const d = new Managed({ ...opts, apiKey, keep: true }, rec.port, rec.id);
    d.adopted = true;
    d.startedAt = rec.startedAt;
    d.meta = { version: rec.version, role: rec.role, stablePort: rec.stablePort };
    this.deployments.set(d.id, d);
    if (!(await isService(rec))) {
      d.status = 'stopped';
      d.lastError = alive(rec.pid)
        ? `exited while Stackdeck was closed (pid ${rec.pid} is now another process, left alone)`
        : 'exited while Stackdeck was closed';
      await this.kept?.remove(rec.id);
      return d.view();
    }
    d.adoptedPid = rec.pid;
    d.stateDir = rec.stateDir;
    d.metricsDir = rec.metricsDir;
    d.status = 'running';
    d.healthy = true;
    d.fileLog = new FileLog(join(rec.stateDir, 'service.log'));
    const earlier = await d.fileLog.tail();
    if (earlier.length > 0) d.append(['[stackdeck] the end of its log file, from before it was adopted:', ...earlier]);
    d.append([`[stackdeck] adopted pid ${rec.pid}: it kept running while Stackdeck was closed`]);
    d.logTimer = setInterval(() => void this.readLog(d), 250);
    d.timer = setInterval(() => void this.poll(d), this.pollMs);
    void this.poll(d);
    return d.view();
  }

  private async waitHealthy(d: Managed, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    while (Date.now() < deadline) {
      signal.throwIfAborted();
      if (d.child === null || d.child.exitCode !== null) {
        await new Promise((r) => setTimeout(r, 200)); // let the last stderr lines arrive
        await this.readLog(d);
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

  private smoke(d: Managed): Promise<SmokeResult> {
    return smokeTest(d.url, d.opts.dir, d.opts.apiKey, (n) => d.tail(n));
  }

  private async poll(d: Managed): Promise<void> {
    if (d.stopping) return;
    if (d.adoptedPid !== null && !alive(d.adoptedPid)) {
      // Not core's child, so no exit event: noticed here, then restarted like any crash.
      d.adoptedPid = null;
      await this.readLog(d);
      return this.exited(d, 'adopted process ended');
    }
    if (d.child === null && d.adoptedPid === null) return;
    try {
      const res = await fetch(`${d.url}/health`, { signal: AbortSignal.timeout(2000) });
      d.healthy = res.ok;
      if (d.healthy && d.status === 'restarting') d.status = 'running';
    } catch {
      d.healthy = false;
    }
    if (!d.healthy) return;
    try {
      const scrape = await this.fetchScrape(d);
      const point = withRollingAccuracy(d.points, toPoint(d.lastScrape, scrape));
      d.points.push(point);
      if (d.points.length > MAX_POINTS) d.points.splice(0, d.points.length - MAX_POINTS);
      this.onPoint(d.id, point, this.pollMs);
      d.lastScrape = scrape;
      for (const l of this.scrapeListeners) l(d.id, scrape);
    } catch {
      // a missed scrape is a gap in the charts
    }
  }

  private async fetchScrape(d: Managed): Promise<Scrape> {
    const headers: Record<string, string> = d.opts.apiKey === undefined ? {} : { 'x-api-key': d.opts.apiKey };
    const res = await fetch(`${d.url}/metrics`, { headers, signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
    return parseMetrics(await res.text(), Date.now());
  }

  /** A scrape now, outside the poll (the drift baseline when a reference is set); null if it fails. */
  async scrapeNow(id: string): Promise<Scrape | null> {
    return this.fetchScrape(this.managed(id)).catch(() => null);
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
      // A kept service leads its own process group: signal the group (gunicorn's workers too).
      const kill = (sig: NodeJS.Signals) => () =>
        d.opts.keep === true && child.pid !== undefined ? process.kill(-child.pid, sig) : child.kill(sig);
      try {
        kill('SIGTERM')();
      } catch {
        // already gone
      }
      const hard = setTimeout(() => {
        try {
          kill('SIGKILL')();
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(hard);
    } else if (d.adoptedPid !== null && d.stateDir !== null) {
      const rec = { pid: d.adoptedPid, dir: d.opts.dir, port: d.port, sha256: d.opts.sha256 };
      // Only after checking the pid is still the service: a pid can be reused.
      if (await isService(rec)) await killGroup(d.adoptedPid);
      else d.append([`[stackdeck] pid ${d.adoptedPid} is no longer the service; not signalled`]);
    }
    if (d.logTimer !== null) clearInterval(d.logTimer);
    d.logTimer = null;
    await this.readLog(d);
    await d.recording;
    d.adoptedPid = null;
    d.child = null;
    d.healthy = false;
    d.status = 'stopped';
    if (d.metricsDir !== null) await rm(d.metricsDir, { recursive: true, force: true });
    if (d.stateDir !== null) await rm(d.stateDir, { recursive: true, force: true });
    return d.view();
  }

  /** Stops every deployment except the kept ones that run: those are let go (their record stays). */
  async dispose(): Promise<void> {
    this.scrapeListeners.clear();
    const all = [...this.deployments.values()];
    const kept = all.filter((d) => d.opts.keep === true && !d.stopping && d.pid !== null);
    for (const d of kept) {
      for (const t of [d.timer, d.logTimer]) if (t !== null) clearInterval(t);
      if (d.restartTimer !== null) clearTimeout(d.restartTimer);
      d.timer = d.logTimer = d.restartTimer = null;
      d.stopping = true; // nothing restarts or records it any more in this core
      d.child?.removeAllListeners('exit');
      d.child?.unref();
    }
    await Promise.all(all.filter((d) => !kept.includes(d)).map((d) => this.stop(d.id).catch(() => undefined)));
    for (const d of all) d.listeners.clear();
  }
}
