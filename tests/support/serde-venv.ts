/**
 * The Python venv of the Schema Registry decoder tests: created once under
 * .stack/serde-venv from tests/support/serde-requirements.txt, reused while
 * the requirements are unchanged (a hash of them is kept in the venv), as
 * models-venv.ts does for the models tests.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const requirements = join(root, 'tests/support/serde-requirements.txt');
export const SERDE_VENV = join(root, '.stack/serde-venv');
const python = join(SERDE_VENV, 'bin/python');
/** The script that drives Confluent's serializers (produce) and deserializers (consume). */
export const SERDE_SCRIPT = join(root, 'tests/support/serde/confluent_serde.py');

export function serdePython(): string {
  const want = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const marker = join(SERDE_VENV, '.requirements-sha256');
  if (existsSync(python) && existsSync(marker) && readFileSync(marker, 'utf8') === want) return python;
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', SERDE_VENV], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], {
    stdio: 'inherit',
    timeout: 600_000,
  });
  writeFileSync(marker, want);
  return python;
}

/** Runs confluent_serde.py with `args`; returns its stdout (JSON lines). Throws with its stderr when it fails. */
export function runSerde(args: readonly string[], input?: string): string {
  return execFileSync(serdePython(), [SERDE_SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(input !== undefined ? { input } : {}),
  });
}
