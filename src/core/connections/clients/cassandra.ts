import cassandra from 'cassandra-driver';
import type { Client, ClientOptions, policies as driverPolicies } from 'cassandra-driver';
import type { Tunnel } from '../../ssh/tunnel';
import type { ResolvedOf } from '../model';
import { closeQuietly, nodeTlsOptions, type PingResult, type Timeouts } from './common';

const { Client: ClientClass, policies } = cassandra;
type AddressTranslator = driverPolicies.addressResolution.AddressTranslator;

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

// The driver checks `instanceof AddressTranslator` at run time; its typings only declare an interface.
const TranslatorBase = (policies.addressResolution as unknown as { AddressTranslator: new () => AddressTranslator })
  .AddressTranslator;

class TunnelTranslator extends TranslatorBase {
  constructor(private readonly tunnel: Tunnel) {
    super();
  }

  override translate(address: string, port: number, callback: (endPoint: string) => void): void {
    this.tunnel.forward(address, port).then(
      (f) => callback(`${f.host}:${f.port}`),
      // An address the tunnel cannot forward stays as it is; the driver then marks that host down.
      () => callback(`${address}:${port}`),
    );
  }
}

/** Connects to a contact point, authenticating if credentials are set. */
export async function openCassandra(p: CassandraProfileResolved, t: Timeouts, tunnel?: Tunnel): Promise<CassandraLive> {
  const options = cassandraOptions(p, t);
  // Peers the driver discovers (system.peers) are reached through the tunnel too, each by its own forward.
  if (tunnel) options.policies = { ...options.policies, addressResolution: new TunnelTranslator(tunnel) };
  const client = new ClientClass(options);
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
