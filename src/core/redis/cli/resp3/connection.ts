/**
 * One RESP3 connection of the CLI's own: a socket (TLS when the profile says
 * so), HELLO 3 with the profile's user and password, then commands written as
 * RESP arrays of bulk strings (never a line the server would re-parse) and
 * answered in order. Push frames (client tracking, ...) are not replies; the
 * newest few are kept for the caller. A server without HELLO (before Redis 6)
 * gets AUTH and stays on RESP2, which the same parser reads.
 *
 * The owner (the CLI session) closes it; a protocol error, a socket error or
 * close rejects every command waiting and ends it for good.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Resp3Parser, type ParserLimits, type Resp3 } from './parser';

export interface Resp3Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls?: ConnectionOptions | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly db: number;
  readonly connectTimeoutMs: number;
}

/** A server's error reply, named like ioredis's so the area's error mapping treats it the same. */
export class RespReplyError extends Error {
  override readonly name = 'ReplyError';
}

const MAX_PUSHES = 100;

interface Waiter {
  resolve(v: Resp3): void;
  reject(err: Error): void;
}

export function encodeCommand(argv: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) parts.push(Buffer.from(`$${a.length}\r\n`), a, Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

export class Resp3Connection {
  private readonly waiters: Waiter[] = [];
  private readonly pushes: Resp3[] = [];
  private readonly parser: Resp3Parser;
  private ended: Error | null = null;
  private readonly closeListeners = new Set<() => void>();
  /** 3 after HELLO 3; 2 on a server without HELLO. */
  protocol: 2 | 3 = 3;

  private constructor(
    private readonly socket: Socket,
    limits: ParserLimits,
    readonly where: string,
  ) {
    this.parser = new Resp3Parser(limits, (v) => this.onValue(v));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.parser.feed(chunk);
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('Connection is closed.')));
  }

  static async open(ep: Resp3Endpoint, limits: ParserLimits): Promise<Resp3Connection> {
    const socket = await connectSocket(ep);
    const conn = new Resp3Connection(socket, limits, `${ep.host}:${ep.port}`);
    try {
      await conn.handshake(ep);
    } catch (err) {
      conn.close();
      throw err;
    }
    return conn;
  }

  private async handshake(ep: Resp3Endpoint): Promise<void> {
    const b = (s: string): Buffer => Buffer.from(s);
    const hello = [b('HELLO'), b('3')];
    if (ep.password) hello.push(b('AUTH'), b(ep.username || 'default'), b(ep.password));
    hello.push(b('SETNAME'), b('stackdeck-cli'));
    const r = await this.command(hello);
    if (r.t === 'error') {
      // Before Redis 6 there is no HELLO: authenticate the RESP2 way and stay on RESP2.
      if (!/unknown command|NOPROTO/i.test(r.text)) throw new RespReplyError(r.text);
      this.protocol = 2;
      if (ep.password) {
        const auth = ep.username ? [b('AUTH'), b(ep.username), b(ep.password)] : [b('AUTH'), b(ep.password)];
        const a = await this.command(auth);
        if (a.t === 'error') throw new RespReplyError(a.text);
      }
    }
    if (ep.db !== 0) {
      const s = await this.command([b('SELECT'), b(String(ep.db))]);
      if (s.t === 'error') throw new RespReplyError(s.text);
    }
  }

  get closed(): boolean {
    return this.ended !== null;
  }

  /** Sends one argument vector; resolves with the reply (a server error is a reply, not a rejection). */
  command(argv: readonly Buffer[]): Promise<Resp3> {
    return this.commands([argv]).then((r) => r[0]!);
  }

  /** Several commands in one write (ASKING + the command), answered in order. */
  commands(argvs: readonly (readonly Buffer[])[]): Promise<Resp3[]> {
    if (this.ended) return Promise.reject(this.ended);
    const replies = argvs.map(
      () =>
        new Promise<Resp3>((resolve, reject) => {
          this.waiters.push({ resolve, reject });
        }),
    );
    this.socket.write(Buffer.concat(argvs.map(encodeCommand)));
    return Promise.all(replies);
  }

  /** The push frames that arrived since the last call (the newest MAX_PUSHES). */
  takePushes(): Resp3[] {
    return this.pushes.splice(0, this.pushes.length);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.fail(new Error('Connection is closed.'));
  }

  private onValue(v: Resp3): void {
    if (v.t === 'push' && this.protocol === 3) {
      this.pushes.push(v);
      if (this.pushes.length > MAX_PUSHES) this.pushes.shift();
      return;
    }
    const w = this.waiters.shift();
    // A reply nobody waits for means the stream is out of step: end it rather than mis-pair replies.
    if (!w) return this.fail(new Error('The server sent a reply that was not asked for.'));
    w.resolve(v);
  }

  private fail(err: Error): void {
    if (this.ended) return;
    this.ended = err;
    this.socket.destroy();
    for (const w of this.waiters.splice(0)) w.reject(err);
    for (const l of [...this.closeListeners]) l();
    this.closeListeners.clear();
  }
}

function connectSocket(ep: Resp3Endpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = ep.tls
      ? tlsConnect({ ...ep.tls, host: ep.host, port: ep.port })
      : netConnect({ host: ep.host, port: ep.port });
    const ready = ep.tls ? 'secureConnect' : 'connect';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`Connecting to ${ep.host}:${ep.port} timed out.`), { code: 'ETIMEDOUT' }));
    }, ep.connectTimeoutMs);
    const onError = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.once('error', onError);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
