import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isErrno } from './cipher';

/**
 * Writes a file so that a crash or power loss leaves either the old or the new
 * content, never a torn mix: write a temp file in the same directory, fsync it,
 * rename over the target, then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
}

async function fsyncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; NTFS journals the rename anyway.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export type JsonRead =
  | { kind: 'missing' }
  | { kind: 'ok'; value: unknown }
  /** The file did not parse; it was renamed to `movedTo` so nothing overwrites it. */
  | { kind: 'corrupt'; movedTo: string; reason: string };

/** Reads a JSON file; a file that is not JSON is set aside (`<file>.corrupt-<timestamp>`), never deleted. */
export async function readJsonFile(file: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { kind: 'missing' };
    throw err;
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (err) {
    return setAside(file, err instanceof Error ? err.message : 'not JSON');
  }
}

/** Moves a damaged file out of the way, keeping it for the user (or support) to recover from. */
export async function setAside(
  file: string,
  reason: string,
): Promise<{ kind: 'corrupt'; movedTo: string; reason: string }> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let movedTo = `${file}.corrupt-${stamp}`;
  for (let n = 1; ; n++) {
    try {
      // link+unlink would refuse an existing target; rename replaces it, so pick a free name first.
      await open(movedTo, 'wx').then((h) => h.close());
      await rename(file, movedTo);
      return { kind: 'corrupt', movedTo, reason };
    } catch (err) {
      if (!isErrno(err, 'EEXIST') || n > 100) throw err;
      movedTo = `${file}.corrupt-${stamp}-${n}`;
    }
  }
}

/** Serialises async work (one writer per file) so concurrent saves cannot interleave read-modify-write. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
