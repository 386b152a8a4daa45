/**
 * Neo4j over Bolt+TLS with auth, against the secure twin (`neo4j-secure`, see
 * tests/stack/servers/neo4j-secure.ts): the test CA, mutual TLS, the expired
 * and wrong-host certificates, a wrong password, through the router like the
 * renderer; `neo4j+s://` / `bolt+s://` imports (`+ssc` is refused on import: skipping
 * verification is the explicit checkbox, see tests/unit/core/connections/uri.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import neo4jSecure, {
  SECURE_NEO4J_PORTS as PORTS,
  SECURE_NEO4J_USER as USER,
} from '../../stack/servers/neo4j-secure.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(neo4jSecure);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nNeo4j secure matrix:\n${writeMatrix('neo4j', rows)}\n`);
  await h?.close();
});

const draft = (port: number, t: unknown, password: string = USER.password): ProfileDraftInput =>
  ({
    kind: 'neo4j',
    name: uniqueName('secure-neo4j'),
    uri: `bolt://127.0.0.1:${port}`,
    username: USER.username,
    password: { action: 'set', value: password },
    tls: t,
  }) as ProfileDraftInput;
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'neo4j', name, d);

describe('neo4j secure: the probe matrix', () => {
  it('Bolt+TLS with the test CA and the right password: every stage passes', async () => {
    const { stages, done } = await run('TLS + CA', draft(PORTS.tls, tls.withCa));
    expect(done).toMatchObject({ ok: true, failedStage: null, warnings: [] });
    expect(stages.tls?.message).toMatch(/certificate CN=localhost issued by CN=Stackdeck Test CA/);
    expect(stages.auth).toMatchObject({ status: 'ok' });
    expect(done.serverVersion).toMatch(/Neo4j 5\.26/);
  });

  it('a wrong password: AUTH_FAILED at the auth stage', async () => {
    const { stages, done } = await run('wrong password', draft(PORTS.tls, tls.withCa, 'not-the-password'));
    expect(done.failedStage).toBe('auth');
    expect(stages.auth).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED' });
  });

  it.each([
    ['TLS, system CA store', () => tls.systemStore],
    ['TLS, another CA pasted', () => tls.otherCa],
  ])('%s: unknown CA at the TLS stage', async (name, t) => {
    const { stages, done } = await run(name, draft(PORTS.tls, t()));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls?.message).toMatch(/unknown CA: .*paste the CA that signed the server's certificate/);
  });

  it('a certificate for another host: host name mismatch at the TLS stage', async () => {
    const { stages } = await run('host name mismatch', draft(PORTS.wronghost, tls.withCa));
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('an expired certificate fails at the TLS stage', async () => {
    const { stages } = await run('expired certificate', draft(PORTS.expired, tls.withCa));
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'CERT_HAS_EXPIRED' });
  });

  it('mutual TLS with the client certificate passes', async () => {
    const { done } = await run('mTLS with client cert', draft(PORTS.mtls, tls.mtls));
    expect(done).toMatchObject({ ok: true });
  });

  it('mutual TLS without a client certificate fails at the TLS stage', async () => {
    const { stages, done } = await run('mTLS without client cert', draft(PORTS.mtls, tls.withCa));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls?.message).toMatch(/requires a client certificate/);
  });

  it('mutual TLS with a client certificate from an untrusted CA fails at the TLS stage', async () => {
    const { stages } = await run('mTLS untrusted client cert', draft(PORTS.mtls, tls.untrustedClient));
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(stages.tls?.message).toMatch(/client certificate/);
  });

  it('skip verification connects to the expired server, with the insecure warnings', async () => {
    const { done } = await run('skip verification (expired)', draft(PORTS.expired, tls.skipVerify));
    expect(done.ok).toBe(true);
    expect(done.warnings.join(' ')).toMatch(/Certificate verification is off/);
  });

  it('plain Bolt to a TLS-only server fails with a clear cause, within the deadline', async () => {
    const { done } = await run('plain Bolt to TLS port', draft(PORTS.tls, { enabled: false }));
    expect(done.ok).toBe(false);
  });
});

describe('neo4j secure: URIs and a live connection', () => {
  it.each([
    ['neo4j+s://', 'neo4j'],
    ['bolt+s://', 'bolt'],
  ])('%s imports as TLS on and connects with the CA added', async (scheme, plain) => {
    const parsed = (await h.call('connections.profiles.parseUri', {
      uri: `${scheme}${USER.username}:${USER.password}@127.0.0.1:${PORTS.tls}`,
    })) as { draft: Record<string, unknown> & { tls: Record<string, unknown> } };
    expect(parsed.draft).toMatchObject({ kind: 'neo4j', uri: `${plain}://127.0.0.1:${PORTS.tls}` });
    expect(parsed.draft.tls).toMatchObject({ enabled: true, insecureSkipVerify: false });
    const d = { ...parsed.draft, uri: `bolt://127.0.0.1:${PORTS.tls}`, tls: { ...parsed.draft.tls, ...tls.withCa } };
    const { done } = await run(`${scheme} import + CA`, d as ProfileDraftInput);
    expect(done.ok).toBe(true);
  });

  it.each([
    ['TLS + CA', () => draft(PORTS.tls, tls.withCa)],
    ['mutual TLS', () => draft(PORTS.mtls, tls.mtls)],
  ])('%s: writes and reads a node', async (_name, d) => {
    const p = (await h.call('connections.profiles.create', { draft: d() })) as Profile;
    const { driver } = await h.area.registry.neo4j(p.id);
    const tag = uniqueName('secure');
    const session = driver.session();
    try {
      await session.run('CREATE (:SecureProbe {tag: $tag})', { tag });
      const res = await session.run('MATCH (n:SecureProbe {tag: $tag}) RETURN count(n) AS c', { tag });
      expect(res.records[0]?.get('c').toNumber()).toBe(1);
      await session.run('MATCH (n:SecureProbe {tag: $tag}) DELETE n', { tag });
    } finally {
      await session.close();
    }
  });

  it('the password and client key never reach the renderer, logs or errors', () => {
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    // parseUri echoes the password the caller sent in the URI (documented in the contract); drop those lines.
    const rest = seen
      .split('\n')
      .filter((l) => !l.startsWith('connections.profiles.parseUri ->'))
      .join('\n');
    expect(rest.includes(USER.password)).toBe(false);
    for (const k of [tls.mtls.key.value, tls.untrustedClient.key.value])
      expect(seen.includes(k.split('\n')[1] ?? k)).toBe(false);
  });
});
