import { request } from 'node:http';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createRouter, describeContract, type ReadOnlyLookup, type Router } from '../../src/core/router';
import { startWebServer, type WebServer } from '../../src/server/server';
import { WS_PATH } from '../../src/shared/wire';
import { createProbe, createTestHandlers, testContract, type Probe } from './test-contract';

/**
 * Starts the real web-mode server on a free port, over a router of the test
 * contract, serving a small fake renderer from a temp directory (with a
 * "secret" file next to it, outside the served root, for traversal tests).
 */

export const TOKEN = 'test-token-0123456789abcdef';

export interface WebFixture {
  server: WebServer;
  router: Router;
  probe: Probe;
  dir: string;
  close(): Promise<void>;
}

export async function startTestWebServer(
  readOnly: ReadOnlyLookup = { isReadOnly: (id) => id === 'ro' },
): Promise<WebFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-web-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(
    join(root, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*; object-src 'none'" /><title>Stackdeck</title></head><body><div id="root"></div></body></html>`,
  );
  await writeFile(join(root, 'assets', 'app-abc123.js'), 'console.log("app");');
  await writeFile(join(dir, 'secret.txt'), 'TOP-SECRET');
  await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));

  const probe = createProbe();
  const router = createRouter({
    contract: testContract,
    handlers: createTestHandlers(probe),
    readOnly,
    validateOutputs: true,
  }) as unknown as Router;
  const server = await startWebServer({
    router,
    description: describeContract(testContract),
    rendererDir: root,
    token: TOKEN,
    log: () => undefined,
  });
  return {
    server,
    router,
    probe,
    dir,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: the path is sent as is (no normalization of `..`), headers exactly as given. */
export function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export interface WsOptions {
  origin?: string | null;
  host?: string;
  cookie?: string;
  query?: string;
}

/** Opens a WebSocket like a page would (Origin set), or resolves with the refusal status. */
export function openWs(port: number, options: WsOptions = {}): Promise<{ ws: WebSocket } | { refused: number }> {
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
  const headers: Record<string, string> = {};
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  if (options.host !== undefined) headers.host = options.host;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}${options.query ?? `?token=${TOKEN}`}`, {
    headers,
    ...(origin === null ? {} : { origin }),
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export interface Message {
  id: string | number | null;
  type: string;
  value?: unknown;
  event?: unknown;
  error?: { code: string; message: string; detail?: Record<string, unknown> };
}

/** Collects every message on a socket and lets a test wait for one that matches. */
export function inbox(ws: WebSocket) {
  const messages: Message[] = [];
  const waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  return {
    messages,
    send: (value: unknown) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
    next(match: (m: Message) => boolean, timeoutMs = 5_000): Promise<Message> {
      const found = messages.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}
