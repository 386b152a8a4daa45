/**
 * From a contract `HostTarget` to an open `HostSession`: the key comes from
 * the vault (the SSH key of a saved connection, via the registry) or the SSH
 * agent; the expected host key is the one the input trusts or the one
 * remembered for host:port. A successful connection remembers the
 * fingerprint; an unknown or changed key surfaces as the HostKeyError of the
 * one SSH layer (src/core/ssh), turned into a notice for the UI. With a jump
 * host, the same per hop: its own key source and host key, checked first.
 */
import type { HostJump, HostKeyNotice, HostTarget } from '../../../../shared/contract/models';
import { StackdeckError } from '../../../../shared/errors';
import type { ClientRegistry } from '../../../connections';
import { HostKeyError } from '../../../ssh/hostkey';
import type { SshTunnelSettings } from '../../../ssh/tunnel';
import type { KnownHosts } from './knownHosts';
import { openHostSession, type HostSession } from './session';

export const CONNECT_TIMEOUT_MS = 15_000;

const hopLabel = (h: HostJump) => `${h.username}@${h.host}:${h.port}`;
export const targetLabel = (t: HostTarget) =>
  t.jump === undefined ? hopLabel(t) : `${hopLabel(t)} via ${hopLabel(t.jump)}`;

/** The name a trusted key is remembered under (knownHosts.ts): the target's includes its jump host. */
const knownAs = (t: HostJump & { jump?: HostJump | undefined }): [string, number, string?] =>
  t.jump === undefined ? [t.host, t.port] : [t.host, t.port, `${t.jump.host}:${t.jump.port}`];

export interface TargetDeps {
  registry: Pick<ClientRegistry, 'sshKey'>;
  known: KnownHosts;
  agentSocket?: string;
}

async function hopSettings(h: HostJump, known: [string, number, string?], deps: TargetDeps, what: string) {
  let privateKey = '';
  let passphrase = '';
  if (h.auth === 'key') {
    if (h.keyProfileId === undefined)
      throw new StackdeckError(
        'INVALID_INPUT',
        `Choose the SSH key of the ${what}: a saved connection whose SSH tunnel has a private key, or the SSH agent.`,
        { field: what === 'jump host' ? 'jump.keyProfileId' : 'keyProfileId' },
      );
    ({ privateKey, passphrase } = await deps.registry.sshKey(h.keyProfileId));
  }
  return {
    host: h.host,
    port: h.port,
    username: h.username,
    auth: h.auth,
    password: '',
    privateKey,
    passphrase,
    hostKey: h.hostKey || (await deps.known.get(...known)),
  };
}

export async function targetSettings(t: HostTarget, deps: TargetDeps): Promise<SshTunnelSettings> {
  const hop = await hopSettings(t, knownAs(t), deps, 'host');
  const jump =
    t.jump === undefined
      ? { ...hop, enabled: false }
      : { ...(await hopSettings(t.jump, knownAs(t.jump), deps, 'jump host')), enabled: true };
  return { ...hop, jump };
}

export async function connectTarget(t: HostTarget, deps: TargetDeps, signal: AbortSignal): Promise<HostSession> {
  const s = await targetSettings(t, deps);
  const session = await openHostSession(s, {
    timeoutMs: CONNECT_TIMEOUT_MS,
    signal,
    ...(deps.agentSocket ? { agentSocket: deps.agentSocket } : {}),
  });
  for (const p of session.presented) {
    const [host, port, via] = p.hop === 'jump' && t.jump !== undefined ? knownAs(t.jump) : knownAs(t);
    await deps.known.remember(host, port, p.fingerprint, via).catch(() => undefined);
  }
  return session;
}

/** The target as this session proved it: the fingerprints seen become the ones later calls (and the watch) expect. */
export function provenTarget(t: HostTarget, session: HostSession): HostTarget {
  const fp = (hop: 'jump' | 'bastion') => session.presented.find((p) => p.hop === hop)?.fingerprint;
  return {
    ...t,
    hostKey: fp('bastion') ?? t.hostKey,
    ...(t.jump === undefined ? {} : { jump: { ...t.jump, hostKey: fp('jump') ?? t.jump.hostKey } }),
  };
}

export function hostKeyNotice(err: unknown): HostKeyNotice | null {
  if (!(err instanceof HostKeyError)) return null;
  return {
    status: err.status,
    hop: err.presented.hop === 'jump' ? 'jump' : 'host',
    host: err.presented.host,
    port: err.presented.port,
    fingerprint: err.presented.fingerprint,
    algorithm: err.presented.algorithm,
    message: err.message,
  };
}
