/**
 * A jump host in front of the bastion (like `ssh -J`): the stack's second
 * sshd on 2223 carries the SSH session to the bastion on 2222, which forwards
 * to Redis. Each hop's host key is checked against its own trusted
 * fingerprint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import redis from '../../stack/servers/redis.js';
import sshd from '../../stack/servers/sshd.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { outcome, secureHarness, type SecureHarness } from '../secure/harness';
import { BASTION_FP, JUMP_FP, SSH_TEST_USER, SSHD_PORTS, USER_KEY, sshKeySection } from './fixture';

let h: SecureHarness;

beforeAll(async () => {
  await requireServer(redis);
  await requireServer(sshd);
  h = await secureHarness();
});
afterAll(async () => {
  await h?.close();
});

const jump = (over: Record<string, unknown> = {}) => ({
  enabled: true,
  host: '127.0.0.1',
  port: SSHD_PORTS.jump,
  username: SSH_TEST_USER.username,
  auth: 'key',
  privateKey: { action: 'set', value: USER_KEY },
  hostKey: JUMP_FP,
  ...over,
});

const draft = (ssh: Record<string, unknown>): ProfileDraftInput =>
  ({ kind: 'redis', name: uniqueName('ssh-jump'), host: '127.0.0.1', port: 6379, ssh }) as ProfileDraftInput;

describe('an SSH jump host', () => {
  it('reaches the bastion through the jump host; both host keys are checked', async () => {
    const { stages, done } = outcome(await h.probe(draft(sshKeySection({ jump: jump() }))));
    expect(done).toMatchObject({ ok: true });
    expect(stages.ssh?.message).toMatch(
      new RegExp(
        `jump 127\\.0\\.0\\.1:2223 .*${escape(JUMP_FP)}.* → bastion 127\\.0\\.0\\.1:2222 .*${escape(BASTION_FP)}`,
      ),
    );
  });

  it('an untrusted jump host key is reported for the jump hop, before the bastion is tried', async () => {
    const { stages } = outcome(await h.probe(draft(sshKeySection({ jump: jump({ hostKey: '' }) }))));
    expect(stages.ssh).toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN' });
    expect(stages.ssh?.sshHostKey).toMatchObject({ hop: 'jump', port: SSHD_PORTS.jump, fingerprint: JUMP_FP });
  });

  it('the bastion key is still checked behind the jump host', async () => {
    const { stages } = outcome(await h.probe(draft(sshKeySection({ hostKey: JUMP_FP, jump: jump() }))));
    expect(stages.ssh).toMatchObject({ code: 'SSH_HOST_KEY_CHANGED' });
    expect(stages.ssh?.sshHostKey).toMatchObject({ hop: 'bastion', fingerprint: BASTION_FP, status: 'changed' });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
