/**
 * Redis over TLS with ACL users, against the secure twin (`redis-secure`, see
 * tests/stack/servers/redis-secure.ts): every TLS and authentication case of
 * issue 15 meets a real server, through the router like the renderer, and
 * ends within the probe's 5 s deadline at the stage that failed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import redisSecure, {
  SECURE_REDIS_PORTS as PORTS,
  SECURE_REDIS_USERS as USERS,
} from '../../stack/servers/redis-secure.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { CLI_LIMITS, CliSession } from '../../../src/core/redis/cli/resp3/session';
import { matrixRow, outcome, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
const rows: MatrixRow[] = [];

beforeAll(async () => {
  await requireServer(redisSecure);
  h = await secureHarness();
  tls = tlsOf(h.pki);
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nRedis secure matrix:\n${writeMatrix('redis', rows)}\n`);
  await h?.close();
});

const draft = (over: Partial<Record<string, unknown>> = {}): ProfileDraftInput =>
  ({
    kind: 'redis',
    name: uniqueName('secure-redis'),
    host: '127.0.0.1',
    port: PORTS.tls,
    username: USERS.admin.username,
    password: { action: 'set', value: USERS.admin.password },
    tls: tls.withCa,
    ...over,
  }) as ProfileDraftInput;

async function probeCase(name: string, d: ProfileDraftInput, deadlineMs = 5_000) {
  const started = Date.now();
  const events = await h.probe(d);
  const took = Date.now() - started;
  rows.push(matrixRow('redis', name, events));
  // Every stage has a 5 s deadline; a failure must come from its cause, well before it.
  expect(took).toBeLessThan(deadlineMs);
  return outcome(events);
}

describe('redis secure: the probe matrix', () => {
  it('right credentials over TLS with the test CA: every stage passes', async () => {
    const { stages, done } = await probeCase('right credentials, TLS + CA', draft());
    expect(done).toMatchObject({ ok: true, failedStage: null, warnings: [] });
    expect(stages.tls).toMatchObject({ status: 'ok' });
    expect(stages.tls?.message).toMatch(/TLSv1\.3, certificate CN=localhost issued by CN=Stackdeck Test CA/);
    expect(stages.auth).toMatchObject({ status: 'ok', message: `Credentials accepted for ${USERS.admin.username}.` });
    expect(done.serverVersion).toMatch(/^Redis 7\./);
  });

  it('a wrong password fails at the auth stage with AUTH_FAILED', async () => {
    const { stages, done } = await probeCase(
      'wrong password',
      draft({ password: { action: 'set', value: 'not-the-password' } }),
    );
    expect(done).toMatchObject({ ok: false, failedStage: 'auth' });
    expect(stages.tls?.status).toBe('ok');
    expect(stages.auth).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED', code: 'WRONGPASS' });
    expect(stages.ping?.status).toBe('skipped');
  });

  it('no credentials where the default user is off: refused with AUTH_FAILED', async () => {
    const { stages, done } = await probeCase('no credentials', draft({ username: '', password: { action: 'keep' } }));
    expect(done.ok).toBe(false);
    expect(stages.auth?.status).toBe('skipped');
    expect(stages.ping).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED', code: 'NOAUTH' });
  });

  it.each([
    ['TLS, system CA store', () => tls.systemStore],
    ['TLS, another CA pasted', () => tls.otherCa],
  ])('%s: unknown CA at the TLS stage, saying which CA to paste', async (name, t) => {
    const { stages, done } = await probeCase(name, draft({ tls: t() }));
    expect(done).toMatchObject({ ok: false, failedStage: 'tls' });
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    // Redis sends its chain with the root, so Node reports the untrusted root; without the root it would be the leaf.
    expect(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']).toContain(stages.tls?.code);
    expect(stages.tls?.message).toMatch(/unknown CA: .*paste the CA that signed the server's certificate/);
    // The certificate is still described, so the user sees who signed it.
    expect(stages.tls?.message).toMatch(/issued by CN=Stackdeck Test CA/);
    expect(stages.auth?.status).toBe('skipped');
  });

  it('a certificate for another host: host name mismatch at the TLS stage', async () => {
    const { stages, done } = await probeCase('host name mismatch', draft({ port: PORTS.wronghost }));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ errorCode: 'TLS', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(stages.tls?.message).toMatch(/host name mismatch/);
  });

  it('a TLS server name the certificate does not carry: host name mismatch', async () => {
    const { stages } = await probeCase(
      'server name mismatch',
      draft({ tls: { ...tls.withCa, serverName: 'wrong.example' } }),
    );
    expect(stages.tls).toMatchObject({ status: 'failed', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('an expired server certificate fails at the TLS stage', async () => {
    const { stages, done } = await probeCase('expired certificate', draft({ port: PORTS.expired }));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ errorCode: 'TLS', code: 'CERT_HAS_EXPIRED' });
    expect(stages.tls?.message).toMatch(/certificate has expired.*valid until Feb {1,2}1 00:00:00 2020 GMT/);
  });

  it('mutual TLS with the client certificate passes', async () => {
    const { done, stages } = await probeCase('mTLS with client cert', draft({ port: PORTS.mtls, tls: tls.mtls }));
    expect(done).toMatchObject({ ok: true });
    expect(stages.ping?.status).toBe('ok');
  });

  it('mutual TLS without a client certificate fails at the TLS stage', async () => {
    const { stages, done } = await probeCase('mTLS without client cert', draft({ port: PORTS.mtls }));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls).toMatchObject({ errorCode: 'TLS', code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    expect(stages.tls?.message).toMatch(/requires a client certificate/);
  });

  it('mutual TLS with a client certificate from an untrusted CA fails at the TLS stage', async () => {
    const { stages } = await probeCase(
      'mTLS untrusted client cert',
      draft({ port: PORTS.mtls, tls: tls.untrustedClient }),
    );
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
    expect(stages.tls?.message).toMatch(/refused the client certificate/);
  });

  it('skip verification connects to the expired server, with the insecure warnings', async () => {
    const { stages, done } = await probeCase(
      'skip verification (expired)',
      draft({ port: PORTS.expired, tls: tls.skipVerify }),
    );
    expect(done.ok).toBe(true);
    expect(stages.tls?.status).toBe('ok');
    expect(done.warnings.join(' ')).toMatch(/not trusted \(CERT_HAS_EXPIRED\)/);
    expect(done.warnings.join(' ')).toMatch(/Certificate verification is off/);
  });

  it('TLS against the plain-text Redis fails at the TLS stage', async () => {
    // A plain Redis waits for a line end that a ClientHello never sends: only the stage deadline ends it.
    const { stages } = await probeCase('TLS to a plain port', draft({ port: 6379 }), 6_500);
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TIMEOUT', code: 'ETIMEDOUT' });
    expect(stages.tls?.message).toMatch(/The port may not speak TLS: turn TLS off, or use the server's TLS port/);
  });
});

describe('redis secure: live connections run real commands', () => {
  const create = async (d: ProfileDraftInput): Promise<Profile> =>
    (await h.call('connections.profiles.create', { draft: d })) as Profile;

  it('the admin user writes and reads over TLS; the read-only ACL user may read but not write', async () => {
    const key = uniqueName('secure-key');
    const admin = await create(draft());
    const a = await h.area.registry.redis(admin.id);
    await a.redis.set(key, 'v1', 'EX', 60);
    expect(await a.redis.get(key)).toBe('v1');

    const reader = await create(
      draft({ username: USERS.reader.username, password: { action: 'set', value: USERS.reader.password } }),
    );
    const r = await h.area.registry.redis(reader.id);
    expect(await r.redis.get(key)).toBe('v1');
    await expect(r.redis.set(key, 'v2')).rejects.toThrow(/NOPERM/);
    expect(await a.redis.get(key)).toBe('v1');
    await a.redis.del(key);
  });

  it("the CLI's own RESP3 connection uses the profile's TLS and ACL user (mutual TLS too)", async () => {
    const b = (...words: string[]): Buffer[] => words.map((w) => Buffer.from(w));
    const text = (r: { t: string; bytes?: Buffer; text?: string }): string => r.bytes?.toString() ?? r.text ?? '';
    const cases: [ProfileDraftInput, string][] = [
      [draft(), USERS.admin.username],
      [draft({ port: PORTS.mtls, tls: tls.mtls }), USERS.admin.username],
    ];
    for (const [d, user] of cases) {
      const p = await create(d);
      const session = new CliSession((await h.area.registry.redis(p.id)).redis, 0, CLI_LIMITS, 5_000);
      try {
        const r = await session.run(b('ACL', 'WHOAMI'), undefined, new AbortController().signal, 5_000);
        expect(r.protocol).toBe(3);
        expect(text(r.reply)).toBe(user);
      } finally {
        session.close();
      }
    }
    const reader = await create(
      draft({ username: USERS.reader.username, password: { action: 'set', value: USERS.reader.password } }),
    );
    const session = new CliSession((await h.area.registry.redis(reader.id)).redis, 0, CLI_LIMITS, 5_000);
    try {
      const signal = new AbortController().signal;
      expect((await session.run(b('PING'), undefined, signal, 5_000)).reply).toEqual({ t: 'simple', text: 'PONG' });
      const refused = await session.run(b('SET', uniqueName('secure-cli'), 'x'), undefined, signal, 5_000);
      expect(refused.reply.t === 'error' && refused.reply.text).toMatch(/^NOPERM/);
    } finally {
      session.close();
    }
  });

  it('mutual TLS: a saved profile connects and pings', async () => {
    const p = await create(draft({ port: PORTS.mtls, tls: tls.mtls }));
    const status = (await h.call('connections.client.connect', { connectionId: p.id })) as { state: string };
    expect(status.state).toBe('connected');
    expect(await (await h.area.registry.redis(p.id)).redis.ping()).toBe('PONG');
  });

  it('a wrong password on connect: an AUTH_FAILED error and the error state', async () => {
    const p = await create(draft({ password: { action: 'set', value: 'wrong-live-password' } }));
    await expect(h.call('connections.client.connect', { connectionId: p.id })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    await eventually('the error state', async () => {
      const list = (await h.call('connections.status.list', {})) as { connectionId: string; state: string }[];
      return list.find((s) => s.connectionId === p.id && s.state === 'error');
    });
  });

  it('a saved profile with skip verification is marked insecure in what the renderer gets', async () => {
    const p = await create(draft({ port: PORTS.expired, tls: tls.skipVerify }));
    expect(p.tls.insecureSkipVerify).toBe(true);
    const { done } = outcome(await h.probe(draft(), p.id));
    expect(done.ok).toBe(true);
    expect(done.warnings.some((w) => /verification is off/.test(w))).toBe(true);
  });
});

describe('redis secure: rediss:// URIs', () => {
  it('a rediss:// URI imports with TLS on; with the CA pasted and the password set, the probe passes', async () => {
    // Without the password in the URI: parseUri echoes a URI's password back to the dialog by design,
    // which the secret grep below would (rightly) count.
    const parsed = (await h.call('connections.profiles.parseUri', {
      uri: `rediss://${USERS.admin.username}@127.0.0.1:${PORTS.tls}/2`,
      name: uniqueName('rediss'),
    })) as { draft: Record<string, unknown> & { tls: Record<string, unknown> } };
    expect(parsed.draft).toMatchObject({ kind: 'redis', port: PORTS.tls, db: 2, username: USERS.admin.username });
    expect(parsed.draft.tls).toMatchObject({ enabled: true, insecureSkipVerify: false });
    const d = {
      ...parsed.draft,
      password: { action: 'set', value: USERS.admin.password },
      tls: { ...parsed.draft.tls, ca: tls.withCa.ca },
    } as ProfileDraftInput;
    const { done } = await probeCase('rediss:// URI + CA', d);
    expect(done).toMatchObject({ ok: true });
    // Without the CA, the same URI meets the unknown-CA failure.
    const { stages } = await probeCase('rediss:// URI, no CA', { ...d, tls: parsed.draft.tls } as ProfileDraftInput);
    expect(stages.tls).toMatchObject({ status: 'failed', errorCode: 'TLS' });
  });
});

describe('redis secure: secrets stay secret', () => {
  it('no password or client key appears in the profile file, logs, errors or renderer responses', () => {
    const secrets = [
      USERS.admin.password,
      USERS.reader.password,
      'not-the-password',
      'wrong-live-password',
      // The body of the client key PEM (its first base64 line is unique to the key).
      ...[tls.mtls.key.value, tls.untrustedClient.key.value].map((k) => k.split('\n')[1] ?? k),
    ];
    const files = readdirSync(h.dir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(h.dir, f))
      .flatMap((f) => {
        try {
          return [{ f, text: readFileSync(f, 'utf8') }];
        } catch {
          return []; // a directory
        }
      });
    expect(files.some((x) => x.f.endsWith('profiles.json'))).toBe(true);
    const seen = h.seen();
    // The harness did record what the renderer got (so the grep below can fail).
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    expect(seen).toMatch(/probe event/);
    for (const secret of secrets) {
      expect(seen.includes(secret), `a secret in renderer responses/logs/errors`).toBe(false);
      for (const { f, text } of files) expect(text.includes(secret), `a secret in ${f}`).toBe(false);
    }
  });
});
