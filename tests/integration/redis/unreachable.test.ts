/**
 * A Redis server that goes away mid-scan: a throwaway redis-server of the
 * test's own (a free port, no persistence) filled with 1,000,000 keys by
 * DEBUG POPULATE; a scan is started and the server is killed after the first
 * progress. The scan must end with UNREACHABLE (not hang, not CANCELLED), and
 * the keys scanned before stay in the session's tree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../src/shared/contract/redis/keys';
import { startTestCore, type TestCore } from '../../support/core';

let server: ChildProcess | null = null;
let t: TestCore;
let port = 0;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

beforeAll(async () => {
  port = await freePort();
  server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--enable-debug-command',
      'yes',
    ],
    { stdio: 'ignore' },
  );
  // A fresh client per attempt: one that failed keeps retrying by itself and refuses connect() again.
  let seed: Redis | null = null;
  for (let i = 0; !seed; i++) {
    const c = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
      seed = c;
    } catch {
      c.disconnect();
      if (i > 100) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await seed.call('DEBUG', 'POPULATE', '1000000', 'sd:k');
  seed.disconnect();
  t = await startTestCore();
}, 60_000);

afterAll(async () => {
  server?.kill('SIGKILL');
  await t?.close();
});

describe('server gone mid-scan', () => {
  it('ends the scan with UNREACHABLE and keeps what was scanned', async () => {
    const profile = await t.connect('redis', { port });
    const { scanId, dbsize } = await t.router.call('redis.scan.start', {
      connectionId: profile.id,
      match: '*',
      delimiter: ':',
    });
    expect(dbsize).toBe(1_000_000);
    const events: ScanProgress[] = [];
    let killed = false;
    const started = Date.now();
    const run = t.router.subscribe(
      'redis.scan.more',
      { connectionId: profile.id, scanId, target: 1_000_000 },
      {
        emit: (e) => {
          events.push(e);
          if (!killed && e.found > 0) {
            killed = true;
            server?.kill('SIGKILL');
          }
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(15_000);
    const found = events.at(-1)?.found ?? 0;
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(1_000_000);
    // What was scanned is kept: the session still answers its tree.
    const rows = await t.router.call('redis.scan.rows', {
      connectionId: profile.id,
      scanId,
      view: 'tree',
      offset: 0,
      limit: 10,
    });
    expect(rows.total).toBeGreaterThan(0);
  }, 60_000);
});
