/**
 * The OAUTHBEARER token flow (client credentials) against a small token
 * endpoint of this test's own on 127.0.0.1: the request's form, caching,
 * refusals and bounds. Against the real broker: tests/integration/secure/kafka-oauth.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkTokenEndpoint,
  fetchClientCredentialsToken,
  oauthBearerProvider,
} from '../../../../src/core/connections/clients/oauth';
import { endpointChange } from '../../../../src/core/connections/endpoint';
import { ProfileDraft } from '../../../../src/shared/contract/connections';

let server: Server;
let base = '';
const seen: { auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body });
      if (req.url === '/big') return res.end(JSON.stringify({ access_token: 'x'.repeat(100_000) }));
      if (req.url === '/hang') return undefined;
      if (req.url === '/notoken') return res.end('{}');
      const ok = req.headers.authorization === `Basic ${Buffer.from('id%20one:s%3Acret').toString('base64')}`;
      res.statusCode = ok ? 200 : 401;
      res.end(
        JSON.stringify(ok ? { access_token: `tok-${seen.length}`, expires_in: 3600 } : { error: 'invalid_client' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const client = (path = '/token', secret = 's:cret') => ({
  tokenEndpoint: `${base}${path}`,
  clientId: 'id one',
  clientSecret: secret,
  scope: 'kafka',
});

describe('OAUTHBEARER client credentials', () => {
  it('posts the grant with HTTP Basic (form-encoded id and secret) and the scope', async () => {
    seen.length = 0;
    const token = await fetchClientCredentialsToken(client(), 2_000);
    expect(token.value).toBe('tok-1');
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    expect(new URLSearchParams(seen[0]?.body)).toEqual(
      new URLSearchParams('grant_type=client_credentials&scope=kafka'),
    );
  });

  it('the provider caches the token until shortly before it expires', async () => {
    seen.length = 0;
    const provide = oauthBearerProvider(client(), 2_000);
    expect(await provide()).toEqual({ value: 'tok-1' });
    expect(await provide()).toEqual({ value: 'tok-1' });
    expect(seen).toHaveLength(1);
  });

  it('a refused secret is AUTH_FAILED, naming the OAuth error, not echoing the secret', async () => {
    const err = await fetchClientCredentialsToken(client('/token', 'wrong-oauth-secret'), 2_000).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect(String((err as Error).message)).toMatch(/invalid_client/);
    expect(String((err as Error).message)).not.toMatch(/wrong-oauth-secret/);
  });

  it('bounds: an oversized reply, a reply without a token, a silent endpoint', async () => {
    await expect(fetchClientCredentialsToken(client('/big'), 2_000)).rejects.toThrow(/more than 65536 bytes/);
    await expect(fetchClientCredentialsToken(client('/notoken'), 2_000)).rejects.toThrow(/without an access_token/);
    const started = Date.now();
    await expect(fetchClientCredentialsToken(client('/hang'), 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses plain http off this machine, credentials in the URL, and non-URLs', () => {
    expect(() => checkTokenEndpoint('http://idp.example.com/token')).toThrow(/must use https/);
    expect(() => checkTokenEndpoint('https://u:p@idp.example.com/token')).toThrow(/not in the token endpoint URL/);
    expect(() => checkTokenEndpoint('idp/token')).toThrow(/needs a token endpoint URL/);
    expect(checkTokenEndpoint('https://idp.example.com/token').host).toBe('idp.example.com');
    expect(checkTokenEndpoint('http://127.0.0.1:8080/t').port).toBe('8080');
  });

  it('a kept client secret does not follow the profile to another token endpoint', () => {
    const d = (tokenEndpoint: string) =>
      ProfileDraft.parse({
        kind: 'kafka',
        name: 'k',
        brokers: ['b1:9092'],
        sasl: { mechanism: 'oauthbearer', username: 'id', tokenEndpoint },
      });
    expect(endpointChange(d('https://a.example/t'), d('https://a.example/t'))).toBeNull();
    expect(endpointChange(d('https://evil.example/t'), d('https://a.example/t'))).toMatch(/OAuth token endpoint/);
  });
});
