import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { freePort } from '../../../src/core/models/deploy';
import { deployToHost, HostStepError, type HostDeployOptions } from '../../../src/core/models/targets/host/deploy';
import { removeDeployment } from '../../../src/core/models/targets/host/remote';
import { openHostSession, type HostSession } from '../../../src/core/models/targets/host/session';
import { enableNginx, maySudo, nginxSite } from '../../../src/core/models/targets/host/nginx';
import { localFiles, uploadVersion, type UploadedFile } from '../../../src/core/models/targets/host/upload';
import { HostKeyError } from '../../../src/core/ssh/hostkey';
import { StackdeckError } from '../../../src/shared/errors';
import { BASTION_FP, JUMP_FP, SSHD_PORTS, STRANGER_KEY } from '../ssh/fixture';
import { churnCore, hostSettings } from './fixture';

/**
 * Faults of the host target, each against the real sshd: host keys (unknown,
 * changed), a refused key, an unreachable host, a missing and a too-old
 * Python, a failed pip install, a port in use, a connection dropped during
 * the upload. Each ends with a clear message and the host's state, and a
 * retry resumes (matching files are not sent again).
 */
let dir: string;
let core: Core;
let session: HostSession;
let serviceDir: string;
const tag = Date.now().toString(36);
const deployments: string[] = [];
const name = (what: string) => {
  const n = `it-${what}-${tag}`;
  deployments.push(n);
  return n;
};
let listenerPid = '';

const opts = (deployment: string, over: Partial<HostDeployOptions> = {}): HostDeployOptions => ({
  deployment,
  version: 'v1',
  serviceDir,
  python: 'python3',
  port: 0,
  workers: 1,
  minFreeMb: 256,
  readyTimeoutMs: 90_000,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<HostStepError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HostStepError);
  return err as HostStepError;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostfaults-'));
  let generate: (n: string) => Promise<string>;
  ({ core, generate } = await churnCore(dir));
  serviceDir = await generate(`faults-${tag}`);
  session = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
}, 900_000);

afterAll(async () => {
  if (session && !session.closed) {
    if (listenerPid) await session.exec(`kill ${listenerPid}`).catch(() => undefined);
    for (const d of deployments) await removeDeployment(session, d).catch(() => undefined);
    await session.exec(`rm -f stackdeck-it-oldpy-${tag}`).catch(() => undefined);
    session.close();
  }
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models host target: connection faults', () => {
  it('a changed host key is refused with a warning; an unknown one shows its fingerprint', async () => {
    const changed = await openHostSession(hostSettings({ hostKey: JUMP_FP }), { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(changed).toBeInstanceOf(HostKeyError);
    expect((changed as HostKeyError).status).toBe('changed');
    expect((changed as Error).message).toMatch(/WARNING: the host key .* has CHANGED/);
    expect((changed as Error).message).toContain(BASTION_FP);
    const unknown = await openHostSession(hostSettings({ hostKey: '' }), { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(HostKeyError);
    expect((unknown as HostKeyError).status).toBe('unknown');
    expect((unknown as HostKeyError).presented.fingerprint).toBe(BASTION_FP);
  });

  it('a refused key and an unreachable host are clear errors', async () => {
    const refused = await openHostSession(hostSettings({ privateKey: STRANGER_KEY }), { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StackdeckError);
    expect((refused as StackdeckError).code).toBe('AUTH_FAILED');
    expect((refused as Error).message).toMatch(/refused the private key for user sdtunnel/);
    const port = await freePort(); // nothing listens there
    const down = await openHostSession(hostSettings({ port }), { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(StackdeckError);
    expect((down as StackdeckError).code).toBe('UNREACHABLE');
    expect((down as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} cannot be reached \\(ECONNREFUSED\\)`));
  });

  it('reaches the host through a jump host', async () => {
    const s = hostSettings();
    const viaJump = await openHostSession(
      { ...s, jump: { ...s, port: SSHD_PORTS.jump, hostKey: JUMP_FP, enabled: true } },
      { timeoutMs: 15_000 },
    );
    try {
      expect(viaJump.presented.map((p) => p.hop)).toEqual(['jump', 'bastion']);
      expect((await viaJump.exec('echo via-jump')).stdout.trim()).toBe('via-jump');
    } finally {
      viaJump.close();
    }
  });
});

describe('models host target: deploy faults', () => {
  it('a Python path that does not exist stops at the python step; nothing is uploaded', async () => {
    const d = name('nopy');
    const err = await failure(
      deployToHost(session, opts(d, { python: '/nonexistent/python3' }), () => undefined, AbortSignal.timeout(60_000)),
    );
    expect(err.message).toMatch(/No Python at "\/nonexistent\/python3"/);
    expect(err.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['python:failed']);
    expect(err.state?.versions ?? []).toEqual([]);
    expect(err.message).toMatch(/On the host now: no versions; current none; nothing running/);
  });

  it('a too-old Python is refused with its version', async () => {
    const fake = `stackdeck-it-oldpy-${tag}`;
    await session.exec(`cd && printf '#!/bin/sh\\necho "Python 3.6.9"\\n' > ${fake} && chmod +x ${fake}`);
    const home = (await session.exec('cd && pwd')).stdout.trim();
    const err = await failure(
      deployToHost(
        session,
        opts(name('oldpy'), { python: `${home}/${fake}` }),
        () => undefined,
        AbortSignal.timeout(60_000),
      ),
    );
    expect(err.message).toMatch(/is Python 3\.6\.9; the service needs 3\.9 or newer/);
    expect(err.detail?.cause).toBe('PYTHON_TOO_OLD');
  });

  it('too little free disk stops at the disk step, before any upload', async () => {
    const err = await failure(
      deployToHost(session, opts(name('disk'), { minFreeMb: 1e9 }), () => undefined, AbortSignal.timeout(60_000)),
    );
    expect(err.detail?.cause).toBe('DISK_FULL');
    expect(err.message).toMatch(/MiB free in the home directory of .*; the deployment needs 1000000000 MiB/);
    expect(err.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['python:ok', 'disk:failed']);
    expect(err.state?.versions ?? []).toEqual([]);
  });

  it('a failed pip install shows pip’s output; the files stay on the host', async () => {
    const bad = join(dir, 'bad-req');
    await cp(serviceDir, bad, { recursive: true });
    await writeFile(join(bad, 'requirements.txt'), 'stackdeck-no-such-package-4f1e==0.0.1\n');
    const d = name('pip');
    const err = await failure(
      deployToHost(session, opts(d, { serviceDir: bad }), () => undefined, AbortSignal.timeout(300_000)),
    );
    expect(err.detail?.cause).toBe('PIP_FAILED');
    expect(err.message).toMatch(/pip install failed/);
    expect(err.message).toMatch(/stackdeck-no-such-package-4f1e/);
    expect(err.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['python:ok', 'disk:ok', 'upload:ok', 'venv:failed']);
    expect(err.state).toMatchObject({ versions: ['v1'], pid: null });
  }, 300_000);

  it('a port in use on the host stops before starting; after it is freed a retry resumes and deploys', async () => {
    const port = await freePort();
    const started = await session.exec(
      `nohup python3 -c 'import socket,time\ns=socket.socket()\ns.bind(("127.0.0.1",${port}))\ns.listen()\ntime.sleep(600)' >/dev/null 2>&1 & echo $!`,
    );
    listenerPid = started.stdout.trim();
    await new Promise((r) => setTimeout(r, 500));
    const d = name('port');
    const err = await failure(deployToHost(session, opts(d, { port }), () => undefined, AbortSignal.timeout(600_000)));
    expect(err.detail?.cause).toBe('PORT_IN_USE');
    expect(err.message).toContain(`Port ${port} on sdtunnel@127.0.0.1:${SSHD_PORTS.bastion} is in use`);
    expect(err.state).toMatchObject({ versions: ['v1'], pid: null });
    await session.exec(`kill ${listenerPid}`);
    listenerPid = '';
    await new Promise((r) => setTimeout(r, 300));
    const retry = await deployToHost(session, opts(d, { port }), () => undefined, AbortSignal.timeout(300_000));
    expect(retry.smoke.ok).toBe(true);
    expect(retry.steps.find((s) => s.id === 'upload')!.detail).toMatch(/^0 uploaded, \d+ already there/);
    expect(retry.steps.find((s) => s.id === 'venv')!.detail).toMatch(/^reused /);
    await removeDeployment(session, d);
  }, 900_000);

  it('a connection dropped during the upload: a clear error; the retry skips the files already there', async () => {
    const d = name('drop');
    const doomed = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
    const first: UploadedFile[] = [];
    const err = await uploadVersion(doomed, serviceDir, d, 'v1', AbortSignal.timeout(60_000), (f) => {
      first.push(f);
      // Kill this session's own sshd process from inside it, as a network drop would end it.
      if (first.length === 1) void doomed.exec('kill -9 $PPID').catch(() => undefined);
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackdeckError);
    expect((err as StackdeckError).code).toBe('UNREACHABLE');
    expect((err as Error).message).toMatch(/SSH connection .*(dropped|lost|closed)/);
    expect(doomed.closed).toBe(true);
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.length).toBeLessThan(6);
    const again = await uploadVersion(session, serviceDir, d, 'v1', AbortSignal.timeout(60_000));
    const skipped = again.filter((f) => f.action === 'skipped').map((f) => f.name);
    expect(skipped).toEqual(first.map((f) => f.name));
    expect(again.filter((f) => f.action === 'uploaded').length).toBe(again.length - skipped.length);
    // No half-sent ".part" file is left in place of a real one.
    const ls = await session.exec(`cd && ls stackdeck/${d}/v1`);
    expect(ls.stdout).not.toMatch(/\.part/);
  }, 120_000);

  it('a connection dropped in the middle of a file ends the upload with the clear error, not a hang', async () => {
    // A model big enough that the drop lands while it is being sent (ssh2 can leave that transfer's callback uncalled).
    const big = join(dir, 'big-model');
    await cp(serviceDir, big, { recursive: true });
    const model = (await readdir(big)).find((n) => n.startsWith('model.'))!;
    await writeFile(join(big, model), randomBytes(96 * 1024 * 1024));
    const order = (await localFiles(big, AbortSignal.timeout(30_000))).map((f) => f.name);
    const before = order[order.indexOf(model) - 1];
    const d = name('dropmid');
    const doomed = await openHostSession(hostSettings(), { timeoutMs: 15_000 });
    const started = Date.now();
    const sent: string[] = [];
    const err = await uploadVersion(doomed, big, d, 'v1', AbortSignal.timeout(45_000), (f) => {
      sent.push(f.name);
      // The file before the model is done: the model's transfer starts now, and the kill lands during it.
      if (f.name === before) void doomed.exec('sleep 0.3; kill -9 $PPID').catch(() => undefined);
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/SSH connection dropped while uploading model\./);
    expect((err as StackdeckError).code).toBe('UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(doomed.closed).toBe(true);
    // Nothing half-sent is in place of the model.
    const ls = await session.exec(`cd && ls stackdeck/${d}/v1`);
    expect(ls.stdout.split('\n')).not.toContain(model);
  }, 120_000);
});

describe('models host target: nginx site', () => {
  it('generates the reverse-proxy site and writes it on the host; runs nothing when the user may not sudo', async () => {
    const d = name('nginx');
    const site = nginxSite(d, 8123, 'churn.example.com');
    expect(site.content).toContain('listen 80;');
    expect(site.content).toContain('proxy_pass http://127.0.0.1:8123;');
    expect(site.content).toContain('server_name churn.example.com;');
    expect(site.commands).toContain('sudo nginx -t');
    expect(() => nginxSite(d, 8123, 'bad name; rm -rf /')).toThrow(/is not a server name/);
    // Shown, not run: only the file is written next to the deployment.
    expect(await enableNginx(session, site, d, false)).toEqual({ ran: false, output: '' });
    expect((await session.exec(`cd && cat stackdeck/${d}/nginx.conf`)).stdout).toBe(site.content);
    // This host has no sudo for the test user: asking to run is refused, nothing ran.
    expect(await maySudo(session)).toBe(false);
    const err = await enableNginx(session, site, d, true).catch((e: unknown) => e);
    expect((err as StackdeckError).detail?.cause).toBe('SUDO_REFUSED');
    expect((err as Error).message).toMatch(/may not run sudo without a password/);
  });
});
