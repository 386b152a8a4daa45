/**
 * MongoDB wire over TLS against the secure twin (`mongodb-secure`, FerretDB
 * 1.24 with TLS only, see tests/stack/servers/ferretdb-secure.ts). FerretDB's
 * SQLite backend has no authentication, so there is no wrong-password case here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import ferretdbSecure, { SECURE_MONGO_PORTS as PORTS } from '../../stack/servers/ferretdb-secure.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(ferretdbSecure);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nMongoDB secure matrix:\n${writeMatrix('mongo', rows)}\n`);
  await h?.close();
});

const draft = (port: number, t: unknown): ProfileDraftInput =>
  ({
    kind: 'mongo',
    name: uniqueName('secure-mongo'),
    endpoint: { mode: 'fields', hosts: [`127.0.0.1:${port}`], directConnection: true },
    tls: t,
  }) as ProfileDraftInput;
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'mongo', name, d);

describe('mongo secure: the probe matrix', () => {
  it('TLS with the test CA: every stage passes', async () => {
    const { stages, done } = await run('TLS + CA', draft(PORTS.tls, tls.withCa));
    expect(done).toMatchObject({ ok: true, warnings: [] });
    expect(stages.tls?.message).toMatch(/certificate CN=localhost issued by CN=Stackdeck Test CA/);
    expect(done.serverVersion).toMatch(/FerretDB/);
  });

  it.each([
    ['TLS, system CA store', () => tls.systemStore],
    ['TLS, another CA pasted', () => tls.otherCa],
  ])('%s: unknown CA at the TLS stage', async (name, t) => {
    const { stages, done } = await run(name, draft(PORTS.tls, t()));
    expect(done.failedStage).toBe('tls');
    expect(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']).toContain(stages.tls?.code);
    expect(stages.tls?.message).toMatch(/unknown CA: .*paste the CA that signed the server's certificate/);
  });

  it('a certificate for another host: host name mismatch', async () => {
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
});

describe('mongo secure: a live connection runs real operations', () => {
  it.each([
    ['TLS + CA', () => draft(PORTS.tls, tls.withCa)],
    ['mutual TLS', () => draft(PORTS.mtls, tls.mtls)],
  ])('%s: inserts and finds a document', async (_name, d) => {
    const p = (await h.call('connections.profiles.create', { draft: d() })) as Profile;
    const { client } = await h.area.registry.mongo(p.id);
    const coll = client.db(uniqueName('secure').replace(/-/g, '_')).collection('docs');
    await coll.insertOne({ k: 'v' });
    expect(await coll.findOne({ k: 'v' }, { projection: { _id: 0 } })).toEqual({ k: 'v' });
    await coll.drop();
  });

  it('the client key never reaches the renderer, logs or errors', () => {
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    for (const k of [tls.mtls.key.value, tls.untrustedClient.key.value])
      expect(seen.includes(k.split('\n')[1] ?? k)).toBe(false);
  });
});
