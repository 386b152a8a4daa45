import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRows, type ExportRow } from '../../../src/core/export';
import { exportsDir } from '../../../src/core/exports';
import { describeContract } from '../../../src/core/router';
import { startWebServer, type WebServer } from '../../../src/server/server';
import { contract } from '../../../src/shared/contract';
import { startTestCore, type TestCore } from '../../support/core';
import { rawGet, TOKEN } from '../../support/web';

/**
 * The generic exporter end to end: rows read from the real local Redis (a
 * SCAN over keys of this test's own prefix, as an async iterable) stream into
 * a CSV file in core's exports folder; web mode serves it for download at
 * /api/exports/<id> with the right type; `exports.info` through the router
 * reports the folder, retention and usage.
 */

const prefix = `sd-export-it-${randomUUID().slice(0, 8)}:`;
let redis: Redis;
let t: TestCore;
let server: WebServer;

beforeAll(async () => {
  redis = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  await redis.connect();
  const pipe = redis.pipeline();
  for (let i = 0; i < 500; i++)
    pipe.set(`${prefix}${String(i).padStart(3, '0')}`, i % 50 === 0 ? `=cmd|${i}` : `v${i}`);
  await pipe.exec();
  t = await startTestCore();
  server = await startWebServer({
    router: t.router as never,
    description: describeContract(contract),
    rendererDir: join(t.dir, 'no-renderer'),
    token: TOKEN,
    exportsDir: exportsDir(t.dir),
    log: () => undefined,
  });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await server?.close();
  await t?.close();
});

async function* scanRows(signal: AbortSignal): AsyncIterable<ExportRow> {
  let cursor = '0';
  do {
    signal.throwIfAborted();
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 100);
    cursor = next;
    if (keys.length === 0) continue;
    const values = await redis.mget(...keys);
    for (let i = 0; i < keys.length; i++) yield { key: keys[i], value: values[i] ?? null };
  } while (cursor !== '0');
}

describe('generic export from a real server', () => {
  it('streams Redis rows to CSV (formula cells guarded), downloads it in web mode, and shows in exports.info', async () => {
    const signal = new AbortController().signal;
    const done = await exportRows({
      userDataDir: t.dir,
      baseName: 'redis keys',
      format: 'csv',
      columns: [
        { key: 'key', title: 'Key' },
        { key: 'value', title: 'Value' },
      ],
      rows: scanRows(signal),
      signal,
    });
    expect(done.rows).toBe(500);
    const text = await readFile(done.path, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('Key,Value');
    expect(lines).toHaveLength(501);
    expect(lines).toContain(`${prefix}050,'=cmd|50`);
    expect(lines).toContain(`${prefix}051,v51`);

    const res = await rawGet(server.port, `/api/exports/${done.exportId}?token=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(text);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${done.fileName}"`);

    const info = await t.router.call('exports.info', {});
    expect(info).toEqual({ dir: exportsDir(t.dir), retentionHours: 24, files: 1, bytes: done.bytes });
  });
});
