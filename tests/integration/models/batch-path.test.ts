import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { ArtifactOpened, Deployment, SmokeResult } from '../../../src/shared/contract/models';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from './fixtures';

/**
 * The batch path of the generated service (rows as one array for a plain
 * estimator, a DataFrame for a pipeline that selects columns by name) answers
 * exactly what scikit-learn answers on a DataFrame of the same rows: the
 * oracle is the model itself, run in Python by this test.
 */
let dir: string;
let core: Core;
let churn: string;
let pipeline: string;
let forest: string;
let multinomial: string;

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const ROWS = Array.from({ length: 100 }, (_, i) => ({
  tenure: i % 72,
  monthly_charges: 20 + i,
  total_charges: (i % 72) * (20 + i),
}));

/** What the pickled model itself predicts for ROWS, from a DataFrame: labels (Yes/No) and P(Yes). */
function oracle(model: string): { labels: string[]; yes: number[] } {
  const rows = join(dir, 'rows.json');
  const script = `
import json, pickle, sys
import pandas as pd
m = pickle.load(open(sys.argv[1], "rb"))
x = pd.DataFrame(json.load(open(sys.argv[2])))[["tenure", "monthly_charges", "total_charges"]]
labels = ["Yes" if v == 1 else "No" for v in m.predict(x)]
yes = m.predict_proba(x)[:, list(m.classes_).index(1)].tolist()
print(json.dumps({"labels": labels, "yes": yes}))
`;
  return JSON.parse(execFileSync(modelsPython(), ['-c', script, model, rows]).toString()) as {
    labels: string[];
    yes: number[];
  };
}

/** Pickles the model `fit` makes (as m) from n churn-like rows x (a DataFrame, seeded); returns its path. */
function fitted(file: string, seed: number, n: number, fit: string): string {
  const out = join(dir, file);
  const script = `
import pickle, sys
import numpy as np, pandas as pd
rng = np.random.default_rng(${seed})
x = pd.DataFrame({"tenure": rng.integers(0, 72, ${n}), "monthly_charges": rng.uniform(20, 120, ${n})})
x["total_charges"] = x.tenure * x.monthly_charges
${fit}
pickle.dump(m, open(sys.argv[1], "wb"))
`;
  execFileSync(modelsPython(), ['-c', script, out]);
  return out;
}

async function generated(model: string, name: string): Promise<string> {
  const o = await call<ArtifactOpened>('models.artifact.open', { path: model });
  await call('models.trust.set', { path: model, sha256: o.artifact.sha256, trusted: true });
  await call('models.inspect', { path: model, interpreter: modelsPython() });
  return (await call<{ dir: string }>('models.service.generate', { path: model, schema: churnSchema(name) })).dir;
}

async function serve(model: string, name: string): Promise<Deployment> {
  const gen = { dir: await generated(model, name) };
  const out = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
    dir: gen.dir,
    python: modelsPython(),
  });
  expect(out.smoke.error).toBeNull();
  return out.deployment;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-batch-'));
  ({ core, model: churn } = await inspectedChurnCore(dir, 60_000));
  await writeFile(join(dir, 'rows.json'), JSON.stringify(ROWS));
  // Fitted on a DataFrame; its ColumnTransformer picks columns by name, so it must get a DataFrame.
  pipeline = fitted(
    'pipeline.pkl',
    3,
    2000,
    `
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
y = ((x.monthly_charges > 70) & (x.tenure < 24)).astype(int)
ct = ColumnTransformer([("scaled", StandardScaler(), ["monthly_charges", "tenure"]), ("raw", "passthrough", ["total_charges"])])
m = Pipeline([("prep", ct), ("clf", LogisticRegression(max_iter=1000))]).fit(x, y)
`,
  );
  // Three classes: a multinomial logistic regression, whose probabilities are a softmax.
  multinomial = fitted(
    'multinomial.pkl',
    7,
    600,
    `
from sklearn.linear_model import LogisticRegression
y = (x.tenure // 24).astype(int)
m = LogisticRegression(max_iter=5000).fit(x, y)
`,
  );
  // A forest with leaves of one sample: probabilities of 0.5 against 0.5 (ties) occur, where predict decides.
  forest = fitted(
    'forest.pkl',
    5,
    400,
    `
from sklearn.ensemble import RandomForestClassifier
y = rng.integers(0, 2, len(x))
m = RandomForestClassifier(n_estimators=4, random_state=1).fit(x, y)
`,
  );
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * In the generated app's own process (its folder, its Python): whether it computes a logistic regression's
 * probabilities from the coefficients, and the largest difference of its answers from the model's own on a
 * DataFrame of 500 random rows (labels must be equal).
 */
function appAgainstModel(appDir: string, model: string): { linear: boolean; maxDiff: number; sameLabels: boolean } {
  const script = `
import json, pickle, sys
import numpy as np, pandas as pd
import app
m = pickle.load(open(sys.argv[1], "rb"))
rng = np.random.default_rng(11)
values = np.column_stack([rng.integers(0, 72, 500), rng.uniform(20, 120, 500), rng.uniform(0, 8000, 500)]).tolist()
raw, probs = app.infer(values)
x = pd.DataFrame(values, columns=app.FEATURES)
print(json.dumps({"linear": app.LINEAR_PROBA, "maxDiff": float(np.abs(np.asarray(probs) - m.predict_proba(x)).max()),
                  "sameLabels": [str(v) for v in raw] == [str(v) for v in m.predict(x)]}))
`;
  const out = execFileSync(modelsPython(), ['-c', script, model], {
    cwd: appDir,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'WARNING', FEEDBACK_DB: join(dir, 'linear.sqlite3') },
  });
  return JSON.parse(out.toString().trim().split('\n').at(-1)!) as {
    linear: boolean;
    maxDiff: number;
    sameLabels: boolean;
  };
}

describe('models batch path', () => {
  it('answers a logistic regression from its coefficients, with the probabilities scikit-learn gives', async () => {
    for (const [model, name] of [
      [churn, 'linear-binary'],
      [multinomial, 'linear-multinomial'],
    ] as const) {
      const got = appAgainstModel(await generated(model, name), model);
      expect(got).toMatchObject({ linear: true, sameLabels: true });
      expect(got.maxDiff).toBeLessThanOrEqual(1e-12);
    }
    // A pipeline is asked through scikit-learn (its steps may transform the rows); its answers are the model's.
    const viaSklearn = appAgainstModel(await generated(pipeline, 'linear-pipeline'), pipeline);
    expect(viaSklearn).toEqual({ linear: false, maxDiff: 0, sameLabels: true });
  }, 120_000);

  const cases = {
    'churn (plain estimator: one array; predict from predict_proba)': () => churn,
    'pipeline (selects columns by name: DataFrame)': () => pipeline,
    'forest (predict from predict_proba, ties asked predict)': () => forest,
  };
  for (const [which, modelOf] of Object.entries(cases)) {
    it(`a 100-row batch answers what the model predicts on a DataFrame: ${which}`, async () => {
      const model = modelOf();
      const d = await serve(model, `batch-${which.split(' ')[0]!}`);
      const res = await fetch(`${d.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ROWS),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
      const got = (await res.json()) as { 'Churn Prediction': string; probabilities: Record<string, number> }[];
      const want = oracle(model);
      expect(got.map((r) => r['Churn Prediction'])).toEqual(want.labels);
      expect(new Set(want.labels).size).toBe(2); // both classes occur: the comparison means something
      got.forEach((r, i) => expect(r.probabilities.Yes).toBeCloseTo(want.yes[i]!, 12));
      // The forest's batch holds ties, so the rows predict decides are part of the comparison.
      if (model === forest) expect(got.filter((r) => r.probabilities.Yes === 0.5).length).toBeGreaterThan(0);
      // The drift histograms saw every value of the batch (plus the smoke test's row).
      const metrics = await (await fetch(`${d.url}/metrics`)).text();
      expect(metrics).toContain('model_feature_value_count{feature="tenure"} 101.0');
    }, 120_000);
  }
});
