import type { Client, types as DriverTypes } from 'cassandra-driver';
import type { CassandraCluster, CassandraNode } from '../../shared/contract/cassandra';
import type { CallContext } from '../handler';
import { meta } from './schema';

/** The cluster from system.local and system.peers_v2: nodes, tokens and their share of the ring, schema agreement. */

type Row = DriverTypes.Row;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

// ---------------------------------------------------------------- cluster

const MURMUR_RING = 2n ** 64n;

/** Each node's share of the ring from its tokens (Murmur3 and Random partitioners). */
export function ownershipShares(tokensByNode: Map<string, string[]>, partitioner: string | null): Map<string, number> {
  const all: { token: bigint; node: string }[] = [];
  for (const [node, tokens] of tokensByNode) for (const t of tokens) all.push({ token: BigInt(t), node });
  const out = new Map<string, number>();
  const ring = partitioner?.endsWith('Murmur3Partitioner')
    ? MURMUR_RING
    : partitioner?.endsWith('RandomPartitioner')
      ? 2n ** 127n
      : null;
  if (!ring || all.length === 0) return out;
  all.sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  const owned = new Map<string, bigint>();
  for (let i = 0; i < all.length; i++) {
    const cur = all[i] as { token: bigint; node: string };
    const prev = (i === 0 ? all[all.length - 1] : all[i - 1]) as { token: bigint; node: string };
    // A token owns (previous token, token]; the first wraps around the ring.
    let span = cur.token - prev.token;
    if (span <= 0n) span += ring;
    owned.set(cur.node, (owned.get(cur.node) ?? 0n) + span);
  }
  for (const [node, span] of owned) out.set(node, Number((span * 1_000_000n) / ring) / 1_000_000);
  return out;
}

export async function describeCluster(client: Client, ctx: CallContext): Promise<CassandraCluster> {
  const op = 'Reading the cluster';
  const [local] = await meta(
    client,
    'SELECT cluster_name, partitioner, release_version, cql_version, native_protocol_version, host_id, ' +
      'data_center, rack, schema_version, tokens, broadcast_address, rpc_address FROM system.local',
    [],
    ctx,
    op,
  );
  let peers: Row[];
  try {
    peers = await meta(
      client,
      'SELECT peer, native_address, native_port, data_center, rack, release_version, host_id, schema_version, tokens FROM system.peers_v2',
      [],
      ctx,
      op,
    );
  } catch {
    peers = await meta(
      client,
      'SELECT peer, rpc_address, data_center, rack, release_version, host_id, schema_version, tokens FROM system.peers',
      [],
      ctx,
      op,
    );
  }
  const partitioner = str(local?.get('partitioner'));
  const hosts = [...client.hosts.values()];
  interface Raw {
    address: string;
    row: Row;
  }
  const raws: Raw[] = [];
  if (local) {
    const hostId = str(local.get('host_id'));
    const driverHost = hosts.find((h) => str(h.hostId) === hostId);
    raws.push({ address: driverHost?.address ?? `${str(local.get('broadcast_address')) ?? '?'}:9042`, row: local });
  }
  for (const p of peers) {
    const ip = str(p.get('native_address') ?? p.get('rpc_address') ?? p.get('peer')) ?? '?';
    const port = str(p.get('native_port')) ?? '9042';
    raws.push({ address: `${ip}:${port}`, row: p });
  }
  const tokensByNode = new Map<string, string[]>();
  for (const r of raws) tokensByNode.set(r.address, ((r.row.get('tokens') as string[] | null) ?? []).map(String));
  const shares = ownershipShares(tokensByNode, partitioner);
  const nodes: CassandraNode[] = raws.map(({ address, row }) => {
    const hostId = str(row.get('host_id'));
    const driverHost = hosts.find((h) => str(h.hostId) === hostId) ?? hosts.find((h) => h.address === address);
    return {
      address,
      datacenter: str(row.get('data_center')),
      rack: str(row.get('rack')),
      releaseVersion: str(row.get('release_version')),
      hostId,
      up: driverHost ? driverHost.isUp() : false,
      tokens: tokensByNode.get(address)?.length ?? 0,
      ownership: shares.get(address) ?? null,
      schemaVersion: str(row.get('schema_version')),
    };
  });
  const versions = new Map<string, string[]>();
  for (const n of nodes) {
    if (!n.up || !n.schemaVersion) continue;
    versions.set(n.schemaVersion, [...(versions.get(n.schemaVersion) ?? []), n.address]);
  }
  return {
    clusterName: str(local?.get('cluster_name')),
    partitioner,
    releaseVersion: str(local?.get('release_version')),
    cqlVersion: str(local?.get('cql_version')),
    nativeProtocolVersion: local?.get('native_protocol_version') ? Number(local.get('native_protocol_version')) : null,
    schemaInAgreement: versions.size <= 1,
    schemaVersions: [...versions].map(([version, ns]) => ({ version, nodes: ns })),
    nodes,
  };
}
