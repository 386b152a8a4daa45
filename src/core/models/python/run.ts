/**
 * Runs one Python script in a child process, for the pickle scan and the
 * model inspection: never in core's own process. The child gets a fresh
 * temporary working directory (removed afterwards), an environment with only
 * PATH and a UTF-8 locale (none of the console's variables), Python's isolated
 * mode (-I: no PYTHON* variables, no user site, no cwd on sys.path), a
 * wall-clock deadline after which it is killed, and bounded output. A missing
 * interpreter, a timeout and a crash are clear StackdeckErrors.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StackdeckError } from '../../../shared/errors';

export interface PythonRun {
  readonly interpreter: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

export interface PythonResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MAX_OUTPUT = 4 * 1024 * 1024;

/** The environment every child Python gets: nothing of core's own. */
export function cleanEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: home };
}

export async function runPython(run: PythonRun): Promise<PythonResult> {
  run.signal?.throwIfAborted();
  const cwd = await mkdtemp(join(tmpdir(), 'stackdeck-py-'));
  try {
    return await new Promise<PythonResult>((resolve, reject) => {
      const child = spawn(run.interpreter, ['-I', '-c', run.script, ...run.args], {
        cwd,
        env: cleanEnv(cwd),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const take = (acc: string, chunk: Buffer): string =>
        acc.length >= MAX_OUTPUT ? acc : acc + chunk.toString('utf8').slice(0, MAX_OUTPUT - acc.length);
      child.stdout.on('data', (c: Buffer) => (stdout = take(stdout, c)));
      child.stderr.on('data', (c: Buffer) => (stderr = take(stderr, c)));
      const kill = (): void => {
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, run.timeoutMs);
      run.signal?.addEventListener('abort', kill, { once: true });
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', kill);
        if (err.code === 'ENOENT') {
          reject(
            new StackdeckError(
              'NOT_FOUND',
              `Python interpreter "${run.interpreter}" was not found. Set the interpreter path in the model settings.`,
              { interpreter: run.interpreter },
            ),
          );
        } else reject(new StackdeckError('SERVER_ERROR', `Could not start ${run.interpreter}: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', kill);
        if (run.signal?.aborted) reject(new StackdeckError('CANCELLED', 'Cancelled.'));
        else if (timedOut)
          reject(
            new StackdeckError(
              'TIMEOUT',
              `Python did not finish within ${Math.round(run.timeoutMs / 1000)} s and was stopped.`,
              {
                stderr: stderr.slice(-2000),
              },
            ),
          );
        else resolve({ code, stdout, stderr });
      });
    });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Parses the one JSON object a script printed; anything else is the script's failure, with its stderr. */
export function parseJsonOut(result: PythonResult, what: string): unknown {
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    const tail = result.stderr.trim().split('\n').slice(-8).join('\n');
    throw new StackdeckError('SERVER_ERROR', `${what} failed (exit ${String(result.code)}): ${tail || 'no output'}`, {
      exitCode: result.code,
      stderr: result.stderr.slice(-4000),
    });
  }
}
