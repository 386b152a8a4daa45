import type { Profile, SshAuth } from '../../../../shared/contract/connections';
import { newSecret, type SecretEdit } from './form';
import { secretInput } from './formDraft';

/**
 * The SSH tunnel part of the connection form (pure; unit tested with form.ts):
 * one hop (bastion) plus an optional jump host, secrets write-only like the
 * rest of the form.
 */

export interface SshHopForm {
  host: string;
  port: string;
  username: string;
  auth: SshAuth;
  password: SecretEdit;
  privateKey: SecretEdit;
  passphrase: SecretEdit;
  /** The trusted host key fingerprint (`SHA256:...`); empty until the user trusts one. */
  hostKey: string;
}

export interface SshForm extends SshHopForm {
  enabled: boolean;
  jumpEnabled: boolean;
  jump: SshHopForm;
}

const emptyHop = (): SshHopForm => ({
  host: '',
  port: '22',
  username: '',
  auth: 'key',
  password: newSecret(),
  privateKey: newSecret(),
  passphrase: newSecret(),
  hostKey: '',
});

export const emptySshForm = (): SshForm => ({ ...emptyHop(), enabled: false, jumpEnabled: false, jump: emptyHop() });

type StoredSsh = Profile['ssh'];
type StoredHop = Omit<StoredSsh, 'enabled' | 'jump'>;

const stored = (state: { set: boolean }): SecretEdit =>
  state.set ? { stored: true, mode: 'keep', value: '' } : newSecret();

const hopFromProfile = (h: StoredHop): SshHopForm => ({
  host: h.host,
  port: String(h.port),
  username: h.username,
  auth: h.auth,
  password: stored(h.password),
  privateKey: stored(h.privateKey),
  passphrase: stored(h.passphrase),
  hostKey: h.hostKey,
});

export function sshFormFromProfile(ssh: StoredSsh): SshForm {
  return {
    ...hopFromProfile(ssh),
    enabled: ssh.enabled,
    jumpEnabled: ssh.jump.enabled,
    jump: hopFromProfile(ssh.jump),
  };
}

const toPort = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

function hopToDraft(h: SshHopForm, on: boolean) {
  // Secrets of the unused method are not sent (kept as stored); only the chosen method's secret is set.
  const keep = { action: 'keep' } as const;
  return {
    host: h.host.trim(),
    port: toPort(h.port),
    username: h.username.trim(),
    auth: h.auth,
    password: on && h.auth === 'password' ? secretInput(h.password) : keep,
    privateKey: on && h.auth === 'key' ? secretInput(h.privateKey) : keep,
    passphrase: on && h.auth === 'key' ? secretInput(h.passphrase) : keep,
    hostKey: h.hostKey.trim(),
  };
}

export function sshFormToDraft(s: SshForm) {
  return {
    enabled: s.enabled,
    ...hopToDraft(s, s.enabled),
    jump: { enabled: s.enabled && s.jumpEnabled, ...hopToDraft(s.jump, s.enabled && s.jumpEnabled) },
  };
}

/** Fields that must be filled for the tunnel to be usable; keys are form error paths. */
export function sshErrors(s: SshForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!s.enabled) return errors;
  const hop = (h: SshHopForm, prefix: string): void => {
    if (h.host.trim() === '') errors[`${prefix}.host`] = 'Enter the SSH host.';
    if (h.username.trim() === '') errors[`${prefix}.username`] = 'Enter the SSH user.';
    const missing = (e: SecretEdit): boolean => (e.stored ? e.mode !== 'keep' && e.value === '' : e.value === '');
    if (h.auth === 'password' && missing(h.password)) errors[`${prefix}.password`] = 'Enter the SSH password.';
    if (h.auth === 'key' && missing(h.privateKey)) errors[`${prefix}.privateKey`] = 'Paste the private key.';
  };
  hop(s, 'ssh');
  if (s.jumpEnabled) hop(s.jump, 'ssh.jump');
  return errors;
}

/** The trusted key after the user accepted the one the probe reported. */
export function trustHostKey(s: SshForm, hop: 'bastion' | 'jump', fingerprint: string): SshForm {
  return hop === 'jump' ? { ...s, jump: { ...s.jump, hostKey: fingerprint } } : { ...s, hostKey: fingerprint };
}
