/**
 * A service generated with "Require an API key" deployed to the stack's SSH
 * host: it runs with the service's key (the one Reveal shows for its local
 * versions), kept on the host in run/api-key (0600, not in the version
 * folders, not on a command line); /predict without the key is refused; the
 * smoke test, the watcher's /metrics scrapes and a restart read the key over
 * the same session; models.host.apiKey reveals it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { freePort } from '../../../src/core/models/deploy';
import { removeDeployment } from '../../../src/core/models/targets/host/remote';
import { openHostSession, type HostSession } from '../../../src/core/models/targets/host/session';
import type { HostDeployEvent, HostTargetInput, MetricsPoint } from '../../../src/shared/contract/models';
import type { StackdeckError } from '../../../src/shared/errors';
import { BASTION_FP } from '../ssh/fixture';
import { bastionTarget, churnCore, hostSettings, keyProfile } from './fixture';

let dir: string;
let core: Core;
let check: HostSession;
let serviceDir: string;
let target: HostTargetInput;
let remotePort: number;
const deployment = `it-key-${Date.now().toString(36)}`;
const body = JSON.stringify({ tenure: 0, monthly_charges: 118, total_charges: 0 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostkey-'));
  let generate: (name: string, tenure?: number, apiKey?: boolean) => Promise<string>;
  ({ core, generate } = await churnCore(dir));
  serviceDir = await generate(deployment, 1, true);
  target = bastionTarget(await keyProfile(core), { hostKey: BASTION_FP });
  check = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
  remotePort = await freePort();
}, 300_000);

afterAll(async () => {
  if (check && !check.closed) {
    await removeDeployment(check, deployment).catch(() => undefined);
    check.close();
  }
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models.host.* with an API key', () => {
  let id = '';
  let key = '';

  it('deploys with the service key, kept 0600 in run/api-key; /predict refuses a call without it', async () => {
    const events: HostDeployEvent[] = [];
    await core.router.subscribe(
      'models.host.deploy',
      { target, dir: serviceDir, deployment, version: 'v1', remotePort, workers: 1 },
      { emit: (e) => events.push(e), signal: AbortSignal.timeout(600_000) },
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(events.at(-1))}`);
    id = done.id;
    expect(done.smoke).toMatchObject({ ok: true, status: 200 });
    expect(done.state).toMatchObject({ current: 'v1', apiKey: true });
    expect(done.steps.find((s) => s.id === 'start')?.detail).toMatch(/API key in run\/api-key \(0600\)/);

    ({ key } = await core.router.call('models.apiKey.reveal', { name: deployment }));
    expect(key.length).toBeGreaterThanOrEqual(8);
    const file = await check.exec(
      `cd && stat -c %a stackdeck/${deployment}/run/api-key && cat stackdeck/${deployment}/run/api-key`,
    );
    expect(file.stdout).toBe(`600\n${key}`);
    // Nowhere else on the host: not in the version folder, not on a command line.
    const copies = await check.exec(`cd && grep -rlF -- ${JSON.stringify(key)} stackdeck/${deployment}/v1 || true`);
    expect(copies.stdout.trim()).toBe('');
    const cmdlines = await check.exec(`pgrep -u "$(id -u)" -af . || true`);
    expect(cmdlines.stdout).toContain('gunicorn');
    expect(cmdlines.stdout).not.toContain(key);

    const without = await check.http(remotePort, '/predict', { method: 'POST', body, timeoutMs: 10_000 });
    expect(without.status).toBe(401);
    const wrong = await check.http(remotePort, '/predict', {
      method: 'POST',
      body,
      headers: { 'x-api-key': `${key}x` },
      timeoutMs: 10_000,
    });
    expect(wrong.status).toBe(401);
    const withKey = await check.http(remotePort, '/predict', {
      method: 'POST',
      body,
      headers: { 'x-api-key': key },
      timeoutMs: 10_000,
    });
    expect(withKey.status).toBe(200);
    expect(JSON.parse(withKey.body)).toMatchObject({ 'Churn Prediction': 'Yes' });
  }, 600_000);

  it('the watcher scrapes /metrics with the key; models.host.apiKey reveals it', async () => {
    const series = async (): Promise<MetricsPoint[]> =>
      (await core.router.call('models.metrics.series', { id })).points;
    const end = Date.now() + 30_000;
    let points: MetricsPoint[] = [];
    while (Date.now() < end && !points.some((p) => p.requests >= 3)) {
      await check.http(remotePort, '/predict', {
        method: 'POST',
        body,
        headers: { 'x-api-key': key },
        timeoutMs: 10_000,
      });
      await new Promise((r) => setTimeout(r, 1000));
      points = await series();
    }
    expect(points.some((p) => p.requests >= 3)).toBe(true);
    const watched = (await core.router.call('models.host.deployments', {})).deployments.find((w) => w.id === id);
    expect(watched).toMatchObject({ status: 'running', healthy: true, lastError: null, state: { apiKey: true } });

    expect(await core.router.call('models.host.apiKey', { target, deployment })).toEqual({ key });
    const none = await core.router.call('models.host.apiKey', { target, deployment: `${deployment}-none` }).then(
      () => null,
      (e: unknown) => e as StackdeckError,
    );
    expect(none?.code).toBe('NOT_FOUND');
    expect(none?.message).toMatch(/runs without an API key/);
  }, 120_000);

  it('a restart reads the key from the host: the smoke test passes', async () => {
    const r = await core.router.call('models.host.restart', { target, deployment });
    expect(r.smoke).toMatchObject({ ok: true, status: 200 });
    expect(r.state).toMatchObject({ apiKey: true, current: 'v1' });
    expect(r.state.pid).toBeGreaterThan(0);
    await core.router.call('models.host.stop', { target, deployment });
  }, 300_000);
});
