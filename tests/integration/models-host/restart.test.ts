import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import { freePort } from '../../../src/core/models/deploy';
import type { HostDeployEvent, HostTargetInput, WatchedHostDeployment } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { BASTION_FP, files, JUMP_FP, SSH_TEST_USER, SSHD_PORTS } from '../ssh/fixture';
import { churnCore, keyProfile } from './fixture';

/**
 * Host deployments outlive the core that made them: deployed (through the
 * jump host, so the saved target carries both hops), core disposed, a new
 * core on the same data dir lists it again, checks it over SSH (checking ->
 * running), scrapes its /metrics again, follows its log and stops it. A
 * saved entry whose host no longer answers shows as unreachable and can be
 * removed from the list; a running one cannot. The saved file holds no key.
 * The oracle for what runs on the host is OpenSSH's client, from another
 * process.
 */
let dir: string;
let data: string;
let first: Core | undefined;
let second: Core | undefined;
let keyProfileId: string;
let remotePort: number;
const deployment = `it-restart-${Date.now().toString(36)}`;

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
const runningOnHost = () =>
  onHost(
    `cd && kill -0 "$(cat stackdeck/${deployment}/run/service.pid 2>/dev/null)" 2>/dev/null && echo yes || echo no`,
  ).trim();

const openCore = () =>
  createCore({
    userDataDir: data,
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env)],
  });

async function waitFor(core: Core, id: string, ok: (w: WatchedHostDeployment) => boolean, ms = 30_000) {
  const seen: string[] = [];
  const end = Date.now() + ms;
  for (;;) {
    const w = (await core.router.call('models.host.deployments', {})).deployments.find((x) => x.id === id);
    if (w && seen.at(-1) !== w.status) seen.push(w.status);
    if (w && ok(w)) return { w, seen };
    if (Date.now() > end) throw new Error(`not reached; statuses seen: ${seen.join(', ') || 'not listed'}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostrestart-'));
  data = join(dir, 'data');
  const made = await churnCore(dir);
  first = made.core;
  const { generate } = made;
  keyProfileId = await keyProfile(first);
  remotePort = await freePort();
  const hop = { username: SSH_TEST_USER.username, auth: 'key' as const, keyProfileId, host: '127.0.0.1' };
  const target: HostTargetInput = {
    ...hop,
    port: SSHD_PORTS.bastion,
    hostKey: BASTION_FP,
    jump: { ...hop, port: SSHD_PORTS.jump, hostKey: JUMP_FP },
  };
  const events: HostDeployEvent[] = [];
  await first.router.subscribe(
    'models.host.deploy',
    { target, dir: await generate(`${deployment}-v1`), deployment, version: 'v1', remotePort, workers: 1 },
    { emit: (e) => events.push(e), signal: AbortSignal.timeout(600_000) },
  );
  if (events.at(-1)?.type !== 'done') throw new Error(`deploy failed: ${JSON.stringify(events.at(-1))}`);
}, 900_000);

afterAll(async () => {
  await first?.dispose();
  await second?.dispose();
  try {
    onHost(
      `cd && if [ -f stackdeck/${deployment}/run/service.pid ]; then kill -TERM "$(cat stackdeck/${deployment}/run/service.pid)" 2>/dev/null; fi; rm -rf stackdeck/${deployment}`,
    );
  } catch {
    // the host may be gone; nothing to clean then
  }
  await rm(dir, { recursive: true, force: true });
});

describe('host deployments across a core restart', () => {
  it('a new core on the same data dir lists it, checks it over SSH, scrapes, follows the log and stops it', async () => {
    const [before] = (await first!.router.call('models.host.deployments', {})).deployments;
    if (before === undefined) throw new Error('not watched after the deploy');
    await first!.dispose();
    first = undefined;
    // Disposing core ends its SSH sessions, not the service on the host.
    expect(runningOnHost()).toBe('yes');
    const saved = await readFile(join(data, 'model-host-deployments.json'), 'utf8');
    expect(saved).toContain(deployment);
    expect(saved).not.toMatch(/PRIVATE KEY|sd-ssh-/);

    second = await openCore();
    const { w, seen } = await waitFor(second, before.id, (x) => x.status === 'running');
    expect(seen[0]).toBe('checking');
    expect(w).toMatchObject({
      deployment,
      label: before.label,
      state: { current: 'v1', port: remotePort, pid: before.state.pid },
      target: { jump: { port: SSHD_PORTS.jump } },
    });

    // Scraping resumed: a prediction made now shows in the new core's series.
    await fetch(`http://127.0.0.1:${remotePort}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 3, monthly_charges: 50, total_charges: 150 }),
    });
    const end = Date.now() + 30_000;
    let requests = 0;
    while (requests < 1 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 500));
      const { points } = await second.router.call('models.metrics.series', { id: before.id });
      requests = points.reduce((n, p) => n + p.requests, 0);
    }
    expect(requests).toBeGreaterThanOrEqual(1);

    const refused = await second.router.call('models.host.forget', { id: before.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StackdeckError);
    expect((refused as StackdeckError).code).toBe('CONFLICT');

    const ac = new AbortController();
    const lines: string[] = [];
    const following = second.router.subscribe(
      'models.host.logs',
      { target: w.target, deployment },
      { emit: (e) => lines.push(...e.lines), signal: ac.signal },
    );
    const logEnd = Date.now() + 20_000;
    while (!lines.some((l) => /starting v1/.test(l)) && Date.now() < logEnd)
      await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    await following.catch(() => undefined);
    expect(lines.some((l) => /starting v1/.test(l))).toBe(true);

    const stopped = await second.router.call('models.host.stop', { target: w.target, deployment });
    expect(stopped.id).toBe(before.id);
    expect(runningOnHost()).toBe('no');
    await waitFor(second, before.id, (x) => x.status === 'stopped');
  }, 300_000);

  it('restarted while the host is unreachable: listed as unreachable, then removed from the list', async () => {
    await second?.dispose();
    second = undefined;
    // The same entry, as if the host had moved: its jump host's port now refuses connections.
    const file = join(data, 'model-host-deployments.json');
    const closed = await freePort();
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      deployments: Record<string, { target: { jump: { port: number } } }>;
    };
    const [id] = Object.keys(saved.deployments);
    if (id === undefined) throw new Error('nothing saved');
    saved.deployments[id]!.target.jump.port = closed;
    await writeFile(file, JSON.stringify(saved));

    second = await openCore();
    const { w } = await waitFor(second, id, (x) => x.status === 'unreachable');
    expect(w.lastError).toContain(`127.0.0.1:${closed} cannot be reached`);
    // Not dialled every 2 s: the looks back off (2 s, 4 s, 8 s ...), so 10 s see at most 3 more.
    const looks = new Set<number>();
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250)))
      looks.add((await second.router.call('models.host.deployments', {})).deployments[0]?.checkedAt ?? 0);
    expect(looks.size).toBeLessThanOrEqual(4);
    expect(await second.router.call('models.host.forget', { id })).toEqual({ forgotten: true });
    expect((await second.router.call('models.host.deployments', {})).deployments).toEqual([]);
    await second.dispose();
    second = await openCore();
    expect((await second.router.call('models.host.deployments', {})).deployments).toEqual([]);
  }, 120_000);
});
