import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContractDescription, Router } from '../core/router';
import { CONTRACT_PATH, MAX_FRAME_BYTES, WS_PATH } from '../shared/wire';
import { EXPORTS_PATH, sendExport } from './exports';
import { attachRpc } from './rpc';
import { LOOPBACK, checkRequest, tokenCookie, type AccessPolicy, type Refusal } from './security';
import { StaticFiles, contentSecurityPolicy } from './static';

/**
 * Web mode: the built renderer over HTTP and the contract over a WebSocket, on
 * 127.0.0.1 only (ARCHITECTURE.md, "Transports"; wire format in
 * docs/web-mode-protocol.md). Every request passes `checkRequest` first.
 * No CORS headers are ever sent: only the page this server serves may call it.
 */

export interface WebServerOptions {
  router: Router;
  /** Served at GET /api/contract (computed once by the caller: describeContract(contract)). */
  description: ContractDescription;
  /** The built renderer, normally out/renderer. */
  rendererDir: string;
  token: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only 127.0.0.1 is accepted; the option exists so the choice is explicit. */
  host?: string;
  log?: (line: string) => void;
  /** Ping interval to find dead sockets (their calls are then cancelled). */
  heartbeatMs?: number;
  /** Where `kafka.messages.export` writes (<userDataDir>/exports); enables GET /api/exports/<id>. */
  exportsDir?: string;
}

export interface WebServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The address to open: origin + /?token=... */
  readonly url: string;
  /** Stops accepting, closes every socket (cancelling its work). Does not dispose core. */
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) {
    throw new Error(
      `Web mode listens on ${LOOPBACK} only (asked for ${host}): it serves your connections and secrets to whoever can reach it.`,
    );
  }
  if (!/^[A-Za-z0-9._~-]{16,256}$/.test(options.token)) {
    throw new Error('The access token must be 16 to 256 URL-safe characters (letters, digits, . _ ~ -).');
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const files = new StaticFiles(options.rendererDir);
  const contractJson = JSON.stringify(options.description);

  const http = createServer();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, LOOPBACK, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const policy: AccessPolicy = { port, token: options.token };
  const csp = await contentSecurityPolicy(options.rendererDir, port);
  const securityHeaders: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };

  const reply = (
    res: ServerResponse,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
    extra: Record<string, string> = {},
  ): void => {
    res.writeHead(status, {
      ...securityHeaders,
      'Content-Type': type,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req.url);
    if (url === undefined) return reply(res, 400, 'Bad request.');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, 'Method not allowed.', undefined, { Allow: 'GET, HEAD' });
    const refused = checkRequest(req, url, policy, 'http');
    if (refused !== undefined) return refuse(res, refused);

    // First load with ?token=: keep it in an HttpOnly cookie and drop it from the
    // address bar (and so from history and screenshots). Only for page
    // navigations; a script fetching /api/contract?token=... gets its answer.
    if (url.searchParams.has('token') && req.headers['sec-fetch-mode'] === 'navigate') {
      url.searchParams.delete('token');
      const location = url.pathname + (url.search === '' ? '' : url.search);
      return reply(res, 303, 'See other.', undefined, { Location: location, 'Set-Cookie': tokenCookie(policy) });
    }

    if (url.pathname === CONTRACT_PATH) return reply(res, 200, contractJson, 'application/json; charset=utf-8');
    if (
      options.exportsDir !== undefined &&
      url.pathname.startsWith(EXPORTS_PATH) &&
      (req.method === 'GET' || req.method === 'HEAD')
    ) {
      const sent = await sendExport(
        res,
        options.exportsDir,
        url.pathname.slice(EXPORTS_PATH.length),
        securityHeaders,
        req.method === 'HEAD',
      );
      if (sent === 'not-found') return reply(res, 404, 'Not found.');
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return reply(res, 404, 'Not found.');

    const found = await files.resolve(url.pathname);
    if (found.kind === 'bad-request') return reply(res, 400, 'Bad request.');
    if (found.kind === 'not-found') return reply(res, 404, 'Not found.');
    files.send(res, found, req.method === 'HEAD', securityHeaders);
  }

  const refuse = (res: ServerResponse, refusal: Refusal): void => reply(res, refusal.status, `${refusal.reason}\n`);

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error: unknown) => {
      log(`web mode: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  // ws options: no compression (no CRIME/BREACH-style oracles, less CPU), a frame cap.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    const refusal: Refusal | undefined =
      url === undefined || url.pathname !== WS_PATH
        ? { status: 403, reason: 'Unknown endpoint.' }
        : checkRequest(req, url, policy, 'websocket');
    if (refusal !== undefined) {
      const text = refusal.status === 401 ? 'Unauthorized' : 'Forbidden';
      socket.end(
        `HTTP/1.1 ${refusal.status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(refusal.reason)}\r\n\r\n${refusal.reason}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      attachRpc(ws, options.router, log);
    });
  });

  // Dead peers (a laptop lid closed mid-stream) never send a close frame; pings find them.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const origin = `http://${LOOPBACK}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    port,
    origin,
    url: `${origin}/?token=${encodeURIComponent(options.token)}`,
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.close(1001, 'Stackdeck is shutting down');
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        // Give close frames a moment, then cut whatever is left.
        await new Promise((resolve) => setTimeout(resolve, 200));
        for (const ws of wss.clients) ws.terminate();
        http.closeAllConnections();
        await closed;
        wss.close();
      })();
      return closing;
    },
  };
}

function parseUrl(raw: string | undefined): URL | undefined {
  if (raw === undefined || !raw.startsWith('/')) return undefined;
  try {
    // A fixed base: only the path and query of the request are used, never its authority.
    return new URL(raw, 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}
