import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the web-mode server. The server listens on 127.0.0.1 only, but
 * that alone is not enough: any web page the user visits can send requests to
 * 127.0.0.1, and a DNS-rebinding page can even make them same-origin. So, like
 * Jupyter, every request must carry the random token printed at start, and the
 * `Host` and `Origin` headers must name the loopback address we bound.
 */

export const LOOPBACK = '127.0.0.1';

export interface AccessPolicy {
  readonly port: number;
  readonly token: string;
}

export type Refusal = { status: 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  return [`${LOOPBACK}:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return [`http://${LOOPBACK}:${port}`, `http://localhost:${port}`];
}

/** The cookie carries the port: cookies are not isolated by port, and two instances must not clobber each other. */
export function cookieName(port: number): string {
  return `stackdeck_token_${port}`;
}

/** Constant-time comparison; hashing first makes the lengths equal so length is not leaked either. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const raw = header(req, 'cookie');
  if (raw === undefined) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type TokenSource = 'query' | 'cookie' | 'header';

/** The token the request presents: `?token=`, `Authorization: Bearer`, or the cookie set on first load. */
export function presentedToken(
  req: IncomingMessage,
  url: URL,
  port: number,
): { token: string; source: TokenSource } | undefined {
  const query = url.searchParams.get('token');
  if (query !== null && query !== '') return { token: query, source: 'query' };
  const auth = header(req, 'authorization');
  const bearer = auth === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  if (bearer !== undefined) return { token: bearer, source: 'header' };
  const cookie = readCookie(req, cookieName(port));
  if (cookie !== undefined && cookie !== '') return { token: cookie, source: 'cookie' };
  return undefined;
}

/**
 * Checks, in order: Host (DNS rebinding), Origin (cross-site requests; required
 * for WebSocket upgrades, which browsers always send it on), Sec-Fetch-Site
 * (another site, including another port on 127.0.0.1, which is "same-site"),
 * then the token. Returns undefined when the request may proceed.
 */
export function checkRequest(
  req: IncomingMessage,
  url: URL,
  policy: AccessPolicy,
  kind: 'http' | 'websocket',
): Refusal | undefined {
  const host = header(req, 'host')?.toLowerCase();
  if (host === undefined || !allowedHosts(policy.port).includes(host)) {
    return {
      status: 403,
      reason: `The Host header must be ${LOOPBACK}:${policy.port} (requests through other names are refused).`,
    };
  }
  const origin = header(req, 'origin');
  if (origin === undefined ? kind === 'websocket' : !allowedOrigins(policy.port).includes(origin.toLowerCase())) {
    return { status: 403, reason: `Requests must come from http://${LOOPBACK}:${policy.port} itself.` };
  }
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, reason: 'Requests from other sites are refused.' };
  }
  const presented = presentedToken(req, url, policy.port);
  if (presented === undefined) {
    return { status: 401, reason: 'Open the address printed by `npm run web`; it carries the access token.' };
  }
  if (!tokensEqual(presented.token, policy.token)) {
    return { status: 403, reason: 'The access token is wrong. Open the address printed by `npm run web`.' };
  }
  return undefined;
}

/**
 * Set on the first load (token in the URL) so the page's own asset and WebSocket
 * requests carry the token without exposing it to scripts: HttpOnly keeps it
 * from JavaScript, SameSite=Strict from requests started by other sites.
 */
export function tokenCookie(policy: AccessPolicy): string {
  return `${cookieName(policy.port)}=${policy.token}; Path=/; HttpOnly; SameSite=Strict`;
}
