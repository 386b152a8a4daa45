/**
 * Uploads a version's files over SFTP, resumable: the host's `sha256sum` of
 * what is already there is compared with the local hashes first, and a file
 * that matches is skipped (a retry after a dropped connection sends only the
 * rest). Each file goes to `<name>.part`, is hashed on the host, and only a
 * matching hash renames it into place, so a half-sent file is never used.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StackdeckError } from '../../../../shared/errors';
import { hashFile } from '../../artifact';
import { sq, versionDir } from './layout';
import type { ExecResult, HostSession } from './session';

/** The files of a generated service that the host needs (the Dockerfile and README stay local). */
const WANTED = /^(app\.py|gunicorn\.conf\.py|requirements\.txt|example\.json|schema\.json|model\.(pkl|joblib|skops))$/;

export interface UploadedFile {
  name: string;
  size: number;
  sha256: string;
  action: 'uploaded' | 'skipped';
}

export async function localFiles(dir: string, signal: AbortSignal): Promise<Omit<UploadedFile, 'action'>[]> {
  const names = (await readdir(dir)).filter((n) => WANTED.test(n)).sort();
  if (!names.includes('app.py') || !names.includes('requirements.txt') || !names.some((n) => n.startsWith('model.')))
    throw new StackdeckError(
      'INVALID_INPUT',
      `${dir} does not hold a generated service (app.py, requirements.txt, model).`,
    );
  return Promise.all(
    names.map(async (name) => ({
      name,
      size: (await stat(join(dir, name))).size,
      sha256: await hashFile(join(dir, name), signal),
    })),
  );
}

/** `sha256sum` output: "<hex>  <name>" per line. */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2]!, m[1]!);
  }
  return sums;
}

export async function remoteSums(session: HostSession, dir: string, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  // Missing files make sha256sum exit 1; what it printed for the others is still right.
  const r = await session.exec(`cd && cd ${sq(dir)} 2>/dev/null && sha256sum ${names.map(sq).join(' ')} 2>/dev/null`);
  return parseSums(r.stdout);
}

const exitText = (r: ExecResult): string =>
  r.signal ? `killed by SIG${r.signal}` : `exit code ${r.code ?? 'none: the command ended without an exit status'}`;

export async function uploadVersion(
  session: HostSession,
  localDir: string,
  deployment: string,
  version: string,
  signal: AbortSignal,
  onFile: (f: UploadedFile) => void = () => undefined,
): Promise<UploadedFile[]> {
  const files = await localFiles(localDir, signal);
  const dir = versionDir(deployment, version);
  // mkdir -p is idempotent: one more try when the first ended without an exit status.
  let mk = await session.exec(`cd && mkdir -p ${sq(dir)}`);
  if (mk.code === null) mk = await session.exec(`cd && mkdir -p ${sq(dir)}`);
  if (mk.code !== 0)
    throw new StackdeckError('SERVER_ERROR', `Cannot create ${dir} on the host: ${mk.stderr.trim()} (${exitText(mk)})`);
  const there = await remoteSums(
    session,
    dir,
    files.map((f) => f.name),
  );
  const done: UploadedFile[] = [];
  for (const f of files) {
    signal.throwIfAborted();
    if (there.get(f.name) === f.sha256) {
      done.push({ ...f, action: 'skipped' });
      onFile(done.at(-1)!);
      continue;
    }
    const part = `${dir}/${f.name}.part`;
    await session
      .sftpCall((sftp, cb) => sftp.fastPut(join(localDir, f.name), part, cb), signal)
      .catch((err: unknown) => {
        if (session.closed)
          throw new StackdeckError('UNREACHABLE', `The SSH connection dropped while uploading ${f.name}.`, {
            cause: 'SSH_CLOSED',
          });
        if (err instanceof StackdeckError) throw err;
        throw new StackdeckError('SERVER_ERROR', `Uploading ${f.name} to ${dir} failed: ${(err as Error).message}`);
      });
    const got = (await remoteSums(session, dir, [`${f.name}.part`])).get(`${f.name}.part`);
    if (got !== f.sha256) {
      await session.exec(`cd && rm -f ${sq(part)}`);
      throw new StackdeckError(
        'SERVER_ERROR',
        `${f.name} arrived damaged on the host: SHA-256 ${got ?? 'unreadable'}, expected ${f.sha256}. It was removed; retry the upload.`,
        { file: f.name, expected: f.sha256, actual: got ?? null },
      );
    }
    const mv = await session.exec(`cd && mv -f ${sq(part)} ${sq(`${dir}/${f.name}`)}`);
    // Without an exit status the move may still have happened: the file in place with its hash says so.
    const placed =
      mv.code === 0 || (mv.code === null && (await remoteSums(session, dir, [f.name])).get(f.name) === f.sha256);
    if (!placed)
      throw new StackdeckError(
        'SERVER_ERROR',
        `Cannot move ${f.name} into place: ${mv.stderr.trim()} (${exitText(mv)})`,
      );
    done.push({ ...f, action: 'uploaded' });
    onFile(done.at(-1)!);
  }
  return done;
}
