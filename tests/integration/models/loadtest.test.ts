import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type { ArtifactOpened, Deployment, LoadTestStats, SmokeResult } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnModel } from './fixtures';

/**
 * Load tests from core against the real generated churn service. Every count
 * is checked against the service's own Prometheus counters (what it actually
 * received), not only against what the load tester reports.
 */
let dir: string;
let core: Core;
let python: string;
let deployment: Deployment;

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;

/** The service's own count of POST /predict requests (by status, or all) and predictions per label. */
async function served(): Promise<{ requests: number; ok: number; byLabel: Record<string, number> }> {
  const text = await (await fetch(`${deployment.url}/metrics`)).text();
  let requests = 0;
  let ok = 0;
  const byLabel: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('model_requests_total{') && line.includes('path="/predict"')) {
      requests += value;
      if (line.includes('status="200"')) ok += value;
    }
    const label = /^model_predictions_total\{label="([^"]+)"\}/.exec(line);
    if (label) byLabel[label[1]!] = value;
  }
  return { requests, ok, byLabel };
}

function loadTest(input: object, onEvent?: (s: LoadTestStats, controller: AbortController) => void) {
  const controller = new AbortController();
  const events: LoadTestStats[] = [];
  const done = core.router.subscribe('models.loadtest.run' as never, { id: deployment.id, ...input } as never, {
    signal: controller.signal,
    emit: (e) => {
      events.push(e as LoadTestStats);
      onEvent?.(e as LoadTestStats, controller);
    },
  });
  return { events, done, controller };
}

const rejection = async (p: Promise<unknown>): Promise<StackdeckError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackdeckError);
  return err as StackdeckError;
};

beforeAll(async () => {
  python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-loadtest-'));
  const model = churnModel(dir);
  core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env, { supervisor: { pollMs: 500 } })],
  });
  const o = await call<ArtifactOpened>('models.artifact.open', { path: model });
  await call('models.trust.set', { path: model, sha256: o.artifact.sha256, trusted: true });
  await call('models.inspect', { path: model, interpreter: python });
  const gen = await call<{ dir: string }>('models.service.generate', {
    path: model,
    schema: {
      name: `churn-load-${Date.now().toString(36)}`,
      features: [
        { name: 'tenure', type: 'number', example: 1 },
        { name: 'monthly_charges', type: 'number', example: 70.5 },
        { name: 'total_charges', type: 'number', example: 70.5 },
      ],
      labels: { '1': 'Yes', '0': 'No' },
      outputField: 'Churn Prediction',
    },
  });
  const started = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
    dir: gen.dir,
    python,
  });
  expect(started.smoke.status).toBe(200);
  deployment = started.deployment;
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: load test', () => {
  it('sends exactly N requests at concurrency C and reports what the service counted', async () => {
    const before = await served();
    const t = loadTest({ requests: 400, concurrency: 8 });
    await t.done;
    const last = t.events.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.cancelled).toBe(false);
    expect(last).toMatchObject({ sent: 400, completed: 400, ok: 400, errors: 0, networkErrors: 0 });
    expect(last.byStatus).toEqual({ '200': 400 });
    expect(last.p50!).toBeGreaterThan(0);
    expect(last.p50!).toBeLessThanOrEqual(last.p95!);
    expect(last.p95!).toBeLessThanOrEqual(last.p99!);
    expect(last.p99!).toBeLessThanOrEqual(last.maxMs!);
    expect(last.requestsPerSec).toBeGreaterThan(0);
    const after = await served();
    expect(after.requests - before.requests).toBe(400);
    expect(after.ok - before.ok).toBe(400);
  });

  it('sends CSV rows in turn: the predictions the service counted are those of the rows', async () => {
    const csv = join(dir, 'rows.csv');
    // Two new, expensive customers (churn) and one cheap long-standing one (stays); extra columns are ignored.
    await writeFile(
      csv,
      'customer,tenure,monthly_charges,total_charges\n"a, b",1,110,110\nc,2,105,210\nd,70,20,1400\n',
    );
    const before = await served();
    const t = loadTest({ requests: 30, concurrency: 3, csvPath: csv });
    await t.done;
    expect(t.events.at(-1)).toMatchObject({ done: true, completed: 30, ok: 30 });
    const after = await served();
    expect((after.byLabel['Yes'] ?? 0) - (before.byLabel['Yes'] ?? 0)).toBe(20);
    expect((after.byLabel['No'] ?? 0) - (before.byLabel['No'] ?? 0)).toBe(10);
  });

  it('refuses a CSV without a feature column or with a bad value before sending anything', async () => {
    const before = await served();
    const noColumn = join(dir, 'no-column.csv');
    await writeFile(noColumn, 'tenure,monthly_charges\n1,2\n');
    const e1 = await rejection(loadTest({ requests: 10, concurrency: 2, csvPath: noColumn }).done);
    expect(e1.code).toBe('INVALID_INPUT');
    expect(e1.message).toContain('no column for "total_charges"');
    const badValue = join(dir, 'bad-value.csv');
    await writeFile(badValue, 'tenure,monthly_charges,total_charges\n1,2,3\n4,five,6\n');
    const e2 = await rejection(loadTest({ requests: 10, concurrency: 2, csvPath: badValue }).done);
    expect(e2.code).toBe('INVALID_INPUT');
    expect(e2.message).toBe('CSV line 3, column "monthly_charges": "five" is not a number.');
    const e3 = await rejection(loadTest({ requests: 10, concurrency: 2, csvPath: join(dir, 'missing.csv') }).done);
    expect(e3.code).toBe('NOT_FOUND');
    expect((await served()).requests).toBe(before.requests);
  });

  it('Cancel stops the load at once: the service receives nothing more', async () => {
    const before = await served();
    const t = loadTest({ requests: 1_000_000, concurrency: 8 }, (s, controller) => {
      if (s.completed > 0) controller.abort();
    });
    const err = await rejection(t.done);
    expect(err.code).toBe('CANCELLED');
    await new Promise((r) => setTimeout(r, 300));
    const atCancel = await served();
    await new Promise((r) => setTimeout(r, 1500));
    const later = await served();
    expect(later.requests).toBe(atCancel.requests);
    expect(atCancel.requests - before.requests).toBeGreaterThan(0);
    expect(atCancel.requests - before.requests).toBeLessThan(1_000_000);
  });

  it('refuses a load test of a stopped deployment', async () => {
    const other = await call<{ deployments: Deployment[] }>('models.deploy.list', {});
    expect(other.deployments.map((d) => d.id)).toContain(deployment.id);
    await call('models.deploy.stop', { id: deployment.id });
    const err = await rejection(loadTest({ requests: 10, concurrency: 1 }).done);
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('is stopped');
  });
});
