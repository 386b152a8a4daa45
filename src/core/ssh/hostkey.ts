import { createHash } from 'node:crypto';
import { StackdeckError } from '../../shared/errors';

/**
 * Host key checking for SSH (the known-hosts part of the one SSH service). The
 * trusted fingerprint lives with the profile that trusted it (per profile, per
 * hop), in OpenSSH's `SHA256:<base64, no padding>` form so users can compare it
 * with `ssh-keygen -lf` output on the server.
 */

export type Hop = 'bastion' | 'jump';

export interface PresentedKey {
  hop: Hop;
  host: string;
  port: number;
  algorithm: string;
  fingerprint: string;
}

/** OpenSSH's fingerprint of a raw public key blob (the SSH wire format). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the blob's first field: a uint32 length and the name (`ssh-ed25519`, `rsa-sha2-512`, ...). */
export function algorithmOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || keyBlob.length < 4 + len) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/**
 * The host key was not accepted: not trusted yet (first use), or different
 * from the trusted one (refused: someone may be intercepting the connection).
 * Carries the presented key so the probe can offer to trust it.
 */
export class HostKeyError extends StackdeckError {
  constructor(
    readonly presented: PresentedKey,
    readonly status: 'unknown' | 'changed',
  ) {
    const where = `${presented.host}:${presented.port}`;
    const what = presented.hop === 'jump' ? 'The SSH jump host' : 'The SSH server';
    super(
      // Either way the server failed to prove it is the one trusted: an authentication failure, of the server.
      'AUTH_FAILED',
      status === 'unknown'
        ? `${what} ${where} is not trusted yet. Its host key fingerprint is ${presented.fingerprint} (${presented.algorithm}). ` +
            'Compare it with the server (ssh-keygen -lf on its host key) and trust it to continue.'
        : `WARNING: the host key of ${what.toLowerCase().replace(/^the /, '')} ${where} has CHANGED: it is now ${presented.fingerprint} ` +
            `(${presented.algorithm}), not the trusted one. Someone may be intercepting the connection, or the server was ` +
            'reinstalled. The connection was refused; trust the new key only after checking it with the server administrator.',
      {
        cause: status === 'unknown' ? 'SSH_HOST_KEY_UNKNOWN' : 'SSH_HOST_KEY_CHANGED',
        target: where,
        fingerprint: presented.fingerprint,
        algorithm: presented.algorithm,
        hop: presented.hop,
      },
    );
  }
}

export function isHostKeyError(err: unknown): err is HostKeyError {
  return err instanceof HostKeyError;
}
