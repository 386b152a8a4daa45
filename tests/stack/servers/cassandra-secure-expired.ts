/**
 * The expired-certificate twin of Cassandra (`--secure`): a fourth small single
 * node (-Xmx256m like `cassandra-secure`, the same jars, factory and role) whose
 * native port 9144 presents the test PKI's `expired` server certificate (valid
 * only in 2020), so the matrix's "expired certificate" case meets a real
 * Cassandra handshake, as it does for Redis, FerretDB and Neo4j.
 *
 * Why a node of its own (~0.7 GB RSS, started in parallel with the other JVMs):
 * - Cassandra 5.0 has one `client_encryption_options` (one keystore) per node;
 *   `native_transport_port_ssl` (deprecated) is only a second port with the
 *   same keystore, so no port of an existing node can present another certificate.
 * - `nodetool reloadssl` after swapping the keystore of `cassandra-secure` would
 *   break every other secure test running at the same time (two e2e workers,
 *   the SSH suite) and leave the node wrong if a test died mid-swap.
 * Internode on 127.0.0.1:7104, used by the node alone.
 */
import { secureCassandraNode } from './cassandra-secure.js';

export const EXPIRED_CASSANDRA_PORT = 9144;

export default secureCassandraNode({
  name: 'cassandra-secure-expired',
  port: EXPIRED_CASSANDRA_PORT,
  storagePort: 7104,
  requireClientAuth: false,
  certificate: 'expired',
});
