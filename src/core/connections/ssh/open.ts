import { openTunnel, type Tunnel } from '../../ssh/tunnel';
import type { ResolvedProfile } from '../model';
import { routeProfile } from './route';

/**
 * Opens a connection's client, through its SSH tunnel when it has one: the
 * tunnel opens first, the driver connects to its forwards, and a failed
 * driver connect closes the tunnel again. The caller owns both and closes the
 * client before the tunnel.
 */
export async function openThroughTunnel<L>(
  p: ResolvedProfile,
  timeoutMs: number,
  signal: AbortSignal,
  open: (routed: ResolvedProfile, tunnel: Tunnel | undefined) => Promise<L>,
): Promise<{ live: L; tunnel?: Tunnel }> {
  if (!p.ssh.enabled) return { live: await open(p, undefined) };
  const tunnel = await openTunnel(p.ssh, { timeoutMs, signal });
  try {
    const live = await open(await routeProfile(p, tunnel), tunnel);
    return { live, tunnel };
  } catch (err) {
    await tunnel.close();
    throw err;
  }
}
