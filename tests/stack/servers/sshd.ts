/**
 * The SSH bastion of the secure stack (`--secure`): Debian's OpenSSH server,
 * run with its own `sshd_config` under `.stack/sshd` (own host key, pid file,
 * `AuthorizedKeysFile`, `UsePAM no`, `StrictModes no`), so nothing of the
 * machine's own SSH setup is used or changed. Two daemons:
 *
 * | port | role                                                     |
 * | 2222 | the bastion: key and password auth, forwards to 127.0.0.1 |
 * | 2223 | a jump host in front of it (forwards to 127.0.0.1 only)   |
 *
 * Forwarding is limited to 127.0.0.1 (`PermitOpen 127.0.0.1:*`), so a tunnel
 * can reach the stack's servers and nothing else. The test user is a system
 * account (`SSH_TEST_USER`), created on first start when missing: sshd only
 * authenticates real accounts, and password auth without PAM reads the shadow
 * file. Keys are generated with `ssh-keygen` (openssh-client) on first run.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';

/** Test-only credentials (distinctive, so the secret-leak test can grep for them). */
export const SSH_TEST_USER = {
  username: 'sdtunnel',
  password: 'sd-ssh-tunnel-Pw-3b9e71',
  /** Passphrase of the encrypted test key (`user_ed25519_enc`). */
  keyPassphrase: 'sd-ssh-key-Pass-7c20d4',
} as const;

export const SSHD_PORTS = { bastion: 2222, jump: 2223 } as const;
type Role = keyof typeof SSHD_PORTS;
const ROLES = Object.keys(SSHD_PORTS) as Role[];

const SSHD_BIN = '/usr/sbin/sshd';

export const sshdHome = (o: Pick<StackOptions, 'root'>): string => join(o.root, 'sshd');

/** The files tests read: host keys (to know the right fingerprint), the user's private keys. */
export function sshdFiles(o: Pick<StackOptions, 'root'>) {
  const dir = sshdHome(o);
  return {
    dir,
    hostKey: (role: Role) => join(dir, `host_ed25519_${role}`),
    userKey: join(dir, 'user_ed25519'),
    userKeyEncrypted: join(dir, 'user_ed25519_enc'),
    /** A key that is in no authorized_keys file. */
    strangerKey: join(dir, 'stranger_ed25519'),
    authorizedKeys: join(dir, 'authorized_keys'),
    config: (role: Role) => join(dir, `sshd_config_${role}`),
    pidFile: (role: Role) => join(dir, `sshd_${role}.pid`),
  };
}

function keygen(path: string, comment: string, passphrase = ''): void {
  if (existsSync(path)) return;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', path], {
    stdio: 'ignore',
  });
}

function userExists(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .some((line) => line.startsWith(`${name}:`));
}

/** Creates the test account (as root) and (re)sets its password, so password auth has a real account to check. */
function ensureUser(): void {
  const { username, password } = SSH_TEST_USER;
  if (!userExists(username)) {
    execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', username], { stdio: 'ignore' });
  }
  execFileSync('chpasswd', [], { input: `${username}:${password}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
}

/** Reads the SSH identification line: the daemon answers before any authentication. */
function banner(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => done(new Error(`no SSH banner within ${timeoutMs} ms`)), timeoutMs);
    let buf = '';
    const done = (err?: Error, value?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? '');
    };
    socket.on('data', (chunk: Buffer) => {
      buf += chunk.toString('latin1');
      const line = /^(SSH-2\.0-[^\r\n]*)\r?\n/.exec(buf)?.[1];
      if (line !== undefined) done(undefined, line);
    });
    socket.once('error', (err) => done(err));
  });
}

const sshd: ServerDef = {
  name: 'sshd',
  ports: ROLES.map((r) => SSHD_PORTS[r]),
  startTimeoutMs: 15_000,
  stopGraceMs: 5_000,
  enabled: (o) => o.secure === true,

  async install() {
    if (!existsSync(SSHD_BIN)) {
      throw new Error('sshd not found. Install it with `apt-get install -y openssh-server`.');
    }
    if (process.getuid?.() !== 0 && !userExists(SSH_TEST_USER.username)) {
      throw new Error(`The SSH test user ${SSH_TEST_USER.username} is missing and only root can create it.`);
    }
  },

  async prepare(o) {
    const f = sshdFiles(o);
    // Readable by the test user: sshd reads AuthorizedKeysFile with the user's rights (private keys stay 0600).
    mkdirSync(f.dir, { recursive: true });
    chmodSync(f.dir, 0o755);
    // sshd refuses to start without its privilege-separation directory (systemd's tmpfiles would make it).
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    for (const role of ROLES) keygen(f.hostKey(role), `stackdeck-test-host-${role}`);
    keygen(f.userKey, 'stackdeck-test-user');
    keygen(f.userKeyEncrypted, 'stackdeck-test-user-enc', SSH_TEST_USER.keyPassphrase);
    keygen(f.strangerKey, 'stackdeck-test-stranger');
    const authorized = [f.userKey, f.userKeyEncrypted].map((k) => readFileSync(`${k}.pub`, 'utf8').trim());
    writeFileSync(f.authorizedKeys, `${authorized.join('\n')}\n`, { mode: 0o644 });
    if (process.getuid?.() === 0) ensureUser();
    for (const role of ROLES) {
      const lines = [
        '# Written by tests/stack/servers/sshd.ts on every start; edits are lost.',
        `ListenAddress 127.0.0.1:${SSHD_PORTS[role]}`,
        `HostKey ${f.hostKey(role)}`,
        `PidFile ${f.pidFile(role)}`,
        `AuthorizedKeysFile ${f.authorizedKeys}`,
        `AllowUsers ${SSH_TEST_USER.username}`,
        'UsePAM no',
        // The key files live under .stack, owned by whoever runs the stack.
        'StrictModes no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin no',
        'AllowTcpForwarding local',
        'PermitOpen 127.0.0.1:*',
        'GatewayPorts no',
        'X11Forwarding no',
        'AllowAgentForwarding no',
        'PermitTunnel no',
        'ClientAliveInterval 15',
        'MaxStartups 50:30:100',
        'MaxSessions 50',
        'LogLevel INFO',
        'Subsystem sftp internal-sftp',
      ];
      writeFileSync(f.config(role), `${lines.join('\n')}\n`, { mode: 0o600 });
    }
  },

  launch(o): LaunchSpec[] {
    const f = sshdFiles(o);
    // -D: stay in the foreground (the CLI owns the process); -e: log to stderr (the CLI's log file).
    return ROLES.map((role) => ({
      name: role === 'bastion' ? 'sshd' : `sshd-${role}`,
      command: SSHD_BIN,
      args: ['-D', '-e', '-f', f.config(role)],
      cwd: f.dir,
    }));
  },

  async probe(_o, timeoutMs): Promise<ProbeResult> {
    const lines = await withDeadline(
      Promise.all(ROLES.map((r) => banner(SSHD_PORTS[r], timeoutMs))),
      timeoutMs,
      `sshd on ${ROLES.map((r) => SSHD_PORTS[r]).join(',')}`,
    );
    return {
      version: (lines[0] ?? '?').replace(/^SSH-2\.0-/, ''),
      detail: ROLES.map((r) => `${r}:${SSHD_PORTS[r]}`).join(' '),
    };
  },

  // Nothing to clean: the keys are kept so trusted fingerprints stay valid across restarts.
  dataDirs: () => [],
};

export default sshd;
