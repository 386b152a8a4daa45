/**
 * The mutual-TLS twin of Cassandra (`--secure`): a third small single node
 * (-Xmx256m like `cassandra-secure`, the same jars and factory) whose native
 * port 9143 requires a client certificate signed by the test CA
 * (`require_client_auth: true`, truststore = the test CA), plus the same
 * PasswordAuthenticator and role. A separate node because Cassandra 5.0's
 * `require_client_auth` is per node: the TLS-only node on 9142 cannot also ask
 * for certificates. Internode on 127.0.0.1:7102, used by the node alone.
 */
import { secureCassandraNode } from './cassandra-secure.js';

export const MTLS_CASSANDRA_PORT = 9143;

export default secureCassandraNode({
  name: 'cassandra-secure-mtls',
  port: MTLS_CASSANDRA_PORT,
  storagePort: 7102,
  requireClientAuth: true,
});
