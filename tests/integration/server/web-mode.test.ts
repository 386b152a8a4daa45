import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../../src/shared/wire';
import { TOKEN, inbox, openWs, rawGet, startTestWebServer, type RawResponse, type WebFixture } from '../../support/web';

/**
 * The real web-mode server (src/server/server.ts) on a free port: access
 * control (token, Host, Origin), static files, GET /api/contract and the
 * WebSocket RPC, over a router of the test contract.
 */

let web: WebFixture;
let port: number;
const seen: RawResponse[] = [];

async function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const res = await rawGet(port, path, headers, method);
  seen.push(res);
  return res;
}

const withToken = (headers: Record<string, string> = {}) => ({ authorization: `Bearer ${TOKEN}`, ...headers });

beforeAll(async () => {
  web = await startTestWebServer();
  port = web.server.port;
});

afterAll(async () => {
  // No response, refused or not, ever carried a CORS header.
  for (const res of seen) expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  await web.close();
});

describe('web mode: access control', () => {
  it('binds 127.0.0.1 on a free port and prints a tokenized URL', () => {
    expect(port).toBeGreaterThan(0);
    expect(web.server.url).toBe(`http://127.0.0.1:${port}/?token=${TOKEN}`);
  });

  it('refuses requests without the token (401) or with a wrong one (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/api/contract')).status).toBe(401);
    expect((await get('/?token=wrong-token-0000000000')).status).toBe(403);
    expect((await get('/', { cookie: `stackdeck_token_${port}=nope` })).status).toBe(403);
    // A cookie for another instance's port does not count.
    expect((await get('/', { cookie: `stackdeck_token_1=${TOKEN}` })).status).toBe(401);
  });

  it('turns the first-load token into an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const first = await get(`/?token=${TOKEN}`, { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'none' });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^stackdeck_token_${port}=${TOKEN};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await get('/', { cookie: `stackdeck_token_${port}=${TOKEN}`, 'sec-fetch-mode': 'navigate' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Stackdeck</title>');
  });

  it('sends the security headers, with the CSP of the page narrowed to this port', async () => {
    const page = await get('/', withToken());
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
    expect(csp).not.toContain('ws://127.0.0.1:*');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('refuses a foreign Host even with the token (DNS rebinding)', async () => {
    expect((await get('/', withToken({ host: `evil.example:${port}` }))).status).toBe(403);
    expect((await get('/', withToken({ host: '127.0.0.1' }))).status).toBe(403);
    expect((await get('/', withToken({ host: `127.0.0.1:${port + 1}` }))).status).toBe(403);
    expect((await get('/', withToken({ host: `localhost:${port}` }))).status).toBe(200);
  });

  it('refuses a foreign Origin or a cross-site fetch even with the token', async () => {
    expect((await get('/api/contract', withToken({ origin: 'http://evil.example' }))).status).toBe(403);
    expect((await get('/api/contract', withToken({ origin: `http://127.0.0.1:${port + 1}` }))).status).toBe(403);
    expect((await get('/api/contract', withToken({ origin: 'null' }))).status).toBe(403);
    expect((await get('/api/contract', withToken({ 'sec-fetch-site': 'same-site' }))).status).toBe(403);
    expect((await get('/api/contract', withToken({ origin: `http://127.0.0.1:${port}` }))).status).toBe(200);
  });

  it('answers no CORS preflight and allows only GET and HEAD', async () => {
    const preflight = await get(
      '/api/contract',
      withToken({ origin: `http://127.0.0.1:${port}`, 'access-control-request-method': 'POST' }),
      'OPTIONS',
    );
    expect(preflight.status).toBe(405);
    expect((await get('/', withToken(), 'POST')).status).toBe(405);
    const head = await get('/', withToken(), 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('web mode: static files', () => {
  it('serves assets with their content type', async () => {
    const js = await get('/assets/app-abc123.js', withToken());
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
    '/%00',
    '/%E0%A4%A',
  ])('never serves outside the root: %s', async (path) => {
    const res = await get(path, withToken());
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('TOP-SECRET');
  });

  it('falls back to the app for client-side routes, 404 for missing files', async () => {
    expect((await get('/connections/abc', withToken())).body).toContain('<title>Stackdeck</title>');
    expect((await get('/assets/missing.js', withToken())).status).toBe(404);
    expect((await get('/api/nope', withToken())).status).toBe(404);
  });

  it('serves the contract as JSON Schema', async () => {
    const res = await get('/api/contract', withToken());
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body) as {
      methods: Record<string, { kind: string; writes: boolean; input: { type: string } }>;
    };
    expect(body.methods['test.items.delete']).toMatchObject({
      kind: 'method',
      writes: true,
      input: { type: 'object' },
    });
    expect(body.methods['test.counter.watch']?.kind).toBe('stream');
  });
});

describe('web mode: WebSocket access control', () => {
  it.each<[string, Parameters<typeof openWs>[1], number]>([
    ['no token', { query: '' }, 401],
    ['a wrong token', { query: '?token=wrong-token-000000000' }, 403],
    ['no Origin', { origin: null }, 403],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403],
    ['a foreign Host', { host: 'evil.example' }, 403],
  ])('refuses an upgrade with %s', async (_label, options, status) => {
    const result = await openWs(port, options);
    expect(result).toEqual({ refused: status });
  });

  it('accepts the token from the cookie', async () => {
    const result = await openWs(port, { query: '', cookie: `stackdeck_token_${port}=${TOKEN}` });
    expect('ws' in result).toBe(true);
    if ('ws' in result) result.ws.close();
  });
});

describe('web mode: WebSocket RPC', () => {
  let ws: WebSocket;
  let box: ReturnType<typeof inbox>;

  beforeAll(async () => {
    const opened = await openWs(port);
    if (!('ws' in opened)) throw new Error(`refused: ${opened.refused}`);
    ws = opened.ws;
    box = inbox(ws);
  });

  afterAll(() => ws.close());

  it('round-trips a call', async () => {
    box.send({ id: 1, type: 'call', name: 'test.echo.run', input: { text: 'hi', times: 2 } });
    expect(await box.next((m) => m.id === 1)).toEqual({ id: 1, type: 'result', value: { text: 'hihi' } });
  });

  it('answers errors with closed codes: invalid input, unknown name, read-only', async () => {
    box.send({ id: 'bad', type: 'call', name: 'test.echo.run', input: { text: 7 } });
    expect(await box.next((m) => m.id === 'bad')).toMatchObject({
      type: 'error',
      error: { code: 'INVALID_INPUT', detail: { fields: 'text' } },
    });
    box.send({ id: 'unknown', type: 'call', name: 'test.nope.nope', input: {} });
    expect(await box.next((m) => m.id === 'unknown')).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
    box.send({ id: 'ro', type: 'call', name: 'test.items.delete', input: { connectionId: 'ro', key: 'k' } });
    expect(await box.next((m) => m.id === 'ro')).toMatchObject({ type: 'error', error: { code: 'READ_ONLY' } });
  });

  it('answers malformed frames with INVALID_INPUT and keeps serving', async () => {
    box.send('{not json');
    box.send({ type: 'call' });
    box.send({ id: 'x1', type: 'launch', name: 'test.echo.run' });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await box.next((m) => m.id === 'x1');
    expect(box.messages.filter((m) => m.id === null && m.type === 'error').length).toBeGreaterThanOrEqual(3);
    expect(box.messages.find((m) => m.id === 'x1')?.error?.code).toBe('INVALID_INPUT');
    box.send({ id: 2, type: 'call', name: 'test.echo.run', input: { text: 'still here' } });
    expect((await box.next((m) => m.id === 2)).value).toEqual({ text: 'still here' });
  });

  it('streams events and cancel stops the work in core', async () => {
    web.probe.sawAbort.length = 0;
    box.send({ id: 's1', type: 'subscribe', name: 'test.counter.watch', input: { intervalMs: 5 } });
    await box.next((m) => m.id === 's1' && m.type === 'event' && (m.event as { n: number }).n === 3);
    box.send({ id: 's1', type: 'cancel' });
    expect(await box.next((m) => m.id === 's1' && m.type === 'error')).toMatchObject({ error: { code: 'CANCELLED' } });
    expect(web.probe.sawAbort).toContain('test.counter.watch');
    const emitted = web.probe.emitted;
    await new Promise((r) => setTimeout(r, 50));
    expect(web.probe.emitted).toBe(emitted);
  });

  it('ends a stream that finishes by itself with `end`', async () => {
    box.send({ id: 's2', type: 'subscribe', name: 'test.counter.watch', input: { limit: 2 } });
    expect(await box.next((m) => m.id === 's2' && m.type !== 'event')).toEqual({ id: 's2', type: 'end' });
    expect(box.messages.filter((m) => m.id === 's2' && m.type === 'event').map((m) => m.event)).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });

  it('refuses a second request with an id still in flight', async () => {
    box.send({ id: 'dup', type: 'subscribe', name: 'test.counter.watch', input: { intervalMs: 50 } });
    box.send({ id: 'dup', type: 'call', name: 'test.echo.run', input: { text: 'x' } });
    expect(await box.next((m) => m.id === 'dup' && m.type === 'error')).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    box.send({ id: 'dup', type: 'cancel' });
  });
});

describe('web mode: closing the socket', () => {
  it('cancels its streams in core', async () => {
    const opened = await openWs(port);
    if (!('ws' in opened)) throw new Error('refused');
    const box = inbox(opened.ws);
    web.probe.sawAbort.length = 0;
    box.send({ id: 1, type: 'subscribe', name: 'test.counter.watch', input: { intervalMs: 5 } });
    await box.next((m) => m.type === 'event');
    opened.ws.close();
    await expect.poll(() => web.probe.sawAbort, { timeout: 2_000 }).toContain('test.counter.watch');
    const emitted = web.probe.emitted;
    await new Promise((r) => setTimeout(r, 50));
    expect(web.probe.emitted).toBe(emitted);
  });

  it('closes the socket on an oversized frame (1009) without crashing the server', async () => {
    const opened = await openWs(port);
    if (!('ws' in opened)) throw new Error('refused');
    const closed = new Promise<number>((resolve) => opened.ws.once('close', (code) => resolve(code)));
    opened.ws.on('error', () => undefined);
    opened.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    expect((await get('/api/contract', withToken())).status).toBe(200);
  });
});
