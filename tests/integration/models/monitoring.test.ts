import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { Deployment, DriftView, LoadTestStats, SmokeResult } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { inspectedChurnCore } from './fixtures';

/**
 * Load tests and drift from core against the real generated churn service.
 * Every load-test count is checked against the service's own Prometheus
 * counters (what it actually received), not only against what the load tester
 * reports; drift is measured from the service's own input histograms.
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
  let model: string;
  ({ core, model } = await inspectedChurnCore(dir, 500));
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
});

/** Deterministic rows: tenure 1-72, monthly charges 20-120 (the churn example's ranges), or a shifted population. */
function rows(n: number, shifted: boolean): string {
  let seed = shifted ? 7 : 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out = ['tenure,monthly_charges,total_charges'];
  for (let i = 0; i < n; i++) {
    const tenure = shifted ? 1 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 72);
    const monthly = shifted ? 150 + rand() * 40 : 20 + rand() * 100;
    out.push(`${tenure},${monthly.toFixed(2)},${(tenure * monthly).toFixed(2)}`);
  }
  return `${out.join('\n')}\n`;
}

describe('models: drift (PSI per feature against a reference CSV)', () => {
  it('stays stable under reference-like inputs and flags the shifted features', async () => {
    const reference = join(dir, 'reference.csv');
    const shifted = join(dir, 'shifted.csv');
    await writeFile(reference, rows(600, false));
    await writeFile(shifted, rows(600, true));
    expect((await call<{ drift: DriftView | null }>('models.drift.get', { id: deployment.id })).drift).toBeNull();

    const set = await call<DriftView>('models.drift.reference', {
      id: deployment.id,
      csvPath: reference,
      windowMs: 5_000,
    });
    expect(set.reference).toMatchObject({ path: reference, rows: 600, windowMs: 5_000 });
    expect(set.features.map((f) => [f.name, f.status])).toEqual([
      ['tenure', 'not enough data'],
      ['monthly_charges', 'not enough data'],
      ['total_charges', 'not enough data'],
    ]);

    // Phase 1: the reference population itself.
    await loadTest({ requests: 600, concurrency: 4, csvPath: reference }).done;
    await new Promise((r) => setTimeout(r, 1_200)); // one more scrape
    const p1 = (await call<{ drift: DriftView }>('models.drift.get', { id: deployment.id })).drift;
    const measured1 = p1.points.filter((p) => p.psi['tenure'] !== null);
    expect(measured1.length).toBeGreaterThan(0);
    // A window is a sample of a few hundred rows, so PSI has noise: never "significant", typically "stable".
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const f of ['tenure', 'monthly_charges']) {
      const values = measured1.map((p) => p.psi[f]!);
      expect(Math.max(...values)).toBeLessThan(0.25);
      expect(median(values)).toBeLessThan(0.1);
    }
    // Idle for longer than the window, so no phase-1 input can be in a window measured after phase 2
    // (a fast phase 2 is shorter than the window, and snapshots are a poll apart).
    await new Promise((r) => setTimeout(r, 5_500));
    const phase2 = Date.now();

    // Phase 2: new, expensive customers only.
    await loadTest({ requests: 600, concurrency: 4, csvPath: shifted }).done;
    await new Promise((r) => setTimeout(r, 1_200));
    const p2 = (await call<{ drift: DriftView }>('models.drift.get', { id: deployment.id })).drift;
    const measured2 = p2.points.filter((p) => p.at > phase2 && p.psi['tenure'] !== null);
    expect(measured2.some((p) => p.psi['tenure']! > 0.25)).toBe(true);
    expect(measured2.some((p) => p.psi['monthly_charges']! > 0.25)).toBe(true);
    const now = Object.fromEntries(p2.features.map((f) => [f.name, f]));
    // The window still holds the shifted inputs (the run ended about a second ago).
    expect(now['tenure']!.status).toBe('significant');
    expect(now['tenure']!.windowCount).toBeGreaterThanOrEqual(200);
    // The live histogram sits in the two lowest tenure bins the service has: (0, 1] and (1, 2].
    const lowBins = p2.bounds.findIndex((b) => b === 2);
    expect(now['tenure']!.live.slice(0, lowBins + 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('refuses a reference CSV without a feature column and keeps the reference it had', async () => {
    const bad = join(dir, 'no-total.csv');
    await writeFile(bad, 'tenure,monthly_charges\n1,2\n');
    const err = await rejection(call('models.drift.reference', { id: deployment.id, csvPath: bad }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('no column for "total_charges"');
    const kept = (await call<{ drift: DriftView }>('models.drift.get', { id: deployment.id })).drift;
    expect(kept.reference.path).toBe(join(dir, 'reference.csv'));
  });
});

describe('models: a stopped deployment', () => {
  it('refuses a load test of a stopped deployment', async () => {
    const other = await call<{ deployments: Deployment[] }>('models.deploy.list', {});
    expect(other.deployments.map((d) => d.id)).toContain(deployment.id);
    await call('models.deploy.stop', { id: deployment.id });
    const err = await rejection(loadTest({ requests: 10, concurrency: 1 }).done);
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('is stopped');
  });
});
