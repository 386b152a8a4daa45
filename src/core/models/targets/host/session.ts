/**
 * One SSH session to a deployment host, made with the one SSH layer
 * (src/core/ssh: connectHop does authentication and the known-hosts check, so
 * an unknown key asks and a changed key is refused there). On top of it: exec
 * with bounded output, SFTP, and HTTP through a direct-tcpip channel (what an
 * SSH local forward carries) so the service on the host's 127.0.0.1 is
 * reachable without opening anything on the host's network.
 *
 * The caller owns the session and must `close()` it; that ends every channel.
 */
import { request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { StackdeckError } from '../../../../shared/errors';
import { connectHop } from '../../../ssh/connect';
import type { PresentedKey } from '../../../ssh/hostkey';
import type { SshTunnelSettings } from '../../../ssh/tunnel';

/** Output kept per stream of one command: enough for pip's error, bounded whatever it prints. */
const MAX_OUTPUT = 256 * 1024;

export interface ExecResult {
  /** Null when the command was killed by a signal, or its channel closed without an exit status. */
  code: number | null;
  /** The signal that ended the command on the host (e.g. "KILL"), when one did. */
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface HostSession {
  readonly label: string;
  readonly presented: readonly PresentedKey[];
  exec(command: string, o?: { timeoutMs?: number; signal?: AbortSignal }): Promise<ExecResult>;
  /** Runs a command whose output is streamed line by line until it ends or `signal` aborts. */
  follow(command: string, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void>;
  sftp(): Promise<SFTPWrapper>;
  /**
   * One SFTP operation that settles when its callback comes, when the
   * connection is lost, or when `signal` aborts: ssh2 can leave a transfer's
   * callback uncalled when the connection drops in the middle of it.
   */
  sftpCall(run: (sftp: SFTPWrapper, done: (err?: Error | null) => void) => void, signal?: AbortSignal): Promise<void>;
  /** An HTTP request to 127.0.0.1:port on the host, through the SSH session. */
  http(
    port: number,
    path: string,
    o: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs: number },
  ): Promise<HttpAnswer>;
  onClose(listener: (err: Error) => void): void;
  readonly closed: boolean;
  close(): void;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export async function openHostSession(
  s: SshTunnelSettings,
  o: { timeoutMs: number; signal?: AbortSignal; agentSocket?: string },
): Promise<HostSession> {
  const common = {
    timeoutMs: o.timeoutMs,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.agentSocket ? { agentSocket: o.agentSocket } : {}),
  };
  const presented: PresentedKey[] = [];
  let jump: Client | undefined;
  let sock: ClientChannel | undefined;
  try {
    if (s.jump.enabled) {
      const j = await connectHop(s.jump, { hop: 'jump', ...common }).catch((err: unknown) => {
        throw mapConnectError(err, `${s.jump.host}:${s.jump.port}`, 'jump host');
      });
      jump = j.client;
      presented.push(j.presented);
      sock = await new Promise<ClientChannel>((resolve, reject) =>
        j.client.forwardOut('127.0.0.1', 0, s.host, s.port, (err, ch) =>
          err ? reject(unreachable(`${s.host}:${s.port} from the jump host`, err)) : resolve(ch),
        ),
      );
    }
    const b = await connectHop(s, { hop: 'bastion', ...common, ...(sock ? { sock } : {}) });
    presented.push(b.presented);
    return new Session(b.client, jump, presented, `${s.username}@${s.host}:${s.port}`);
  } catch (err) {
    jump?.end();
    throw mapConnectError(err, `${s.host}:${s.port}`);
  }
}

function unreachable(what: string, err: Error): StackdeckError {
  return new StackdeckError('UNREACHABLE', `Cannot reach ${what}: ${err.message}.`, { cause: 'SSH_UNREACHABLE' });
}

/** Network errors from the socket carry a code (ECONNREFUSED, ENOTFOUND, ...): say which host and what to check. */
function mapConnectError(err: unknown, target: string, what = 'deployment host'): unknown {
  const code = (err as { code?: unknown }).code;
  if (err instanceof StackdeckError || typeof code !== 'string') return err;
  return new StackdeckError(
    'UNREACHABLE',
    `The ${what} ${target} cannot be reached (${code}): check the address and port, and that sshd runs there. Nothing was changed on the host.`,
    { cause: code, target },
  );
}

class Session implements HostSession {
  private readonly channels = new Set<ClientChannel>();
  private readonly listeners = new Set<(err: Error) => void>();
  private sftpP: Promise<SFTPWrapper> | undefined;
  closed = false;

  constructor(
    private readonly client: Client,
    private readonly jump: Client | undefined,
    readonly presented: readonly PresentedKey[],
    readonly label: string,
  ) {
    client.on('error', () => undefined);
    jump?.on('error', () => undefined);
    const lost = () => {
      if (this.closed) return;
      this.close();
      const err = new StackdeckError(
        'UNREACHABLE',
        `The SSH connection to ${label} was lost. Retry: files already on the host are checked and kept.`,
        { cause: 'SSH_CLOSED' },
      );
      const heard = [...this.listeners];
      this.listeners.clear();
      for (const l of heard) l(err);
    };
    client.once('close', lost);
    jump?.once('close', lost);
  }

  onClose(listener: (err: Error) => void): void {
    this.listeners.add(listener);
  }

  private lostError(): StackdeckError {
    return new StackdeckError(
      'UNREACHABLE',
      `The SSH connection to ${this.label} is closed. Retry: files already on the host are checked and kept.`,
      { cause: 'SSH_CLOSED' },
    );
  }

  private channel(command: string): Promise<ClientChannel> {
    if (this.closed) return Promise.reject(this.lostError());
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, ch) => {
        if (err) return reject(this.closed ? this.lostError() : err);
        this.channels.add(ch);
        ch.once('close', () => this.channels.delete(ch));
        resolve(ch);
      });
    });
  }

  async exec(command: string, o: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ExecResult> {
    const ch = await this.channel(command);
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      const keep = (prev: string, chunk: Buffer) => (prev + chunk.toString('utf8')).slice(-MAX_OUTPUT);
      ch.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
      ch.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
      const timer = setTimeout(() => {
        ch.close();
        reject(new StackdeckError('TIMEOUT', `The command on ${this.label} did not finish in time: ${command}`));
      }, o.timeoutMs ?? 60_000);
      const onAbort = () => ch.close();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      let killedBy: string | undefined;
      ch.once('exit', (c: number | null, sig?: string) => {
        code = c;
        if (c === null && sig) killedBy = sig;
      });
      ch.once('close', () => {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        if (o.signal?.aborted) return reject(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
        if (code === null && killedBy === undefined) {
          // No exit status at all: the channel went with its connection, whose own close may come a moment later.
          setImmediate(() => (this.closed ? reject(this.lostError()) : resolve({ code, stdout, stderr })));
          return;
        }
        resolve({ code, ...(killedBy ? { signal: killedBy } : {}), stdout, stderr });
      });
    });
  }

  async follow(command: string, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const ch = await this.channel(command);
    let partial = '';
    ch.on('data', (c: Buffer) => {
      const lines = (partial + c.toString('utf8')).split('\n');
      partial = (lines.pop() ?? '').slice(-64_000);
      if (lines.length > 0) onLines(lines.map((l) => l.slice(0, 8000)));
    });
    ch.stderr.on('data', () => undefined);
    await new Promise<void>((resolve) => {
      const onAbort = () => ch.close();
      signal.addEventListener('abort', onAbort, { once: true });
      ch.once('close', () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  sftp(): Promise<SFTPWrapper> {
    if (this.closed) return Promise.reject(this.lostError());
    this.sftpP ??= new Promise<SFTPWrapper>((resolve, reject) =>
      this.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))),
    );
    return this.sftpP;
  }

  async sftpCall(
    run: (sftp: SFTPWrapper, done: (err?: Error | null) => void) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const sftp = await this.sftp();
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | undefined) => {
        if (settled) return;
        settled = true;
        this.listeners.delete(onLost);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onLost = (err: Error) => settle(err);
      const onAbort = () => settle(new StackdeckError('CANCELLED', `The transfer to ${this.label} was cancelled.`));
      if (this.closed) return settle(this.lostError());
      this.listeners.add(onLost);
      signal?.addEventListener('abort', onAbort, { once: true });
      run(sftp, (err) => settle(err ? (this.closed ? this.lostError() : err) : undefined));
    });
  }

  http(
    port: number,
    path: string,
    o: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs: number },
  ): Promise<HttpAnswer> {
    if (this.closed) return Promise.reject(this.lostError());
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (err, ch) => {
        if (err) return reject(unreachable(`127.0.0.1:${port} on ${this.label}`, err));
        this.channels.add(ch);
        ch.once('close', () => this.channels.delete(ch));
        const req = request(
          {
            createConnection: () => ch as unknown as Duplex as never,
            host: '127.0.0.1',
            port,
            path,
            method: o.method ?? 'GET',
            headers: { ...(o.body === undefined ? {} : { 'content-type': 'application/json' }), ...o.headers },
            timeout: o.timeoutMs,
          },
          (res: IncomingMessage) => {
            let body = '';
            res.on('data', (c: Buffer) => (body = (body + c.toString('utf8')).slice(0, MAX_OUTPUT)));
            res.once('end', () => {
              ch.close();
              resolve({ status: res.statusCode ?? 0, body });
            });
            res.once('error', reject);
          },
        );
        req.once('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port} in ${o.timeoutMs} ms`)));
        req.once('error', (e) => {
          ch.close();
          reject(e);
        });
        req.end(o.body);
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const ch of this.channels) ch.close();
    this.channels.clear();
    this.client.end();
    this.jump?.end();
  }
}
