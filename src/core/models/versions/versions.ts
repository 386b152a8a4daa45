/**
 * Versions of a local service, by service name. Each deploy is a new version
 * started from its own snapshot of the generated folder (so regenerating the
 * service never changes the files a running version uses), smoke tested beside
 * the active one, then made active by switching the service's stable port to
 * it. The version it replaced keeps running as the standby: a rollback is a
 * switch back, with no gap. Only one standby is kept; an older one is stopped.
 */
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deployment, DeploymentBase, SmokeResult } from '../../../shared/contract/models';
import { StackdeckError } from '../../../shared/errors';
import type { DeployOptions, DeploymentSupervisor } from '../deploy';
import { StablePort } from './stablePort';

interface Service {
  readonly stable: StablePort;
  active: string | null;
  standby: string | null;
}

export class ServiceVersions {
  private readonly services = new Map<string, Service>();
  /** Deployment id -> its service and version; kept after the service closed, for the retired versions' cards. */
  private readonly versionOf = new Map<string, { name: string; version: number }>();
  /** The last version number per service name: numbering goes on after everything was stopped. */
  private readonly lastVersion = new Map<string, number>();

  constructor(
    private readonly supervisor: DeploymentSupervisor,
    private readonly versionsDir: string,
    /** Stops a version the way the user's Stop does (its prediction log forwarder too). */
    private readonly retire: (id: string) => Promise<void>,
  ) {}

  /** Copies the generated folder's files into the version's own folder; returns it. */
  private async snapshot(dir: string, name: string, version: number): Promise<string> {
    const target = join(this.versionsDir, name, `v${version}`);
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    for (const entry of await readdir(dir, { withFileTypes: true }))
      if (entry.isFile()) await copyFile(join(dir, entry.name), join(target, entry.name));
    return target;
  }

  /**
   * Starts a new version of `opts.name` and makes it active if its smoke test
   * passes; `verify` checks the snapshot (the trusted model hash) before it runs.
   */
  async deploy(
    opts: DeployOptions,
    verify: (dir: string) => Promise<void>,
    signal: AbortSignal,
  ): Promise<{ deployment: Deployment; smoke: SmokeResult }> {
    let svc = this.services.get(opts.name);
    if (svc === undefined) {
      svc = { stable: await StablePort.open(), active: null, standby: null };
      this.services.set(opts.name, svc);
    }
    const version = (this.lastVersion.get(opts.name) ?? 0) + 1;
    this.lastVersion.set(opts.name, version);
    let out: { deployment: DeploymentBase; smoke: SmokeResult };
    try {
      const dir = await this.snapshot(opts.dir, opts.name, version);
      await verify(dir);
      out = await this.supervisor.start({ ...opts, dir }, signal);
    } catch (e) {
      if (svc.active === null && svc.standby === null) await this.close(opts.name);
      throw e;
    }
    this.versionOf.set(out.deployment.id, { name: opts.name, version });
    if (!out.smoke.ok) {
      if (svc.active === null && svc.standby === null) await this.close(opts.name);
      return { ...out, deployment: this.view(out.deployment) };
    }
    const previous = svc.active;
    svc.stable.switchTo(out.deployment.port);
    svc.active = out.deployment.id;
    const older = svc.standby;
    svc.standby = previous;
    if (older !== null && older !== previous) await this.retire(older).catch(() => undefined);
    this.annotate(opts.name);
    return { ...out, deployment: this.view(this.supervisor.get(out.deployment.id)) };
  }

  /** Makes the standby active again and the active the standby: one switch of the stable port. */
  rollback(name: string): { active: Deployment; standby: Deployment } {
    const svc = this.services.get(name);
    if (svc === undefined) throw new StackdeckError('NOT_FOUND', `No service ${name} is deployed.`);
    const standby = svc.standby === null ? null : this.supervisor.get(svc.standby);
    if (standby === null || standby.status !== 'running' || !standby.healthy)
      throw new StackdeckError(
        'CONFLICT',
        `${name} has no previous version running to roll back to${standby === null ? '' : ` (v${this.versionOf.get(standby.id)?.version} is ${standby.status})`}.`,
      );
    svc.stable.switchTo(standby.port);
    [svc.active, svc.standby] = [standby.id, svc.active];
    this.annotate(name);
    const active = this.view(standby);
    return { active, standby: this.view(this.supervisor.get(svc.standby!)) };
  }

  /** After a version stopped: an active one stops serving (503); a service with nothing running closes its port. */
  async stopped(id: string): Promise<void> {
    const of = this.versionOf.get(id);
    const svc = of === undefined ? undefined : this.services.get(of.name);
    if (of === undefined || svc === undefined) return;
    if (svc.active === id) {
      svc.active = null;
      svc.stable.switchTo(null);
    }
    if (svc.standby === id) svc.standby = null;
    if (svc.active === null && svc.standby === null) await this.close(of.name);
  }

  /** Tells the supervisor each version's role (a kept version's record carries it to the next core). */
  private annotate(name: string): void {
    const svc = this.services.get(name);
    for (const [id, of] of this.versionOf) {
      if (of.name !== name) continue;
      const role = svc?.active === id ? 'active' : svc?.standby === id ? 'standby' : 'retired';
      this.supervisor.annotate(id, { version: of.version, role, stablePort: svc?.stable.port ?? null });
    }
  }

  /**
   * A kept version adopted from an earlier run: it takes its role back, and
   * the service's stable URL its old port where that is still free.
   */
  async adopt(d: DeploymentBase, meta: { version: number; role: string; stablePort: number | null }): Promise<void> {
    this.versionOf.set(d.id, { name: d.name, version: meta.version });
    // Numbering goes on past it: a new version must never reuse (and overwrite) its folder.
    this.lastVersion.set(d.name, Math.max(this.lastVersion.get(d.name) ?? 0, meta.version));
    if (d.status !== 'running' || (meta.role !== 'active' && meta.role !== 'standby')) return;
    let svc = this.services.get(d.name);
    if (svc === undefined) {
      svc = { stable: await StablePort.open(meta.stablePort ?? undefined), active: null, standby: null };
      this.services.set(d.name, svc);
    }
    if (meta.role === 'active' && svc.active === null) {
      svc.active = d.id;
      svc.stable.switchTo(d.port);
    } else if (svc.standby === null) svc.standby = d.id;
    this.annotate(d.name);
  }

  private async close(name: string): Promise<void> {
    const svc = this.services.get(name);
    this.services.delete(name);
    await svc?.stable.close();
  }

  view(d: DeploymentBase): Deployment {
    const of = this.versionOf.get(d.id);
    const svc = of === undefined ? undefined : this.services.get(of.name);
    const role = svc?.active === d.id ? 'active' : svc?.standby === d.id ? 'standby' : 'retired';
    return { ...d, version: of?.version ?? 1, role, stableUrl: svc?.stable.url ?? null };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stable.close()));
    this.services.clear();
  }
}
