import { z } from 'zod';

/**
 * The SSH tunnel section of a connection profile (issue #15): any connection
 * can go through an SSH bastion, optionally reached through a jump host. Built
 * per secret representation like the rest of the profile (connection-profiles.ts
 * `profileShapes`), so drafts, stored and returned profiles cannot drift.
 *
 * Host keys are checked against the fingerprint stored here (`hostKey`, the
 * OpenSSH `SHA256:...` form). Empty means "not trusted yet": the probe reports
 * the server's fingerprint and the dialog asks the user to trust it. A key that
 * differs from the stored one is refused (possible man in the middle).
 */

export const SshAuth = z.enum(['password', 'key', 'agent']);
export type SshAuth = z.infer<typeof SshAuth>;

/** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints it; empty: not trusted yet. */
export const SshFingerprint = z
  .string()
  .max(100)
  .regex(/^(SHA256:[A-Za-z0-9+/]{43})?$/, 'A host key fingerprint looks like SHA256: followed by 43 characters.');

/** Where the tunnel's secrets are, as dotted paths (added to every kind's SECRET_FIELDS). */
export const SSH_SECRET_FIELDS = [
  'ssh.password',
  'ssh.privateKey',
  'ssh.passphrase',
  'ssh.jump.password',
  'ssh.jump.privateKey',
  'ssh.jump.passphrase',
] as const;

/** Labels for messages about these secrets (never their values). */
export const SSH_SECRET_LABEL: Readonly<Record<(typeof SSH_SECRET_FIELDS)[number], string>> = {
  'ssh.password': 'SSH password',
  'ssh.privateKey': 'SSH private key',
  'ssh.passphrase': 'SSH key passphrase',
  'ssh.jump.password': 'jump host password',
  'ssh.jump.privateKey': 'jump host private key',
  'ssh.jump.passphrase': 'jump host key passphrase',
};

export function sshShape<S extends z.ZodType>(secret: S) {
  const hop = {
    host: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9._:[\]-]*$/, 'Enter a host name or IP address.')
      .default(''),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().max(255).default(''),
    /** password, private key (both from the vault) or the SSH agent at SSH_AUTH_SOCK. */
    auth: SshAuth.default('key'),
    password: secret,
    /** OpenSSH or PEM private key text (a secret). */
    privateKey: secret,
    /** Passphrase of an encrypted private key (a secret). */
    passphrase: secret,
    /** The trusted host key fingerprint of this host; empty until the user trusts one. */
    hostKey: SshFingerprint.default(''),
  };
  return z
    .object({
      enabled: z.boolean().default(false),
      ...hop,
      /** A host the bastion is reached through (ssh -J). */
      jump: z.object({ enabled: z.boolean().default(false), ...hop }).prefault({} as never),
    })
    .prefault({} as never);
}
