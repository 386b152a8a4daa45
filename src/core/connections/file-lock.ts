import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { StackdeckError } from '../../shared/errors';
import { isErrno } from './cipher';

/**
 * A lock between processes on one file (issue #8): the desktop app and web
 * mode, or two windows' cores, share the user data directory. Each holder
 * creates `<file>.lock` exclusively (O_EXCL), writes its pid, host and a
 * token, and removes it when done; the others wait. A lock whose holder is
 * gone (same host, pid not running) or that is older than `staleMs` (a
 * holder that hung or a machine that crashed) is broken. Holders keep locks
 * for milliseconds (read, modify, atomic write), so waiting is short.
 */

export interface FileLockOptions {
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
  /** A lock older than this is considered abandoned. */
  readonly staleMs?: number;
}

interface LockBody {
  pid: number;
  host: string;
  token: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function holderGone(body: LockBody | null): boolean {
  if (body === null || body.host !== hostname()) return false;
  try {
    process.kill(body.pid, 0);
    return false;
  } catch (err) {
    return isErrno(err, 'ESRCH');
  }
}

async function readBody(path: string): Promise<LockBody | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockBody>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string'
      ? (value as LockBody)
      : null;
  } catch {
    return null;
  }
}

/** Runs `work` while holding the lock on `file`. */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const path = `${file}.lock`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const body: LockBody = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(body));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    const held = await readBody(path);
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (holderGone(held) || age > staleMs) {
      // Only remove the lock we judged abandoned, not one a third process just took.
      const again = await readBody(path);
      if (again?.token === held?.token) await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new StackdeckError(
        'CONFLICT',
        'Another Stackdeck process is saving connections and did not finish in time. Try again.',
        { reason: 'store-locked' },
      );
    }
    await sleep(Math.min(100, 5 + attempt * 5));
  }
  try {
    return await work();
  } finally {
    const now = await readBody(path);
    if (now?.token === body.token) await unlink(path).catch(() => undefined);
  }
}
