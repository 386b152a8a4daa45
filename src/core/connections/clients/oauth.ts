import { StackdeckError } from '../../../shared/errors';
import type { ResolvedOf } from '../model';

/**
 * Kafka SASL OAUTHBEARER with the OAuth 2.0 client-credentials grant (RFC 6749
 * 4.4): POST to the token endpoint with the client id and secret (HTTP Basic,
 * 2.3.1), and hand the access token to kafkajs. The secret goes to the token
 * endpoint only, never to a broker; the token is kept in memory for its
 * lifetime (less a margin) so reconnects do not ask again.
 */

/** A token endpoint reply is a small JSON object; anything bigger is refused unread. */
const MAX_REPLY_BYTES = 64 * 1024;
/** Ask again this long before the token expires. */
const EXPIRY_MARGIN_MS = 30_000;

export interface OAuthClient {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export function oauthClientOf(p: ResolvedOf<'kafka'>): OAuthClient {
  return {
    tokenEndpoint: p.sasl.tokenEndpoint,
    clientId: p.sasl.username,
    clientSecret: p.sasl.password,
    scope: p.sasl.scope,
  };
}

/** https:// anywhere; plain http:// only on loopback (a secret must not cross a network in clear). */
export function checkTokenEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new StackdeckError('INVALID_INPUT', 'OAUTHBEARER needs a token endpoint URL (https://...).');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new StackdeckError(
      'INVALID_INPUT',
      'The token endpoint must use https:// (plain http:// only on this machine): the client secret is sent to it.',
    );
  if (url.username || url.password)
    throw new StackdeckError(
      'INVALID_INPUT',
      'Put the client id and secret in their fields, not in the token endpoint URL.',
    );
  return url;
}

async function readCapped(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_REPLY_BYTES) {
      await reader.cancel();
      throw new StackdeckError('SERVER_ERROR', `The token endpoint sent more than ${MAX_REPLY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface AccessToken {
  value: string;
  /** Epoch ms after which it must not be used. */
  expiresAt: number;
}

/** One client-credentials request, bounded by `ms`. */
export async function fetchClientCredentialsToken(
  c: OAuthClient,
  ms: number,
  signal?: AbortSignal,
): Promise<AccessToken> {
  const url = checkTokenEndpoint(c.tokenEndpoint);
  if (!c.clientId || !c.clientSecret)
    throw new StackdeckError(
      'INVALID_INPUT',
      'OAUTHBEARER needs the client id (user name) and client secret (password).',
    );
  const basic = Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString(
    'base64',
  );
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(c.scope ? { scope: c.scope } : {}) });
  const deadline = AbortSignal.timeout(ms);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body,
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
    });
  } catch (err) {
    // StackdeckErrors, so the message keeps saying it was the token endpoint (not a broker) that failed.
    if (deadline.aborted)
      throw new StackdeckError('TIMEOUT', `The token endpoint ${url.host} did not answer within ${ms} ms.`, {
        cause: 'ETIMEDOUT',
      });
    const cause = (err as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : 'ECONNREFUSED';
    throw new StackdeckError(
      'UNREACHABLE',
      `The token endpoint ${url.host} could not be reached (${code}). Check its URL in the SASL settings.`,
      { cause: code },
    );
  }
  const text = await readCapped(res);
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
  } catch {
    /* handled below */
  }
  if (!res.ok) {
    // RFC 6749 5.2: invalid_client / unauthorized_client mean the credentials; say so, without echoing the body.
    const code = typeof json.error === 'string' ? json.error.slice(0, 64) : `HTTP ${res.status}`;
    const refused = res.status === 401 || code === 'invalid_client' || code === 'unauthorized_client';
    throw new StackdeckError(
      refused ? 'AUTH_FAILED' : 'SERVER_ERROR',
      refused
        ? `The token endpoint refused the client id or secret (${code}). Check them in the SASL settings.`
        : `The token endpoint answered ${res.status} (${code}).`,
      { cause: code },
    );
  }
  const token = json.access_token;
  if (typeof token !== 'string' || token === '')
    throw new StackdeckError('SERVER_ERROR', 'The token endpoint answered without an access_token.');
  const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 300;
  return { value: token, expiresAt: Date.now() + expiresIn * 1000 };
}

/** kafkajs's `oauthBearerProvider`: a cached token, fetched again shortly before it expires. */
export function oauthBearerProvider(
  c: OAuthClient,
  ms: number,
  signal?: AbortSignal,
): () => Promise<{ value: string }> {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return async () => {
    if (current && current.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return { value: current.value };
    pending ??= fetchClientCredentialsToken(c, ms, signal).finally(() => {
      pending = undefined;
    });
    current = await pending;
    return { value: current.value };
  };
}
