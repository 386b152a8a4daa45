import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import type { ArtifactOpened, InspectReport } from '../../../src/shared/contract/models';
import { StackdeckError } from '../../../src/shared/errors';
import { modelsPython } from '../../support/models-venv';
import { churnModel, maliciousPickle, memoPickle, notAModel } from './fixtures';

/**
 * Artifact, import scan, trust and inspection through core's router, with real
 * Pythons: the scan in python3 (stdlib), the inspection in the test venv.
 */
let dir: string;
let core: Core;
let python: string;
let churn: string;

const open = (path: string) => core.router.call('models.artifact.open', { path }) as Promise<ArtifactOpened>;
const inspect = (path: string) =>
  core.router.call('models.inspect', { path, interpreter: python }) as Promise<InspectReport>;
const rejection = async (p: Promise<unknown>): Promise<StackdeckError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackdeckError);
  return err as StackdeckError;
};
const trustIt = async (o: ArtifactOpened) =>
  core.router.call('models.trust.set', { path: o.artifact.path, sha256: o.artifact.sha256, trusted: true });

beforeAll(async () => {
  python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-models-'));
  churn = churnModel(dir);
  core = await createCore({ userDataDir: join(dir, 'data'), cipher: new FileKeyCipher(dir), validateOutputs: true });
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: artifact, scan, trust, inspection', () => {
  it('hashes the churn model, lists only allowed imports and finds the saved scikit-learn version', async () => {
    const path = churn;
    const o = await open(path);
    expect(o.artifact.format).toBe('pickle');
    expect(o.artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(o.artifact.size).toBeGreaterThan(100);
    expect(o.scan.readable).toBe(true);
    expect(o.scan.flagged).toBe(0);
    expect(o.scan.imports.map((i) => `${i.module}.${i.name}`)).toContain(
      'sklearn.linear_model._logistic.LogisticRegression',
    );
    expect(o.scan.savedSklearn).toBe('1.9.1');
    expect(o.trust.trusted).toBe(false);

    // Untrusted: inspection refuses to load it.
    const refused = await rejection(inspect(path));
    expect(refused.message).toMatch(/not trusted/);

    await trustIt(o);
    const report = await inspect(path);
    expect(report.estimator).toBe('sklearn.linear_model._logistic.LogisticRegression');
    expect(report.featureNamesIn).toEqual(['tenure', 'monthly_charges', 'total_charges']);
    expect(report.nFeaturesIn).toBe(3);
    expect(report.classes).toEqual([0, 1]);
    expect(report.hasPredictProba).toBe(true);
    expect(report.hasDecisionFunction).toBe(true);
    expect(report.installedSklearn).toBe('1.9.1');
    expect(report.versionWarning).toBeNull();
    expect(report.zeroRow?.probabilities).toHaveLength(2);
    expect([0, 1]).toContain(report.zeroRow?.prediction);
  });

  it('flags os.system in a malicious pickle (protocols 0 and 4) and never loads it', async () => {
    for (const protocol of [0, 4]) {
      const marker = join(dir, `pwned-${protocol}`);
      const path = maliciousPickle(dir, marker, protocol);
      const o = await open(path);
      const flagged = o.scan.imports.filter((i) => i.verdict === 'flagged');
      expect(flagged.map((i) => `${i.module}.${i.name}`)).toEqual(['posix.system']);
      expect(o.scan.flagged).toBe(1);
      const err = await rejection(inspect(path));
      expect(err.detail?.kind).toBe('untrusted');
      expect(existsSync(marker)).toBe(false);
    }
  });

  it('pairs names through the memo: BINGET of a memoized module names builtins.eval', async () => {
    const o = await open(memoPickle(dir));
    expect(o.scan.imports.map((i) => [`${i.module}.${i.name}`, i.verdict])).toEqual([
      ['builtins.eval', 'flagged'],
      ['builtins.len', 'unknown'],
    ]);
  });

  it('a changed file is untrusted again; trusting a stale hash is refused', async () => {
    const path = join(dir, 'changing.pkl');
    await copyFile(churn, path);
    const before = await open(path);
    await trustIt(before);
    expect((await open(path)).trust.trusted).toBe(true);
    await appendFile(path, Buffer.from([0]));
    const after = await open(path);
    expect(after.artifact.sha256).not.toBe(before.artifact.sha256);
    expect(after.trust.trusted).toBe(false);
    expect((await rejection(trustIt(before))).code).toBe('CONFLICT');
    expect((await rejection(inspect(path))).detail?.kind).toBe('untrusted');
  });

  it('corrupt pickle, non-model, missing package and missing interpreter are clear errors', async () => {
    const corrupt = join(dir, 'corrupt.pkl');
    await writeFile(corrupt, Buffer.from([0x80, 0x04, 0x95, 0xff, 0x00, 0x8c, 0x30]));
    const c = await open(corrupt);
    expect(c.scan.readable).toBe(false);
    await trustIt(c);
    const ce = await rejection(inspect(corrupt));
    expect(ce.detail?.kind).toBe('corrupt');

    const plain = notAModel(dir);
    await trustIt(await open(plain));
    const ne = await rejection(inspect(plain));
    expect(ne.message).toMatch(/builtins\.dict, which has no predict/);

    // A pickle that imports a module the runtime lacks.
    const missing = join(dir, 'missing.pkl');
    const s = (t: string) => Buffer.concat([Buffer.from([0x8c, t.length]), Buffer.from(t)]);
    await writeFile(
      missing,
      Buffer.concat([
        Buffer.from([0x80, 0x04]),
        s('xgboost_not_here'),
        s('Booster'),
        Buffer.from([0x93, 0x29, 0x81, 0x2e]),
      ]),
    );
    const m = await open(missing);
    expect(m.scan.imports[0]).toMatchObject({ module: 'xgboost_not_here', verdict: 'unknown' });
    await trustIt(m);
    const me = await rejection(inspect(missing));
    expect(me.message).toMatch(/needs the Python package 'xgboost_not_here'/);

    const pe = await rejection(
      core.router.call('models.inspect', { path: plain, interpreter: join(dir, 'no-such-python') }),
    );
    expect(pe.code).toBe('NOT_FOUND');
    expect(pe.message).toMatch(/Python interpreter .* was not found/);
  });
});
