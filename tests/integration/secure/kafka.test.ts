/**
 * Kafka over TLS with SASL, against the secure twin (`kafka-secure`, see
 * tests/stack/servers/kafka-secure.ts): SCRAM-SHA-256/512 and PLAIN over
 * SASL_SSL, mutual TLS, the expired and wrong-host certificates, through the
 * router like the renderer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import kafkaSecure, {
  SECURE_KAFKA_PORTS as PORTS,
  SECURE_KAFKA_USERS as USERS,
} from '../../stack/servers/kafka-secure.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(kafkaSecure);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nKafka secure matrix:\n${writeMatrix('kafka', rows)}\n`);
  await h?.close();
});

type User = (typeof USERS)[keyof typeof USERS];
const sasl = (u: User, password: string = u.password) => ({
  mechanism: u.mechanism,
  username: u.username,
  password: { action: 'set' as const, value: password },
});

const draft = (over: Partial<Record<string, unknown>> = {}): ProfileDraftInput =>
  ({
    kind: 'kafka',
    name: uniqueName('secure-kafka'),
    brokers: [`127.0.0.1:${PORTS.sasl}`],
    sasl: sasl(USERS.scram512),
    tls: tls.withCa,
    ...over,
  }) as ProfileDraftInput;
const ssl = (port: number, t: unknown) =>
  draft({ brokers: [`127.0.0.1:${port}`], sasl: { mechanism: 'none' }, tls: t });
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'kafka', name, d);

describe('kafka secure: the probe matrix', () => {
  it.each([
    ['SASL_SSL SCRAM-SHA-256', () => USERS.scram256],
    ['SASL_SSL SCRAM-SHA-512', () => USERS.scram512],
    ['SASL_SSL PLAIN', () => USERS.plain],
  ])('%s with the test CA: every stage passes', async (name, user) => {
    const { stages, done } = await run(name, draft({ sasl: sasl(user()) }));
    expect(done).toMatchObject({ ok: true, failedStage: null, warnings: [] });
    expect(stages.tls?.message).toMatch(/certificate CN=localhost issued by CN=Stackdeck Test CA/);
    expect(stages.auth).toMatchObject({ status: 'ok' });
    expect(stages.auth?.message).toMatch(new RegExp(`SASL ${user().mechanism.toUpperCase()}`));
    expect(stages.ping?.message).toMatch(/1 broker/);
  });

  it.each([
    ['wrong password (SCRAM-SHA-512)', () => sasl(USERS.scram512, 'not-the-kafka-password')],
    ['wrong password (PLAIN)', () => sasl(USERS.plain, 'not-the-kafka-password')],
    ['SCRAM user with the other SCRAM mechanism', () => ({ ...sasl(USERS.scram256), mechanism: 'scram-sha-512' })],
  ])('%s fails at the auth stage with AUTH_FAILED', async (name, s) => {
    const { stages, done } = await run(name, draft({ sasl: s() }));
    expect(done).toMatchObject({ ok: false, failedStage: 'auth' });
    expect(stages.tls?.status).toBe('ok');
    expect(stages.auth).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED' });
    expect(stages.ping?.status).toBe('skipped');
  });

  it.each([
    ['TLS, system CA store', () => tls.systemStore],
    ['TLS, another CA pasted', () => tls.otherCa],
  ])('%s: unknown CA at the TLS stage, saying which CA to paste', async (name, t) => {
    const { stages, done } = await run(name, draft({ tls: t() }));
    expect(done).toMatchObject({ ok: false, failedStage: 'tls' });
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']).toContain(stages.tls?.code);
    expect(stages.tls?.message).toMatch(/unknown CA: .*paste the CA that signed the server's certificate/);
  });

  it('a certificate for another host: host name mismatch at the TLS stage', async () => {
    const { stages } = await run('host name mismatch', ssl(PORTS.wronghost, tls.withCa));
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(stages.tls?.message).toMatch(/host name mismatch/);
  });

  it('an expired server certificate fails at the TLS stage', async () => {
    const { stages } = await run('expired certificate', ssl(PORTS.expired, tls.withCa));
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'CERT_HAS_EXPIRED' });
  });

  it('mutual TLS with the client certificate passes', async () => {
    const { done } = await run('mTLS with client cert', ssl(PORTS.mtls, tls.mtls));
    expect(done).toMatchObject({ ok: true });
  });

  it('mutual TLS without a client certificate fails at the TLS stage', async () => {
    const { stages, done } = await run('mTLS without client cert', ssl(PORTS.mtls, tls.withCa));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(stages.tls?.message).toMatch(/requires a client certificate; add the client certificate and its key/);
  });

  it('mutual TLS with a client certificate from an untrusted CA fails at the TLS stage', async () => {
    const { stages } = await run('mTLS untrusted client cert', ssl(PORTS.mtls, tls.untrustedClient));
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(stages.tls?.message).toMatch(/refused the client certificate/);
  });

  it('skip verification connects to the expired listener, with the insecure warnings', async () => {
    const { stages, done } = await run('skip verification (expired)', ssl(PORTS.expired, tls.skipVerify));
    expect(done.ok).toBe(true);
    expect(stages.tls?.status).toBe('ok');
    expect(done.warnings.join(' ')).toMatch(/Certificate verification is off/);
  });
});

describe('kafka secure: live connections run real operations', () => {
  const create = async (d: ProfileDraftInput): Promise<Profile> =>
    (await h.call('connections.profiles.create', { draft: d })) as Profile;

  it.each([
    ['SCRAM-SHA-256', () => draft({ sasl: sasl(USERS.scram256) })],
    ['mutual TLS', () => ssl(PORTS.mtls, tls.mtls)],
  ])('%s: creates, lists and deletes a topic', async (_name, d) => {
    const p = await create(d());
    const { admin } = await h.area.registry.kafka(p.id);
    const topic = uniqueName('secure-topic');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    expect(await admin.listTopics()).toContain(topic);
    await admin.deleteTopics({ topics: [topic] });
  });

  it('a wrong password on connect: AUTH_FAILED', async () => {
    const p = await create(draft({ sasl: sasl(USERS.scram512, 'wrong-live-kafka-password') }));
    await expect(h.call('connections.client.connect', { connectionId: p.id })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
  });
});

describe('kafka secure: secrets stay secret', () => {
  it('no SASL password or client key appears in what the renderer gets, logs or errors', () => {
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    const secrets = [
      ...Object.values(USERS).map((u) => u.password),
      'not-the-kafka-password',
      'wrong-live-kafka-password',
      ...[tls.mtls.key.value, tls.untrustedClient.key.value].map((k) => k.split('\n')[1] ?? k),
    ];
    for (const s of secrets) expect(seen.includes(s), 'a secret in renderer responses/logs/errors').toBe(false);
  });
});
