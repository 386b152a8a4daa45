import type { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import type { AgentAuthMethod, Client, ConnectConfig, PasswordAuthMethod, PublicKeyAuthMethod } from 'ssh2';
import { StackdeckError } from '../../shared/errors';
import { algorithmOf, fingerprintOf, HostKeyError, type Hop, type PresentedKey } from './hostkey';

const { Client: ClientClass, utils } = ssh2;

/** One SSH hop as a driver needs it: secrets resolved from the vault ('' when unset). */
export interface SshHopResolved {
  host: string;
  port: number;
  username: string;
  auth: 'password' | 'key' | 'agent';
  password: string;
  privateKey: string;
  passphrase: string;
  /** The trusted fingerprint; '' = none trusted yet. */
  hostKey: string;
}

export interface ConnectHopOptions {
  hop: Hop;
  /** Handshake + authentication deadline. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** A stream to run SSH over instead of TCP (a channel of the jump host). */
  sock?: Readable;
  /** Where the SSH agent listens; defaults to SSH_AUTH_SOCK. */
  agentSocket?: string;
}

export interface ConnectedHop {
  client: Client;
  presented: PresentedKey;
}

/** What the profile's settings lack, before any network traffic. */
function authConfig(h: SshHopResolved, agentSocket: string | undefined): Partial<ConnectConfig> {
  const what = `SSH ${h.username}@${h.host}:${h.port}`;
  switch (h.auth) {
    case 'password': {
      if (!h.password) throw invalid(`${what}: enter the SSH password, or choose key or agent authentication.`);
      const method: PasswordAuthMethod = { type: 'password', username: h.username, password: h.password };
      return { authHandler: [method] };
    }
    case 'key': {
      if (!h.privateKey)
        throw invalid(`${what}: paste the SSH private key, or choose password or agent authentication.`);
      // Parse first: ssh2 throws from connect() with a message that names neither field nor fix.
      // Parsed once here and handed over: an encrypted OpenSSH key costs ~2 s of bcrypt in pure JS per parse.
      const parsedAll = utils.parseKey(h.privateKey, h.passphrase || undefined);
      const parsed = Array.isArray(parsedAll) ? parsedAll[0] : parsedAll;
      if (parsed === undefined || parsed instanceof Error) {
        const encrypted = /encrypted|passphrase|decrypt/i.test(parsed?.message ?? '');
        throw invalid(
          encrypted
            ? `${what}: the private key is encrypted and ${h.passphrase ? 'the passphrase is wrong' : 'no passphrase is set'}.`
            : `${what}: the private key cannot be read (${parsed?.message ?? 'empty'}). Paste an OpenSSH or PEM private key.`,
          encrypted ? 'SSH_KEY_PASSPHRASE' : 'SSH_KEY_INVALID',
        );
      }
      const method: PublicKeyAuthMethod = { type: 'publickey', username: h.username, key: parsed };
      return { authHandler: [method] };
    }
    case 'agent': {
      const agent = agentSocket ?? process.env.SSH_AUTH_SOCK;
      if (!agent) throw invalid(`${what}: no SSH agent is running (SSH_AUTH_SOCK is not set). Use a key or password.`);
      const method: AgentAuthMethod = { type: 'agent', username: h.username, agent };
      return { authHandler: [method] };
    }
  }
}

function invalid(message: string, cause = 'SSH_SETTINGS'): StackdeckError {
  return new StackdeckError('INVALID_INPUT', message, { cause });
}

/**
 * Connects and authenticates one SSH hop, checking its host key against the
 * trusted fingerprint. Resolves once the session is ready; the caller owns the
 * returned client and must `end()` it.
 */
export function connectHop(h: SshHopResolved, o: ConnectHopOptions): Promise<ConnectedHop> {
  if (!h.host || !h.username)
    return Promise.reject(
      invalid('An SSH tunnel needs the SSH host and user name. Fill them in or turn the tunnel off.'),
    );
  let auth: Partial<ConnectConfig>;
  try {
    auth = authConfig(h, o.agentSocket);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const target = `${h.host}:${h.port}`;
  return new Promise<ConnectedHop>((resolve, reject) => {
    const client = new ClientClass();
    let presented: PresentedKey | undefined;
    let refusedKey: HostKeyError | undefined;
    let settled = false;
    const finish = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      if (err === undefined && presented) {
        resolve({ client, presented });
        return;
      }
      client.end();
      client.destroy();
      reject(err ?? new Error('SSH connection ended'));
    };
    const onAbort = () => finish(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    if (o.signal?.aborted) {
      onAbort();
      return;
    }
    o.signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => finish(undefined));
    client.on('error', (err: Error & { level?: string }) => finish(refusedKey ?? mapSshError(err, target, h)));
    client.once('close', () =>
      finish(refusedKey ?? Object.assign(new Error(`SSH connection to ${target} closed`), { code: 'ECONNRESET' })),
    );
    client.connect({
      ...(o.sock ? { sock: o.sock } : { host: h.host, port: h.port }),
      username: h.username,
      readyTimeout: o.timeoutMs,
      // Notices a dead bastion within ~45 s even when no query is running (a dropped tunnel is a lost connection).
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        presented = {
          hop: o.hop,
          host: h.host,
          port: h.port,
          algorithm: algorithmOf(key),
          fingerprint: fingerprintOf(key),
        };
        if (h.hostKey && h.hostKey === presented.fingerprint) return true;
        refusedKey = new HostKeyError(presented, h.hostKey ? 'changed' : 'unknown');
        return false;
      },
      ...auth,
    });
  });
}

/** ssh2 errors carry a `level` (client-socket, client-timeout, client-authentication, protocol, ...). */
function mapSshError(err: Error & { level?: string; code?: string }, target: string, h: SshHopResolved): Error {
  if (err.level === 'client-authentication') {
    const how = h.auth === 'password' ? 'password' : h.auth === 'key' ? 'private key' : 'agent keys';
    return new StackdeckError(
      'AUTH_FAILED',
      `The SSH server ${target} refused the ${how} for user ${h.username}. Check the user name and ${how}.`,
      { cause: 'SSH_AUTH_FAILED', target },
    );
  }
  if (err.level === 'client-timeout') {
    return new StackdeckError('TIMEOUT', `The SSH server ${target} did not complete the handshake in time.`, {
      cause: 'ETIMEDOUT',
      target,
    });
  }
  if (err.code) return Object.assign(new Error(`SSH ${target}: ${err.message}`), { code: err.code });
  return new StackdeckError('SERVER_ERROR', `The SSH connection to ${target} failed: ${err.message}`, {
    cause: 'SSH_ERROR',
    target,
  });
}
