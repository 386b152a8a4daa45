/**
 * Cassandra mutual TLS against the mTLS twin (`cassandra-secure-mtls`,
 * 127.0.0.1:9143: `require_client_auth: true`, truststore = the test CA,
 * PasswordAuthenticator), through the router like the renderer. Its own file
 * (and matrix file) because it needs its own node: Cassandra 5.0's client-auth
 * policy is per node. The expired-certificate rows are in cassandra-expired.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import { SECURE_CASSANDRA_USER as USER } from '../../stack/servers/cassandra-secure.js';
import cassandraMtls, { MTLS_CASSANDRA_PORT as PORT } from '../../stack/servers/cassandra-secure-mtls.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(cassandraMtls);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nCassandra mTLS matrix:\n${writeMatrix('cassandra-mtls', rows)}\n`);
  await h?.close();
});

const draft = (t: unknown): ProfileDraftInput =>
  ({
    kind: 'cassandra',
    name: uniqueName('secure-cassandra-mtls'),
    contactPoints: [`127.0.0.1:${PORT}`],
    localDataCenter: 'datacenter1',
    username: USER.username,
    password: { action: 'set', value: USER.password },
    tls: t,
  }) as ProfileDraftInput;
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'cassandra', name, d);

describe('cassandra secure: mutual TLS', () => {
  it('with the client certificate: every stage passes', async () => {
    const { stages, done } = await run('mTLS with client cert', draft(tls.mtls));
    expect(done).toMatchObject({ ok: true, failedStage: null, warnings: [] });
    expect(stages.auth).toMatchObject({ status: 'ok' });
    expect(done.serverVersion).toMatch(/Cassandra 5\.0/);
  });

  it('without a client certificate: fails at the TLS stage, saying one is required', async () => {
    const { stages, done } = await run('mTLS without client cert', draft(tls.withCa));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(stages.tls?.message).toMatch(/requires a client certificate/);
  });

  // Cassandra answers with an internal_error alert, not bad_certificate: the message says what that usually means.
  it('with a client certificate from an untrusted CA: fails at the TLS stage', async () => {
    const { stages, done } = await run('mTLS untrusted client cert', draft(tls.untrustedClient));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(stages.tls?.message).toMatch(/internal error alert; .*refuse the client certificate/);
  });

  it('a live mTLS connection runs a real CQL operation', async () => {
    const p = (await h.call('connections.profiles.create', { draft: draft(tls.mtls) })) as Profile;
    const { client } = await h.area.registry.cassandra(p.id);
    const rs = await client.execute('SELECT release_version FROM system.local');
    expect(String(rs.first()?.get('release_version'))).toMatch(/^5\.0/);
  });

  it('the password and client keys never reach the renderer, logs or errors', () => {
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    for (const secret of [USER.password, tls.mtls.key.value, tls.untrustedClient.key.value])
      expect(seen.includes(secret)).toBe(false);
  });
});
