/**
 * The CLI's RESP3 connections for one connection profile and database: one
 * to a standalone server, or one per cluster node a command went to. The
 * endpoint options (TLS, user, password) are the ones the profile's own
 * ioredis client was opened with, so the secret goes only where that client
 * goes. On a cluster a command with a key goes to the master of its slot (the
 * cluster client's slot map, corrected by each MOVED), an ASK is followed
 * with ASKING, and keyless commands go to the first master.
 *
 * The CLI slice owns sessions: it closes them when the connection goes, and
 * a cancelled or timed-out command closes the connection it was on (the only
 * way to stop a command the server is still running for us).
 */
import type { ConnectionOptions } from 'node:tls';
import { CLI_MAX_BULK_BYTES, CLI_MAX_ITEMS } from '../../../../shared/contract/redis/cli';
import { StackdeckError } from '../../../../shared/errors';
import { isCluster, keyNodes, type RedisClient } from '../../area/nodes';
import { Resp3Connection, type Resp3Endpoint } from './connection';
import type { ParserLimits, Resp3 } from './parser';
import { keySlot } from './slot';

/** Bounds of one CLI reply: what is kept of it, and what is refused outright (Redis's own proto-max-bulk-len is 512 MB). */
export const CLI_LIMITS: ParserLimits = {
  keepBytes: CLI_MAX_BULK_BYTES,
  maxItems: CLI_MAX_ITEMS,
  maxBulk: 512 * 1024 * 1024,
  maxLine: 64 * 1024,
  maxDepth: 64,
};

const MAX_REDIRECTS = 5;
/** More nodes than any cluster this CLI talks to; past it the oldest connection is closed. */
const MAX_CONNECTIONS = 64;

interface Auth {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly tls?: ConnectionOptions | undefined;
}

export interface CliRun {
  readonly reply: Resp3;
  readonly pushes: Resp3[];
  /** host:port that answered. */
  readonly node: string;
  readonly protocol: 2 | 3;
}

export class CliSession {
  private readonly conns = new Map<string, Promise<Resp3Connection>>();
  /** Slots the cluster told us (MOVED) live elsewhere than the client's map says. */
  private readonly moved = new Map<number, string>();
  private closedForGood = false;

  constructor(
    private readonly base: RedisClient,
    private readonly db: number,
    private readonly limits: ParserLimits,
    private readonly connectTimeoutMs: number,
  ) {}

  async run(argv: readonly Buffer[], key: Buffer | undefined, signal: AbortSignal, timeoutMs: number): Promise<CliRun> {
    let node = this.nodeFor(key);
    let asking = false;
    for (let hop = 0; ; hop++) {
      const conn = await this.connection(node);
      const reply = await this.within(conn, signal, timeoutMs, async () =>
        asking ? (await conn.commands([[Buffer.from('ASKING')], argv]))[1]! : await conn.command(argv),
      );
      const redirect = reply.t === 'error' ? /^(MOVED|ASK) (\d+) (\S+)$/.exec(reply.text) : null;
      if (!redirect || !isCluster(this.base) || hop >= MAX_REDIRECTS)
        return { reply, pushes: conn.takePushes(), node, protocol: conn.protocol };
      node = redirect[3]!;
      asking = redirect[1] === 'ASK';
      if (!asking) this.moved.set(Number(redirect[2]), node);
    }
  }

  close(): void {
    this.closedForGood = true;
    for (const p of this.conns.values()) void p.then((c) => c.close()).catch(() => undefined);
    this.conns.clear();
  }

  private nodeFor(key: Buffer | undefined): string {
    const b = this.base;
    if (!isCluster(b)) return `${b.options.host ?? '127.0.0.1'}:${b.options.port ?? 6379}`;
    if (key !== undefined) {
      const slot = keySlot(key);
      const owner = this.moved.get(slot) ?? b.slots[slot]?.[0];
      if (owner) return owner;
    }
    const first = keyNodes(b)[0];
    if (!first) throw new StackdeckError('UNREACHABLE', 'The cluster has no master the CLI can reach.');
    return `${first.options.host ?? ''}:${first.options.port ?? 0}`;
  }

  private auth(): Auth {
    const b = this.base;
    const o = isCluster(b) ? (b.options.redisOptions ?? {}) : b.options;
    return { username: o.username, password: o.password, tls: o.tls };
  }

  private connection(node: string): Promise<Resp3Connection> {
    if (this.closedForGood) return Promise.reject(new Error('Connection is closed.'));
    const have = this.conns.get(node);
    if (have) return have.then((c) => (c.closed ? this.open(node) : c));
    return this.open(node);
  }

  private open(node: string): Promise<Resp3Connection> {
    const at = node.lastIndexOf(':');
    const ep: Resp3Endpoint = {
      host: node.slice(0, at),
      port: Number(node.slice(at + 1)),
      db: this.db,
      connectTimeoutMs: this.connectTimeoutMs,
      ...this.auth(),
    };
    const p = Resp3Connection.open(ep, this.limits);
    this.conns.set(node, p);
    if (this.conns.size > MAX_CONNECTIONS) {
      const [oldest, old] = this.conns.entries().next().value as [string, Promise<Resp3Connection>];
      this.conns.delete(oldest);
      void old.then((c) => c.close()).catch(() => undefined);
    }
    void p.then(
      (c) =>
        c.onClose(() => {
          if (this.conns.get(node) === p) this.conns.delete(node);
        }),
      () => {
        if (this.conns.get(node) === p) this.conns.delete(node);
      },
    );
    return p;
  }

  /** Runs fn on conn; a cancel or the deadline closes conn (the server may still be running the command). */
  private async within<T>(conn: Resp3Connection, signal: AbortSignal, ms: number, fn: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw new StackdeckError('CANCELLED', 'The command was cancelled.');
    let timedOut = false;
    const onAbort = (): void => conn.close();
    const timer = setTimeout(() => {
      timedOut = true;
      conn.close();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw new StackdeckError('CANCELLED', 'The command was cancelled.');
      if (timedOut) throw new Error('Command timed out.');
      throw err;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
