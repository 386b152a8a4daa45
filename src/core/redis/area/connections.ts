import type { Redis } from 'ioredis';
import { StackdeckError } from '../../../shared/errors';
import type { ClientRegistry, RedisHandle } from '../../connections';
import { isCluster, type RedisClient } from './nodes';

/** What a Redis handler works with: the profile and a client on the database asked for. */
export interface RedisTarget {
  readonly connectionId: string;
  readonly profile: RedisHandle['profile'];
  readonly db: number;
  /** The server's client, or the cluster client (see ./nodes for scans across its masters). */
  readonly client: RedisClient;
}

/**
 * Per-connection Redis resources on top of the client registry. The registry
 * owns the client on the profile's database; browsing another database
 * (0-15) gets its own duplicate client here, because SELECT on the shared
 * client would move every other caller too. Duplicates, and anything an area
 * hangs on a connection (scan sessions, subscriptions), are closed when the
 * registry disposes the client (disconnect, edit, delete, quit).
 */
export class RedisConnections {
  private readonly dbClients = new Map<string, { base: Redis; client: Redis; ready: Promise<void> }>();
  private readonly cleanups = new Map<string, Set<() => void>>();
  private readonly offDispose: () => void;

  constructor(private readonly registry: ClientRegistry) {
    this.offDispose = registry.onDispose((id) => this.release(id));
  }

  async get(connectionId: string, db: number | null): Promise<RedisTarget> {
    const handle = await this.registry.redis(connectionId);
    const base = handle.redis;
    const want = db ?? handle.profile.db;
    if (want === handle.profile.db) return { connectionId, profile: handle.profile, db: want, client: base };
    if (isCluster(base))
      throw new StackdeckError(
        'INVALID_INPUT',
        `A Redis Cluster has database 0 only; database ${want} does not exist.`,
        {
          where: 'db',
        },
      );
    const key = `${connectionId}\u0000${want}`;
    let entry = this.dbClients.get(key);
    if (!entry || entry.base !== base || entry.client.status === 'end') {
      if (entry) entry.client.disconnect();
      const client = base.duplicate({ db: want, lazyConnect: true });
      client.on('error', () => undefined);
      entry = { base, client, ready: client.connect() };
      this.dbClients.set(key, entry);
      this.onRelease(connectionId, () => {
        client.disconnect();
        if (this.dbClients.get(key)?.client === client) this.dbClients.delete(key);
      });
    }
    try {
      await entry.ready;
    } catch (err) {
      this.dbClients.delete(key);
      entry.client.disconnect();
      throw err;
    }
    return { connectionId, profile: handle.profile, db: want, client: entry.client };
  }

  /** Registers work to stop when the connection's client goes away; returns an unregister function. */
  onRelease(connectionId: string, cleanup: () => void): () => void {
    let set = this.cleanups.get(connectionId);
    if (!set) {
      set = new Set();
      this.cleanups.set(connectionId, set);
    }
    set.add(cleanup);
    return () => set.delete(cleanup);
  }

  private release(connectionId: string): void {
    const set = this.cleanups.get(connectionId);
    this.cleanups.delete(connectionId);
    for (const cleanup of set ?? []) {
      try {
        cleanup();
      } catch {
        // Keep releasing the rest.
      }
    }
  }

  dispose(): void {
    this.offDispose();
    for (const id of [...this.cleanups.keys()]) this.release(id);
  }
}
