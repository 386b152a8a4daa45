/**
 * The host deployments shown in the Deployments panel: one SSH session per
 * watched deployment, owned by its watch (and so by the models area), over
 * which /health and /metrics of the service on the host's 127.0.0.1 are read
 * every few seconds (a direct-tcpip channel per request, nothing opened on
 * the host's network). The scrapes become the same chart points as a local
 * deployment's (metrics.ts). A lost session is reopened on the next tick.
 *
 * Each watch is saved (saved.ts) when it starts or its state changes, and
 * restored when core starts: shown as "checking" until its first look over
 * SSH says running, stopped or unreachable; then scraping resumes.
 */
import type { PointSink } from '../../metricsHistory';
import type { HostState, HostTarget, MetricsPoint, WatchedHostDeployment } from '../../../../shared/contract/models';
import { parseMetrics, toPoint, type Scrape } from '../../metrics';
import { Scope } from '../../../rpc/scope';
import { keyHeader, readApiKey } from './apiKey';
import { hostState } from './remote';
import type { SavedHostDeployments } from './saved';
import type { HostSession } from './session';
import { connectTarget, targetLabel, type TargetDeps } from './target';

const MAX_POINTS = 900;
const MAX_WATCHES = 64;

export const hostDeploymentId = (t: HostTarget, deployment: string) => `host:${targetLabel(t)}/${deployment}`;

class Watch {
  readonly scope = new Scope();
  session: HostSession | null = null;
  points: MetricsPoint[] = [];
  last: Scrape | null = null;
  healthy = false;
  lastError: string | null = null;
  checkedAt = Date.now();
  timer: NodeJS.Timeout | null = null;
  busy = false;
  /** After a failed look: no new SSH connection before this (backoff 2 s doubling to 30 s). */
  retryAt = 0;
  failures = 0;
  /** Restored from the saved list and not yet looked at on the host. */
  unchecked = false;
  /** The deployment's API key, read from the host once per session (the scrapes of /metrics carry it). */
  apiKey: string | undefined | null = null;

  constructor(
    readonly id: string,
    public target: HostTarget,
    public state: HostState,
  ) {}

  view(): WatchedHostDeployment {
    const status = this.unchecked
      ? 'checking'
      : this.lastError !== null && !this.healthy
        ? 'unreachable'
        : this.state.pid === null
          ? 'stopped'
          : this.healthy
            ? 'running'
            : 'unhealthy';
    return {
      id: this.id,
      label: targetLabel(this.target),
      target: this.target,
      deployment: this.state.deployment,
      state: this.state,
      status,
      healthy: this.healthy,
      lastError: this.lastError,
      checkedAt: this.checkedAt,
    };
  }
}

export class HostWatcher {
  private readonly watches = new Map<string, Watch>();

  /** Saves in flight: dispose waits for them, so a restart reads what was last known. */
  private readonly saving = new Set<Promise<void>>();

  constructor(
    private readonly deps: TargetDeps,
    private readonly saved: SavedHostDeployments | null = null,
    private readonly intervalMs = 2000,
    private readonly onPoint: PointSink = () => undefined,
  ) {}

  /** The saved watches, back after a core restart: each is checked over SSH at once, then polled as usual. */
  async restore(): Promise<void> {
    if (this.saved === null) return;
    for (const [id, e] of await this.saved.load()) {
      if (this.watches.has(id) || this.watches.size >= MAX_WATCHES) continue;
      const w = this.add(id, e.target, e.state);
      w.unchecked = true;
      void this.tick(w);
    }
  }

  /** Starts (or updates) watching a deployment after a deploy or an operation; returns its id. */
  watch(target: HostTarget, state: HostState): string {
    const id = hostDeploymentId(target, state.deployment);
    const w = this.watches.get(id);
    if (w === undefined) this.add(id, target, state);
    else {
      // Called after a (re)start: the service's counters begin again, so the next scrape is a new baseline.
      w.target = target;
      w.state = state;
      w.last = null;
      w.unchecked = false;
      w.lastError = null;
      w.failures = 0;
      w.retryAt = 0;
      w.apiKey = null;
    }
    this.persist(id, target, state);
    return id;
  }

  private add(id: string, target: HostTarget, state: HostState): Watch {
    if (this.watches.size >= MAX_WATCHES) {
      const oldest =
        [...this.watches.values()].find((x) => x.state.pid === null) ?? this.watches.values().next().value!;
      void this.forget(oldest.id);
    }
    const w = new Watch(id, target, state);
    this.watches.set(id, w);
    const timer = setInterval(() => void this.tick(w), this.intervalMs);
    timer.unref();
    w.timer = timer;
    w.scope.add(() => clearInterval(timer));
    w.scope.add(() => w.session?.close());
    return w;
  }

  private persist(id: string, target: HostTarget, state: HostState): void {
    if (this.saved === null) return;
    // A failed save loses only the restore after a restart; the deployment itself is on the host.
    const p = this.saved.save(id, target, state).catch(() => undefined);
    this.saving.add(p);
    void p.finally(() => this.saving.delete(p));
  }

  /** Leaves the Deployments list (and the saved list); nothing changes on the host. */
  async forget(id: string): Promise<void> {
    const w = this.watches.get(id);
    if (w === undefined) return;
    this.watches.delete(id);
    await Promise.all([w.scope.dispose(), this.saved?.remove(id).catch(() => undefined)]);
  }

  get(id: string): WatchedHostDeployment | undefined {
    return this.watches.get(id)?.view();
  }

  /** After a stop: keep it in the list (stopped), with no session held open. */
  stopped(target: HostTarget, state: HostState): string {
    const id = this.watch(target, state);
    const w = this.watches.get(id)!;
    w.healthy = false;
    w.last = null;
    w.session?.close();
    w.session = null;
    return id;
  }

  list(): WatchedHostDeployment[] {
    return [...this.watches.values()].map((w) => w.view());
  }

  has(id: string): boolean {
    return this.watches.has(id);
  }

  series(id: string, sinceMs: number): MetricsPoint[] {
    const from = Date.now() - sinceMs;
    return (this.watches.get(id)?.points ?? []).filter((p) => p.at >= from);
  }

  private async tick(w: Watch): Promise<void> {
    // A stopped one is looked at only when it has not been since a restart, or the last look failed.
    const look = w.unchecked || (w.state.pid === null && w.lastError !== null);
    if (w.busy || w.scope.disposed || (w.state.pid === null && !look) || Date.now() < w.retryAt) return;
    w.busy = true;
    const before = JSON.stringify(w.state);
    try {
      if (w.session === null || w.session.closed) {
        w.apiKey = null;
        w.session = await connectTarget(w.target, this.deps, w.scope.signal);
        if (w.scope.disposed) w.session.close();
      }
      const s = w.session;
      w.failures = 0;
      w.retryAt = 0;
      if (look) {
        // What runs there now: it may have been stopped, started or rolled back meanwhile, by anyone.
        const st = (await hostState(s, w.state.deployment))[0];
        if (st !== undefined) w.state = st;
        w.unchecked = false;
        w.lastError = null;
      }
      const port = w.state.port;
      if (port === null || w.state.pid === null) {
        w.session = null;
        s.close();
        return;
      }
      try {
        w.healthy = (await s.http(port, '/health', { timeoutMs: 2000 })).status === 200;
      } catch {
        w.healthy = false;
      }
      if (!w.healthy) {
        // Did it stop on the host (someone else stopped it)? Then the list says so.
        const st = (await hostState(s, w.state.deployment))[0];
        if (st !== undefined) w.state = st;
        w.lastError = null;
        return;
      }
      if (w.apiKey === null) w.apiKey = w.state.apiKey ? await readApiKey(s, w.state.deployment) : undefined;
      const r = await s.http(port, '/metrics', { headers: keyHeader(w.apiKey), timeoutMs: 3000 });
      if (r.status !== 200) {
        // Healthy, but no chart point (a key changed by someone else: read again on the next tick).
        w.apiKey = null;
        w.lastError = `GET /metrics answered ${r.status}: ${r.body.slice(0, 200)}`;
        return;
      }
      const scrape = parseMetrics(r.body, Date.now());
      const point = toPoint(w.last, scrape);
      w.points.push(point);
      if (w.points.length > MAX_POINTS) w.points.splice(0, w.points.length - MAX_POINTS);
      this.onPoint(w.id, point, this.intervalMs);
      w.last = scrape;
      w.lastError = null;
    } catch (err) {
      w.healthy = false;
      w.unchecked = false;
      w.lastError = err instanceof Error ? err.message : String(err);
      // An unreachable host is not dialled every 2 s (each try can take the 15 s connect deadline).
      w.failures++;
      w.retryAt = Date.now() + Math.min(30_000, 2000 * 2 ** (w.failures - 1));
    } finally {
      w.checkedAt = Date.now();
      w.busy = false;
      if (!w.scope.disposed && JSON.stringify(w.state) !== before) this.persist(w.id, w.target, w.state);
    }
  }

  async dispose(): Promise<void> {
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.all([...all.map((w) => w.scope.dispose()), ...this.saving]);
  }
}
