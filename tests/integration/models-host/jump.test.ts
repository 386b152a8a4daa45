import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { freePort } from '../../../src/core/models/deploy';
import type { HostDeployEvent, HostTargetInput, MetricsPoint } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { BASTION_FP, files, JUMP_FP, SSH_TEST_USER, SSHD_PORTS } from '../ssh/fixture';
import { churnCore, keyProfile } from './fixture';

/**
 * The host target behind a jump host (ssh -J), through the router as the UI
 * drives it: the stack's sshd on 2223 is the jump host, the one on 2222 the
 * deployment host, reached as 127.0.0.1:2222 from the jump host. Each hop's
 * host key is trusted on its own (the jump host's first), a changed jump
 * host key is refused before anything is uploaded, and deploy, the watch's
 * scrapes, logs, rollback and stop all go through the jump: this process
 * holds no socket to 2222 while they run, and the socket the deployment
 * host sees belongs to the jump host's sshd. The oracle for the host's
 * files is OpenSSH's own client, in a process of its own.
 */
let dir: string;
let core: Core;
let generate: (name: string, tenure?: number) => Promise<string>;
let keyProfileId: string;
let remotePort: number;
const deployment = `it-jump-${Date.now().toString(36)}`;

const target = (hostKey = '', jumpKey = ''): HostTargetInput => ({
  host: '127.0.0.1',
  port: SSHD_PORTS.bastion,
  username: SSH_TEST_USER.username,
  auth: 'key',
  keyProfileId,
  hostKey,
  jump: {
    host: '127.0.0.1',
    port: SSHD_PORTS.jump,
    username: SSH_TEST_USER.username,
    auth: 'key',
    keyProfileId,
    hostKey: jumpKey,
  },
});

/** A command on the deployment host with OpenSSH (direct, from another process: not the code under test). */
const onHost = (command: string): string =>
  execFileSync(
    'ssh',
    [
      ...['-i', files.userKey, '-p', String(SSHD_PORTS.bastion), '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes'],
      ...['-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'LogLevel=ERROR'],
      `${SSH_TEST_USER.username}@127.0.0.1`,
      command,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
const uploaded = () => onHost(`cd && test -e stackdeck/${deployment} && echo yes || echo no`).trim();

async function deploy(serviceDir: string, version: string, t: HostTargetInput): Promise<HostDeployEvent[]> {
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

/** Established TCP sockets to a local port: the owning pid of each (ss -p, run as root here). */
function socketsTo(port: number): { pid: number; localPort: number }[] {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({
      pid: Number(/pid=(\d+)/.exec(l)?.[1] ?? -1),
      localPort: Number(/127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:\d+/.exec(l)?.[1] ?? -1),
    }));
}
const parentOf = (pid: number) =>
  Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
/** Whether pid descends from the jump host's sshd listener. */
function underJumpSshd(pid: number): boolean {
  const listener = Number(readFileSync(files.pidFile('jump'), 'utf8').trim());
  for (let p = pid, i = 0; p > 1 && i < 5; p = parentOf(p), i++) if (p === listener) return true;
  return false;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostjump-'));
  ({ core, generate } = await churnCore(dir));
  keyProfileId = await keyProfile(core);
  remotePort = await freePort();
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  try {
    onHost(
      `cd && if [ -f stackdeck/${deployment}/run/service.pid ]; then kill -TERM "$(cat stackdeck/${deployment}/run/service.pid)" 2>/dev/null; fi; rm -rf stackdeck/${deployment}`,
    );
  } catch {
    // the host may be gone; nothing to clean then
  }
  await rm(dir, { recursive: true, force: true });
});

describe('models.host.* through a jump host', () => {
  it('first contact: the jump host key is asked for first, then the host key; nothing is uploaded', async () => {
    const v1 = await generate(`${deployment}-v1`);
    const first = await deploy(v1, 'v1', target());
    expect(first).toEqual([
      {
        type: 'hostKey',
        notice: expect.objectContaining({ hop: 'jump', status: 'unknown', fingerprint: JUMP_FP, port: 2223 }),
      },
    ]);
    const second = await deploy(v1, 'v1', target('', JUMP_FP));
    expect(second).toEqual([
      {
        type: 'hostKey',
        notice: expect.objectContaining({ hop: 'host', status: 'unknown', fingerprint: BASTION_FP, port: 2222 }),
      },
    ]);
    expect(uploaded()).toBe('no');
  }, 120_000);

  it('a changed jump host key is refused with a warning naming the jump host; nothing is uploaded', async () => {
    const v1 = await generate(`${deployment}-v1`);
    const err = await failure(deploy(v1, 'v1', target(BASTION_FP, BASTION_FP)));
    expect(err).toBeInstanceOf(StackdeckError);
    expect(err?.code).toBe('AUTH_FAILED');
    expect(err?.detail).toMatchObject({ cause: 'SSH_HOST_KEY_CHANGED', hop: 'jump', target: '127.0.0.1:2223' });
    expect(err?.message).toMatch(/WARNING: the host key of ssh jump host 127\.0\.0\.1:2223 has CHANGED/);
    expect(uploaded()).toBe('no');
  }, 120_000);

  it('an unreachable jump host is named as such', async () => {
    const closed = await freePort();
    const t = target(BASTION_FP, JUMP_FP);
    const err = await failure(
      core.router.call('models.host.list', { target: { ...t, jump: { ...t.jump!, port: closed } } }),
    );
    expect(err?.code).toBe('UNREACHABLE');
    expect(err?.message).toContain(`The jump host 127.0.0.1:${closed} cannot be reached (ECONNREFUSED)`);
  });

  it('deploys, scrapes, follows the log, rolls back and stops, all through the jump host', async () => {
    const v1 = await generate(`${deployment}-v1`);
    const events = await deploy(v1, 'v1', target(BASTION_FP, JUMP_FP));
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(events.at(-1))}`);
    expect(done.smoke.ok).toBe(true);
    expect(done.state).toMatchObject({ current: 'v1', port: remotePort });
    expect(onHost(`cd && readlink stackdeck/${deployment}/current`).trim()).toBe('v1');

    // Both keys are remembered now, each under its own name: v2 needs no fingerprint.
    const v2 = await generate(`${deployment}-v2`, 12);
    const again = (await deploy(v2, 'v2', target())).at(-1);
    if (again?.type !== 'done') throw new Error('no done event for v2');
    expect(again.state).toMatchObject({ current: 'v2', previous: 'v1' });
    expect(again.id).toBe(done.id);

    // The watch scrapes /metrics through its own session (via the jump too).
    const watchedNow = async () =>
      (await core.router.call('models.host.deployments', {})).deployments.find((w) => w.id === done.id);
    let points: MetricsPoint[] = [];
    const until = Date.now() + 30_000;
    while (Date.now() < until && (points.length === 0 || (await watchedNow())?.status !== 'running')) {
      await new Promise((r) => setTimeout(r, 500));
      points = (await core.router.call('models.metrics.series', { id: done.id })).points;
    }
    expect(points.length).toBeGreaterThan(0);
    expect(await watchedNow()).toMatchObject({
      status: 'running',
      label: 'sdtunnel@127.0.0.1:2222 via sdtunnel@127.0.0.1:2223',
    });

    // While the log is followed: this process talks to the jump host only; the host's peer is the jump host's sshd.
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
    expect(socketsTo(SSHD_PORTS.jump).filter((s) => s.pid === process.pid).length).toBeGreaterThanOrEqual(2);
    expect(socketsTo(SSHD_PORTS.bastion).filter((s) => s.pid === process.pid)).toEqual([]);
    const fromJump = socketsTo(SSHD_PORTS.bastion).filter((s) => underJumpSshd(s.pid));
    expect(fromJump.length).toBeGreaterThanOrEqual(2); // the watch's session and the log's
    ac.abort();
    await following.catch(() => undefined);

    const back = await core.router.call('models.host.rollback', { target: target(), deployment });
    expect(back.smoke?.ok).toBe(true);
    expect(back.state).toMatchObject({ current: 'v1', previous: 'v2' });
    expect(onHost(`cd && readlink stackdeck/${deployment}/current`).trim()).toBe('v1');

    const stopped = await core.router.call('models.host.stop', { target: target(), deployment });
    expect(stopped.state.pid).toBeNull();
    expect(onHost(`cd && test -f stackdeck/${deployment}/run/service.pid && echo running || echo stopped`).trim()).toBe(
      'stopped',
    );
    const after = (await core.router.call('models.host.deployments', {})).deployments.find((w) => w.id === stopped.id);
    expect(after).toMatchObject({ status: 'stopped' });
  }, 900_000);
});
