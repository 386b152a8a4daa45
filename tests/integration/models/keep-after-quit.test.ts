import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type { Deployment, MetricsPoint, SmokeResult } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnSchema, inspectedChurnCore } from './fixtures';

/**
 * "Keep running after quit" against real processes: a kept service outlives
 * the core that started it (a plain one does not), the next core on the same
 * data directory adopts it (health, metrics with its API key from the vault,
 * stop), one that died meanwhile shows as exited, and a recorded pid that is
 * now another process is left alone.
 */
let dir: string;
let model: string;
const cores: Core[] = [];
/** Every service pid seen, killed at the end whatever happened. */
const pids = new Set<number>();
const KEY = 'keep-key-4fG7hJ2kL9';

const data = () => join(dir, 'data');
const call = <T>(core: Core, name: string, input: unknown) =>
  core.router.call(name as never, input as never) as Promise<T>;
const rejection = async (p: Promise<unknown>): Promise<StackdeckError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackdeckError);
  return err as StackdeckError;
};

async function openCore(): Promise<Core> {
  const core = await createCore({
    userDataDir: data(),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env, { supervisor: { pollMs: 300 } })],
  });
  cores.push(core);
  return core;
}

async function deploy(core: Core, serviceDir: string, keep: boolean): Promise<Deployment> {
  const out = await call<{ deployment: Deployment; smoke: SmokeResult }>(core, 'models.deploy.start', {
    dir: serviceDir,
    python: modelsPython(),
    keep,
  });
  expect(out.smoke.error).toBeNull();
  if (out.deployment.pid !== null) pids.add(out.deployment.pid);
  return out.deployment;
}

const answers = async (url: string): Promise<number | string> => {
  try {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ tenure: 3, monthly_charges: 60, total_charges: 180 }),
      signal: AbortSignal.timeout(5000),
    });
    return res.status;
  } catch (e) {
    return String(e);
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(fn: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let keptDir: string;
let plainDir: string;
const name = `churn-kept-${Date.now().toString(36)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-kept-'));
  const first = await inspectedChurnCore(dir, 300);
  cores.push(first.core);
  model = first.model;
  keptDir = (
    await call<{ dir: string }>(first.core, 'models.service.generate', {
      path: model,
      schema: { ...churnSchema(name), apiKey: true },
    })
  ).dir;
  plainDir = (
    await call<{ dir: string }>(first.core, 'models.service.generate', {
      path: model,
      schema: churnSchema(`${name}-plain`),
    })
  ).dir;
  // The key is stored once; kept deploys below reuse it.
  await call(first.core, 'models.deploy.start', { dir: keptDir, python: modelsPython(), apiKey: KEY }).then(
    async (o) => {
      const d = (o as { deployment: Deployment }).deployment;
      await call(first.core, 'models.deploy.stop', { id: d.id });
    },
  );
}, 180_000);

afterAll(async () => {
  for (const c of cores) await c.dispose();
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('models keep running after quit', () => {
  let kept: Deployment;
  let firstScrapeAt = 0;

  it('a kept service outlives its core; a plain one is stopped on quit', async () => {
    const core = cores[0]!;
    kept = await deploy(core, keptDir, true);
    const plain = await deploy(core, plainDir, false);
    expect(kept.keep).toBe(true);
    expect(plain.keep).toBe(false);
    for (let i = 0; i < 3; i++) expect(await answers(kept.url)).toBe(200);
    // Scraped by this core for over 10 s (a bucket of the 1-hour chart), so the next core's stored range shows a
    // bucket of this core's points alone.
    const first = await until(async () => {
      const p = (await call<{ points: MetricsPoint[] }>(core, 'models.metrics.series', { id: kept.id })).points;
      return p[0];
    }, 'a first scrape');
    firstScrapeAt = first.at;
    await new Promise((r) => setTimeout(r, Math.max(0, first.at + 10_500 - Date.now())));
    await core.dispose();
    expect(await answers(kept.url)).toBe(200);
    expect(alive(kept.pid!)).toBe(true);
    expect(alive(plain.pid!)).toBe(false);
    expect(await answers(plain.url)).toMatch(/fetch failed/);
  }, 120_000);

  it('the next core adopts it: running, scraped with its key, at its version and stable URL; stop ends it', async () => {
    const reopenedAt = Date.now();
    const core = await openCore();
    const list = (await call<{ deployments: Deployment[] }>(core, 'models.deploy.list', {})).deployments;
    expect(list.map((d) => d.name)).toEqual([name]);
    const d = list[0]!;
    expect(d).toMatchObject({ id: kept.id, adopted: true, keep: true, status: 'running', pid: kept.pid, version: 2 });
    expect(d.role).toBe('active');
    expect(d.stableUrl).not.toBeNull();
    expect(await answers(d.stableUrl!)).toBe(200);
    const points = await until(async () => {
      const p = (await call<{ points: MetricsPoint[] }>(core, 'models.metrics.series', { id: d.id })).points;
      return (p.at(-1)?.requests ?? 0) >= 4 ? p : undefined;
    }, 'a scrape of the adopted service');
    expect(points.at(-1)!.requests).toBeGreaterThanOrEqual(4);
    // Its stored chart points go back past the restart: those the first core scraped, then this one's.
    const stored = await call<{ points: MetricsPoint[]; bucketMs: number }>(core, 'models.metrics.series', {
      id: d.id,
      range: '1h',
    });
    expect(stored.bucketMs).toBe(10_000);
    const real = stored.points.filter((p) => p.gap !== true);
    expect(real[0]!.at - (real[0]!.at % 10_000)).toBeLessThanOrEqual(firstScrapeAt);
    expect(real.some((p) => p.at < reopenedAt)).toBe(true);
    expect(real.some((p) => p.at >= reopenedAt)).toBe(true);
    expect(real.at(-1)!.requests).toBeGreaterThanOrEqual(4);
    // Its log panel starts with what it logged before: the smoke test, three answers, and one while no core ran.
    const lines: string[] = [];
    const controller = new AbortController();
    const logs = core.router.subscribe('models.deploy.logs' as never, { id: d.id } as never, {
      signal: controller.signal,
      emit: (e) => lines.push(...(e as { lines: string[] }).lines),
    });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await logs.catch(() => undefined);
    const adoptedAt = lines.findIndex((l) => l.startsWith(`[stackdeck] adopted pid ${kept.pid!}`));
    expect(adoptedAt).toBeGreaterThan(0);
    const before = lines.slice(0, adoptedAt);
    expect(before[0]).toBe('[stackdeck] the end of its log file, from before it was adopted:');
    expect(before.filter((l) => l.includes('"path": "/predict"') && l.includes('"status": 200')).length).toBe(5);
    // A new version numbers on past the adopted one (its folder is never reused).
    const v3 = await deploy(core, keptDir, false);
    expect(v3.version).toBe(3);
    await call(core, 'models.deploy.stop', { id: v3.id });

    const stopped = await call<Deployment>(core, 'models.deploy.stop', { id: d.id });
    expect(stopped.status).toBe('stopped');
    await until(async () => (alive(kept.pid!) ? undefined : true), 'the adopted pid to end');
    expect(await answers(kept.url)).toMatch(/fetch failed/);
    expect(existsSync(join(data(), 'models', 'kept', kept.id))).toBe(false);
    await core.dispose();
  }, 120_000);

  it('one that exited while Stackdeck was closed shows as stopped, with why', async () => {
    let core = await openCore();
    const d = await deploy(core, keptDir, true);
    await core.dispose();
    process.kill(-d.pid!, 'SIGKILL');
    await until(async () => (alive(d.pid!) ? undefined : true), 'the service to die');
    core = await openCore();
    const list = (await call<{ deployments: Deployment[] }>(core, 'models.deploy.list', {})).deployments;
    const seen = list.find((x) => x.id === d.id);
    expect(seen).toMatchObject({ status: 'stopped', adopted: true, lastError: 'exited while Stackdeck was closed' });
    await core.dispose();
  }, 120_000);

  it('a recorded pid that is another process now is neither adopted nor signalled', async () => {
    let core = await openCore();
    const d = await deploy(core, keptDir, true);
    await core.dispose();
    const other: ChildProcess = spawn('sleep', ['60'], { stdio: 'ignore' });
    const recordFile = join(data(), 'models', 'kept', d.id, 'record.json');
    const rec = JSON.parse(await readFile(recordFile, 'utf8')) as { pid: number };
    await writeFile(recordFile, JSON.stringify({ ...rec, pid: other.pid }));
    core = await openCore();
    const seen = (await call<{ deployments: Deployment[] }>(core, 'models.deploy.list', {})).deployments.find(
      (x) => x.id === d.id,
    );
    expect(seen?.status).toBe('stopped');
    expect(seen?.lastError).toContain('is now another process');
    expect(alive(other.pid!)).toBe(true);
    other.kill('SIGKILL');
    await core.dispose();
  }, 120_000);

  it('bad input: keep with a prediction log is refused before anything starts', async () => {
    const core = await openCore();
    const e = await rejection(
      call(core, 'models.deploy.start', {
        dir: keptDir,
        python: modelsPython(),
        keep: true,
        predictionLog: { kind: 'kafka', connectionId: 'none', topic: 'predictions' },
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect((await call<{ deployments: Deployment[] }>(core, 'models.deploy.list', {})).deployments).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ status: 'running' })]),
    );
  });
});
