/**
 * Cancelling a host deploy from the router (what closing the wizard or
 * pressing Cancel does): the stream ends CANCELLED at once, its SSH session
 * is closed with the call's scope, and nothing it started keeps running on
 * the host (the pip install of the venv step is the long one).
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { freePort } from '../../../src/core/models/deploy';
import { removeDeployment } from '../../../src/core/models/targets/host/remote';
import { venvKey } from '../../../src/core/models/targets/host/venv';
import { openHostSession, type HostSession } from '../../../src/core/models/targets/host/session';
import type { HostDeployEvent } from '../../../src/shared/contract/models';
import { BASTION_FP } from '../ssh/fixture';
import { bastionTarget, churnCore, hostSettings, keyProfile } from './fixture';

let dir: string;
let core: Core;
let check: HostSession;
let serviceDir: string;
let keyProfileId: string;
const deployment = `it-cancel-${Date.now().toString(36)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostcancel-'));
  let generate: (name: string) => Promise<string>;
  ({ core, generate } = await churnCore(dir));
  serviceDir = await generate(deployment);
  // Requirements no other test has: the host's shared venv for them does not exist yet, so pip runs.
  await appendFile(join(serviceDir, 'requirements.txt'), `# ${deployment}\n`);
  keyProfileId = await keyProfile(core);
  check = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
}, 300_000);

afterAll(async () => {
  if (check && !check.closed) {
    await removeDeployment(check, deployment).catch(() => undefined);
    check.close();
  }
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('cancelling models.host.deploy', () => {
  it('ends the stream, closes the session and leaves no pip running on the host', async () => {
    const ac = new AbortController();
    const events: HostDeployEvent[] = [];
    const target = bastionTarget(keyProfileId, { hostKey: BASTION_FP });
    const busy = async () =>
      (await check.exec(`pgrep -u "$(id -u)" -af "[s]tackdeck/${deployment}/" || true`)).stdout.trim();
    let during = '';
    const running = core.router.subscribe(
      'models.host.deploy',
      { target, dir: serviceDir, deployment, version: 'v1', remotePort: await freePort() },
      {
        emit: (e: HostDeployEvent) => {
          events.push(e);
          // In the middle of the venv step: pip is installing on the host.
          if (e.type === 'step' && e.step.id === 'venv' && e.step.status === 'running')
            setTimeout(
              () =>
                void busy()
                  .then((b) => (during = b))
                  .finally(() => ac.abort()),
              3000,
            );
        },
        signal: ac.signal,
      },
    );
    const t0 = Date.now();
    const err = await running.then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code, JSON.stringify(err)).toBe('CANCELLED');
    expect(events.some((e) => e.type === 'step' && e.step.id === 'venv')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(120_000);
    // The oracle sees pip while it runs...
    expect(during).toMatch(/pip install/);
    // Whatever the stream ran is gone from the host shortly after.
    const end = Date.now() + 15_000;
    let left = '';
    do {
      await new Promise((r) => setTimeout(r, 1000));
      left = await busy();
    } while (left !== '' && Date.now() < end);
    expect(left).toBe('');
    // No venv is marked ready half-made: a later deploy makes it again.
    const python = (await check.exec('python3 --version')).stdout.trim().slice('Python '.length);
    const venv = `stackdeck/.venvs/${venvKey('python3', python, await readFile(join(serviceDir, 'requirements.txt')))}`;
    const made = await check.exec(`cd && ls -a ${venv}/ 2>&1`);
    expect(made.stdout).toContain('pyvenv.cfg');
    expect(made.stdout).not.toContain('.stackdeck-ok');
  }, 300_000);
});
