import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import { freePort } from '../../../src/core/models/deploy';
import { removeDeployment } from '../../../src/core/models/targets/host/remote';
import { openHostSession, type HostSession } from '../../../src/core/models/targets/host/session';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import type {
  HostDeployEvent,
  HostTargetInput,
  MetricsPoint,
  WatchedHostDeployment,
} from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { BASTION_FP, JUMP_FP, SSHD_PORTS, sshKeySection } from '../ssh/fixture';
import { bastionTarget, churnCore, hostSettings, keyProfile } from './fixture';

/**
 * The host target through the router, as the UI drives it: the key is the SSH
 * key of a saved connection (in the vault), the host key is trusted through
 * the first deploy's fingerprint notice, then deploy, list, a second version,
 * rollback, the watched deployment's charts, logs, nginx, stop. Host keys: an
 * unknown one returns the fingerprint and uploads nothing; a changed one
 * (given, or remembered) is refused.
 */
let dir: string;
let core: Core;
let generate: (name: string, tenure?: number) => Promise<string>;
let check: HostSession;
let keyProfileId: string;
let remotePort: number;
const deployment = `it-router-${Date.now().toString(36)}`;

const target = (over: Partial<HostTargetInput> = {}): HostTargetInput => bastionTarget(keyProfileId, over);

async function deploy(serviceDir: string, version: string, t = target()): Promise<HostDeployEvent[]> {
  const events: HostDeployEvent[] = [];
  await core.router.subscribe(
    'models.host.deploy',
    { target: t, dir: serviceDir, deployment, version, remotePort, workers: 1 },
    { emit: (e) => events.push(e), signal: AbortSignal.timeout(600_000) },
  );
  return events;
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as StackdeckError,
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostrouter-'));
  ({ core, generate } = await churnCore(dir));
  keyProfileId = await keyProfile(core);
  check = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
  remotePort = await freePort();
}, 900_000);

afterAll(async () => {
  if (check && !check.closed) {
    await removeDeployment(check, deployment).catch(() => undefined);
    check.close();
  }
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models.host.* through the router', () => {
  it('an unknown host key: the deploy returns its fingerprint and uploads nothing', async () => {
    const v1 = await generate(`${deployment}-v1`);
    const events = await deploy(v1, 'v1');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'hostKey',
      notice: { status: 'unknown', fingerprint: BASTION_FP, port: SSHD_PORTS.bastion },
    });
    const there = await check.exec(`cd && test -e stackdeck/${deployment} && echo yes || echo no`);
    expect(there.stdout.trim()).toBe('no');
    // The probe says the same without deploying.
    const probe = await core.router.call('models.host.probe', { target: target() });
    expect(probe).toMatchObject({ trusted: false, notice: { status: 'unknown', fingerprint: BASTION_FP } });
  });

  it('a changed host key is refused with a warning, before anything is uploaded', async () => {
    const v1 = await generate(`${deployment}-v1`);
    const err = await failure(deploy(v1, 'v1', target({ hostKey: JUMP_FP })));
    expect(err).toBeInstanceOf(StackdeckError);
    expect(err?.code).toBe('AUTH_FAILED');
    expect(err?.detail?.cause).toBe('SSH_HOST_KEY_CHANGED');
    expect(err?.message).toMatch(/WARNING: the host key .* has CHANGED/);
    const there = await check.exec(`cd && test -e stackdeck/${deployment} && echo yes || echo no`);
    expect(there.stdout.trim()).toBe('no');
  });

  it('trusted: deploys v1 step by step, lists it, and watches it (charts from /metrics through SSH)', async () => {
    const v1 = await generate(`${deployment}-v1`);
    const events = await deploy(v1, 'v1', target({ hostKey: BASTION_FP }));
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(events.at(-1))}`);
    expect(done.smoke.ok).toBe(true);
    expect(done.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      'python:ok',
      'disk:ok',
      'upload:ok',
      'venv:ok',
      'port:ok',
      'start:ok',
      'health:ok',
      'smoke:ok',
    ]);
    expect(events.filter((e) => e.type === 'step' && e.step.status === 'running')).toHaveLength(7);
    expect(done.state).toMatchObject({ current: 'v1', versions: ['v1'], port: remotePort });

    // Remembered: later calls need no fingerprint.
    const listed = await core.router.call('models.host.list', { target: target() });
    expect(listed.deployments.find((d) => d.deployment === deployment)).toMatchObject({
      current: 'v1',
      port: remotePort,
    });
    expect(listed.deployments.find((d) => d.deployment === deployment)?.pid).toBeGreaterThan(0);

    // Predictions through the host's service show in the watched deployment's series (after a first scrape:
    // latency percentiles are over the interval between two scrapes).
    const series = async () => (await core.router.call('models.metrics.series', { id: done.id })).points;
    const first = Date.now() + 20_000;
    while ((await series()).length === 0 && Date.now() < first) await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 5; i++)
      await check.http(remotePort, '/predict', {
        method: 'POST',
        body: JSON.stringify({ tenure: i, monthly_charges: 70, total_charges: 70 * i }),
        timeoutMs: 10_000,
      });
    let points: MetricsPoint[] = [];
    const end = Date.now() + 30_000;
    while (Date.now() < end && !points.some((p) => p.requests >= 5 && p.p50 !== null)) {
      await new Promise((r) => setTimeout(r, 1000));
      points = await series();
    }
    expect(points.some((p) => p.requests >= 5)).toBe(true);
    expect(points.some((p) => p.p50 !== null)).toBe(true);
    const watched = (await core.router.call('models.host.deployments', {})).deployments;
    expect(watched.find((w: WatchedHostDeployment) => w.id === done.id)).toMatchObject({
      status: 'running',
      healthy: true,
      deployment,
    });
  }, 900_000);

  it('v2, then rollback to v1 and activate v2 again; logs and the nginx site; stop', async () => {
    const v2 = await generate(`${deployment}-v2`, 12);
    const events = await deploy(v2, 'v2');
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.state).toMatchObject({ current: 'v2', previous: 'v1', versions: ['v1', 'v2'] });
    expect(done.steps.find((s) => s.id === 'venv')?.detail).toMatch(/^reused /);

    const back = await core.router.call('models.host.rollback', { target: target(), deployment });
    expect(back.smoke?.ok).toBe(true);
    expect(back.state).toMatchObject({ current: 'v1', previous: 'v2' });
    const ex = await check.exec(`cd && cat stackdeck/${deployment}/current/example.json`);
    expect(JSON.parse(ex.stdout)).toMatchObject({ tenure: 1 });

    const again = await core.router.call('models.host.activate', { target: target(), deployment, version: 'v2' });
    expect(again.state).toMatchObject({ current: 'v2', previous: 'v1' });
    const missing = await failure(
      core.router.call('models.host.activate', { target: target(), deployment, version: 'v9' }),
    );
    expect(missing?.code).toBe('NOT_FOUND');

    const ac = new AbortController();
    const lines: string[] = [];
    const following = core.router.subscribe(
      'models.host.logs',
      { target: target(), deployment },
      { emit: (e) => lines.push(...e.lines), signal: ac.signal },
    );
    const end = Date.now() + 20_000;
    while (!lines.some((l) => /starting v2/.test(l)) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(lines.some((l) => /starting v2/.test(l))).toBe(true);
    ac.abort();
    await following.catch(() => undefined);
    // Cancelling the stream closed its session: no tail left on the host.
    await new Promise((r) => setTimeout(r, 500));
    const tails = await check.exec(`pgrep -u "$(id -u)" -f "[t]ail -n 200 -F stackdeck/${deployment}" || true`);
    expect(tails.stdout.trim()).toBe('');

    const site = await core.router.call('models.host.nginx', { target: target(), deployment });
    expect(site.content).toContain(`proxy_pass http://127.0.0.1:${remotePort};`);
    expect(site.ran).toBe(false);
    // Shown, not written: nothing is on the host until asked.
    expect(
      (await check.exec(`cd && test -e stackdeck/${deployment}/nginx.conf && echo yes || echo no`)).stdout.trim(),
    ).toBe('no');

    const stopped = await core.router.call('models.host.stop', { target: target(), deployment });
    expect(stopped.state.pid).toBeNull();
    await expect(check.http(remotePort, '/health', { timeoutMs: 3000 })).rejects.toThrow();
    const watched = (await core.router.call('models.host.deployments', {})).deployments;
    expect(watched.find((w) => w.id === stopped.id)).toMatchObject({ status: 'stopped' });
  }, 900_000);

  it('a remembered host key that no longer matches is refused', async () => {
    const data = join(dir, 'fresh');
    await mkdir(data, { recursive: true });
    await writeFile(
      join(data, 'model-hosts.json'),
      JSON.stringify({
        format: 'stackdeck-model-hosts',
        known: { [`127.0.0.1:${SSHD_PORTS.bastion}`]: { fingerprint: JUMP_FP, at: 0 } },
      }),
    );
    const fresh = await createCore({
      userDataDir: data,
      cipher: new FileKeyCipher(data),
      validateOutputs: true,
      areas: [(env) => createModelsArea(env)],
    });
    try {
      const draft = {
        kind: 'redis',
        name: 'k',
        host: '127.0.0.1',
        port: 6379,
        ssh: sshKeySection(),
      } as ProfileDraftInput;
      const { id } = await fresh.router.call('connections.profiles.create', { draft });
      const err = await failure(fresh.router.call('models.host.list', { target: target({ keyProfileId: id }) }));
      expect(err?.detail?.cause).toBe('SSH_HOST_KEY_CHANGED');
      expect(err?.message).toContain(BASTION_FP);
    } finally {
      await fresh.dispose();
    }
  });
});
