/**
 * SSH agent authentication: a real OpenSSH `ssh-agent` (openssh-client),
 * started by this test in the foreground (it owns and ends it) with the test
 * user's key added by `ssh-add`; the profile holds no key at all.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import redis from '../../stack/servers/redis.js';
import sshd from '../../stack/servers/sshd.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { outcome, secureHarness, type SecureHarness } from '../secure/harness';
import { files, sshKeySection } from './fixture';

let h: SecureHarness;
let agent: ChildProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'stackdeck-ssh-agent-'));
const sock = join(dir, 'agent.sock');
const previous = process.env.SSH_AUTH_SOCK;

beforeAll(async () => {
  await requireServer(redis);
  await requireServer(sshd);
  agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  await eventually('ssh-agent listens', async () => (existsSync(sock) ? true : undefined), 5_000);
  execFileSync('ssh-add', [files.userKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
  h = await secureHarness();
});
afterAll(async () => {
  if (previous === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = previous;
  agent?.kill('SIGTERM');
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = (): ProfileDraftInput =>
  ({
    kind: 'redis',
    name: uniqueName('ssh-agent'),
    host: '127.0.0.1',
    port: 6379,
    ssh: sshKeySection({ auth: 'agent', privateKey: { action: 'keep' } }),
  }) as ProfileDraftInput;

describe('SSH agent authentication', () => {
  it('without an agent the ssh stage says so; with the agent holding the key, every stage passes', async () => {
    delete process.env.SSH_AUTH_SOCK;
    const none = outcome(await h.probe(draft()));
    expect(none.stages.ssh).toMatchObject({ errorCode: 'INVALID_INPUT', code: 'SSH_SETTINGS' });
    expect(none.stages.ssh?.message).toMatch(/SSH_AUTH_SOCK/);
    process.env.SSH_AUTH_SOCK = sock;
    const { done } = outcome(await h.probe(draft()));
    expect(done).toMatchObject({ ok: true });
  });
});
