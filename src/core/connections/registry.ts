import {
  PROFILE_KIND_LABEL,
  type ConnectionStatus,
  type Profile,
  type ProfileKind,
} from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';
import { openCassandra, type CassandraLive } from './clients/cassandra';
import { CLIENT_TIMEOUTS, within, type PingResult, type Timeouts } from './clients/common';
import { openKafka, type KafkaLive, type LogSink } from './clients/kafka';
import { openMongo, type MongoLive } from './clients/mongo';
import { openNeo4j, type Neo4jLive } from './clients/neo4j';
import { openRedis, type RedisLive } from './clients/redis';
import { scrubSecrets } from '../errors';
import { bindScope, Scope } from '../rpc/scope';
import { toConnectionError } from './errors';
import { openThroughTunnel } from './ssh/open';
import type { Tunnel } from '../ssh/tunnel';
import {
  connectionGone,
  type CassandraHandle,
  type KafkaHandle,
  type MongoHandle,
  type Neo4jHandle,
  type RedisHandle,
  type ScopeEnd,
} from './handles';
import { resolveStored, secretValues, toPublic, type ResolvedProfile } from './model';
import type { ProfilesStore } from './profiles-store';
import type { Vault } from './vault';

/**
 * One live, pooled client per profile, opened on first use. Concurrent first calls
 * share one connect; a failed connect is forgotten (the next call tries again) and
 * recorded in the status. Editing or deleting a profile, an explicit disconnect and
 * quitting dispose the client. Areas get typed accessors: `registry.kafka(id)` etc.
 */

interface LiveByKind {
  kafka: KafkaLive;
  mongo: MongoLive;
  cassandra: CassandraLive;
  neo4j: Neo4jLive;
  redis: RedisLive;
}
type AnyLive = LiveByKind[ProfileKind];

interface Entry {
  kind: ProfileKind;
  profile: Profile;
  /** The connection scope this client belongs to (ended with it). */
  scope: Scope;
  promise: Promise<AnyLive>;
  live?: AnyLive;
  /** The SSH tunnel the client goes through, if any: opened before it, closed after it. */
  tunnel?: Tunnel;
  disposed: boolean;
}

export interface RegistryDeps {
  store: ProfilesStore;
  vault: Vault;
  timeouts?: Timeouts;
  log?: LogSink;
}

const LABEL = PROFILE_KIND_LABEL;

export class ClientRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly scopes = new Map<string, Scope>();
  private readonly statuses = new Map<string, ConnectionStatus>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly disposeListeners = new Set<(id: string) => void>();
  private readonly timeouts: Timeouts;

  constructor(private readonly deps: RegistryDeps) {
    this.timeouts = deps.timeouts ?? CLIENT_TIMEOUTS;
  }

  async kafka(id: string): Promise<KafkaHandle> {
    const { live, profile, scope } = await this.acquire(id, 'kafka');
    return {
      profile,
      kafka: live.kafka,
      admin: live.admin,
      connect: live.connect,
      schemaRegistry: live.schemaRegistry,
      scope,
    };
  }

  async mongo(id: string): Promise<MongoHandle> {
    const { live, profile, scope } = await this.acquire(id, 'mongo');
    return { profile, client: live.client, scope };
  }

  async cassandra(id: string): Promise<CassandraHandle> {
    const { live, profile, scope } = await this.acquire(id, 'cassandra');
    return { profile, client: live.client, scope };
  }

  async neo4j(id: string): Promise<Neo4jHandle> {
    const { live, profile, scope } = await this.acquire(id, 'neo4j');
    return { profile, driver: live.driver, database: live.database, scope };
  }

  async redis(id: string): Promise<RedisHandle> {
    const { live, profile, scope } = await this.acquire(id, 'redis');
    return { profile, redis: live.redis, scope };
  }

  /** Opens (or reuses) the client of any kind; for the sidebar's "connect". */
  async connect(id: string): Promise<ConnectionStatus> {
    const profile = this.publicProfile(id);
    await this.acquire(id, profile.kind);
    return this.status(id);
  }

  /**
   * The SSH private key of a profile's tunnel, from the vault, for another SSH
   * use (the models area's host target): one place keys are kept. The value
   * stays in core; refused when the profile has no key saved.
   */
  async sshKey(id: string): Promise<{ privateKey: string; passphrase: string; name: string }> {
    const p = await resolveStored(this.deps.store.require(id), this.deps.vault);
    if (!p.ssh.privateKey)
      throw new StackdeckError(
        'INVALID_INPUT',
        `The connection "${p.name}" has no SSH private key saved. Choose another key, or the SSH agent.`,
        { field: 'keyProfileId' },
      );
    return { privateKey: p.ssh.privateKey, passphrase: p.ssh.passphrase, name: p.name };
  }

  /**
   * The connection scope of a profile: ends (its signal aborts with a clear
   * error, its disposers run) when the connection is disconnected, edited,
   * deleted or lost, or core quits; then a fresh one takes its place. Calls
   * whose input names the connection are bound to it by the router
   * (`connectionScopes`); areas register per-connection resources on it.
   */
  scopeOf(id: string): Scope {
    let scope = this.scopes.get(id);
    if (!scope) {
      scope = new Scope();
      this.scopes.set(id, scope);
    }
    return scope;
  }

  /** For the router: ends a call when its connection goes away (rpc/scope.ts). */
  readonly connectionScopes = {
    bind: (connectionId: string, call: Scope, method: string): void => {
      // These manage the connection itself: a disconnect must not cancel itself.
      if (method.startsWith('connections.client.') || method.startsWith('connections.profiles.')) return;
      if (!this.deps.store.get(connectionId)) return;
      bindScope(this.scopeOf(connectionId), call);
    },
  };

  /** Whether a client is open or opening (for tests and diagnostics). */
  isOpen(id: string): boolean {
    return this.entries.has(id);
  }

  status(id: string): ConnectionStatus {
    return (
      this.statuses.get(id) ?? {
        connectionId: id,
        state: 'disconnected',
        lastError: null,
        changedAt: new Date(0).toISOString(),
        serverVersion: null,
      }
    );
  }

  statusList(ids: readonly string[]): ConnectionStatus[] {
    return ids.map((id) => this.status(id));
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Areas drop their own per-connection resources (consumers, cursors, samplers) when a client goes away. */
  onDispose(listener: (id: string) => void): () => void {
    this.disposeListeners.add(listener);
    return () => this.disposeListeners.delete(listener);
  }

  /** Closes the client of a profile, if any. Safe to call at any time, also while it is connecting. */
  async disconnect(id: string): Promise<ConnectionStatus> {
    await this.dispose(id, 'disconnected');
    return this.status(id);
  }

  /** The profile changed or was deleted: close its client; with `forget`, drop its status too. */
  async invalidate(id: string, forget = false): Promise<void> {
    await this.dispose(id, forget ? 'deleted' : 'edited');
    if (forget) this.statuses.delete(id);
  }

  async disposeAll(): Promise<void> {
    await Promise.all(
      [...new Set([...this.entries.keys(), ...this.scopes.keys()])].map((id) => this.dispose(id, 'closed')),
    );
  }

  private publicProfile(id: string): Profile {
    return toPublic(this.deps.store.require(id), this.deps.vault);
  }

  private async acquire<K extends ProfileKind>(
    id: string,
    kind: K,
  ): Promise<{ live: LiveByKind[K]; profile: Extract<Profile, { kind: K }>; scope: Scope }> {
    let entry = this.entries.get(id);
    if (!entry) {
      // Check the kind before connecting: asking the Kafka area for a Redis profile is a caller error, not a connect.
      const profile = this.publicProfile(id);
      if (profile.kind !== kind) throw wrongKind(profile, kind);
      entry = this.open(id, profile);
    }
    if (entry.kind !== kind) throw wrongKind(entry.profile, kind);
    const live = await entry.promise;
    return { live: live as LiveByKind[K], profile: entry.profile as Extract<Profile, { kind: K }>, scope: entry.scope };
  }

  private open(id: string, profile: Profile): Entry {
    const entry: Entry = {
      kind: profile.kind,
      profile,
      scope: this.scopeOf(id),
      disposed: false,
      promise: Promise.resolve(undefined as never),
    };
    this.entries.set(id, entry);
    this.setStatus(id, 'connecting', this.status(id).lastError, null);
    entry.promise = (async () => {
      let resolved: ResolvedProfile | undefined;
      try {
        resolved = await resolveStored(this.deps.store.require(id), this.deps.vault);
        const { live, tunnel } = await openThroughTunnel(
          resolved,
          this.timeouts.connectMs,
          entry.scope.signal,
          (p, t) => this.openKind(p, entry.scope.signal, t),
        );
        entry.tunnel = tunnel;
        // Bounded: a driver's first request may otherwise wait on its own (longer) deadlines.
        let ping: PingResult;
        try {
          ping = await within(live.ping(), this.timeouts.requestMs, `The first ${LABEL[profile.kind]} request`);
        } catch (err) {
          await live.close();
          await tunnel?.close();
          throw err;
        }
        if (entry.disposed) {
          await live.close();
          await tunnel?.close();
          throw new StackdeckError('CANCELLED', 'The connection was closed while it was opening.');
        }
        entry.live = live;
        // A dropped tunnel is a lost connection: the client behind it can no longer reach its server.
        tunnel?.onClose((err) => {
          this.lost(id, entry, err);
          void live.close();
        });
        // ioredis gives up after a few reconnects; the other drivers reconnect by themselves.
        if (resolved.kind === 'redis') (live as RedisLive).onLost((err) => this.lost(id, entry, err));
        this.setStatus(id, 'connected', null, ping.serverVersion);
        return live;
      } catch (err) {
        const error = toConnectionError(err, { kind: profile.kind, secrets: resolved ? secretValues(resolved) : [] });
        if (this.entries.get(id) === entry) {
          this.entries.delete(id);
          this.setStatus(id, 'error', error.toShape(), null);
        }
        throw error;
      }
    })();
    // Callers await the promise; this keeps an unobserved failure (e.g. after dispose) from being unhandled.
    entry.promise.catch(() => undefined);
    return entry;
  }

  private openKind(p: ResolvedProfile, signal: AbortSignal, tunnel?: Tunnel): Promise<AnyLive> {
    switch (p.kind) {
      case 'kafka':
        return openKafka(
          p,
          this.timeouts,
          this.deps.log && scrubbingLog(this.deps.log, secretValues(p)),
          signal,
          tunnel,
        );
      case 'mongo':
        return openMongo(p, this.timeouts);
      case 'cassandra':
        return openCassandra(p, this.timeouts, tunnel);
      case 'neo4j':
        return openNeo4j(p, this.timeouts);
      case 'redis':
        return openRedis(p, this.timeouts);
    }
  }

  /** A client that gave up reconnecting: forget it so the next call opens a new one. */
  private lost(id: string, entry: Entry, err: Error | undefined): void {
    if (this.entries.get(id) !== entry || entry.disposed) return;
    this.entries.delete(id);
    entry.disposed = true;
    // A client that died with its tunnel died because of the tunnel: say so, not "reset by the server".
    const cause = entry.tunnel?.closeReason ?? err ?? new Error('connection closed');
    const error = toConnectionError(cause, { kind: entry.kind, secrets: [] });
    this.setStatus(id, 'error', { ...error.toShape(), message: `The connection was lost. ${error.message}` }, null);
    void this.endScope(id, entry.profile.name, 'lost');
    // The client died on its own (server restarted): its tunnel has nothing left to carry.
    void entry.tunnel?.close();
    for (const listener of this.disposeListeners) listener(id);
  }

  private endScope(id: string, name: string, end: ScopeEnd): Promise<void> {
    const scope = this.scopes.get(id);
    if (!scope) return Promise.resolve();
    this.scopes.delete(id);
    return scope.dispose(connectionGone(id, name, end));
  }

  private async dispose(id: string, end: ScopeEnd): Promise<void> {
    const entry = this.entries.get(id);
    const name = entry?.profile.name ?? this.deps.store.get(id)?.name ?? id;
    // Streams and calls of this connection end first, so none reads on while the client closes.
    const scopeEnded = this.endScope(id, name, end);
    if (!entry) {
      await scopeEnded;
      return;
    }
    this.entries.delete(id);
    entry.disposed = true;
    // Now, not after the close: a connect that starts meanwhile sets a newer status that must stand.
    this.setStatus(id, 'disconnected', this.status(id).lastError, null);
    for (const listener of this.disposeListeners) {
      try {
        listener(id);
      } catch {
        // One area's cleanup failing must not keep the client open.
      }
    }
    await scopeEnded;
    // A pending connect closes its client itself when it sees `disposed`.
    if (entry.live) await entry.live.close();
    await entry.tunnel?.close();
  }

  private setStatus(
    id: string,
    state: ConnectionStatus['state'],
    lastError: ConnectionStatus['lastError'],
    serverVersion: string | null,
  ): void {
    const status: ConnectionStatus = {
      connectionId: id,
      state,
      lastError,
      changedAt: new Date().toISOString(),
      serverVersion,
    };
    this.statuses.set(id, status);
    for (const listener of this.statusListeners) {
      try {
        listener(status);
      } catch {
        // A watcher's failure is its own problem.
      }
    }
  }
}

/** Driver log lines pass through the same scrub as error messages before they reach any log. */
function scrubbingLog(log: LogSink, secrets: readonly string[]): LogSink {
  return (level, message) => log(level, scrubSecrets(message, secrets));
}

function wrongKind(profile: Profile, kind: ProfileKind): StackdeckError {
  return new StackdeckError(
    'INVALID_INPUT',
    `"${profile.name}" is a ${LABEL[profile.kind]} connection, not ${LABEL[kind]}.`,
    {
      connectionId: profile.id,
      kind: profile.kind,
    },
  );
}
