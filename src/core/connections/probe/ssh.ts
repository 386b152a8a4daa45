import { isHostKeyError } from '../../ssh/hostkey';
import { openTunnel, type Tunnel } from '../../ssh/tunnel';
import { classifyError, type ErrorContext } from '../errors';
import type { ResolvedProfile } from '../model';
import { routeProfile } from '../ssh/route';
import { StageFailure, type StageExtra } from './stage-failure';
import { endpointsOf } from './network';

/**
 * The probe's first stage for a connection through SSH: connect and
 * authenticate to the bastion (and jump host), check its host key, and make the
 * local forwards the later stages use. An untrusted or changed host key fails
 * the stage with the key presented, so the dialog can offer to trust it.
 */
export async function sshStage(
  p: ResolvedProfile,
  o: { ms: number; signal: AbortSignal; ctx: ErrorContext; onTunnel: (t: Tunnel) => void },
): Promise<{ routed: ResolvedProfile; message: string; extra: StageExtra }> {
  let tunnel: Tunnel;
  try {
    tunnel = await openTunnel(p.ssh, { timeoutMs: o.ms, signal: o.signal });
  } catch (err) {
    const c = classifyError(err, { ...o.ctx, target: `${p.ssh.host}:${p.ssh.port}` });
    throw new StageFailure(c, isHostKeyError(err) ? { sshHostKey: { ...err.presented, status: err.status } } : {});
  }
  o.onTunnel(tunnel);
  const routed = await routeProfile(p, tunnel);
  // Kafka's brokers get their forwards as the client meets them; list the bootstrap ones now.
  if (p.kind === 'kafka') {
    await Promise.all(endpointsOf(p).endpoints.map((e) => tunnel.forward(e.host, e.port)));
  }
  const hops = tunnel.presented.map((k) => `${k.hop} ${k.host}:${k.port} (${k.algorithm} ${k.fingerprint})`);
  const forwards = tunnel.forwards();
  return {
    routed,
    message: `SSH session as ${tunnel.label} via ${hops.join(' → ')}; forwarding ${forwards
      .map((f) => `${f.target} → ${f.local}`)
      .join(', ')}.`,
    extra: { tunnelled: forwards.map((f) => ({ target: f.target, local: f.local })) },
  };
}
