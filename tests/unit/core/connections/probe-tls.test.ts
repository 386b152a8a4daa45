/**
 * The probe's TLS stage and deadlines against small local servers. The local
 * stack runs without TLS, so certificate faults (self-signed, wrong host name)
 * and a peer that never answers cannot be produced with the real servers; these
 * tests stand up a bare TLS/TCP listener on 127.0.0.1 for exactly those faults.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeEvent } from '../../../../src/shared/contract/connections';
import { ResolvedProfile } from '../../../../src/core/connections/model';
import { runProbe } from '../../../../src/core/connections/probe/index';

let dir: string;
let cert: string;
let key: string;
const servers: Server[] = [];
const sockets = new Set<Socket>();
let tlsPort: number;
let silentPort: number;

function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  // Completes handshakes, then says nothing (no Redis behind it).
  tlsPort = await listen(createTlsServer({ cert, key }, () => undefined));
  // Accepts TCP and never answers: a plain-text port, or a hung server.
  silentPort = await listen(createNetServer(() => undefined));
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function probe(draft: Record<string, unknown>, stageTimeoutMs = 1_000, signal = new AbortController().signal) {
  const events: ProbeEvent[] = [];
  const started = Date.now();
  const done = await runProbe(ResolvedProfile.parse({ kind: 'redis', name: 't', ...draft }), {
    stageTimeoutMs,
    signal,
    emit: (e) => events.push(e),
  });
  const final = (stage: string) =>
    events.find((e) => e.type === 'stage' && e.stage === stage && e.status !== 'running') as Extract<
      ProbeEvent,
      { type: 'stage' }
    >;
  return { done, events, final, ms: Date.now() - started };
}

describe('probe TLS stage', () => {
  it('reports an untrusted self-signed certificate by its code', async () => {
    const { done, final } = await probe({ host: '127.0.0.1', port: tlsPort, tls: { enabled: true } });
    expect(done).toMatchObject({ ok: false, failedStage: 'tls' });
    expect(final('tls')).toMatchObject({ status: 'failed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', errorCode: 'TLS' });
    expect(final('tls').message).toMatch(/self-signed/);
    expect(final('auth').status).toBe('skipped');
  });

  it('trusts the certificate with its CA, and describes it', async () => {
    const { final } = await probe({ host: '127.0.0.1', port: tlsPort, tls: { enabled: true, ca: cert } });
    expect(final('tls')).toMatchObject({ status: 'ok' });
    expect(final('tls').message).toMatch(/TLSv1\.[23], certificate CN=localhost/);
  });

  it('checks the host name against the certificate', async () => {
    const { final } = await probe({
      host: '127.0.0.1',
      port: tlsPort,
      tls: { enabled: true, ca: cert, serverName: 'db.example.com' },
    });
    expect(final('tls')).toMatchObject({ status: 'failed', code: 'ERR_TLS_CERT_ALTNAME_INVALID', errorCode: 'TLS' });
  });

  it('skip-verify passes the stage but warns', async () => {
    const { done, final } = await probe({
      host: '127.0.0.1',
      port: tlsPort,
      tls: { enabled: true, insecureSkipVerify: true },
    });
    expect(final('tls').status).toBe('ok');
    expect(done.warnings.join(' ')).toMatch(/not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    expect(done.warnings.join(' ')).toMatch(/verification is off/);
  });

  it('a port that does not speak TLS fails at TLS within the stage deadline', async () => {
    const { final, ms } = await probe({ host: '127.0.0.1', port: silentPort, tls: { enabled: true } }, 800);
    expect(final('tls')).toMatchObject({ status: 'failed', code: 'ETIMEDOUT', errorCode: 'TIMEOUT' });
    expect(final('tls').message).toMatch(/may not speak TLS/);
    expect(ms).toBeLessThan(2_500);
  });
});

describe('probe deadlines', () => {
  it('a server that accepts but never answers fails at ping, never hangs', async () => {
    const { done, final, ms } = await probe({ host: '127.0.0.1', port: silentPort }, 800);
    expect(final('tcp').status).toBe('ok');
    expect(done).toMatchObject({ ok: false, failedStage: 'ping' });
    expect(final('ping').errorCode).toBe('TIMEOUT');
    expect(ms).toBeLessThan(3_000);
  });

  it('cancelling ends the probe promptly and skips what is left', async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 200);
    const { done, events, ms } = await probe({ host: '127.0.0.1', port: silentPort }, 5_000, ctrl.signal);
    expect(ms).toBeLessThan(1_500);
    expect(done.ok).toBe(false);
    expect(
      events
        .filter((e) => e.type === 'stage' && e.status === 'failed')
        .map((e) => (e as { errorCode: string }).errorCode),
    ).toEqual(['CANCELLED']);
  });

  it('emits running then a result for each stage it runs, only skipped for the rest, ending with done', async () => {
    const { events } = await probe({ host: '127.0.0.1', port: 1 });
    const order = events.map((e) => (e.type === 'stage' ? `${e.stage}:${e.status}` : 'done'));
    expect(order).toEqual([
      'dns:running',
      'dns:skipped',
      'tcp:running',
      'tcp:failed',
      'tls:skipped',
      'auth:skipped',
      'ping:skipped',
      'done',
    ]);
  });
});
