import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type {
  ArtifactOpened,
  Deployment,
  GeneratedFile,
  MetricsPoint,
  ServiceSchema,
  SmokeResult,
} from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnModel, maliciousPickle } from './fixtures';

/**
 * Generated FastAPI service and local deployment against the real service:
 * core generates it from the churn model, starts it under supervision (one
 * uvicorn, then gunicorn with 2 workers), smoke tests it, scrapes its metrics.
 */
let dir: string;
let core: Core;
let python: string;
let model: string;

async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met in ${timeoutMs} ms ${String(last ?? '')}`);
}

const schema = (name: string, example = 1): ServiceSchema => ({
  name,
  features: [
    { name: 'tenure', type: 'number', example },
    { name: 'monthly_charges', type: 'number', example: 70.5 },
    { name: 'total_charges', type: 'number', example: 70.5 },
  ],
  labels: { '1': 'Yes', '0': 'No' },
  outputField: 'Churn Prediction',
  probabilities: true,
  apiKey: false,
});

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const rejection = async (p: Promise<unknown>): Promise<StackdeckError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackdeckError);
  return err as StackdeckError;
};

async function prepare(path: string): Promise<void> {
  const o = await call<ArtifactOpened>('models.artifact.open', { path });
  await call('models.trust.set', { path, sha256: o.artifact.sha256, trusted: true });
  await call('models.inspect', { path, interpreter: python });
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-modeldeploy-'));
  model = churnModel(dir);
  core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    // Only the models area, with a fast scrape interval.
    areas: [(env) => createModelsArea(env, { supervisor: { pollMs: 500 } })],
  });
  await prepare(model);
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: generated service and local deploy', () => {
  let url = '';
  let deployment: Deployment;

  it('generates the service files and deploys them; the smoke test answers the churn prediction', async () => {
    const name = `churn-${Date.now().toString(36)}`;
    const gen = await call<{ dir: string; files: GeneratedFile[] }>('models.service.generate', {
      path: model,
      schema: schema(name),
    });
    expect(gen.files.map((f) => f.path)).toEqual([
      'app.py',
      'gunicorn.conf.py',
      'requirements.txt',
      'Dockerfile',
      'README.md',
      'example.json',
      'schema.json',
    ]);
    const file = (p: string) => gen.files.find((f) => f.path === p)!.content;
    expect(file('requirements.txt')).toContain('scikit-learn==1.9.1');
    expect(file('Dockerfile')).toMatch(/ARG BASE=/);
    expect(file('Dockerfile')).toMatch(/HEALTHCHECK/);
    expect(file('Dockerfile')).toMatch(/USER app/);

    const started = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
      dir: gen.dir,
      python,
    });
    expect(started.smoke.error).toBeNull();
    expect(started.smoke.status).toBe(200);
    expect(['Yes', 'No']).toContain((started.smoke.response as Record<string, unknown>)['Churn Prediction']);
    expect(started.deployment.status).toBe('running');
    deployment = started.deployment;
    url = deployment.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A long-tenure, cheap customer stays; a new, expensive one churns.
    const batch = (await (
      await post(url, [
        { tenure: 70, monthly_charges: 20, total_charges: 1400 },
        { tenure: 0, monthly_charges: 118, total_charges: 0 },
      ])
    ).json()) as { 'Churn Prediction': string; probabilities: Record<string, number> }[];
    expect(batch.map((b) => b['Churn Prediction'])).toEqual(['No', 'Yes']);
    expect(Object.keys(batch[0]!.probabilities).sort()).toEqual(['No', 'Yes']);

    // Bad input: 422 naming the field.
    const missing = await post(url, { tenure: 1, monthly_charges: 2 });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain('total_charges');
    const mistyped = await post(url, { tenure: 'long', monthly_charges: 2, total_charges: 3 });
    expect(mistyped.status).toBe(422);
    expect(JSON.stringify(await mistyped.json())).toContain('tenure');
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });

  it('core scrapes /metrics: requests, 4xx counted as errors, predictions by class, latency', async () => {
    for (let i = 0; i < 10; i++)
      expect((await post(url, { tenure: 0, monthly_charges: 118, total_charges: 0 })).status).toBe(200);
    const point = await eventually(async () => {
      const { points } = await call<{ points: MetricsPoint[] }>('models.metrics.series', { id: deployment.id });
      const p = points.at(-1);
      return p !== undefined && p.requests >= 14 ? p : undefined;
    });
    // smoke (1) + batch (1) + 2 bad + 10 = 14 requests on /predict, 2 of them 4xx.
    expect(point.requests).toBe(14);
    expect(point.errors).toBe(2);
    expect(point.byClass.Yes).toBeGreaterThanOrEqual(11);
    const { points } = await call<{ points: MetricsPoint[] }>('models.metrics.series', { id: deployment.id });
    expect(points.some((p) => p.p99 !== null && p.p99 > 0)).toBe(true);
  });

  it('restarts a crashed service with backoff, then stops on request', async () => {
    process.kill(deployment.pid!, 'SIGKILL');
    const back = await eventually(async () => {
      const { deployments } = await call<{ deployments: Deployment[] }>('models.deploy.list', {});
      const d = deployments.find((x) => x.id === deployment.id)!;
      return d.restarts === 1 && d.status === 'running' && d.healthy ? d : undefined;
    });
    expect(back.pid).not.toBe(deployment.pid);
    expect((await post(url, { tenure: 1, monthly_charges: 70.5, total_charges: 70.5 })).status).toBe(200);
    const stopped = await call<Deployment>('models.deploy.stop', { id: deployment.id });
    expect(stopped.status).toBe('stopped');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('re-generation shows a diff of what changed', async () => {
    const name = `churn-diff-${Date.now().toString(36)}`;
    await call('models.service.generate', { path: model, schema: schema(name, 1) });
    const again = await call<{ files: GeneratedFile[] }>('models.service.generate', {
      path: model,
      schema: schema(name, 12),
    });
    const ex = again.files.find((f) => f.path === 'example.json')!;
    expect(ex.changed).toBe(true);
    expect(ex.diff).toContain('-  "tenure": 1,');
    expect(ex.diff).toContain('+  "tenure": 12,');
    expect(again.files.find((f) => f.path === 'Dockerfile')!.diff).toBeNull();
  });

  it('several gunicorn workers: /metrics counts every request once (PROMETHEUS_MULTIPROC_DIR)', async () => {
    const gen = await call<{ dir: string }>('models.service.generate', {
      path: model,
      schema: schema(`churn-mw-${Date.now().toString(36)}`),
    });
    const { deployment: d, smoke } = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
      dir: gen.dir,
      python,
      workers: 2,
    });
    expect(smoke.error).toBeNull();
    // New connections each time, so the kernel spreads them over both workers.
    const close = { 'content-type': 'application/json', connection: 'close' };
    const body = JSON.stringify({ tenure: 3, monthly_charges: 50, total_charges: 150 });
    for (let round = 0; round < 3; round++)
      await Promise.all(
        Array.from({ length: 20 }, () => fetch(`${d.url}/predict`, { method: 'POST', headers: close, body })),
      );
    // Whichever worker answers /metrics, it reports all 61 (smoke test + 60).
    for (let k = 0; k < 6; k++) {
      const text = await (await fetch(`${d.url}/metrics`, { headers: { connection: 'close' } })).text();
      const ok = text
        .split('\n')
        .find(
          (l) => l.startsWith('model_requests_total{') && l.includes('path="/predict"') && l.includes('status="200"'),
        );
      expect(Number(ok?.split(' ').at(-1))).toBe(61);
    }
    await call('models.deploy.stop', { id: d.id });
  });

  it('a service that crashes on start and an untrusted model copy stop the rollout with the reason', async () => {
    const gen = await call<{ dir: string }>('models.service.generate', {
      path: model,
      schema: schema(`churn-bad-${Date.now().toString(36)}`),
    });
    await writeFile(join(gen.dir, 'app.py'), 'raise RuntimeError("boom at import")\n');
    const bad = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
      dir: gen.dir,
      python,
    });
    expect(bad.smoke.ok).toBe(false);
    expect(bad.smoke.error).toContain('boom at import');
    expect(bad.deployment.status).toBe('failed');

    await copyFile(maliciousPickle(dir, join(dir, 'never'), 4), join(gen.dir, 'model.pkl'));
    const err = await rejection(call('models.deploy.start', { dir: gen.dir, python }));
    expect(err.detail?.kind).toBe('untrusted');
  });
});
