import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { Deployment, SmokeResult } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from './fixtures';

/**
 * Versions of one local service: v2 starts beside v1 and takes the stable URL
 * only after its smoke test; a client calling the stable URL the whole time
 * sees no failed request and the answers switch once. Rollback switches back
 * the same way. A version that fails its smoke test changes nothing. The
 * oracle for "which version answered" is the label vocabulary each version
 * was generated with (Yes/No, then Churn/Stay).
 */
let dir: string;
let core: Core;
let python: string;
let model: string;
const name = `churn-versions-${Date.now().toString(36)}`;

const call = <T>(method: string, input: unknown) => core.router.call(method as never, input as never) as Promise<T>;
const row = { tenure: 1, monthly_charges: 110, total_charges: 110 };

async function generate(labels: Record<string, string>): Promise<string> {
  const gen = await call<{ dir: string }>('models.service.generate', {
    path: model,
    schema: { ...churnSchema(name), labels },
  });
  return gen.dir;
}

async function deploy(serviceDir: string) {
  return call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', { dir: serviceDir, python });
}

async function answer(url: string): Promise<string> {
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(row),
  });
  if (res.status !== 200) return `status ${res.status}`;
  return String(((await res.json()) as Record<string, unknown>)['Churn Prediction']);
}

/** Calls the stable URL back to back while `during` runs, then a little longer; every answer in order. */
async function callThrough(url: string, during: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) seen.push(await answer(url).catch((e: unknown) => `error ${String(e)}`));
  })();
  await during();
  for (let i = 0; i < 20; i++) seen.push(await answer(url));
  done = true;
  await loop;
  return seen;
}

/** The distinct answers in the order they first appeared. */
const runs = (seen: string[]) => seen.filter((s, i) => i === 0 || seen[i - 1] !== s);

async function list(): Promise<Deployment[]> {
  return (await call<{ deployments: Deployment[] }>('models.deploy.list', {})).deployments.filter(
    (d) => d.name === name,
  );
}

beforeAll(async () => {
  python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-versions-'));
  ({ core, model } = await inspectedChurnCore(dir, 300));
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: versions and rollback', () => {
  let v1: Deployment;
  let v2: Deployment;
  let stable: string;

  it('v1 answers at the stable URL', async () => {
    const out = await deploy(await generate({ '1': 'Yes', '0': 'No' }));
    expect(out.smoke.ok).toBe(true);
    v1 = out.deployment;
    expect(v1).toMatchObject({ version: 1, role: 'active', status: 'running' });
    stable = v1.stableUrl!;
    expect(stable).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stable).not.toBe(v1.url);
    expect(await answer(stable)).toBe('Yes');
  });

  it('v2 starts beside v1 and takes the stable URL after its smoke test, with no failed request', async () => {
    const regenerated = await generate({ '1': 'Churn', '0': 'Stay' });
    const seen = await callThrough(stable, async () => {
      const out = await deploy(regenerated);
      expect(out.smoke.ok).toBe(true);
      v2 = out.deployment;
    });
    expect(runs(seen)).toEqual(['Yes', 'Churn']);
    expect(v2).toMatchObject({ version: 2, role: 'active', stableUrl: stable });
    const [a, b] = await list();
    expect(a).toMatchObject({ id: v1.id, role: 'standby', status: 'running' });
    expect(b).toMatchObject({ id: v2.id, role: 'active' });
    // v1 runs from its own copy: regenerating the service did not change what it answers.
    expect(await answer(v1.url)).toBe('Yes');
    expect(await readFile(join(v1.dir, 'app.py'), 'utf8')).toContain('"Yes"');
  });

  it('rollback switches the stable URL back to v1 with no failed request; v2 becomes the standby', async () => {
    let out: { active: Deployment; standby: Deployment } | undefined;
    const seen = await callThrough(stable, async () => {
      await new Promise((r) => setTimeout(r, 300));
      out = await call('models.deploy.rollback', { name });
    });
    expect(runs(seen)).toEqual(['Churn', 'Yes']);
    expect(out?.active).toMatchObject({ id: v1.id, role: 'active' });
    expect(out?.standby).toMatchObject({ id: v2.id, role: 'standby', status: 'running' });
  });

  it('a version that fails its smoke test changes nothing: v1 stays active, v2 the standby', async () => {
    const broken = await generate({ '1': 'Yes', '0': 'No' });
    await writeFile(join(broken, 'app.py'), 'raise RuntimeError("broken on purpose")\n');
    const seen = await callThrough(stable, async () => {
      const out = await deploy(broken);
      expect(out.smoke.ok).toBe(false);
      expect(out.smoke.error).toMatch(/broken on purpose/);
      expect(out.deployment).toMatchObject({ version: 3, role: 'retired', status: 'failed' });
    });
    expect(runs(seen)).toEqual(['Yes']);
    const roles = Object.fromEntries((await list()).map((d) => [d.version, d.role]));
    expect(roles).toEqual({ 1: 'active', 2: 'standby', 3: 'retired' });
  });

  it('without a running standby, rollback is refused and the stable URL keeps answering', async () => {
    await call('models.deploy.stop', { id: v2.id });
    const err = await call('models.deploy.rollback', { name }).then(
      () => null,
      (e: unknown) => e as StackdeckError,
    );
    expect(err?.code).toBe('CONFLICT');
    expect(err?.message).toMatch(/no previous version running/);
    expect(await answer(stable)).toBe('Yes');
    await expect(call('models.deploy.rollback', { name: 'no-such-service' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('stopping the last running version closes the stable URL', async () => {
    await call('models.deploy.stop', { id: v1.id });
    expect((await list()).every((d) => d.role === 'retired' && d.stableUrl === null)).toBe(true);
    await expect(fetch(`${stable}/health`)).rejects.toThrow();
  });
});
