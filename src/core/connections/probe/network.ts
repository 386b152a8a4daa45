import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { ProfileKind } from '../../../shared/contract/connections';
import { timeoutError, within } from '../clients/common';
import type { ResolvedProfile } from '../model';
import { mongoUriHosts, splitHostPort } from '../uri';

/** The network part of the probe: name resolution, a TCP connect and a TLS handshake, per endpoint. */

export interface Endpoint {
  host: string;
  port: number;
  /** host:port as the user wrote it (IPv6 in brackets). */
  label: string;
}

export interface ResolvedEndpoint extends Endpoint {
  address: string;
}

export function endpointsOf(p: ResolvedProfile): { endpoints: Endpoint[]; srvHost: string | null } {
  const from = (list: string[], kind: ProfileKind) =>
    list.map((hp) => {
      const { host, port } = splitHostPort(hp, kind);
      return { host, port, label: `${host.includes(':') ? `[${host}]` : host}:${port}` };
    });
  switch (p.kind) {
    case 'kafka':
      return { endpoints: from(p.brokers, 'kafka'), srvHost: null };
    case 'cassandra':
      return { endpoints: from(p.contactPoints, 'cassandra'), srvHost: null };
    case 'redis':
      return {
        endpoints: from([`${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`], 'redis'),
        srvHost: null,
      };
    case 'neo4j':
      return { endpoints: from([p.uri.replace(/^\w+:\/\//, '').replace(/\/$/, '')], 'neo4j'), srvHost: null };
    case 'mongo': {
      if (p.endpoint.mode === 'fields') return { endpoints: from(p.endpoint.hosts, 'mongo'), srvHost: null };
      const { srv, hosts } = mongoUriHosts(p.endpoint.uri);
      return srv ? { endpoints: [], srvHost: hosts[0] ?? '' } : { endpoints: from(hosts, 'mongo'), srvHost: null };
    }
  }
}

export function isIpLiteral(host: string): boolean {
  return isIP(host) !== 0;
}

/** dns.lookup, as the drivers use (hosts file, OS resolver). It cannot be cancelled, so it is bounded instead. */
export async function lookupHost(host: string, ms: number): Promise<string> {
  if (isIpLiteral(host)) return host;
  const { address } = await within(lookup(host), ms, `Looking up ${host}`);
  return address;
}

/** Opens and closes a TCP connection; resolves with the time it took. */
export function tcpConnect(address: string, port: number, ms: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = netConnect({ host: address, port });
    const finish = (err?: Error) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(performance.now() - started);
    };
    const timer = setTimeout(() => finish(timeoutError(`No TCP answer within ${ms} ms.`)), ms);
    const onAbort = () => finish(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish());
    socket.once('error', (err) => finish(err));
  });
}

export interface TlsResult {
  protocol: string | null;
  authorized: boolean;
  /** Why the certificate is not trusted (a code such as DEPTH_ZERO_SELF_SIGNED_CERT), when it is not. */
  authorizationError: string | null;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
}

/**
 * A TLS handshake that always completes when the peer speaks TLS, so the probe
 * can describe the certificate even when it is not trusted; trust is judged by
 * the caller from `authorized` (with the same hostname check Node applies).
 */
export function tlsHandshake(
  endpoint: ResolvedEndpoint,
  options: ConnectionOptions,
  ms: number,
  signal: AbortSignal,
): Promise<TlsResult> {
  return new Promise((resolve, reject) => {
    const servername = options.servername ?? (isIpLiteral(endpoint.host) ? undefined : endpoint.host);
    const socket = tlsConnect({
      ...options,
      host: endpoint.address,
      port: endpoint.port,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: false,
    });
    const finish = (err?: Error, value?: TlsResult) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const timer = setTimeout(() => finish(timeoutError(`No TLS handshake within ${ms} ms.`)), ms);
    const onAbort = () => finish(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    let result: TlsResult | undefined;
    let grace: NodeJS.Timeout | undefined;
    const settle = () => {
      clearTimeout(grace);
      finish(undefined, result);
    };
    socket.once('secureConnect', () => {
      const cert: Partial<PeerCertificate> = socket.getPeerCertificate() ?? {};
      const authorizationError = socket.authorizationError;
      result = {
        protocol: socket.getProtocol(),
        authorized: socket.authorized,
        authorizationError: authorizationError
          ? String((authorizationError as Error & { code?: string }).code ?? authorizationError)
          : null,
        subject: name(cert.subject),
        issuer: name(cert.issuer),
        validTo: cert.valid_to ?? null,
      };
      // In TLS 1.3 the client finishes its half of the handshake before the server has
      // checked the client certificate: a server that requires one (and got none, or an
      // untrusted one) answers with an alert only afterwards. The server's session
      // ticket, sent once it accepted us, is the sign the handshake really succeeded;
      // servers that send no tickets are accepted after a short grace.
      if (result.protocol !== 'TLSv1.3') return settle();
      grace = setTimeout(settle, Math.min(POST_HANDSHAKE_GRACE_MS, ms));
      socket.once('session', settle);
      socket.once('close', () => {
        clearTimeout(grace);
        finish(
          Object.assign(
            new Error(
              'The server closed the connection right after the TLS handshake (it may require a client certificate).',
            ),
            { code: 'ECONNRESET' },
          ),
        );
      });
    });
    socket.once('error', (err) => {
      clearTimeout(grace);
      finish(err);
    });
  });
}

/** How long to wait for a TLS 1.3 server's verdict on the client after the handshake (see tlsHandshake). */
const POST_HANDSHAKE_GRACE_MS = 1_000;

function name(entity: PeerCertificate['subject'] | undefined): string | null {
  if (!entity) return null;
  return entity.CN ? `CN=${entity.CN}` : entity.O ? `O=${entity.O}` : null;
}
