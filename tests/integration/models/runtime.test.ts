import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * The runtime venv's failure paths, with the real python3 and pip: a missing
 * interpreter and a failed install end in clear errors carrying the command's
 * output (the success path, a full install, is what the test venv under
 * .stack does once; see tests/support/models-venv.ts).
 */
let dir: string;
let core: Core;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-models-runtime-'));
  core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env)],
  });
});

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const rejection = async (p: Promise<unknown>): Promise<StackdeckError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackdeckError);
  return err as StackdeckError;
};

describe('models runtime venv', () => {
  it('a missing interpreter is NOT_FOUND, and nothing is left behind', async () => {
    const err = await rejection(
      core.router.call('models.runtime.ensure', { sklearnVersion: '1.9.1', interpreter: join(dir, 'no-python') }),
    );
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/no-python" was not found/);
    expect(existsSync(join(dir, 'data/models/runtimes/sklearn-1.9.1'))).toBe(false);
  });

  it('a scikit-learn version pip cannot install fails with pip’s own output', async () => {
    const err = await rejection(
      core.router.call('models.runtime.ensure', { sklearnVersion: '0.0.424242', interpreter: 'python3' }),
    );
    expect(err.code).toBe('SERVER_ERROR');
    expect(err.message).toMatch(/pip install/);
    expect(err.message).toMatch(/scikit-learn==0\.0\.424242/);
  }, 300_000);
});
