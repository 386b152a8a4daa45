/**
 * Redis through the SSH bastion of the stack (tests/stack/servers/sshd.ts,
 * 127.0.0.1:2222) to the plain Redis on 6379: key and password auth, a wrong
 * password at the SSH stage, a host key not trusted yet (fingerprint
 * reported), a changed host key refused, and a real read through the tunnel.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import redis from '../../stack/servers/redis.js';
import sshd from '../../stack/servers/sshd.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { matrixRow, outcome, secureHarness, type SecureHarness } from '../secure/harness';
import { writeMatrix, type MatrixRow } from '../secure/matrix';
import {
  BASTION_FP,
  JUMP_FP,
  SSH_TEST_USER,
  SSHD_PORTS,
  STRANGER_KEY,
  USER_KEY,
  USER_KEY_ENC,
  sshKeySection,
  sshPasswordSection,
} from './fixture';

let h: SecureHarness;
const rows: MatrixRow[] = [];
/** Probes and records the case in the secure suite's kind × case table (printed by `npm test`). */
async function probeRow(name: string, d: ProfileDraftInput) {
  const events = await h.probe(d);
  rows.push(matrixRow('ssh (redis)', name, events));
  return events;
}
const direct = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
const key = uniqueName('ssh-tunnel-key');

beforeAll(async () => {
  await requireServer(redis);
  await requireServer(sshd);
  h = await secureHarness();
  await direct.set(key, 'through the tunnel');
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nSSH tunnel matrix:\n${writeMatrix('ssh', rows)}\n`);
  await direct.del(key);
  direct.disconnect();
  await h?.close();
});

const draft = (ssh: Record<string, unknown>): ProfileDraftInput =>
  ({ kind: 'redis', name: uniqueName('ssh-redis'), host: '127.0.0.1', port: 6379, ssh }) as ProfileDraftInput;

describe('redis through an SSH tunnel: the probe', () => {
  it('key auth with the trusted host key: the ssh stage comes first and every stage passes', async () => {
    const events = await probeRow('key auth, trusted host key', draft(sshKeySection()));
    const first = events.find((e) => e.type === 'stage');
    expect(first).toMatchObject({ stage: 'ssh', status: 'running' });
    const { stages, done } = outcome(events);
    expect(done).toMatchObject({ ok: true, failedStage: null });
    expect(stages.ssh?.message).toContain(BASTION_FP);
    expect(stages.ssh?.tunnelled).toEqual([
      { target: '127.0.0.1:6379', local: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
    ]);
    expect(stages.dns?.status).toBe('skipped');
    expect(stages.tcp?.status).toBe('ok');
    expect(done.serverVersion).toMatch(/^Redis /);
  });

  it('password auth works too', async () => {
    const { done } = outcome(await probeRow('password auth', draft(sshPasswordSection())));
    expect(done).toMatchObject({ ok: true });
  });

  it('an encrypted key with its passphrase works; without it the ssh stage says the key needs a passphrase', async () => {
    const withPass = sshKeySection({
      privateKey: { action: 'set', value: USER_KEY_ENC },
      passphrase: { action: 'set', value: SSH_TEST_USER.keyPassphrase },
    });
    expect(outcome(await h.probe(draft(withPass))).done.ok).toBe(true);
    const { stages, done } = outcome(
      await h.probe(draft(sshKeySection({ privateKey: { action: 'set', value: USER_KEY_ENC } }))),
    );
    expect(done).toMatchObject({ ok: false, failedStage: 'ssh' });
    expect(stages.ssh).toMatchObject({ errorCode: 'INVALID_INPUT', code: 'SSH_KEY_PASSPHRASE' });
    expect(stages.dns?.status).toBe('skipped');
  });

  it('a wrong password fails at the ssh stage with AUTH_FAILED, and no later stage runs', async () => {
    const started = Date.now();
    const { stages, done } = outcome(
      await probeRow(
        'wrong password',
        draft(sshPasswordSection({ password: { action: 'set', value: 'not-the-ssh-password' } })),
      ),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(done).toMatchObject({ ok: false, failedStage: 'ssh' });
    expect(stages.ssh).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED', code: 'SSH_AUTH_FAILED' });
    expect(stages.ssh?.message).toMatch(/refused the password for user sdtunnel/);
    for (const s of ['dns', 'tcp', 'tls', 'auth', 'ping']) expect(stages[s]?.status).toBe('skipped');
  });

  it('a key the server does not know is refused with AUTH_FAILED', async () => {
    const { stages } = outcome(
      await h.probe(draft(sshKeySection({ privateKey: { action: 'set', value: STRANGER_KEY } }))),
    );
    expect(stages.ssh).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED', code: 'SSH_AUTH_FAILED' });
  });

  it('first use: no trusted key yet, the stage reports the fingerprint ssh-keygen shows', async () => {
    const { stages, done } = outcome(await probeRow('unknown host key', draft(sshKeySection({ hostKey: '' }))));
    expect(done).toMatchObject({ ok: false, failedStage: 'ssh' });
    expect(stages.ssh).toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN', errorCode: 'AUTH_FAILED' });
    expect(stages.ssh?.sshHostKey).toEqual({
      hop: 'bastion',
      host: '127.0.0.1',
      port: SSHD_PORTS.bastion,
      algorithm: 'ssh-ed25519',
      fingerprint: BASTION_FP,
      status: 'unknown',
    });
    expect(stages.ssh?.message).toContain(BASTION_FP);
  });

  it('a changed host key is refused with a warning, before any credential is sent', async () => {
    // The jump host's key stands in for "the bastion's key as trusted before it changed".
    const { stages } = outcome(await probeRow('changed host key', draft(sshPasswordSection({ hostKey: JUMP_FP }))));
    expect(stages.ssh).toMatchObject({ status: 'failed', code: 'SSH_HOST_KEY_CHANGED' });
    expect(stages.ssh?.sshHostKey).toMatchObject({ fingerprint: BASTION_FP, status: 'changed' });
    expect(stages.ssh?.message).toMatch(/WARNING: the host key .* has CHANGED/);
  });

  it('a target the bastion cannot reach fails at the tcp stage through the tunnel', async () => {
    const d = { ...draft(sshKeySection()), port: 1 } as ProfileDraftInput;
    const { stages, done } = outcome(await h.probe(d));
    expect(stages.ssh?.status).toBe('ok');
    expect(done.failedStage).toBe('tcp');
    expect(stages.tcp).toMatchObject({ errorCode: 'UNREACHABLE' });
  });
});

describe('redis through an SSH tunnel: a saved connection', () => {
  it('connects through the tunnel and reads a key; disconnecting closes the tunnel too', async () => {
    const created = (await h.call('connections.profiles.create', { draft: draft(sshKeySection()) })) as { id: string };
    const handle = await h.area.registry.redis(created.id);
    expect(await handle.redis.get(key)).toBe('through the tunnel');
    // The client talks to a local forward, not to 6379 itself.
    const conn = handle.redis as Redis;
    expect(conn.options.port).not.toBe(6379);
    await h.call('connections.client.disconnect', { connectionId: created.id });
    expect(h.area.registry.isOpen(created.id)).toBe(false);
  });
});

describe('SSH secrets are bound to their SSH server', () => {
  it('an edit that points the tunnel at another SSH host must carry the SSH secret again', async () => {
    const created = (await h.call('connections.profiles.create', {
      draft: draft(sshPasswordSection()),
    })) as { id: string; name: string };
    const moved = draft(sshPasswordSection({ host: 'localhost', password: { action: 'keep' } }));
    await expect(
      h.call('connections.profiles.update', { id: created.id, draft: { ...moved, name: created.name } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', detail: { reason: 'secret-endpoint-changed' } });
    // Re-entering it is accepted.
    const again = draft(sshPasswordSection({ host: 'localhost' }));
    await expect(
      h.call('connections.profiles.update', { id: created.id, draft: { ...again, name: created.name } }),
    ).resolves.toMatchObject({ ssh: { host: 'localhost', password: { set: true } } });
  });
});

describe('SSH secrets stay secret', () => {
  it('no SSH password, passphrase or private key in any response, event, error, log line or file of this suite', async () => {
    // Key bodies are checked by their first base64 line (a key is never shown in part either).
    const keyLine = (k: string): string => k.split('\n')[1] ?? k;
    const secrets = [
      SSH_TEST_USER.password,
      SSH_TEST_USER.keyPassphrase,
      'not-the-ssh-password',
      keyLine(USER_KEY),
      keyLine(USER_KEY_ENC),
      keyLine(STRANGER_KEY),
    ];
    const files = readdirSync(h.dir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(h.dir, f))
      .flatMap((f) => {
        try {
          return [{ f, text: readFileSync(f, 'utf8') }];
        } catch {
          return []; // a directory
        }
      });
    expect(files.some((x) => x.f.endsWith('profiles.json'))).toBe(true);
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    expect(seen).toMatch(/probe event .*"stage":"ssh"/);
    for (const secret of secrets) {
      expect(seen.includes(secret), 'an SSH secret in renderer responses/logs/errors').toBe(false);
      for (const { f, text } of files) expect(text.includes(secret), `an SSH secret in ${f}`).toBe(false);
    }
  });
});
