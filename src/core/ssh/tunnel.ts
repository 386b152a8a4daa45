import { createServer, type Server, type Socket } from 'node:net';
import type { Client, ClientChannel } from 'ssh2';
import { StackdeckError } from '../../shared/errors';
import { within } from '../connections/clients/common';
import { connectHop, type SshHopResolved } from './connect';
import type { PresentedKey } from './hostkey';

/**
 * An SSH tunnel: a session to the bastion (optionally through a jump host) and
 * local forwards on 127.0.0.1:<ephemeral>, one per target host:port, made on
 * demand. Drivers connect to the forwards, so each needs nothing SSH-specific.
 *
 * Owned by one connection: `close()` ends every forward, every forwarded
 * socket and the SSH session(s); when the session drops by itself,
 * `onClose` listeners hear it once (the registry then marks the connection
 * lost). Bounded: at most MAX_FORWARDS targets and MAX_SOCKETS open sockets.
 */

export interface SshTunnelSettings extends SshHopResolved {
  jump: SshHopResolved & { enabled: boolean };
}

export interface TunnelOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  agentSocket?: string;
}

export interface Forward {
  /** host:port as the server side sees it. */
  target: string;
  /** 127.0.0.1:port to connect to. */
  local: string;
  host: string;
  port: number;
}

export interface Tunnel {
  /** Host keys seen, bastion last (all trusted, or the tunnel would not be open). */
  readonly presented: readonly PresentedKey[];
  /** `user@host:port` of the bastion, for messages. */
  readonly label: string;
  /** The local forward for a target, made on first use. */
  forward(host: string, port: number): Promise<Forward>;
  /** Opens one channel to the target and closes it: whether the bastion can reach it. */
  check(host: string, port: number, ms: number): Promise<void>;
  forwards(): Forward[];
  /** Called once if the SSH session ends without `close()`. */
  onClose(listener: (err: Error) => void): void;
  readonly closed: boolean;
  /** Why the session ended by itself, once it has. */
  readonly closeReason: Error | undefined;
  close(): Promise<void>;
}

const MAX_FORWARDS = 256;
const MAX_SOCKETS = 1_024;

export async function openTunnel(s: SshTunnelSettings, o: TunnelOptions): Promise<Tunnel> {
  const presented: PresentedKey[] = [];
  let jump: Client | undefined;
  let sock: ClientChannel | undefined;
  if (s.jump.enabled) {
    const j = await connectHop(s.jump, { hop: 'jump', timeoutMs: o.timeoutMs, ...opt(o) });
    jump = j.client;
    presented.push(j.presented);
    try {
      sock = await within(
        channel(jump, s.host, s.port),
        o.timeoutMs,
        `Reaching ${s.host}:${s.port} from the jump host`,
      );
    } catch (err) {
      jump.end();
      throw err;
    }
  }
  let bastion: ConnectedBastion;
  try {
    const b = await connectHop(s, { hop: 'bastion', timeoutMs: o.timeoutMs, ...opt(o), ...(sock ? { sock } : {}) });
    presented.push(b.presented);
    bastion = b.client;
  } catch (err) {
    jump?.end();
    throw err;
  }
  return new SshTunnel(bastion, jump, presented, `${s.username}@${s.host}:${s.port}`);
}

type ConnectedBastion = Client;

function opt(o: TunnelOptions): { signal?: AbortSignal; agentSocket?: string } {
  return { ...(o.signal ? { signal: o.signal } : {}), ...(o.agentSocket ? { agentSocket: o.agentSocket } : {}) };
}

function channel(client: Client, host: string, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
      if (err) reject(forwardError(err, host, port));
      else resolve(ch);
    });
  });
}

/** OpenSSH answers a refused forward with "Connection refused" or "administratively prohibited". */
function forwardError(err: Error & { reason?: number }, host: string, port: number): Error {
  const prohibited = /prohibited/i.test(err.message) || err.reason === 1;
  return Object.assign(
    new Error(
      prohibited
        ? `The SSH server does not allow forwarding to ${host}:${port} (administratively prohibited).`
        : `The SSH server could not connect to ${host}:${port}: ${err.message}.`,
    ),
    { code: prohibited ? 'SSH_FORWARD_PROHIBITED' : 'ECONNREFUSED' },
  );
}

class SshTunnel implements Tunnel {
  private readonly servers = new Map<string, { server: Server; forward: Promise<Forward> }>();
  private readonly sockets = new Set<Socket>();
  private readonly made: Forward[] = [];
  private readonly closeListeners: ((err: Error) => void)[] = [];
  private ended = false;
  closeReason: Error | undefined;
  private lostError: Error | undefined;

  constructor(
    private readonly client: Client,
    private readonly jump: Client | undefined,
    readonly presented: readonly PresentedKey[],
    readonly label: string,
  ) {
    const lost = (err?: Error) => this.lost(err);
    client.on('error', (err: Error) => {
      this.lostError = err;
    });
    client.once('close', () => lost(this.lostError));
    jump?.on('error', (err: Error) => {
      this.lostError = err;
    });
    jump?.once('close', () => lost(this.lostError));
  }

  get closed(): boolean {
    return this.ended;
  }

  forward(host: string, port: number): Promise<Forward> {
    const key = `${host}:${port}`;
    const existing = this.servers.get(key);
    if (existing) return existing.forward;
    if (this.ended)
      return Promise.reject(Object.assign(new Error('The SSH tunnel is closed.'), { code: 'ECONNRESET' }));
    if (this.servers.size >= MAX_FORWARDS)
      return Promise.reject(new Error(`An SSH tunnel forwards at most ${MAX_FORWARDS} addresses.`));
    const server = createServer((local) => this.pipe(local, host, port));
    const forward = new Promise<Forward>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        const addr = server.address();
        if (addr === null || typeof addr === 'string') {
          reject(new Error('no local port'));
          return;
        }
        const made = { target: key, local: `127.0.0.1:${addr.port}`, host: '127.0.0.1', port: addr.port };
        this.made.push(made);
        resolve(made);
      });
    });
    this.servers.set(key, { server, forward });
    return forward;
  }

  async check(host: string, port: number, ms: number): Promise<void> {
    const ch = await within(channel(this.client, host, port), ms, `Reaching ${host}:${port} through SSH`);
    ch.destroy();
  }

  forwards(): Forward[] {
    return [...this.made];
  }

  onClose(listener: (err: Error) => void): void {
    this.closeListeners.push(listener);
  }

  private pipe(local: Socket, host: string, port: number): void {
    if (this.ended || this.sockets.size >= MAX_SOCKETS) {
      local.destroy();
      return;
    }
    this.sockets.add(local);
    local.once('close', () => this.sockets.delete(local));
    local.on('error', () => undefined);
    local.pause();
    this.client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
      if (err || this.ended) {
        ch?.destroy();
        local.destroy();
        return;
      }
      ch.on('error', () => local.destroy());
      ch.once('close', () => local.destroy());
      local.once('close', () => ch.destroy());
      local.pipe(ch).pipe(local);
      local.resume();
    });
  }

  private lost(err: Error | undefined): void {
    if (this.ended) return;
    const why = new StackdeckError(
      'UNREACHABLE',
      `The SSH tunnel through ${this.label} was closed${err ? ` (${err.message})` : ''}. Check that the SSH server is up, then connect again.`,
      { cause: 'SSH_TUNNEL_CLOSED', target: this.label },
    );
    this.closeReason = why;
    void this.shutdown();
    for (const listener of this.closeListeners.splice(0)) listener(why);
  }

  async close(): Promise<void> {
    this.closeListeners.length = 0;
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const closing = [...this.servers.values()].map(
      ({ server }) => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    this.servers.clear();
    this.client.end();
    this.jump?.end();
    await Promise.all(closing);
  }
}
