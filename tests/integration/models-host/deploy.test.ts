import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { freePort } from '../../../src/core/models/deploy';
import { deployToHost, type HostDeployOptions, type Step } from '../../../src/core/models/targets/host/deploy';
import { activateVersion, rollbackHost, stopHost } from '../../../src/core/models/targets/host/ops';
import { checkPython, hostState, logCommand, removeDeployment } from '../../../src/core/models/targets/host/remote';
import { openHostSession, type HostSession } from '../../../src/core/models/targets/host/session';
import { ensureVenv } from '../../../src/core/models/targets/host/venv';
import { churnCore, hostSettings } from './fixture';

/**
 * The churn model deployed to the stack's SSH server as a remote host: upload
 * over SFTP (hashes checked on the host), venv + pip on the host, gunicorn
 * under the nohup supervisor (no systemd --user here), smoke test through the
 * SSH session, the log followed over an exec channel, then a second version,
 * rollback, redeploy of a version, stop.
 */
let dir: string;
let core: Core;
let session: HostSession;
let generate: (name: string, tenure?: number) => Promise<string>;
const deployment = `it-churn-${Date.now().toString(36)}`;
let port: number;
const ops = { workers: 1, readyTimeoutMs: 90_000 };

const options = (serviceDir: string, version: string): HostDeployOptions => ({
  deployment,
  version,
  serviceDir,
  python: 'python3',
  port,
  workers: 1,
  minFreeMb: 512,
  readyTimeoutMs: 90_000,
});
const predict = async (body: unknown) => {
  const r = await session.http(port, '/predict', { method: 'POST', body: JSON.stringify(body), timeoutMs: 10_000 });
  return { status: r.status, json: JSON.parse(r.body) as Record<string, unknown> };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-host-'));
  ({ core, generate } = await churnCore(dir));
  session = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
  port = await freePort(); // same machine as the "host": a port free here is free there
}, 900_000);

afterAll(async () => {
  if (session && !session.closed) {
    // The extra deployments too, should a test have stopped before removing its own.
    for (const d of [deployment, `${deployment}-b`, `${deployment}-t1`, `${deployment}-t2`])
      await removeDeployment(session, d).catch(() => undefined);
    session.close();
  }
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: remote host target over SSH', () => {
  it('deploys the churn model: every step ok, smoke test through the SSH session answers the prediction', async () => {
    const seen: Step[] = [];
    const v1 = await generate(`${deployment}-v1`);
    const r = await deployToHost(session, options(v1, 'v1'), (s) => seen.push(s), AbortSignal.timeout(900_000));
    expect(r.smoke.error).toBeNull();
    expect(r.smoke.status).toBe(200);
    expect(['Yes', 'No']).toContain((r.smoke.response as Record<string, unknown>)['Churn Prediction']);
    expect(r.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      'python:ok',
      'disk:ok',
      'upload:ok',
      'venv:ok',
      'port:ok',
      'start:ok',
      'health:ok',
      'smoke:ok',
    ]);
    // Each step was reported running, then done.
    expect(seen.filter((s) => s.status === 'running').map((s) => s.id)).toEqual(r.steps.slice(0, 7).map((s) => s.id));
    expect(r.steps.find((s) => s.id === 'python')!.detail).toMatch(/Python 3\.\d+/);
    expect(r.steps.find((s) => s.id === 'start')!.detail).toMatch(/nohup supervisor/);
    expect(r.state).toMatchObject({ current: 'v1', versions: ['v1'], port, manager: 'nohup' });
    expect(r.state.pid).toBeGreaterThan(0);

    // The files on the host are the local ones (the host's own sha256sum, not ours).
    const sums = await session.exec(`cd && cd stackdeck/${deployment}/v1 && sha256sum model.pkl app.py`);
    expect(sums.code).toBe(0);
    const { hashFile } = await import('../../../src/core/models/artifact');
    expect(sums.stdout).toContain(await hashFile(join(v1, 'model.pkl')));
    expect(sums.stdout).toContain(await hashFile(join(v1, 'app.py')));

    const churner = await predict({ tenure: 0, monthly_charges: 118, total_charges: 0 });
    expect(churner).toMatchObject({ status: 200, json: { 'Churn Prediction': 'Yes' } });
    const bad = await predict({ tenure: 'long', monthly_charges: 1, total_charges: 1 });
    expect(bad.status).toBe(422);
  }, 900_000);

  it('a deployment with the same Python and requirements shares the venv; removing it keeps what another links', async () => {
    const other = `${deployment}-b`;
    const r = await deployToHost(
      session,
      { ...options(await generate(other), 'v1'), deployment: other, port: await freePort() },
      () => undefined,
      AbortSignal.timeout(900_000),
    );
    expect(r.smoke.ok).toBe(true);
    expect(r.steps.find((s) => s.id === 'venv')!.detail).toMatch(/^reused stackdeck\/\.venvs\/[0-9a-f]{16}$/);
    const link = async (d: string) => (await session.exec(`cd && readlink stackdeck/${d}/v1/.venv`)).stdout.trim();
    const shared = await link(deployment);
    expect(shared).toMatch(/^\.\.\/\.\.\/\.venvs\/[0-9a-f]{16}$/);
    expect(await link(other)).toBe(shared);

    // Unreferenced venvs: the two most recently used stay for a later deploy, older and half-made ones go.
    const [old, recent, newest, halfMade] = [
      'f0000000000000a1',
      'f0000000000000a2',
      'f0000000000000a3',
      'f0000000000000a4',
    ];
    const fakes = [old, recent, newest, halfMade];
    const v = (k: string) => `stackdeck/.venvs/${k}`;
    await session.exec(
      `cd && for k in ${fakes.join(' ')}; do mkdir -p stackdeck/.venvs/$k; done && ` +
        `touch ${v(old)}/.stackdeck-ok ${v(recent)}/.stackdeck-ok ${v(newest)}/.stackdeck-ok && ` +
        `touch -d '2001-01-01' ${v(old)} && touch ${v(recent)} ${v(newest)} ${v(halfMade)}`,
    );
    await removeDeployment(session, other);
    const left = await session.exec(`cd && for k in ${fakes.join(' ')}; do [ -d ${v('$k')} ] && echo $k; done; true`);
    expect(left.stdout.trim().split('\n')).toEqual([recent, newest]);
    await session.exec(`cd && rm -rf ${v(recent)} ${v(newest)}`);
    expect((await session.exec(`cd && ls -d stackdeck/${other} 2>&1 || true`)).stdout).toMatch(/No such file/);
    // The first deployment still runs on the shared venv.
    expect((await predict({ tenure: 0, monthly_charges: 118, total_charges: 0 })).status).toBe(200);
    expect((await session.exec(`cd && test -x stackdeck/${deployment}/v1/.venv/bin/python && echo ok`)).stdout).toBe(
      'ok\n',
    );
  }, 900_000);

  it('two deploys that need the same new venv at once take turns: pip runs once and both link it', async () => {
    // Requirements with nothing to install (a unique comment): the venv is new, pip is quick.
    const requirements = `# ${deployment}-turns\n`;
    const local = join(dir, 'turns');
    await mkdir(local, { recursive: true });
    await writeFile(join(local, 'requirements.txt'), requirements);
    const names = [`${deployment}-t1`, `${deployment}-t2`];
    for (const d of names)
      await session.exec(
        `cd && mkdir -p stackdeck/${d}/v1 && printf '%s' '${requirements}' > stackdeck/${d}/v1/requirements.txt`,
      );
    const python = await checkPython(session, 'python3');
    const signal = AbortSignal.timeout(300_000);
    const made = await Promise.all(names.map((d) => ensureVenv(session, 'python3', python, d, 'v1', local, signal)));
    expect(made.map((m) => m.created).sort()).toEqual([false, true]);
    expect(made[0]!.venv).toBe(made[1]!.venv);
    const links = await session.exec(`cd && readlink ${names.map((d) => `stackdeck/${d}/v1/.venv`).join(' ')}`);
    expect(new Set(links.stdout.trim().split('\n')).size).toBe(1);
    expect((await session.exec(`cd && ls -a ${made[0]!.venv}`)).stdout).toMatch(/\.stackdeck-ok/);
    expect((await session.exec(`cd && ls -d ${made[0]!.venv}.lock 2>&1 || true`)).stdout).toMatch(/No such file/);
    for (const d of names) await removeDeployment(session, d);
    await session.exec(`cd && rm -rf ${made[0]!.venv}`);
  }, 300_000);

  it('streams the service log from the host (tail -F), ending with the call', async () => {
    const lines: string[] = [];
    const ac = new AbortController();
    const following = session.follow(logCommand(deployment), (l) => lines.push(...l), ac.signal);
    await predict({ tenure: 5, monthly_charges: 50, total_charges: 250 });
    const end = Date.now() + 20_000;
    while (!lines.some((l) => /starting v1/.test(l)) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(lines.some((l) => /starting v1/.test(l))).toBe(true);
    // A line written after the follow began arrives too (tail -F, not a one-off read).
    await session.exec(`cd && echo "[it] marker ${deployment}" >> stackdeck/${deployment}/run/service.log`);
    while (!lines.some((l) => l.includes(`[it] marker ${deployment}`)) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 200));
    expect(lines.some((l) => l.includes(`[it] marker ${deployment}`))).toBe(true);
    ac.abort();
    await following;
    const tails = await session.exec(`pgrep -u "$(id -u)" -f "[t]ail -n 200 -F stackdeck/${deployment}" || true`);
    expect(tails.stdout.trim()).toBe('');
  }, 60_000);

  it('a second version replaces the first (venv reused); rollback brings v1 back; redeploy v2; stop', async () => {
    const v2 = await generate(`${deployment}-v2`, 12);
    const r = await deployToHost(session, options(v2, 'v2'), () => undefined, AbortSignal.timeout(300_000));
    expect(r.smoke.ok).toBe(true);
    expect(r.steps.find((s) => s.id === 'venv')!.detail).toMatch(/^reused /);
    expect(r.state).toMatchObject({ current: 'v2', previous: 'v1', versions: ['v1', 'v2'] });
    const example = await session.exec(`cd && cat stackdeck/${deployment}/current/example.json`);
    expect(JSON.parse(example.stdout)).toMatchObject({ tenure: 12 });

    const back = await rollbackHost(session, deployment, ops, AbortSignal.timeout(120_000));
    expect(back.smoke?.ok).toBe(true);
    expect(back.state).toMatchObject({ current: 'v1', previous: 'v2' });
    expect(back.state.pid).not.toBe(r.state.pid);
    const ex1 = await session.exec(`cd && cat stackdeck/${deployment}/current/example.json`);
    expect(JSON.parse(ex1.stdout)).toMatchObject({ tenure: 1 });
    expect((await predict({ tenure: 0, monthly_charges: 118, total_charges: 0 })).status).toBe(200);

    const again = await activateVersion(session, deployment, 'v2', ops, AbortSignal.timeout(120_000));
    expect(again.state).toMatchObject({ current: 'v2', previous: 'v1' });
    await expect(activateVersion(session, deployment, 'v9', ops, AbortSignal.timeout(10_000))).rejects.toThrow(
      /Version v9 is not on the host \(there: v1, v2\)/,
    );

    const stopped = await stopHost(session, deployment);
    expect(stopped.pid).toBeNull();
    await expect(session.http(port, '/health', { timeoutMs: 3000 })).rejects.toThrow();
    // Nothing of it runs on the host any more.
    const left = await session.exec(`pgrep -u "$(id -u)" -f "[s]tackdeck/${deployment}/run/supervise.sh" || true`);
    expect(left.stdout.trim()).toBe('');
    // The deployments list of the host still shows it (stopped), with its versions.
    const all = await hostState(session);
    expect(all.find((s) => s.deployment === deployment)).toMatchObject({ pid: null, versions: ['v1', 'v2'] });
  }, 600_000);
});
