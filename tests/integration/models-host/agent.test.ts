/**
 * The host target with the SSH agent instead of a vault key: a real OpenSSH
 * `ssh-agent` started by this test (it owns and ends it) with the test
 * user's key added by `ssh-add`; the target carries no key at all. Also the
 * key choice's refusals: no key chosen, and a connection without an SSH key.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import { StackdeckError } from '../../../src/shared/errors';
import { eventually } from '../helpers/servers.js';
import { BASTION_FP, files, SSH_TEST_USER, SSHD_PORTS } from '../ssh/fixture';

let dir: string;
let core: Core;
let agent: ChildProcess | undefined;
const target = { host: '127.0.0.1', port: SSHD_PORTS.bastion, username: SSH_TEST_USER.username, hostKey: BASTION_FP };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-hostagent-'));
  const sock = join(dir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  await eventually('ssh-agent listens', async () => (existsSync(sock) ? true : undefined), 5_000);
  execFileSync('ssh-add', [files.userKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
  core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env, { agentSocket: sock })],
  });
});

afterAll(async () => {
  await core?.dispose();
  agent?.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

describe('models.host.* with the SSH agent', () => {
  it('probes and lists the host with the key the agent holds', async () => {
    const probe = await core.router.call('models.host.probe', { target: { ...target, auth: 'agent' } });
    expect(probe).toEqual({ trusted: true, notice: null, label: `sdtunnel@127.0.0.1:${SSHD_PORTS.bastion}` });
    const listed = await core.router.call('models.host.list', { target: { ...target, auth: 'agent' } });
    expect(Array.isArray(listed.deployments)).toBe(true);
  });

  it('key auth needs a connection that has an SSH key', async () => {
    const none = await core.router.call('models.host.list', { target: { ...target, auth: 'key' } }).catch((e) => e);
    expect(none).toBeInstanceOf(StackdeckError);
    expect((none as StackdeckError).message).toMatch(/Choose the SSH key/);
    const draft = { kind: 'redis', name: 'no ssh', host: '127.0.0.1', port: 6379 } as ProfileDraftInput;
    const { id } = await core.router.call('connections.profiles.create', { draft });
    const keyless = await core.router
      .call('models.host.list', { target: { ...target, auth: 'key', keyProfileId: id } })
      .catch((e: unknown) => e);
    expect((keyless as StackdeckError).code).toBe('INVALID_INPUT');
    expect((keyless as Error).message).toMatch(/"no ssh" has no SSH private key saved/);
    const unknown = await core.router
      .call('models.host.list', { target: { ...target, auth: 'key', keyProfileId: 'nope' } })
      .catch((e: unknown) => e);
    expect((unknown as StackdeckError).code).toBe('NOT_FOUND');
  });
});
