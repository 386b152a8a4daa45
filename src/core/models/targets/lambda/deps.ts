/**
 * The bundle's dependencies, installed with pip into a staging folder
 * (`pip install --target`, binary wheels only). For a Lambda runtime the
 * wheels are the ones for its Python and platform (Amazon Linux 2023, glibc
 * 2.34: manylinux_2_28 and manylinux2014 x86_64 wheels) whatever this machine
 * runs; "local" installs for the interpreter itself, so the bundle can be run
 * here with the Runtime Interface Emulator. pip runs with a deadline and
 * cancellation; its output is in the error when it fails.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { StackdeckError } from '../../../../shared/errors';

export const LAMBDA_PLATFORMS = ['manylinux_2_28_x86_64', 'manylinux2014_x86_64'] as const;

function run(cmd: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, signal, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err === null) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (signal?.aborted === true) return reject(new StackdeckError('CANCELLED', 'Cancelled.'));
      if (e.code === 'ENOENT')
        return reject(
          new StackdeckError('NOT_FOUND', `Python interpreter "${cmd}" was not found.`, { interpreter: cmd }),
        );
      const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-20).join('\n');
      reject(
        new StackdeckError(
          'SERVER_ERROR',
          `pip could not install the Lambda dependencies${e.killed === true ? ' (timed out)' : ''}:\n${output}`,
          {
            output: output.slice(-8000),
          },
        ),
      );
    });
  });
}

/** The interpreter's own "3.11". */
export async function pythonVersion(python: string, signal?: AbortSignal): Promise<string> {
  const out = await run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], 30_000, signal);
  return out.trim();
}

export async function installDeps(
  python: string,
  requirements: string,
  target: string,
  forVersion: string | 'local',
  signal?: AbortSignal,
): Promise<void> {
  const platform =
    forVersion === 'local'
      ? []
      : [
          '--implementation',
          'cp',
          '--python-version',
          forVersion,
          ...LAMBDA_PLATFORMS.flatMap((p) => ['--platform', p]),
        ];
  await run(
    python,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--quiet',
      '--no-compile',
      '--only-binary=:all:',
      '--target',
      target,
      ...platform,
      '-r',
      requirements,
    ],
    900_000,
    signal,
  );
}

export interface StagedFile {
  /** "/"-separated path inside the bundle. */
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly mode: number;
}

/** Every file under dir, without pip's console scripts (bin/) and byte-code caches. */
export async function listFiles(dir: string): Promise<StagedFile[]> {
  const out: StagedFile[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const e of await readdir(at, { withFileTypes: true })) {
      const path = join(at, e.name);
      const name = relative(dir, path).split(sep).join('/');
      if (e.isDirectory()) {
        if (e.name !== '__pycache__' && name !== 'bin') await walk(path);
      } else if (e.isFile()) {
        const s = await stat(path);
        out.push({ name, path, size: s.size, mode: s.mode & 0o111 ? 0o755 : 0o644 });
      }
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
