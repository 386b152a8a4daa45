import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, describeContract } from '../../../src/core/router';
import { startWebServer, type WebServer } from '../../../src/server/server';
import { TOKEN, rawGet } from '../../support/web';

/**
 * GET /api/exports/<id> (kafka.messages.export downloads in web mode): behind
 * the same token, Host and Origin checks; only files of the exports directory,
 * by opaque id; served as an attachment.
 */

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
let dir: string;
let server: WebServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-exports-'));
  await mkdir(join(dir, 'exports'));
  await writeFile(join(dir, 'exports', `${ID}--orders-2026.jsonl`), '{"a":1}\n');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  const router = createRouter({ contract: {}, handlers: {}, readOnly: { isReadOnly: () => false } });
  server = await startWebServer({
    router,
    description: describeContract({}),
    rendererDir: join(dir, 'no-renderer'),
    token: TOKEN,
    exportsDir: join(dir, 'exports'),
    log: () => undefined,
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const withToken = (path: string) => `${path}?token=${TOKEN}`;

describe('export downloads', () => {
  it('serves an export by id as an attachment, with the token', async () => {
    const res = await rawGet(server.port, withToken(`/api/exports/${ID}`));
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"a":1}\n');
    expect(res.headers['content-disposition']).toBe('attachment; filename="orders-2026.jsonl"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses without the token, with a foreign Host or Origin', async () => {
    expect((await rawGet(server.port, `/api/exports/${ID}`)).status).toBe(401);
    expect((await rawGet(server.port, withToken(`/api/exports/${ID}`), { host: 'evil.example' })).status).toBe(403);
    expect((await rawGet(server.port, withToken(`/api/exports/${ID}`), { origin: 'http://evil.example' })).status).toBe(
      403,
    );
  });

  it('serves nothing but export ids: no paths, no unknown ids', async () => {
    for (const bad of [
      '../secret.txt',
      '..%2Fsecret.txt',
      `${ID}--orders-2026.jsonl`,
      '0f8fad5b-d9cb-469f-a165-70867728950f',
      '',
    ]) {
      const res = await rawGet(server.port, withToken(`/api/exports/${bad}`));
      expect(res.status, bad).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });
});
