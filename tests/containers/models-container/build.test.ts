import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { freePort } from '../../../src/core/models/deploy';
import { buildah } from '../../support/container-base';
import { MODELS_VENV } from '../../support/models-venv';
import { churnCore } from '../../integration/models-host/fixture';
import { buildImage, runImage, waitHttp, type Running } from '../../integration/models-container/fixture';

/**
 * The churn service exported as a container build context and as a SageMaker
 * container, each linted with hadolint, built with buildah from the local
 * debootstrap base (ARG BASE), run and smoke tested over HTTP. A project of
 * its own (`npm run test:containers`, run by .ci/run after `npm test`): the two
 * builds take 5-7 minutes, mostly pip inside the image.
 */
let dir: string;
let core: Core;
let serviceDir: string;
const id = Date.now().toString(36);
const images: string[] = [];
const running: Running[] = [];

type Bundle = { path: string; entries: string[]; commands: string[] };
const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const exportTo = (target: string, format: string, out: string) =>
  call<Bundle>('models.export.bundle', { dir: serviceDir, target, format, out });

function hadolint(dockerfile: string): string {
  return execFileSync(join(MODELS_VENV, 'bin/hadolint'), ['--failure-threshold', 'error', '--no-color', dockerfile], {
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sd-container-'));
  const c = await churnCore(dir);
  core = c.core;
  serviceDir = await c.generate(`churn-ctr-${id}`, 3);
}, 600_000);

afterAll(async () => {
  for (const r of running) await r.stop().catch(() => undefined);
  for (const image of images) {
    try {
      buildah(['rmi', image], 120_000);
    } catch {
      /* already gone */
    }
  }
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('container build context', () => {
  it('exports, lints, builds with buildah, runs and answers POST /predict', async () => {
    const out = join(dir, 'ctx');
    const b = await exportTo('container', 'folder', out);
    expect(b.entries).toEqual(
      expect.arrayContaining(['app.py', 'model.pkl', 'requirements.txt', 'Dockerfile', '.dockerignore']),
    );
    expect(b.commands[0]).toBe(`docker build -t churn-ctr-${id} .`);
    expect((await readdir(out)).sort()).toEqual([...b.entries].sort());
    hadolint(join(out, 'Dockerfile'));
    const image = `localhost/sd-it-churn-${id}`;
    images.push(image);
    buildImage(out, image);
    const port = await freePort();
    const r = runImage(image, `sd-it-ctr-${id}`, { BIND: `127.0.0.1:${port}`, WORKERS: '1' }, [
      'python3',
      '-m',
      'gunicorn',
      '-c',
      'gunicorn.conf.py',
      'app:app',
    ]);
    running.push(r);
    await waitHttp(`http://127.0.0.1:${port}/health`, r);
    const res = await fetch(`http://127.0.0.1:${port}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 3, monthly_charges: 70.5, total_charges: 211.5 }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, unknown>;
    expect(['Yes', 'No']).toContain(json['Churn Prediction']);
  }, 1_800_000);

  it('exports a SageMaker container that answers /ping and /invocations on the model in /opt/ml/model', async () => {
    const out = join(dir, 'sm');
    const b = await exportTo('sagemaker', 'folder', out);
    expect(b.entries).toEqual(expect.arrayContaining(['sagemaker_app.py', 'serve', 'model/model.pkl', 'Dockerfile']));
    expect(b.commands.some((c) => c.startsWith('aws sagemaker create-model '))).toBe(true);
    hadolint(join(out, 'Dockerfile'));
    const image = `localhost/sd-it-churn-sm-${id}`;
    images.push(image);
    buildImage(out, image);
    const port = await freePort();
    // As SageMaker runs it: the argument "serve", the model mounted at /opt/ml/model.
    const r = runImage(
      image,
      `sd-it-sm-${id}`,
      { BIND: `127.0.0.1:${port}`, WORKERS: '1' },
      ['serve'],
      [`${join(out, 'model')}:/opt/ml/model:ro`],
    );
    running.push(r);
    await waitHttp(`http://127.0.0.1:${port}/ping`, r);
    const ping = await fetch(`http://127.0.0.1:${port}/ping`);
    expect(ping.status).toBe(200);
    const inv = await fetch(`http://127.0.0.1:${port}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 3, monthly_charges: 70.5, total_charges: 211.5 }),
    });
    expect(inv.status).toBe(200);
    expect(['Yes', 'No']).toContain(((await inv.json()) as Record<string, unknown>)['Churn Prediction']);
  }, 1_800_000);
});
