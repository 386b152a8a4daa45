import { isIP } from 'node:net';
import { StackdeckError } from '../../../shared/errors';
import type { Tunnel } from '../../ssh/tunnel';
import type { ResolvedProfile, ResolvedTls } from '../model';
import { splitHostPort } from '../uri';

/**
 * Points a resolved profile at the local forwards of its SSH tunnel: each
 * server address becomes 127.0.0.1:<forward>, so the driver itself needs no SSH
 * knowledge. What a driver discovers later (Kafka brokers from metadata,
 * Cassandra peers) is mapped by the driver hooks (clients/kafka.ts socket
 * factory, clients/cassandra.ts address translator), also through `tunnel`.
 *
 * TLS keeps checking the real server's name: the certificate names the host the
 * user wrote, not 127.0.0.1.
 */

const hp = (host: string, port: number): string => `${host.includes(':') ? `[${host}]` : host}:${port}`;

function keepServerName(tls: ResolvedTls, host: string): ResolvedTls {
  if (!tls.enabled || tls.serverName || isIP(host) !== 0) return tls;
  return { ...tls, serverName: host };
}

function refuse(message: string): StackdeckError {
  return new StackdeckError('INVALID_INPUT', message, { cause: 'SSH_UNSUPPORTED' });
}

export async function routeProfile(p: ResolvedProfile, tunnel: Tunnel): Promise<ResolvedProfile> {
  switch (p.kind) {
    case 'redis': {
      if (p.cluster)
        throw refuse(
          'A Redis Cluster cannot go through an SSH tunnel yet (its nodes announce their own addresses). Turn the tunnel or cluster mode off.',
        );
      const f = await tunnel.forward(p.host, p.port);
      return { ...p, host: f.host, port: f.port, tls: keepServerName(p.tls, p.host) };
    }
    case 'mongo': {
      if (p.endpoint.mode === 'uri')
        throw refuse('Through an SSH tunnel, give the MongoDB host in the host fields instead of a URI.');
      if (p.endpoint.hosts.length !== 1)
        throw refuse(
          'Through an SSH tunnel, MongoDB is reached as one server (directConnection): give one host. Replica set members announce addresses the tunnel does not forward.',
        );
      const { host, port } = splitHostPort(p.endpoint.hosts[0] as string, 'mongo');
      const f = await tunnel.forward(host, port);
      return {
        ...p,
        // Without directConnection the driver would follow the addresses the server announces, around the tunnel.
        endpoint: { mode: 'fields', hosts: [hp(f.host, f.port)], replicaSet: '', directConnection: true },
        tls: keepServerName(p.tls, host),
      };
    }
    case 'cassandra': {
      const points = p.contactPoints.map((c) => splitHostPort(c, 'cassandra'));
      const forwards = await Promise.all(points.map((c) => tunnel.forward(c.host, c.port)));
      return {
        ...p,
        contactPoints: forwards.map((f) => hp(f.host, f.port)),
        tls: keepServerName(p.tls, points[0]?.host ?? ''),
      };
    }
    case 'neo4j': {
      const m = /^(?:bolt|neo4j):\/\/([^/?#\s@]+)\/?$/.exec(p.uri);
      if (!m) throw refuse(`"${p.uri}" is not a bolt:// or neo4j:// address.`);
      const { host, port } = splitHostPort(m[1] as string, 'neo4j');
      const f = await tunnel.forward(host, port);
      // bolt://, not neo4j://: a routing table names the servers' own addresses, which bypass the tunnel.
      return { ...p, uri: `bolt://${hp(f.host, f.port)}`, tls: keepServerName(p.tls, host) };
    }
    case 'kafka':
      // Every broker socket (bootstrap and those from metadata) is mapped by the socket factory.
      return p;
  }
}
