/**
 * The runtime virtual environment Stackdeck owns: one per scikit-learn
 * version under `<userData>/models/runtimes/sklearn-<version>/`, created with
 * `python -m venv` and filled from a pinned requirements.txt. A marker file
 * with the requirements' hash makes a second call a no-op. A failed command
 * is a clear error carrying its output; every command has a deadline. The
 * runtime also has skl2onnx and onnxruntime: it converts and checks the ONNX
 * variant, and can serve either variant locally.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StackdeckError } from '../../shared/errors';
import { requirementsTxt } from './serviceFiles';

/** The ONNX conversion and its parity check (python/convert.ts) run in the runtime too. */
const CONVERSION_TOOLS = ['skl2onnx==1.20.0', 'onnx==1.23.2', 'onnxruntime==1.31.1'];

export interface Runtime {
  readonly python: string;
  readonly venv: string;
  readonly requirements: string;
  readonly created: boolean;
}

function run(cmd: string, args: string[], timeoutMs: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, signal, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err === null) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT')
        return reject(
          new StackdeckError('NOT_FOUND', `Python interpreter "${cmd}" was not found.`, { interpreter: cmd }),
        );
      const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(
        new StackdeckError(
          'SERVER_ERROR',
          `${[cmd, ...args].join(' ')} failed${e.killed === true ? ' (timed out)' : ''}:\n${output}`,
          {
            output: output.slice(-8000),
          },
        ),
      );
    });
  });
}

export async function ensureRuntime(
  userDataDir: string,
  interpreter: string,
  sklearnVersion: string,
  signal: AbortSignal,
): Promise<Runtime> {
  const venv = join(userDataDir, 'models', 'runtimes', `sklearn-${sklearnVersion}`);
  const python = join(venv, 'bin', 'python');
  const requirements = join(venv, 'requirements.txt');
  const text = `${requirementsTxt(sklearnVersion, 'pickle')}${CONVERSION_TOOLS.join('\n')}\n`;
  const want = createHash('sha256').update(text).digest('hex');
  const marker = join(venv, '.stackdeck-requirements');
  if (existsSync(python) && (await readFile(marker, 'utf8').catch(() => '')) === want)
    return { python, venv, requirements, created: false };
  await mkdir(venv, { recursive: true });
  if (!existsSync(python)) {
    try {
      await run(interpreter, ['-m', 'venv', venv], 120_000, signal);
    } catch (err) {
      await rm(venv, { recursive: true, force: true });
      throw err;
    }
  }
  await writeFile(requirements, text);
  await run(
    python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '-r', requirements],
    840_000,
    signal,
  );
  await writeFile(marker, want);
  return { python, venv, requirements, created: true };
}
