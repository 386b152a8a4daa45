/**
 * `npm run bench:models`: the churn model served two ways on this machine,
 * driven by the same load (keep-alive HTTP from this process).
 *
 *   npm run bench:models [-- --requests 20000 --concurrency 16 --workers 2]
 *
 * Reference: the seed's Flask app (examples/churn/app_flask.py) under gunicorn
 * with N sync workers. Stackdeck: the generated FastAPI service deployed by
 * core (gunicorn with N uvicorn workers, metrics on). Single-row payloads,
 * then 100-row batches (requests / 10 of them). Prints throughput and
 * p50/p99 for both and the ratio, and the generated service's p50 over a bare
 * in-process `model.predict` on one row. Python comes from the test venv
 * (.stack/models-venv). Not part of `npm test`.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/core/app';
import { FileKeyCipher } from '../src/core/connections';
import { createModelsArea } from '../src/core/models';
import { freePort as freePortForBench } from '../src/core/models/deploy';
import { CHURN_DIR, modelsPython } from '../tests/support/models-venv';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const REQUESTS = arg('requests', 20_000);
const CONCURRENCY = arg('concurrency', 16);
const WORKERS = arg('workers', 2);

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function drive(url: string, body: string, n: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const u = new URL(`${url}/predict`);
  const lat: number[] = [];
  let errors = 0;
  let next = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            lat.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        await one();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { rps: n / seconds, p50: q(0.5), p99: q(0.99), errors };
}

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ROW),
      });
      if (r.status === 200) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

const ROW = { tenure: 1, monthly_charges: 70.5, total_charges: 70.5 };
const BATCH = Array.from({ length: 100 }, (_, i) => ({
  tenure: i % 72,
  monthly_charges: 20 + i,
  total_charges: (i % 72) * (20 + i),
}));

async function main(): Promise<void> {
  const python = modelsPython();
  const dir = await mkdtemp(join(tmpdir(), 'stackdeck-bench-models-'));
  const model = join(dir, 'model.pkl');
  execFileSync(python, [join(CHURN_DIR, 'train.py'), '--out', model]);
  const bare = Number(
    execFileSync(python, [
      '-c',
      'import pickle,sys,timeit,pandas as pd; m=pickle.load(open(sys.argv[1],"rb")); x=pd.DataFrame([[1,70.5,70.5]],columns=["tenure","monthly_charges","total_charges"]); n=2000; print(timeit.timeit(lambda: m.predict(x), number=n)/n*1000)',
      model,
    ]).toString(),
  );

  const flaskPort = await freePortForBench();
  const flask = spawn(
    python,
    ['-m', 'gunicorn', '-w', String(WORKERS), '-b', `127.0.0.1:${flaskPort}`, 'app_flask:app'],
    {
      cwd: CHURN_DIR,
      env: { PATH: process.env.PATH, MODEL_PATH: model },
      stdio: 'ignore',
    },
  );
  const core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    areas: [(env) => createModelsArea(env)],
  });
  try {
    const r = core.router;
    const o = (await r.call('models.artifact.open', { path: model })) as { artifact: { sha256: string } };
    await r.call('models.trust.set', { path: model, sha256: o.artifact.sha256, trusted: true });
    await r.call('models.inspect', { path: model, interpreter: python });
    const gen = (await r.call('models.service.generate', {
      path: model,
      schema: {
        name: 'churn-bench',
        features: Object.entries(ROW).map(([name, example]) => ({ name, type: 'number' as const, example })),
        labels: { '1': 'Yes', '0': 'No' },
        outputField: 'Churn Prediction',
      },
    })) as { dir: string };
    const dep = (await r.call('models.deploy.start', { dir: gen.dir, python, workers: WORKERS })) as {
      deployment: { url: string };
      smoke: { ok: boolean; error: string | null };
    };
    if (!dep.smoke.ok) throw new Error(dep.smoke.error ?? 'smoke test failed');
    const flaskUrl = `http://127.0.0.1:${flaskPort}`;
    await waitUp(`${flaskUrl}/predict`);

    console.log(
      `churn model, ${WORKERS} workers each, concurrency ${CONCURRENCY}; bare model.predict (1 row): ${bare.toFixed(3)} ms`,
    );
    for (const [label, body, n] of [
      ['single row', JSON.stringify(ROW), REQUESTS],
      ['100-row batch', JSON.stringify(BATCH), Math.max(100, Math.round(REQUESTS / 10))],
    ] as const) {
      // Warm both, then alternate so machine load hits both alike.
      await drive(flaskUrl, body, 200);
      await drive(dep.deployment.url, body, 200);
      const f = await drive(flaskUrl, body, n);
      const s = await drive(dep.deployment.url, body, n);
      const fmt = (x: Result) =>
        `${x.rps.toFixed(0)} req/s, p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms, errors ${x.errors}`;
      console.log(`${label} x${n}`);
      console.log(`  Flask + gunicorn (reference): ${fmt(f)}`);
      console.log(`  Stackdeck FastAPI service:    ${fmt(s)}`);
      console.log(
        `  throughput ratio ${(s.rps / f.rps).toFixed(2)}x (target >= 2x), p99 ratio ${(s.p99 / f.p99).toFixed(2)} (target <= 1)`,
      );
      if (label === 'single row')
        console.log(`  service overhead over bare predict: ${(s.p50 - bare).toFixed(2)} ms at p50`);
    }
  } finally {
    await core.dispose();
    flask.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
