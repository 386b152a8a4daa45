/**
 * The one Python venv the models tests share: created once under
 * .stack/models-venv from tests/support/models-requirements.txt (pip's cache
 * makes a re-creation quick), reused by every run while the requirements are
 * unchanged (a hash of them is kept in the venv).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const requirements = join(root, 'tests/support/models-requirements.txt');
export const MODELS_VENV = join(root, '.stack/models-venv');
export const VENV_PYTHON = join(MODELS_VENV, 'bin/python');
export const CHURN_DIR = join(root, 'examples/churn');

/** Returns the venv's python, creating or updating the venv first when needed (minutes on a cold pip cache). */
export function modelsPython(): string {
  const want = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const marker = join(MODELS_VENV, '.requirements-sha256');
  if (existsSync(VENV_PYTHON) && existsSync(marker) && readFileSync(marker, 'utf8') === want) return VENV_PYTHON;
  if (!existsSync(VENV_PYTHON)) execFileSync('python3', ['-m', 'venv', MODELS_VENV], { stdio: 'inherit' });
  execFileSync(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], {
    stdio: 'inherit',
    timeout: 900_000,
  });
  writeFileSync(marker, want);
  return VENV_PYTHON;
}

/** Trains the churn example into `out` with the venv's python. */
export function trainChurn(out: string, extra: readonly string[] = []): void {
  execFileSync(modelsPython(), [join(CHURN_DIR, 'train.py'), '--out', out, ...extra], { stdio: 'pipe' });
}
