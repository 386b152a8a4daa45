import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { StackdeckError } from '../../../shared/errors';
import type { ResolvedOf } from '../model';
import { splitHostPort } from '../uri';
import { closeQuietly, nodeTlsOptions, type PingResult, type Timeouts } from './common';

export type RedisProfileResolved = ResolvedOf<'redis'>;

/** A standalone server's client, or a cluster client (keys routed by slot, MOVED/ASK followed). */
export type RedisClient = Redis | Cluster;

export interface RedisLive {
  readonly redis: RedisClient;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
  /** Called once when the client gives up reconnecting (it is then unusable). */
  onLost(listener: (err: Error | undefined) => void): void;
}

/**
 * ioredis defaults to retrying forever and queueing commands while offline, so a
 * dead server makes every call hang. Here: no offline queue (commands fail at
 * once while disconnected), bounded reconnects, per-command timeout.
 */
export function redisOptions(
  p: RedisProfileResolved,
  t: Timeouts,
  opts: { withAuth: boolean; reconnects: number },
): RedisOptions {
  const tls = nodeTlsOptions(p.tls, p.host);
  return {
    host: p.host,
    port: p.port,
    db: p.db,
    ...(opts.withAuth && p.password ? { password: p.password, ...(p.username ? { username: p.username } : {}) } : {}),
    ...(tls ? { tls } : {}),
    lazyConnect: true,
    connectTimeout: t.connectMs,
    commandTimeout: t.requestMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (times: number) => (times > opts.reconnects ? null : Math.min(200 * 2 ** times, 2_000)),
    reconnectOnError: () => false,
    // The probe authenticates explicitly (to report the auth stage on its own); its
    // ready check (INFO) would fail first on a server that requires a password.
    enableReadyCheck: opts.withAuth,
    autoResubscribe: false,
    connectionName: 'stackdeck',
    // Avoids two CLIENT SETINFO round trips that older servers reject noisily.
    disableClientInfo: true,
  };
}

/**
 * The cluster client: seeds are host:port plus `seeds`. Node clients are made
 * by ioredis (they connect lazily and queue until connected, so the offline
 * queue and retries are left to the cluster level, where they are off).
 */
function openCluster(p: RedisProfileResolved, t: Timeouts): Cluster {
  const node = redisOptions(p, t, { withAuth: true, reconnects: 0 });
  const {
    host: _host,
    port: _port,
    db: _db,
    lazyConnect: _lazy,
    enableOfflineQueue: _queue,
    retryStrategy: _retry,
    maxRetriesPerRequest: _maxRetries,
    ...redisOptionsForNodes
  } = node;
  const seeds = [
    { host: p.host, port: p.port },
    ...p.seeds.map((s) => {
      const { host, port } = splitHostPort(s, 'redis');
      return { host, port };
    }),
  ];
  const options: ClusterOptions = {
    redisOptions: redisOptionsForNodes,
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    maxRedirections: 16,
    clusterRetryStrategy: (times: number) => (times > t.retries + 1 ? null : Math.min(200 * 2 ** times, 2_000)),
    // Batches the commands issued in one tick per node: a page of key details costs one round trip per master.
    enableAutoPipelining: true,
    slotsRefreshTimeout: t.connectMs,
  };
  return new Cluster(seeds, options);
}

export async function openRedis(p: RedisProfileResolved, t: Timeouts): Promise<RedisLive> {
  if (p.cluster && p.db !== 0)
    throw new StackdeckError('INVALID_INPUT', 'A Redis Cluster has database 0 only; set the database to 0.', {
      where: 'db',
    });
  if (p.cluster) return openClusterLive(p, t);
  let ready = false;
  const options = redisOptions(p, t, { withAuth: true, reconnects: t.retries + 1 });
  const reconnect = options.retryStrategy;
  const redis = new Redis({
    ...options,
    // The first connect fails at once (the user is waiting); only an established connection reconnects.
    retryStrategy: (times: number) => (ready && reconnect ? reconnect(times) : null),
  });
  let lastError: Error | undefined;
  // Without an 'error' listener ioredis prints every error to the console.
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await redis.connect();
    // connect() resolves once the socket is ready; PING surfaces a refused AUTH or a missing password now.
    await redis.ping();
    ready = true;
  } catch (err) {
    redis.disconnect();
    // ioredis rejects with a bare "Connection is closed."; the socket error (ECONNREFUSED, ...) came through 'error'.
    throw isReply(err) ? err : (lastError ?? err);
  }
  return {
    redis,
    ping: () => pingRedis(redis),
    async close() {
      if (redis.status === 'end') return;
      const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
      // QUIT lets the server finish what it was doing; disconnect() is the fallback for a dead socket.
      await closeQuietly(() => redis.quit());
      redis.disconnect();
      await closeQuietly(() => ended, 2_000);
    },
    onLost(listener) {
      redis.once('end', () => listener(lastError));
    },
  };
}

async function openClusterLive(p: RedisProfileResolved, t: Timeouts): Promise<RedisLive> {
  const cluster = openCluster(p, t);
  let lastError: Error | undefined;
  cluster.on('error', (err: Error) => {
    lastError = err;
  });
  cluster.on('node error', (err: Error) => {
    lastError = err;
  });
  try {
    await cluster.connect();
    await cluster.ping();
  } catch (err) {
    cluster.disconnect();
    throw isReply(err) ? err : (lastError ?? err);
  }
  return {
    redis: cluster,
    ping: () => pingRedis(cluster),
    async close() {
      if (cluster.status === 'end') return;
      const ended = new Promise<void>((resolve) => cluster.once('end', () => resolve()));
      await closeQuietly(() => cluster.quit());
      cluster.disconnect();
      await closeQuietly(() => ended, 2_000);
    },
    onLost(listener) {
      cluster.once('end', () => listener(lastError));
    },
  };
}

function isReply(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}

export async function pingRedis(redis: RedisClient): Promise<PingResult> {
  const pong = await redis.ping();
  const info = await redis.info('server');
  if (redis instanceof Cluster) {
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? null;
    const masters = redis.nodes('master').length;
    return { serverVersion: version ? `Redis ${version}` : null, message: `${pong} (cluster, ${masters} masters)` };
  }
  const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? null;
  const mode = /redis_mode:([^\r\n]+)/.exec(info)?.[1];
  return { serverVersion: version ? `Redis ${version}` : null, message: `${pong}${mode ? ` (${mode})` : ''}` };
}
