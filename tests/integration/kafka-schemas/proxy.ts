/**
 * A small HTTP proxy in front of the stack's Schema Registry that records every
 * request (method, path, Authorization header) before forwarding it: the
 * tests' way to see what Stackdeck sent, and that a cached schema was not
 * asked for again. It forwards to the real registry; nothing is answered here.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SCHEMA_REGISTRY_PORT } from '../../stack/servers/schema-registry.js';

export interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface CountingProxy {
  /** Base URL of the proxied ccompat API, e.g. http://127.0.0.1:PORT/apis/ccompat/v7. */
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** With `tls` (PEM cert and key), the proxy serves https, as a registry behind TLS would. */
export async function countingProxy(tls?: { cert: string; key: string }): Promise<CountingProxy> {
  const seen: Seen[] = [];
  const handler: http.RequestListener = (req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const headers = { ...req.headers, host: `127.0.0.1:${SCHEMA_REGISTRY_PORT}` };
    delete headers.authorization; // the stack's registry has no auth; the header was recorded above
    const upstream = http.request(
      { host: '127.0.0.1', port: SCHEMA_REGISTRY_PORT, method: req.method, path: req.url, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/apis/ccompat/v7`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
