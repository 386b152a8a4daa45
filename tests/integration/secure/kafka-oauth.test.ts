/**
 * Kafka SASL OAUTHBEARER with the client-credentials grant, against the secure
 * twin's OAUTH listener (kafka-secure, 9200: SASL_SSL, Kafka's unsecured JWS
 * validator, scope SECURE_KAFKA_OAUTH_SCOPE required). The token endpoint is
 * this test's own: a small HTTP server on 127.0.0.1 that checks the client id
 * and secret (HTTP Basic) and issues unsigned JWTs, which is what that
 * validator accepts. A real identity provider and signed tokens are not tested here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import kafkaSecure, {
  SECURE_KAFKA_OAUTH_SCOPE,
  SECURE_KAFKA_PORTS as PORTS,
} from '../../stack/servers/kafka-secure.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { probeCase, secureHarness, tlsOf, type SecureHarness } from './harness';
import { writeMatrix, type MatrixRow } from './matrix';

const CLIENT = { id: 'sd-oauth-client', secret: 'sd-oauth-secret-Pw-5a90d1' } as const;

let h: SecureHarness;
let tls: ReturnType<typeof tlsOf>;
let server: Server;
let endpoint = '';
const rows: MatrixRow[] = [];
const requests: { grant: string | null; scope: string | null }[] = [];

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return new URLSearchParams(text);
}

beforeAll(async () => {
  await requireServer(kafkaSecure);
  h = await secureHarness();
  tls = tlsOf(h.pki);
  server = createServer((req, res) => {
    void (async () => {
      const form = await body(req);
      requests.push({ grant: form.get('grant_type'), scope: form.get('scope') });
      const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Basic ${basic}`) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: CLIENT.id, iat: now, exp: now + 600, scope: form.get('scope') ?? '' };
      res.end(JSON.stringify({ access_token: `${b64url({ alg: 'none' })}.${b64url(claims)}.`, expires_in: 600 }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
});
afterAll(async () => {
  if (rows.length > 0) process.stdout.write(`\nKafka OAUTHBEARER matrix:\n${writeMatrix('kafka-oauth', rows)}\n`);
  await h?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const draft = (over: Partial<{ secret: string; scope: string; tokenEndpoint: string }> = {}): ProfileDraftInput =>
  ({
    kind: 'kafka',
    name: uniqueName('secure-kafka-oauth'),
    brokers: [`127.0.0.1:${PORTS.oauth}`],
    sasl: {
      mechanism: 'oauthbearer',
      username: CLIENT.id,
      password: { action: 'set', value: over.secret ?? CLIENT.secret },
      tokenEndpoint: over.tokenEndpoint ?? endpoint,
      scope: over.scope ?? SECURE_KAFKA_OAUTH_SCOPE,
    },
    tls: tls.withCa,
  }) as ProfileDraftInput;
const run = (name: string, d: ProfileDraftInput) => probeCase(h, rows, 'kafka', name, d);

describe('kafka OAUTHBEARER (client credentials)', () => {
  it('a token from the endpoint: every stage passes, the grant asked for the scope', async () => {
    requests.length = 0;
    const { stages, done } = await run('OAUTHBEARER', draft());
    expect(done).toMatchObject({ ok: true, warnings: [] });
    expect(stages.auth?.message).toMatch(/SASL OAUTHBEARER/);
    expect(requests).toContainEqual({ grant: 'client_credentials', scope: SECURE_KAFKA_OAUTH_SCOPE });
  });

  it('a wrong client secret: the token endpoint refuses it, AUTH_FAILED at the auth stage', async () => {
    const { stages, done } = await run('OAUTHBEARER wrong secret', draft({ secret: 'not-the-oauth-secret' }));
    expect(done.failedStage).toBe('auth');
    expect(stages.auth).toMatchObject({ errorCode: 'AUTH_FAILED' });
    expect(stages.auth?.message).toMatch(/refused the client id or secret \(invalid_client\)/);
  });

  it('a token without the scope the broker requires: refused by the broker, the probe fails', async () => {
    // The broker answers the bad token with an error challenge; kafkajs (2.2) does not report it as a
    // SASL failure but drops the broker, so this surfaces as a lost broker after the auth stage.
    const { done } = await run('OAUTHBEARER wrong scope', draft({ scope: 'other.scope' }));
    expect(done.ok).toBe(false);
    expect(['auth', 'ping']).toContain(done.failedStage);
  });

  it('a token endpoint nobody listens on fails at the auth stage, within the deadline', async () => {
    const { stages, done } = await run(
      'OAUTHBEARER endpoint down',
      draft({ tokenEndpoint: 'http://127.0.0.1:1/token' }),
    );
    expect(done.failedStage).toBe('auth');
    expect(stages.auth?.message).toMatch(/token endpoint 127\.0\.0\.1:1 could not be reached/);
  });

  it('plain http:// to a host on the network is refused before anything is sent', async () => {
    const { stages, done } = await run(
      'OAUTHBEARER http endpoint',
      draft({ tokenEndpoint: 'http://idp.example.com/token' }),
    );
    expect(done.ok).toBe(false);
    expect(stages[done.failedStage ?? 'auth']?.message).toMatch(/must use https:\/\//);
  });

  it('a live connection creates, lists and deletes a topic', async () => {
    const p = (await h.call('connections.profiles.create', { draft: draft() })) as Profile;
    const { admin } = await h.area.registry.kafka(p.id);
    const topic = uniqueName('oauth-topic');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    expect(await admin.listTopics()).toContain(topic);
    await admin.deleteTopics({ topics: [topic] });
  });

  it('the client secret never reaches the renderer, logs or errors', () => {
    const seen = h.seen();
    expect(seen).toMatch(/connections\.profiles\.create ->/);
    for (const s of [CLIENT.secret, 'not-the-oauth-secret']) expect(seen.includes(s)).toBe(false);
  });
});
