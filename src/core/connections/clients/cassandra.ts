import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import cassandra from 'cassandra-driver';
import type { Client, ClientOptions, policies as driverPolicies } from 'cassandra-driver';
import type { Tunnel } from '../../ssh/tunnel';
import type { ResolvedOf } from '../model';
import { StackdeckError } from '../../../shared/errors';
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

interface CloudOptions {
  cloud: unknown;
  sslOptions: unknown;
  /** Set by the driver from the metadata service's answer. */
  sni?: { address: string };
}

/**
 * Every node is reached through the SNI proxy under its host id, so the
 * certificate must match the proxy's host, which the metadata service names
 * only at connect. The driver's own check ignores IP SANs; Node's does not.
 */
function proxyIdentity(options: CloudOptions): (servername: string, cert: PeerCertificate) => Error | undefined {
  return (hostname, cert) => {
    const address = options.sni?.address;
    // Before the metadata service answered, this is its own request: checked against its host as usual.
    if (address === undefined) return checkServerIdentity(hostname, cert);
    const host = address.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    return checkServerIdentity(host, cert);
  };
}

/**
 * Astra: the driver's cloud mode (metadata service -> SNI proxy, one TLS
 * server name per node's host id) without writing the bundle to disk. The
 * driver only takes cloud settings as a bundle file and refuses TLS options
 * beside them, so the client is built with a placeholder bundle and then given
 * the metadata endpoint and the profile's TLS material (key from the vault)
 * before connect reads them. tests/integration/secure/cassandra-astra.test.ts
 * checks this against a local metadata service and SNI proxy.
 */
function cloudClient(p: CassandraProfileResolved, t: Timeouts): Client {
  return cloudModeClient(cassandraOptions(p, t), { endpoint: `${p.cloudMetadata}/metadata` }, (own) => ({
    ...nodeTlsOptions({ ...p.tls, enabled: true }),
    checkServerIdentity: proxyIdentity(own),
  }));
}

/** A client in the driver's cloud mode with the given cloud settings and TLS options, set after construction (above). */
function cloudModeClient(options: ClientOptions, cloud: unknown, ssl: (own: CloudOptions) => unknown): Client {
  const { contactPoints: _points, localDataCenter: _dc, sslOptions: _ssl, ...rest } = options;
  const client = new ClientClass({ ...rest, cloud: { secureConnectBundle: 'stackdeck:in-memory' } });
  const own = (client as unknown as { options: CloudOptions }).options;
  own.cloud = cloud;
  own.sslOptions = ssl(own);
  return client;
}

/**
 * Another client on the same endpoint as a connected one, with other options
 * (the workbench's per-session keyspaces): for an Astra client, through the
 * same metadata service and proxy, with the TLS material it already holds.
 */
export function siblingClient(base: Client, options: ClientOptions): Client {
  const baseOptions = (base as unknown as { options: ClientOptions & { cloud?: unknown } }).options;
  if (baseOptions.cloud === undefined) return new ClientClass(options);
  return cloudModeClient(options, baseOptions.cloud, () => ({ ...baseOptions.sslOptions }));
}

/** Connects to a contact point, authenticating if credentials are set. */
export async function openCassandra(p: CassandraProfileResolved, t: Timeouts, tunnel?: Tunnel): Promise<CassandraLive> {
  if (p.cloudMetadata && tunnel)
    throw new StackdeckError(
      'INVALID_INPUT',
      'An SSH tunnel cannot carry Astra routing (metadata service and SNI proxy): connect without the tunnel.',
    );
  const options = cassandraOptions(p, t);
  // Peers the driver discovers (system.peers) are reached through the tunnel too, each by its own forward.
  if (tunnel) options.policies = { ...options.policies, addressResolution: new TunnelTranslator(tunnel) };
  const client = p.cloudMetadata ? cloudClient(p, t) : new ClientClass(options);
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
