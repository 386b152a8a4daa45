import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { churnCore } from '../models-host/fixture';

/**
 * Exporting the churn service as a build context: what is refused and what is
 * said when no container engine answers. The builds themselves (buildah) are
 * in tests/containers/models-container/build.test.ts (`npm run test:containers`).
 */
let dir: string;
let core: Core;
let serviceDir: string;
const id = Date.now().toString(36);

type Bundle = { path: string; entries: string[]; commands: string[] };
const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;
const exportTo = (target: string, format: string, out: string) =>
  call<Bundle>('models.export.bundle', { dir: serviceDir, target, format, out });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sd-container-'));
  const c = await churnCore(dir);
  core = c.core;
  serviceDir = await c.generate(`churn-ctr-${id}`, 3);
}, 600_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('bad input', () => {
  it('refuses a non-empty folder and an existing zip, and writes nothing', async () => {
    const out = join(dir, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'mine');
    await expect(exportTo('container', 'folder', out)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readdir(out)).toEqual(['keep.txt']);
    const zip = join(dir, 'taken.zip');
    await writeFile(zip, 'mine');
    await expect(exportTo('container', 'zip', zip)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a missing model artifact is a clear error', async () => {
    await unlink(join(serviceDir, 'model.pkl'));
    const out = join(dir, 'nomodel');
    await expect(exportTo('container', 'folder', out)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('model file') as unknown as string,
    });
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says no container engine answers here', async () => {
    const r = await call<{ engines: { answered: boolean }[]; message: string }>('models.export.engines', {});
    expect(r.engines.every((e) => !e.answered)).toBe(true);
    expect(r.message).toMatch(/^No container engine answers here/);
  });
});
