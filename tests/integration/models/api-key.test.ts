import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { Deployment, LoadTestStats, MetricsPoint, SmokeResult } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from './fixtures';

/**
 * "Require an API key" against the real generated service: the key goes to
 * the service by environment only, core's smoke test, metrics scrape and load
 * test carry it, the stable URL passes it through, a request without it is a
 * 401, and the key is in none of the files Stackdeck writes or exports.
 */
let dir: string;
let core: Core;
let model: string;
const KEY = 'it-key-7Qx9zRw2Lm4Np8Vt';

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const rejection = async (p: Promise<unknown>): Promise<StackdeckError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackdeckError);
  return err as StackdeckError;
};
const predict = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ tenure: 2, monthly_charges: 70.5, total_charges: 141 }),
  });

/** Every file under `root` (recursively) whose bytes contain `needle`. */
async function filesContaining(root: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    if ((await readFile(path)).includes(needle)) hits.push(path);
  }
  return hits;
}

const name = `churn-key-${Date.now().toString(36)}`;
let serviceDir: string;
let deployment: Deployment;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-apikey-'));
  ({ core, model } = await inspectedChurnCore(dir, 300));
  serviceDir = (
    await call<{ dir: string }>('models.service.generate', {
      path: model,
      schema: { ...churnSchema(name), apiKey: true },
    })
  ).dir;
  const out = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
    dir: serviceDir,
    python: modelsPython(),
    apiKey: KEY,
  });
  expect(out.smoke.error).toBeNull();
  deployment = out.deployment;
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('models API key', () => {
  it('answers 401 without the key, on the version port and through the stable URL', async () => {
    expect(deployment.apiKey).toBe(true);
    expect(deployment.stableUrl).not.toBeNull();
    for (const url of [deployment.url, deployment.stableUrl!]) {
      expect((await predict(url)).status).toBe(401);
      expect((await predict(url, { 'x-api-key': 'wrong-key-123' })).status).toBe(401);
      const ok = await predict(url, { 'x-api-key': KEY });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as Record<string, unknown>)['Churn Prediction']).toMatch(/^(Yes|No)$/);
    }
    const feedback = await fetch(`${deployment.url}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request_id: 'x', label: 'Yes' }),
    });
    expect(feedback.status).toBe(401);
    // Probes stay open; /metrics is protected and takes the key as a bearer token too (Prometheus).
    expect((await fetch(`${deployment.url}/health`)).status).toBe(200);
    expect((await fetch(`${deployment.url}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${deployment.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('model_requests_total');
  });

  it("core's scrape and load test carry the key", async () => {
    const controller = new AbortController();
    const events: LoadTestStats[] = [];
    await core.router.subscribe(
      'models.loadtest.run' as never,
      { id: deployment.id, requests: 200, concurrency: 4 } as never,
      {
        signal: controller.signal,
        emit: (e) => events.push(e as LoadTestStats),
      },
    );
    const last = events.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.ok).toBe(200);
    expect(last.errors).toBe(0);
    const end = Date.now() + 20_000;
    let points: MetricsPoint[] = [];
    while (Date.now() < end) {
      points = (await call<{ points: MetricsPoint[] }>('models.metrics.series', { id: deployment.id })).points;
      if ((points.at(-1)?.requests ?? 0) >= 200) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(points.at(-1)?.requests ?? 0).toBeGreaterThanOrEqual(200);
  });

  it('reveals the key bound to the version and stable URLs; lists never carry it', async () => {
    const revealed = await call<{ key: string; urls: string[] }>('models.apiKey.reveal', { name });
    expect(revealed.key).toBe(KEY);
    expect(revealed.urls).toEqual(expect.arrayContaining([deployment.url, deployment.stableUrl!]));
    const list = await call<unknown>('models.deploy.list', {});
    expect(JSON.stringify(list)).not.toContain(KEY);
  });

  it('the key is in no generated file, version snapshot, vault file in clear, log line or export', async () => {
    const data = join(dir, 'data');
    expect(await filesContaining(data, KEY)).toEqual([]);
    const lines: string[] = [];
    const controller = new AbortController();
    const logs = core.router.subscribe('models.deploy.logs' as never, { id: deployment.id } as never, {
      signal: controller.signal,
      emit: (e) => lines.push(...(e as { lines: string[] }).lines),
    });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await logs.catch(() => undefined);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(KEY);
    const out = join(dir, 'export');
    await call('models.export.bundle', { dir: serviceDir, target: 'container', format: 'folder', out });
    expect((await readdir(out)).length).toBeGreaterThan(0);
    expect(await filesContaining(out, KEY)).toEqual([]);
  });

  it('a redeploy without a typed key reuses the stored one; a new service gets a generated key', async () => {
    const v2 = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
      dir: serviceDir,
      python: modelsPython(),
    });
    expect(v2.smoke.ok).toBe(true);
    expect((await predict(v2.deployment.url, { 'x-api-key': KEY })).status).toBe(200);
    const other = `${name}-gen`;
    const gen = await call<{ dir: string }>('models.service.generate', {
      path: model,
      schema: { ...churnSchema(other), apiKey: true },
    });
    const d = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
      dir: gen.dir,
      python: modelsPython(),
    });
    expect(d.smoke.ok).toBe(true);
    const { key } = await call<{ key: string }>('models.apiKey.reveal', { name: other });
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await predict(d.deployment.url)).status).toBe(401);
    expect((await predict(d.deployment.url, { 'x-api-key': key })).status).toBe(200);
    await call('models.deploy.stop', { id: d.deployment.id });
  }, 120_000);

  it('bad input: a key for a keyless service, a key with spaces, a service started without API_KEY', async () => {
    const plain = await call<{ dir: string }>('models.service.generate', {
      path: model,
      schema: churnSchema(`${name}-plain`),
    });
    const e1 = await rejection(call('models.deploy.start', { dir: plain.dir, python: modelsPython(), apiKey: KEY }));
    expect(e1.code).toBe('INVALID_INPUT');
    expect(e1.message).toMatch(/without an API key/);
    const e2 = await rejection(
      call('models.deploy.start', { dir: serviceDir, python: modelsPython(), apiKey: 'has a space' }),
    );
    expect(e2.code).toBe('INVALID_INPUT');
    // A different key while versions run with the current one would split the service's clients.
    const e3 = await rejection(
      call('models.deploy.start', { dir: serviceDir, python: modelsPython(), apiKey: 'another-key-123' }),
    );
    expect(e3.code).toBe('CONFLICT');
    expect((await call<{ key: string }>('models.apiKey.reveal', { name })).key).toBe(KEY);
    await expect(call('models.apiKey.reveal', { name: `${name}-plain` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Run by hand without API_KEY, the service refuses to start rather than serve without a key.
    const run = promisify(execFile)(modelsPython(), ['-c', 'import app'], {
      cwd: serviceDir,
      env: { PATH: '/usr/bin:/bin' },
    });
    const failed = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stderr: string } | null;
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('API_KEY is not set');
  }, 60_000);
});
