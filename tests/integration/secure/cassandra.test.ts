/**
 * Cassandra with PasswordAuthenticator and client encryption, against the
 * secure twin (`cassandra-secure`, see tests/stack/servers/cassandra-secure.ts),
 * through the router like the renderer. One node, one certificate, client
 * certificates not asked for: the mutual-TLS and expired-certificate rows meet
 * their own nodes (cassandra-mtls.test.ts, cassandra-expired.test.ts); the
 * host-name check meets the real server through a TLS server name its
 * certificate lacks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import cassandraSecure, {
  SECURE_CASSANDRA_PORT as PORT,
  SECURE_CASSANDRA_USER as USER,
} from '../../stack/servers/cassandra-secure.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(cassandraSecure);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nCassandra secure matrix:\n${writeMatrix('cassandra', rows)}\n`);
  await h?.close();
});

const draft = (t: unknown, password: string | null = USER.password): ProfileDraftInput =>
  ({
    kind: 'cassandra',
    name: uniqueName('secure-cassandra'),
    contactPoints: [`127.0.0.1:${PORT}`],
    localDataCenter: 'datacenter1',
    ...(password === null ? {} : { username: USER.username, password: { action: 'set', value: password } }),
    tls: t,
  }) as ProfileDraftInput;
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'cassandra', name, d);

describe('cassandra secure: the probe matrix', () => {
  it('TLS with the test CA and the right password: every stage passes', async () => {
    const { stages, done } = await run('TLS + CA', draft(tls.withCa));
    expect(done).toMatchObject({ ok: true, failedStage: null, warnings: [] });
    expect(stages.tls?.message).toMatch(/certificate CN=localhost issued by CN=Stackdeck Test CA/);
    expect(stages.auth).toMatchObject({ status: 'ok' });
    expect(done.serverVersion).toMatch(/Cassandra 5\.0/);
  });

  it('a wrong password: AUTH_FAILED at the auth stage', async () => {
    const { stages, done } = await run('wrong password', draft(tls.withCa, 'not-the-password'));
    expect(done.failedStage).toBe('auth');
    expect(stages.auth).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED' });
  });

  it('no credentials for a server that requires them: AUTH_FAILED, not a hang', async () => {
    const { stages, done } = await run('no credentials', draft(tls.withCa, null));
    expect(done.ok).toBe(false);
    expect(stages[done.failedStage ?? 'auth']?.errorCode).toBe('AUTH_FAILED');
  });

  it.each([
    ['TLS, system CA store', () => tls.systemStore],
    ['TLS, another CA pasted', () => tls.otherCa],
  ])('%s: unknown CA at the TLS stage', async (name, t) => {
    const { stages, done } = await run(name, draft(t()));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls?.message).toMatch(/unknown CA: .*paste the CA that signed the server's certificate/);
  });

  it('a TLS server name the certificate lacks: host name mismatch at the TLS stage', async () => {
    const { stages } = await run(
      'host name mismatch (server name)',
      draft({ ...tls.withCa, serverName: 'wrong.example' }),
    );
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('skip verification passes with a mismatched server name, with the insecure warnings', async () => {
    const { done } = await run('skip verification', draft({ ...tls.skipVerify, serverName: 'wrong.example' }));
    expect(done.ok).toBe(true);
    expect(done.warnings.join(' ')).toMatch(/Certificate verification is off/);
  });

  it('plain text to the TLS-only port fails within the deadline', async () => {
    const { done } = await run('plain text to TLS port', draft({ enabled: false }));
    expect(done.ok).toBe(false);
  });
});

describe('cassandra secure: a live connection runs real operations', () => {
  it('creates a keyspace and table, writes and reads a row', async () => {
    const p = (await h.call('connections.profiles.create', { draft: draft(tls.withCa) })) as Profile;
    const { client } = await h.area.registry.cassandra(p.id);
    const ks = uniqueName('secure').replace(/-/g, '_').toLowerCase();
    await client.execute(
      `CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    try {
      await client.execute(`CREATE TABLE ${ks}.t (k text PRIMARY KEY, v int)`);
      await client.execute(`INSERT INTO ${ks}.t (k, v) VALUES (?, ?)`, ['a', 1], { prepare: true });
      const rs = await client.execute(`SELECT v FROM ${ks}.t WHERE k = ?`, ['a'], { prepare: true });
      expect(rs.first()?.get('v')).toBe(1);
    } finally {
      await client.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
    }
  });

  it('the password never reaches the renderer, logs or errors', () => {
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    expect(seen.includes(USER.password)).toBe(false);
  });
});
