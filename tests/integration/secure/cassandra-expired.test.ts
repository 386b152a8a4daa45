/**
 * Cassandra presenting an expired server certificate, against the expired twin
 * (`cassandra-secure-expired`, 127.0.0.1:9144: the test PKI's `expired`
 * certificate, valid only in 2020, PasswordAuthenticator), through the router
 * like the renderer. Its own file (and matrix file) because it needs its own
 * node: Cassandra 5.0 has one keystore per node (see the server file's header).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import { SECURE_CASSANDRA_USER as USER } from '../../stack/servers/cassandra-secure.js';
import cassandraExpired, { EXPIRED_CASSANDRA_PORT as PORT } from '../../stack/servers/cassandra-secure-expired.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(cassandraExpired);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nCassandra expired matrix:\n${writeMatrix('cassandra-expired', rows)}\n`);
  await h?.close();
});

const draft = (t: unknown): ProfileDraftInput =>
  ({
    kind: 'cassandra',
    name: uniqueName('secure-cassandra-expired'),
    contactPoints: [`127.0.0.1:${PORT}`],
    localDataCenter: 'datacenter1',
    username: USER.username,
    password: { action: 'set', value: USER.password },
    tls: t,
  }) as ProfileDraftInput;
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'cassandra', name, d);

describe('cassandra secure: an expired server certificate', () => {
  it('fails at the TLS stage with CERT_HAS_EXPIRED and says the certificate has expired', async () => {
    const { stages, done } = await run('expired certificate', draft(tls.withCa));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'CERT_HAS_EXPIRED' });
    expect(stages.tls?.message).toMatch(/certificate has expired/);
    // Nothing was sent past the handshake: the auth stage never ran.
    expect(stages.auth?.status).not.toBe('ok');
  });

  it('skip verification connects to the expired server, with the insecure warnings', async () => {
    const { stages, done } = await run('skip verification (expired)', draft(tls.skipVerify));
    expect(done).toMatchObject({ ok: true, failedStage: null });
    expect(stages.auth).toMatchObject({ status: 'ok' });
    expect(done.warnings.join(' ')).toMatch(/Certificate verification is off/);
  });

  it('the password never reaches the renderer, logs or errors', () => {
    const seen = h.seen();
    expect(seen.includes(USER.password)).toBe(false);
  });
});
