import { describe, expect, it } from 'vitest';
import { Profile, ProfileDraft } from '../../../src/shared/contract/connections';
import { emptyForm, formFromProfile, formToDraft } from '../../../src/renderer/src/features/connections/form';
import { validateForm } from '../../../src/renderer/src/features/connections/formValidation';
import { idleProbe, probeReducer } from '../../../src/renderer/src/features/connections/probe';
import { trustHostKey } from '../../../src/renderer/src/features/connections/sshForm';

/** The SSH tunnel part of the connection form and of the probe view (pure logic). */

const FP = `SHA256:${'A'.repeat(43)}`;
const set = { set: true };
const unset = { set: false };

describe('SSH section of the connection form', () => {
  it('sends only the chosen method’s secret, and nothing of a tunnel that is off', () => {
    const base = emptyForm('redis');
    const form = {
      ...base,
      name: 'r',
      ssh: {
        ...base.ssh,
        enabled: true,
        host: 'bastion.example',
        username: 'ops',
        auth: 'password' as const,
        password: { stored: false, mode: 'replace' as const, value: 'pw' },
        privateKey: { stored: false, mode: 'replace' as const, value: 'left over key' },
      },
    };
    const draft = ProfileDraft.parse(formToDraft(form));
    expect(draft.ssh).toMatchObject({
      enabled: true,
      host: 'bastion.example',
      port: 22,
      username: 'ops',
      auth: 'password',
      password: { action: 'set', value: 'pw' },
      privateKey: { action: 'keep' },
      jump: { enabled: false },
    });
    const off = ProfileDraft.parse(formToDraft({ ...form, ssh: { ...form.ssh, enabled: false } }));
    expect(off.ssh.password).toEqual({ action: 'keep' });
  });

  it('asks for host, user and the secret of the chosen method before testing', () => {
    const base = emptyForm('redis');
    const errors = validateForm({ ...base, name: 'r', ssh: { ...base.ssh, enabled: true } });
    expect(errors).toMatchObject({
      'ssh.host': 'Enter the SSH host.',
      'ssh.username': 'Enter the SSH user.',
      'ssh.privateKey': 'Paste the private key.',
    });
    expect(validateForm({ ...base, name: 'r' })['ssh.host']).toBeUndefined();
  });

  it('refuses a malformed trusted fingerprint', () => {
    const base = emptyForm('redis');
    const form = {
      ...base,
      name: 'r',
      ssh: {
        ...base.ssh,
        enabled: true,
        host: 'b',
        username: 'u',
        auth: 'agent' as const,
        hostKey: 'MD5:aa:bb',
      },
    };
    expect(validateForm(form)['ssh.hostKey']).toMatch(/SHA256/);
  });

  it('a saved tunnel comes back with its secrets as keep and its trusted key', () => {
    const p = Profile.parse({
      id: 'p1',
      kind: 'redis',
      name: 'R',
      host: '10.0.0.5',
      password: unset,
      tls: { key: unset, keyPassphrase: unset },
      ssh: {
        enabled: true,
        host: 'bastion',
        username: 'ops',
        auth: 'key',
        privateKey: set,
        password: unset,
        passphrase: unset,
        hostKey: FP,
        jump: { password: unset, privateKey: unset, passphrase: unset },
      },
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    const draft = ProfileDraft.parse(formToDraft(formFromProfile(p)));
    expect(draft.ssh).toMatchObject({ enabled: true, hostKey: FP, privateKey: { action: 'keep' } });
  });

  it('trusting a key fills the right hop', () => {
    const s = emptyForm('redis').ssh;
    expect(trustHostKey(s, 'bastion', FP).hostKey).toBe(FP);
    expect(trustHostKey(s, 'jump', FP).jump.hostKey).toBe(FP);
    expect(trustHostKey(s, 'jump', FP).hostKey).toBe('');
  });
});

describe('probe view with an SSH stage', () => {
  it('adds the ssh stage first when it reports, with the presented host key', () => {
    let v = probeReducer(idleProbe, { type: 'start', at: 0 });
    expect(v.stages.map((s) => s.name)).toEqual(['dns', 'tcp', 'tls', 'auth', 'ping']);
    const hostKey = {
      hop: 'bastion' as const,
      host: '127.0.0.1',
      port: 2222,
      algorithm: 'ssh-ed25519',
      fingerprint: FP,
      status: 'unknown' as const,
    };
    v = probeReducer(v, {
      type: 'event',
      event: {
        type: 'stage',
        stage: 'ssh',
        status: 'failed',
        elapsedMs: 5,
        code: 'SSH_HOST_KEY_UNKNOWN',
        errorCode: 'AUTH_FAILED',
        message: 'not trusted yet',
        sshHostKey: hostKey,
      },
    });
    expect(v.stages.map((s) => s.name)).toEqual(['ssh', 'dns', 'tcp', 'tls', 'auth', 'ping']);
    expect(v.stages[0]).toMatchObject({ status: 'failed', sshHostKey: hostKey });
  });
});
