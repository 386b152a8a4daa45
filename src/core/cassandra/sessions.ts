import cassandra from 'cassandra-driver';
import type { Client, ClientOptions } from 'cassandra-driver';
import { cassandraSiblingClient as siblingClient, type CassandraHandle, type ClientRegistry } from '../connections';

const { policies } = cassandra;

/**
 * Editor sessions. `USE ks` changes one editor's keyspace, not the pooled client
 * every other screen shares: with protocol v4 (what the driver speaks) a
 * keyspace can only be set per connection, so a session whose keyspace differs
 * from the profile's gets its own small client, built from the registry
 * client's resolved options (same contact points, credentials and TLS; the
 * secrets never leave core). Session clients are closed after 10 idle minutes,
 * when there are too many, and when the registry disposes the connection.
 */

const MAX_SESSIONS = 32;
const IDLE_MS = 10 * 60_000;

interface Session {
  connectionId: string;
  keyspace: string | null;
  client?: Client;
  clientKeyspace?: string | null;
  base?: Client;
  lastUsed: number;
}

export interface SessionClient {
  readonly client: Client;
  readonly handle: CassandraHandle;
  readonly keyspace: string | null;
}

export class CqlSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly timer: NodeJS.Timeout;
  private readonly offDispose: () => void;

  constructor(private readonly registry: ClientRegistry) {
    this.timer = setInterval(() => this.sweep(), 60_000);
    this.timer.unref();
    this.offDispose = registry.onDispose((id) => this.releaseConnection(id));
  }

  private key(connectionId: string, sessionId: string): string {
    return `${connectionId}\u0000${sessionId}`;
  }

  private session(connectionId: string, sessionId: string, base: Client): Session {
    const k = this.key(connectionId, sessionId);
    let s = this.sessions.get(k);
    if (!s) {
      s = { connectionId, keyspace: base.keyspace ?? null, lastUsed: Date.now() };
      this.sessions.set(k, s);
      this.evict();
    }
    s.lastUsed = Date.now();
    return s;
  }

  /** The client to run a session's statements on, and the session's keyspace. */
  async get(connectionId: string, sessionId: string): Promise<SessionClient> {
    const handle = await this.registry.cassandra(connectionId);
    const s = this.session(connectionId, sessionId, handle.client);
    const baseKeyspace = handle.client.keyspace ?? null;
    if (s.keyspace === baseKeyspace) return { client: handle.client, handle, keyspace: s.keyspace };
    if (!s.client || s.clientKeyspace !== s.keyspace || s.base !== handle.client) {
      const old = s.client;
      s.client = undefined;
      if (old) void old.shutdown().catch(() => undefined);
      const client = siblingClient(
        handle.client,
        sessionOptions((handle.client as unknown as { options: ClientOptions }).options, s.keyspace),
      );
      await client.connect();
      s.client = client;
      s.clientKeyspace = s.keyspace;
      s.base = handle.client;
    }
    return { client: s.client, handle, keyspace: s.keyspace };
  }

  keyspaceOf(connectionId: string, sessionId: string): string | null | undefined {
    return this.sessions.get(this.key(connectionId, sessionId))?.keyspace;
  }

  setKeyspace(connectionId: string, sessionId: string, keyspace: string | null, base: Client): void {
    const s = this.session(connectionId, sessionId, base);
    s.keyspace = keyspace;
  }

  private evict(): void {
    while (this.sessions.size > MAX_SESSIONS) {
      let oldest: [string, Session] | undefined;
      for (const e of this.sessions) if (!oldest || e[1].lastUsed < oldest[1].lastUsed) oldest = e;
      if (!oldest) return;
      this.drop(oldest[0]);
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, s] of this.sessions) if (now - s.lastUsed > IDLE_MS) this.drop(k);
  }

  private drop(k: string): void {
    const s = this.sessions.get(k);
    this.sessions.delete(k);
    if (s?.client) void s.client.shutdown().catch(() => undefined);
  }

  private releaseConnection(connectionId: string): void {
    for (const [k, s] of this.sessions) if (s.connectionId === connectionId) this.drop(k);
  }

  async dispose(): Promise<void> {
    clearInterval(this.timer);
    this.offDispose();
    const clients = [...this.sessions.values()].flatMap((s) => (s.client ? [s.client] : []));
    this.sessions.clear();
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
  }
}

/** A session client's options: the base client's endpoints, auth, TLS and timeouts, fresh policies, another keyspace. */
function sessionOptions(base: ClientOptions, keyspace: string | null): ClientOptions {
  return {
    contactPoints: base.contactPoints,
    ...(base.localDataCenter ? { localDataCenter: base.localDataCenter } : {}),
    ...(keyspace ? { keyspace } : {}),
    ...(base.authProvider ? { authProvider: base.authProvider } : {}),
    ...(base.sslOptions ? { sslOptions: base.sslOptions } : {}),
    ...(base.socketOptions ? { socketOptions: base.socketOptions } : {}),
    ...(base.protocolOptions?.port ? { protocolOptions: { port: base.protocolOptions.port } } : {}),
    policies: { reconnection: new policies.reconnection.ExponentialReconnectionPolicy(1_000, 30_000, false) },
    pooling: { warmup: false, coreConnectionsPerHost: { [cassandra.types.distance.local]: 1 } },
  };
}
