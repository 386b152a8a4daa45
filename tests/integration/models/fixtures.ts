/** Model files for the models tests, written by real Pythons (no hand-made results). */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type { ArtifactOpened, ServiceSchema } from '../../../src/shared/contract/models';
import { modelsPython, trainChurn } from '../../support/models-venv';

/** A pickle whose __reduce__ is os.system(cmd): loading it would run cmd. */
export function maliciousPickle(dir: string, marker: string, protocol: number): string {
  const out = join(dir, `evil-p${protocol}.pkl`);
  const script = `
import os, pickle, sys
class Evil:
    def __reduce__(self):
        return (os.system, ("touch " + sys.argv[2],))
with open(sys.argv[1], "wb") as f:
    pickle.dump({"model": Evil()}, f, protocol=${protocol})
`;
  execFileSync('python3', ['-c', script, out, marker]);
  return out;
}

/**
 * Protocol 4 with the module string reused through the memo: `builtins` is
 * MEMOIZEd for a harmless `len`, then BINGET 0 + 'eval' + STACK_GLOBAL. A scan
 * that ignores the memo pairs `eval` with the wrong module (or none).
 */
export function memoPickle(dir: string): string {
  const s = (text: string): Buffer => Buffer.concat([Buffer.from([0x8c, text.length]), Buffer.from(text, 'latin1')]);
  const bytes = Buffer.concat([
    Buffer.from([0x80, 0x04]),
    s('builtins'),
    Buffer.from([0x94]), // MEMOIZE 0
    s('len'),
    Buffer.from([0x94, 0x93, 0x94]), // MEMOIZE 1, STACK_GLOBAL, MEMOIZE 2
    Buffer.from([0x68, 0x00]), // BINGET 0 -> 'builtins'
    s('eval'),
    Buffer.from([0x94, 0x93, 0x94]), // MEMOIZE, STACK_GLOBAL (builtins.eval), MEMOIZE
    s('1+1'),
    Buffer.from([0x85, 0x52, 0x2e]), // TUPLE1, REDUCE, STOP
  ]);
  const out = join(dir, 'memo.pkl');
  writeFileSync(out, bytes);
  return out;
}

export function churnModel(dir: string, name = 'model.pkl'): string {
  const out = join(dir, name);
  trainChurn(out);
  return out;
}

/** A pickled plain dict: a valid pickle of something that is not a model. */
export function notAModel(dir: string): string {
  const out = join(dir, 'dict.pkl');
  execFileSync(modelsPython(), ['-c', 'import pickle,sys; pickle.dump({"a": 1}, open(sys.argv[1], "wb"))', out]);
  return out;
}

/** The service schema of the churn model (tenure, monthly and total charges → "Churn Prediction"). */
export const churnSchema = (name: string, tenure = 1): ServiceSchema => ({
  name,
  features: [
    { name: 'tenure', type: 'number', example: tenure },
    { name: 'monthly_charges', type: 'number', example: 70.5 },
    { name: 'total_charges', type: 'number', example: 70.5 },
  ],
  labels: { '1': 'Yes', '0': 'No' },
  outputField: 'Churn Prediction',
  probabilities: true,
  apiKey: false,
});

/**
 * A core with only the models area, whose supervisor polls every `pollMs`, and the churn model in `dir`
 * opened, trusted and inspected: what generating and deploying its service needs first.
 */
export async function inspectedChurnCore(dir: string, pollMs: number): Promise<{ core: Core; model: string }> {
  const model = churnModel(dir);
  const core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [(env) => createModelsArea(env, { supervisor: { pollMs } })],
  });
  const call = (name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<unknown>;
  const o = (await call('models.artifact.open', { path: model })) as ArtifactOpened;
  await call('models.trust.set', { path: model, sha256: o.artifact.sha256, trusted: true });
  await call('models.inspect', { path: model, interpreter: modelsPython() });
  return { core, model };
}
