import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type {
  ArtifactOpened,
  Deployment,
  GeneratedFile,
  OnnxConversion,
  SmokeResult,
} from '../../../src/shared/contract/models';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from '../models/fixtures';

/**
 * The ONNX variant against real Pythons: the churn model converted with
 * skl2onnx and checked against scikit-learn (labels agree, probabilities
 * within 1e-4), its service deployed next to the scikit-learn one and both
 * asked the same rows; a model skl2onnx cannot convert is refused with the
 * converter's own error; a swapped model.onnx is refused before it runs.
 */
let dir: string;
let core: Core;
let model: string;
let python: string;
const id = Date.now().toString(36);

type Generated = { dir: string; files: GeneratedFile[]; conversion: OnnxConversion | null };
const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const post = async (url: string, body: unknown): Promise<unknown> => {
  const r = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
  return r.json();
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sd-onnx-'));
  python = modelsPython();
  ({ core, model } = await inspectedChurnCore(dir, 1000));
}, 600_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: ONNX variant', () => {
  let onnx: Generated;

  it('converts the churn model: labels agree and probabilities match within 1e-4; onnxruntime is the smaller set', async () => {
    onnx = await call<Generated>('models.service.generate', {
      path: model,
      schema: churnSchema(`churn-onnx-${id}`),
      variant: 'onnx',
      interpreter: python,
    });
    const c = onnx.conversion!;
    expect(c.inputs).toBe('tensor');
    expect(c.classes).toEqual([0, 1]);
    expect(c.parity.rows).toBe(25);
    expect(c.parity.labelsAgree).toBe(true);
    expect(c.parity.mismatches).toBe(0);
    expect(c.parity.maxAbsDiff).not.toBeNull();
    expect(c.parity.maxAbsDiff!).toBeLessThan(1e-4);
    expect(c.sizes.onnx.packages).toContain('onnxruntime');
    expect(c.sizes.onnx.packages).not.toContain('scikit-learn');
    expect(c.sizes.sklearn.packages).toEqual(expect.arrayContaining(['scikit-learn', 'scipy']));
    expect(c.sizes.onnx.bytes).toBeLessThan(c.sizes.sklearn.bytes);
    expect(existsSync(join(onnx.dir, 'model.onnx'))).toBe(true);
    expect(existsSync(join(onnx.dir, 'model.pkl'))).toBe(false);
    const file = (p: string) => onnx.files.find((f) => f.path === p)!.content;
    expect(file('requirements.txt')).toContain('onnxruntime==1.31.1');
    expect(file('requirements.txt')).not.toMatch(/scikit-learn|scipy|pandas/);
    expect(file('app.py')).toContain('ort.InferenceSession');
    expect(file('app.py')).not.toContain('pickle.load');
    const schema = JSON.parse(file('schema.json')) as { variant: string; onnxSha256: string };
    expect(schema.variant).toBe('onnx');
    expect(schema.onnxSha256).toBe(c.onnxSha256);
  }, 180_000);

  it('the ONNX service answers the same predictions as the scikit-learn one', async () => {
    const sk = await call<Generated>('models.service.generate', {
      path: model,
      schema: churnSchema(`churn-sk-${id}`),
    });
    expect(sk.conversion).toBeNull();
    const [a, b] = await Promise.all(
      [sk.dir, onnx.dir].map((d) =>
        call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', { dir: d, python }),
      ),
    );
    expect(a!.smoke.ok).toBe(true);
    expect(b!.smoke.ok).toBe(true);
    const rows = Array.from({ length: 40 }, (_, i) => ({
      tenure: (i * 7) % 73,
      monthly_charges: 18 + ((i * 13) % 100),
      total_charges: ((i * 7) % 73) * (18 + ((i * 13) % 100)),
    }));
    type Out = { 'Churn Prediction': string; probabilities: Record<string, number> };
    const want = (await post(a!.deployment.url, rows)) as Out[];
    const got = (await post(b!.deployment.url, rows)) as Out[];
    expect(got.map((o) => o['Churn Prediction'])).toEqual(want.map((o) => o['Churn Prediction']));
    expect(new Set(want.map((o) => o['Churn Prediction']))).toEqual(new Set(['Yes', 'No']));
    for (const [i, o] of got.entries())
      for (const k of ['Yes', 'No'])
        expect(Math.abs(o.probabilities[k]! - want[i]!.probabilities[k]!)).toBeLessThan(1e-4);
    const ready = await fetch(`${b!.deployment.url}/ready`);
    expect(ready.status).toBe(200);
    const health = (await (await fetch(`${b!.deployment.url}/health`)).json()) as { model_sha256: string };
    expect(health.model_sha256).toBe(b!.deployment.sha256);
    const metrics = await (await fetch(`${b!.deployment.url}/metrics`)).text();
    expect(metrics).toContain('model_predictions_total{label="Yes"}');
    // A row with a wrong field is the same 422 as the scikit-learn service gives.
    const bad = await fetch(`${b!.deployment.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 1, monthly: 2, total_charges: 3 }),
    });
    expect(bad.status).toBe(422);
    await call('models.deploy.stop', { id: a!.deployment.id });
    await call('models.deploy.stop', { id: b!.deployment.id });
  }, 180_000);

  it('refuses a model.onnx that is not the converted file, before anything runs', async () => {
    const swapped = await call<Generated>('models.service.generate', {
      path: model,
      schema: churnSchema(`churn-swap-${id}`),
      variant: 'onnx',
      interpreter: python,
    });
    await writeFile(
      join(swapped.dir, 'model.onnx'),
      Buffer.concat([await readFile(join(swapped.dir, 'model.onnx')), Buffer.from([0])]),
    );
    await expect(call('models.deploy.start', { dir: swapped.dir, python })).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 120_000);
});

describe('models: a model skl2onnx cannot convert', () => {
  it('is refused with the converter’s error, and no model.onnx is written', async () => {
    const path = join(dir, 'centroid.pkl');
    execFileSync(python, [
      '-c',
      'import pickle, sys, numpy as np; from sklearn.neighbors import NearestCentroid; X = np.random.default_rng(1).random((40, 3)); pickle.dump(NearestCentroid().fit(X, (X[:, 0] > 0.5).astype(int)), open(sys.argv[1], "wb"))',
      path,
    ]);
    const o = await call<ArtifactOpened>('models.artifact.open', { path });
    await call('models.trust.set', { path, sha256: o.artifact.sha256, trusted: true });
    await call('models.inspect', { path, interpreter: python });
    const name = `centroid-${id}`;
    const err = await call('models.service.generate', {
      path,
      schema: {
        ...churnSchema(name),
        features: ['a', 'b', 'c'].map((n) => ({ name: n, type: 'number', example: 0.5 })),
      },
      variant: 'onnx',
      interpreter: python,
    }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err).toMatchObject({ code: 'INVALID_INPUT' });
    expect(err!.message).toContain('skl2onnx cannot convert this NearestCentroid');
    expect(err!.message).toContain('MissingShapeCalculator');
    expect(existsSync(join(dir, 'data', 'models', 'services', name, 'model.onnx'))).toBe(false);
  }, 120_000);
});
