import cassandra from 'cassandra-driver';
import type { Client, ClientOptions } from 'cassandra-driver';
import type { ResolvedOf } from '../model';
import { closeQuietly, nodeTlsOptions, type PingResult, type Timeouts } from './common';

const { Client: ClientClass, policies } = cassandra;

export type CassandraProfileResolved = ResolvedOf<'cassandra'>;

export interface CassandraLive {
  readonly client: Client;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

export function cassandraOptions(p: CassandraProfileResolved, t: Timeouts): ClientOptions {
  const ssl = nodeTlsOptions(p.tls);
  return {
    contactPoints: p.contactPoints,
    localDataCenter: p.localDataCenter,
    ...(p.keyspace ? { keyspace: p.keyspace } : {}),
    ...(p.username ? { credentials: { username: p.username, password: p.password } } : {}),
    ...(ssl ? { sslOptions: ssl } : {}),
    socketOptions: {
      connectTimeout: t.connectMs,
      // Per request; the driver's default is 12 s.
      readTimeout: t.socketMs,
    },
    policies: {
      // The default reconnection backs off to 10 minutes; a console wants to notice a node coming back.
      reconnection: new policies.reconnection.ExponentialReconnectionPolicy(1_000, 30_000, false),
      // The probe must report the first failure, not a retried one.
      ...(t.retries === 0 ? { retry: new policies.retry.FallthroughRetryPolicy() } : {}),
    },
    pooling: { warmup: false },
  };
}

/** Connects to a contact point, authenticating if credentials are set. */
export async function openCassandra(p: CassandraProfileResolved, t: Timeouts): Promise<CassandraLive> {
  const client = new ClientClass(cassandraOptions(p, t));
  try {
    await client.connect();
  } catch (err) {
    await closeQuietly(() => client.shutdown());
    throw err;
  }
  return {
    client,
    ping: () => pingCassandra(client),
    close: () => closeQuietly(() => client.shutdown()),
  };
}

export async function pingCassandra(client: Client): Promise<PingResult> {
  const rs = await client.execute('SELECT release_version, cluster_name, data_center FROM system.local');
  const row = rs.first();
  const version = row ? String(row.get('release_version')) : null;
  return {
    serverVersion: version ? `Cassandra ${version}` : null,
    message: row
      ? `Cluster "${String(row.get('cluster_name'))}", data centre ${String(row.get('data_center'))}.`
      : 'system.local returned no row',
  };
}
