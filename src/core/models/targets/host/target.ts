/**
 * From a contract `HostTarget` to an open `HostSession`: the key comes from
 * the vault (the SSH key of a saved connection, via the registry) or the SSH
 * agent; the expected host key is the one the input trusts or the one
 * remembered for host:port. A successful connection remembers the
 * fingerprint; an unknown or changed key surfaces as the HostKeyError of the
 * one SSH layer (src/core/ssh), turned into a notice for the UI.
 */
import type { HostKeyNotice, HostTarget } from '../../../../shared/contract/models';
import { StackdeckError } from '../../../../shared/errors';
import type { ClientRegistry } from '../../../connections';
import { HostKeyError } from '../../../ssh/hostkey';
import type { SshTunnelSettings } from '../../../ssh/tunnel';
import type { KnownHosts } from './knownHosts';
import { openHostSession, type HostSession } from './session';

export const CONNECT_TIMEOUT_MS = 15_000;

export const targetLabel = (t: HostTarget) => `${t.username}@${t.host}:${t.port}`;

export interface TargetDeps {
  registry: Pick<ClientRegistry, 'sshKey'>;
  known: KnownHosts;
  agentSocket?: string;
}

export async function targetSettings(t: HostTarget, deps: TargetDeps): Promise<SshTunnelSettings> {
  let privateKey = '';
  let passphrase = '';
  if (t.auth === 'key') {
    if (t.keyProfileId === undefined)
      throw new StackdeckError(
        'INVALID_INPUT',
        'Choose the SSH key: a saved connection whose SSH tunnel has a private key, or the SSH agent.',
        { field: 'keyProfileId' },
      );
    ({ privateKey, passphrase } = await deps.registry.sshKey(t.keyProfileId));
  }
  const hop = {
    host: t.host,
    port: t.port,
    username: t.username,
    auth: t.auth,
    password: '',
    privateKey,
    passphrase,
    hostKey: t.hostKey || (await deps.known.get(t.host, t.port)),
  };
  return { ...hop, jump: { ...hop, enabled: false } };
}

export async function connectTarget(t: HostTarget, deps: TargetDeps, signal: AbortSignal): Promise<HostSession> {
  const s = await targetSettings(t, deps);
  const session = await openHostSession(s, {
    timeoutMs: CONNECT_TIMEOUT_MS,
    signal,
    ...(deps.agentSocket ? { agentSocket: deps.agentSocket } : {}),
  });
  const fp = session.presented.at(-1)?.fingerprint;
  if (fp) await deps.known.remember(t.host, t.port, fp).catch(() => undefined);
  return session;
}

export function hostKeyNotice(err: unknown): HostKeyNotice | null {
  if (!(err instanceof HostKeyError)) return null;
  return {
    status: err.status,
    host: err.presented.host,
    port: err.presented.port,
    fingerprint: err.presented.fingerprint,
    algorithm: err.presented.algorithm,
    message: err.message,
  };
}
