import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { Deployment, MetricsPoint, SmokeResult } from '../../../src/shared/contract/models';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from './fixtures';

/**
 * POST /feedback on the generated churn service under two gunicorn workers:
 * each feedback finds its prediction whichever worker answered it (the
 * service's SQLite store), is counted once, and core's scrapes turn the
 * counters into the rolling accuracy. The oracle for "right or wrong" is the
 * prediction the service itself answered.
 */
let dir: string;
let core: Core;
let deployment: Deployment;

// Async: a synchronous child would stall the event loop, and the service's keep-alive connections closed
// meanwhile would be reused before their close was seen ("other side closed").
const execFileAsync = promisify(execFile);
const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;

async function predict(row: Record<string, number>): Promise<{ id: string; label: string }> {
  const res = await fetch(`${deployment.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(row),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  return { id: res.headers.get('x-request-id') ?? '', label: String(body['Churn Prediction']) };
}

async function feedback(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${deployment.url}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function counted(): Promise<{ correct: number; incorrect: number }> {
  const text = await (await fetch(`${deployment.url}/metrics`)).text();
  const value = (outcome: string) =>
    Number(new RegExp(`^model_feedback_total\\{outcome="${outcome}"\\} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
  return { correct: value('correct'), incorrect: value('incorrect') };
}

async function latestPoint(until: (p: MetricsPoint) => boolean): Promise<MetricsPoint> {
  for (let i = 0; i < 60; i++) {
    const { points } = await call<{ points: MetricsPoint[] }>('models.metrics.series', { id: deployment.id });
    const last = points.at(-1);
    if (last !== undefined && until(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no scrape showed the feedback');
}

beforeAll(async () => {
  const python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-feedback-'));
  let model: string;
  ({ core, model } = await inspectedChurnCore(dir, 300));
  const gen = await call<{ dir: string }>('models.service.generate', {
    path: model,
    schema: churnSchema(`churn-feedback-${Date.now().toString(36)}`),
  });
  const started = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
    dir: gen.dir,
    python,
    workers: 2,
  });
  expect(started.smoke.status).toBe(200);
  deployment = started.deployment;
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: feedback accuracy', () => {
  it('counts each feedback once against the answered prediction, across workers, and core charts the accuracy', async () => {
    // A new expensive customer churns, a long-standing cheap one stays (the model's own answers decide).
    const rows = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? { tenure: 1, monthly_charges: 110, total_charges: 110 }
        : { tenure: 70, monthly_charges: 20, total_charges: 1400 },
    );
    const answered = [];
    for (const row of rows) answered.push(await predict(row));
    expect(new Set(answered.map((a) => a.id)).size).toBe(40);
    // 30 confirmed, 10 contradicted: 75%. Class values count as their label (1 -> "Yes").
    let expectCorrect = 0;
    for (const [i, a] of answered.entries()) {
      const right = i < 30;
      const truth = right ? a.label : a.label === 'Yes' ? 'No' : 'Yes';
      const label = i % 3 === 0 ? (truth === 'Yes' ? 1 : 0) : truth;
      const r = await feedback({ request_id: a.id, label });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json).toMatchObject({ predicted: a.label, label: truth, correct: right });
      if (right) expectCorrect++;
    }
    expect(await counted()).toEqual({ correct: expectCorrect, incorrect: 40 - expectCorrect });

    const point = await latestPoint((p) => p.feedbackCorrect + p.feedbackIncorrect === 40);
    expect(point).toMatchObject({ feedbackCorrect: 30, feedbackIncorrect: 10, accuracyOf: 40 });
    expect(point.accuracy).toBeCloseTo(0.75, 5);
  });

  it('feedback sent before the answering worker wrote its prediction waits for it; a chosen id is written at once', async () => {
    const gen = await call<{ dir: string }>('models.service.generate', {
      path: join(dir, 'model.pkl'),
      schema: churnSchema(`churn-wait-${Date.now().toString(36)}`),
    });
    // Two workers' stores on one file, in the generated app's own code: A answers on its event loop (its write
    // queued for 10 ms), B is asked for feedback on that prediction from a thread at once.
    const script = `
import asyncio, json, threading, app
a = app.feedback_store
b = app.FeedbackStore(app.FEEDBACK_DB)
out = [{app.OUTPUT_FIELD: "Yes"}]
seen = {}
async def main():
    a.record("generated-id", out)
    seen["queued"] = len(a.pending)
    t = threading.Thread(target=lambda: seen.update(found=b.give("generated-id", 0, "Yes")[0]))
    t.start()
    while t.is_alive():
        await asyncio.sleep(0.001)
    a.record("chosen-id", out, now=True)
    seen["chosenQueued"] = len(a.pending)
asyncio.run(main())
seen["chosen"] = b.give("chosen-id", 0, "No")[0]
print(json.dumps(seen))
`;
    const { stdout: run } = await execFileAsync(modelsPython(), ['-c', script], {
      cwd: gen.dir,
      env: { PATH: process.env.PATH, FEEDBACK_DB: join(dir, 'wait.sqlite3'), LOG_LEVEL: 'WARNING' },
    });
    expect(JSON.parse(run.toString().trim().split('\n').at(-1)!)).toEqual({
      queued: 1,
      found: 'correct',
      chosenQueued: 0,
      chosen: 'incorrect',
    });
  }, 120_000);

  it('refuses an unknown request id (404), a second feedback (409) and a bad body (422), counting none', async () => {
    const before = await counted();
    const unknown = await feedback({ request_id: 'never-predicted', label: 'Yes' });
    expect(unknown.status).toBe(404);
    expect(String(unknown.json.detail)).toMatch(/no prediction with request id never-predicted/);

    const a = await predict({ tenure: 1, monthly_charges: 110, total_charges: 110 });
    expect((await feedback({ request_id: a.id, label: a.label })).status).toBe(200);
    const again = await feedback({ request_id: a.id, label: a.label });
    expect(again.status).toBe(409);
    expect(String(again.json.detail)).toMatch(/already given/);

    const missing = await feedback({ request_id: a.id });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.json)).toContain('label');
    const extra = await feedback({ request_id: a.id, label: 'Yes', lable: 'typo' });
    expect(extra.status).toBe(422);
    expect(JSON.stringify(extra.json)).toContain('lable');
    const wrongRow = await feedback({ request_id: a.id, label: 'Yes', row: 3 });
    expect(wrongRow.status).toBe(404);

    expect(await counted()).toEqual({ correct: before.correct + 1, incorrect: before.incorrect });
  });

  it('takes feedback for each row of a batch; a request id sent again starts its rows afresh', async () => {
    const id = `batch-${Date.now().toString(36)}`;
    const send = async (rows: Record<string, number>[]) => {
      const res = await fetch(`${deployment.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify(rows),
      });
      expect(res.headers.get('x-request-id')).toBe(id);
      return ((await res.json()) as Record<string, unknown>[]).map((r) => String(r['Churn Prediction']));
    };
    const rows = [
      { tenure: 70, monthly_charges: 20, total_charges: 1400 },
      { tenure: 0, monthly_charges: 118, total_charges: 0 },
      { tenure: 1, monthly_charges: 110, total_charges: 110 },
    ];
    const first = await send(rows);
    expect(first.slice(0, 2)).toEqual(['No', 'Yes']);
    const row1 = await feedback({ request_id: id, label: 'No', row: 1 });
    expect(row1.json).toMatchObject({ row: 1, predicted: 'Yes', label: 'No', correct: false });
    expect((await feedback({ request_id: id, label: 'No', row: 0 })).json).toMatchObject({
      predicted: 'No',
      correct: true,
    });
    expect((await feedback({ request_id: id, label: 'No', row: 1 })).status).toBe(409);
    expect((await feedback({ request_id: id, label: 'No', row: 3 })).status).toBe(404);
    // The same id with a new batch: its answers replace the old ones, feedback given before no longer counts.
    const second = await send([rows[1]!]);
    expect(second).toEqual(['Yes']);
    expect((await feedback({ request_id: id, label: 'Yes', row: 0 })).json).toMatchObject({
      predicted: 'Yes',
      correct: true,
    });
    expect((await feedback({ request_id: id, label: 'Yes', row: 1 })).status).toBe(404);
  });

  it('remembers the newest FEEDBACK_KEEP predictions: older requests are forgotten whole, newer ones kept', async () => {
    const gen = await call<{ dir: string }>('models.service.generate', {
      path: join(dir, 'model.pkl'),
      schema: churnSchema(`churn-keep-${Date.now().toString(36)}`),
    });
    // The generated app's own store, driven in its folder: 16 requests of 100 predictions. It prunes once it has
    // recorded 1,000 (at the 10th: 1,000 then), keeping those of the newest 500, so r0-r4 go and r5-r15 stay.
    const script = `
import json, app
out = [{app.OUTPUT_FIELD: "Yes"}] * 100
for r in range(16):
    app.feedback_store.record("r%d" % r, out)
print(json.dumps([app.feedback_store.give("r%d" % r, row, "Yes")[0] for r, row in ((0, 0), (4, 99), (5, 0), (9, 99), (15, 50))]))
`;
    const { stdout: run } = await execFileAsync(modelsPython(), ['-c', script], {
      cwd: gen.dir,
      env: {
        PATH: process.env.PATH,
        FEEDBACK_KEEP: '500',
        FEEDBACK_DB: join(dir, 'keep.sqlite3'),
        LOG_LEVEL: 'WARNING',
      },
    });
    expect(JSON.parse(run.toString().trim().split('\n').at(-1)!)).toEqual([
      null,
      null,
      'correct',
      'correct',
      'correct',
    ]);
  }, 120_000);
});
