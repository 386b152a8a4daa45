import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import type { ContainerRunEvent } from '../../../src/shared/contract/models';
import { ensureCaBaseImage, startPodmanService, type PodmanService } from '../../support/podman-service';
import { churnCore } from '../../integration/models-host/fixture';

/**
 * Build & run against a real engine: podman's Docker-compatible API service
 * (tests/support/podman-service.ts). The churn service's context is built by
 * POST /build, run with its port on 127.0.0.1, smoke tested, its log
 * followed; ending the stream stops and removes the container. The oracle
 * for what exists is the podman CLI on the same storage. Minutes: pip runs
 * inside the build.
 */
let dir: string;
let core: Core;
let engine: PodmanService;
let serviceDir: string;
let base: string;
const images: string[] = [];

beforeAll(async () => {
  base = ensureCaBaseImage();
  engine = await startPodmanService();
  // Only this test process is told where the engine is (podman's own variable).
  process.env.CONTAINER_HOST = `unix://${engine.socket}`;
  dir = await mkdtemp(join(tmpdir(), 'sd-container-run-'));
  const c = await churnCore(dir);
  core = c.core;
  serviceDir = await c.generate(`churn-run-${Date.now().toString(36)}`, 2);
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  for (const image of images) {
    try {
      engine.podman(['rmi', '--force', image]);
    } catch {
      /* already gone */
    }
  }
  await engine?.stop();
  delete process.env.CONTAINER_HOST;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Build & run with a container engine', () => {
  it('builds the image, runs it on 127.0.0.1, smoke tests it, follows its log; ending it removes the container', async () => {
    const events: ContainerRunEvent[] = [];
    const ac = new AbortController();
    let running: Extract<ContainerRunEvent, { type: 'running' }> | undefined;
    const sawLog = new Promise<void>((resolve) => {
      const run = core.router.subscribe(
        'models.export.run',
        { dir: serviceDir, base },
        {
          emit: (e) => {
            events.push(e);
            if (e.type === 'running') running = e;
            if (e.type === 'log' && e.lines.some((l) => /Listening at|Booting worker|Application startup/.test(l)))
              resolve();
          },
          signal: ac.signal,
        },
      );
      void run.then(
        () => resolve(),
        (err: unknown) => {
          events.push({ type: 'stage', stage: 'engine', detail: `FAILED: ${String(err)}` });
          resolve();
        },
      );
    });
    await sawLog;
    if (running === undefined) throw new Error(`not running: ${JSON.stringify(events.slice(-5))}`);
    images.push(running.image);
    expect(running).toMatchObject({ engine: 'podman', endpoint: `unix://${engine.socket}` });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.smoke).toMatchObject({ ok: true, status: 200 });
    expect(events.filter((e) => e.type === 'stage').map((e) => e.stage)).toEqual([
      'engine',
      'context',
      'build',
      'create',
      'start',
      'health',
    ]);
    expect(events.some((e) => e.type === 'build' && e.lines.some((l) => /pip install/.test(l)))).toBe(true);

    // The engine's own view: the container runs, its port bound to 127.0.0.1 only.
    const port = engine.podman(['port', running.container]);
    expect(port).toMatch(/^8000\/tcp -> 127\.0\.0\.1:\d+$/);
    const r = await fetch(`${running.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenure: 1, monthly_charges: 80, total_charges: 80 }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toHaveProperty('Churn Prediction');

    ac.abort();
    const end = Date.now() + 30_000;
    let left = 'x';
    while (left !== '' && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 500));
      left = engine.podman(['ps', '--all', '--quiet', '--filter', `id=${running.container}`]);
    }
    expect(left).toBe('');
    // The image stays, for the commands shown to the user.
    expect(engine.podman(['images', '--quiet', running.image])).not.toBe('');
  }, 1_500_000);
});
