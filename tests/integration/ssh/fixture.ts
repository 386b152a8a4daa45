/**
 * What the SSH tunnel tests share: the bastion's real host key fingerprint
 * (read from its key file, computed by ssh-keygen, not by the code under test),
 * the test user's keys, and an `ssh` profile section a user would fill in.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stackPaths } from '../../stack/paths.js';
import { SSH_TEST_USER, SSHD_PORTS, sshdFiles } from '../../stack/servers/sshd.js';

export const files = sshdFiles(stackPaths());

/** `SHA256:...` of a host key, as OpenSSH prints it (the oracle). */
export function keygenFingerprint(pubFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' });
  const fp = /(SHA256:[A-Za-z0-9+/]{43})/.exec(out)?.[1];
  if (!fp) throw new Error(`no fingerprint in: ${out}`);
  return fp;
}

export const BASTION_FP = keygenFingerprint(`${files.hostKey('bastion')}.pub`);
export const JUMP_FP = keygenFingerprint(`${files.hostKey('jump')}.pub`);
export const USER_KEY = readFileSync(files.userKey, 'utf8');
export const USER_KEY_ENC = readFileSync(files.userKeyEncrypted, 'utf8');
export const STRANGER_KEY = readFileSync(files.strangerKey, 'utf8');
export { SSH_TEST_USER, SSHD_PORTS };

/** The `ssh` section of a draft: key auth to the bastion with its trusted fingerprint; `over` changes fields. */
export function sshKeySection(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    enabled: true,
    host: '127.0.0.1',
    port: SSHD_PORTS.bastion,
    username: SSH_TEST_USER.username,
    auth: 'key',
    privateKey: { action: 'set', value: USER_KEY },
    hostKey: BASTION_FP,
    ...over,
  };
}

export function sshPasswordSection(over: Record<string, unknown> = {}): Record<string, unknown> {
  return sshKeySection({
    auth: 'password',
    privateKey: { action: 'keep' },
    password: { action: 'set', value: SSH_TEST_USER.password },
    ...over,
  });
}

/**
 * Pids of sshd's per-connection processes under the bastion's listener: the
 * privileged monitor and its unprivileged child (both hold the session's
 * socket, so dropping a session means killing both).
 */
export function sessionPids(): number[] {
  const listener = Number(readFileSync(files.pidFile('bastion'), 'utf8').trim());
  const children = (pid: number): number[] => {
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
    return out ? out.split(/\s+/).map(Number) : [];
  };
  const direct = children(listener);
  return [...direct, ...direct.flatMap(children)];
}
