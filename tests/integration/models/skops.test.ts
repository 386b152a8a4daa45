/**
 * A skops model: the churn model saved with `skops.io.dump` by the test
 * venv's skops 0.16. Its scan lists the types named in the file's schema
 * without loading it (and finds the scikit-learn version in the estimator's
 * state); a file naming os.system is flagged and not loaded until trusted;
 * the allow-listed file needs no trust decision: it is inspected, generated
 * into a service that pins skops, deployed and answers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import type {
  ArtifactOpened,
  Deployment,
  GeneratedFile,
  InspectReport,
  SmokeResult,
} from '../../../src/shared/contract/models';
import type { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnModel, churnSchema } from './fixtures';

let dir: string;
let core: Core;
let python: string;
let model: string;
let evil: string;
let deployment: Deployment | undefined;

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as StackdeckError,
  );

beforeAll(async () => {
  python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-skops-'));
  const pkl = churnModel(dir);
  model = join(dir, 'churn.skops');
  evil = join(dir, 'evil.skops');
  // The same model through skops' own writer; then a copy whose schema also names os.system.
  execFileSync(python, [
    '-c',
    `import json, pickle, sys, zipfile, skops.io as sio
sio.dump(pickle.load(open(sys.argv[1], "rb")), sys.argv[2])
with zipfile.ZipFile(sys.argv[2]) as src, zipfile.ZipFile(sys.argv[3], "w") as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "schema.json":
            schema = json.loads(data)
            schema["content"]["content"]["hook"] = {"__class__": "system", "__module__": "os", "__loader__": "TypeNode", "__id__": 1}
            data = json.dumps(schema).encode()
        dst.writestr(item, data)`,
    pkl,
    model,
    evil,
  ]);
  core = await createCore({ userDataDir: join(dir, 'data'), cipher: new FileKeyCipher(dir), validateOutputs: true });
}, 900_000);

afterAll(async () => {
  if (deployment) await call('models.deploy.stop', { id: deployment.id }).catch(() => undefined);
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: skops files', () => {
  it('scans the schema without loading: the estimator types, nothing flagged, the saved scikit-learn version', async () => {
    const o = await call<ArtifactOpened>('models.artifact.open', { path: model });
    expect(o.artifact.format).toBe('skops');
    // Every type on the allow-list: skops loads it without the user's trust, as it would with its own defaults.
    expect(o.scan).toMatchObject({ readable: true, runsCode: false, flagged: 0, unknown: 0, savedSklearn: '1.9.1' });
    expect(o.scan.imports.map((i) => `${i.module}.${i.name}`)).toContain(
      'sklearn.linear_model._logistic.LogisticRegression',
    );
    expect(o.trust.trusted).toBe(false);
  });

  it('a skops file naming os.system is flagged, and inspection refuses it until it is trusted', async () => {
    const o = await call<ArtifactOpened>('models.artifact.open', { path: evil });
    expect(o.scan.flagged).toBeGreaterThanOrEqual(1);
    expect(o.scan.runsCode).toBe(true);
    expect(o.scan.imports.find((i) => i.module === 'os' && i.name === 'system')?.verdict).toBe('flagged');
    const refused = await failure(call('models.inspect', { path: evil, interpreter: python }));
    expect(refused?.message).toMatch(/not trusted/);
  });

  it('with no trust decision (it runs no code) it is inspected, generated into a service pinning skops, deployed and answers', async () => {
    const o = await call<ArtifactOpened>('models.artifact.open', { path: model });
    expect(o.trust.trusted).toBe(false);
    const report = await call<InspectReport>('models.inspect', { path: model, interpreter: python });
    expect(report.estimator).toBe('sklearn.linear_model._logistic.LogisticRegression');
    expect(report.featureNamesIn).toEqual(['tenure', 'monthly_charges', 'total_charges']);
    expect(report.hasPredictProba).toBe(true);

    const gen = await call<{ dir: string; files: GeneratedFile[] }>('models.service.generate', {
      path: model,
      schema: churnSchema('churn-skops'),
    });
    expect(gen.files.find((f) => f.path === 'requirements.txt')?.content).toContain('skops==0.16.0');
    const started = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
      dir: gen.dir,
      python,
    });
    deployment = started.deployment;
    expect(started.smoke).toMatchObject({ ok: true, status: 200 });
    const r = await fetch(`${deployment.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 0, monthly_charges: 118, total_charges: 0 }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ 'Churn Prediction': 'Yes' });
  }, 300_000);
});
