import { randomUUID } from 'node:crypto';
import { copyFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { exportFileName, isExportId } from '../shared/exports';
import { StackdeckError } from '../shared/errors';

/**
 * The files `kafka.messages.export` writes, found by their opaque id (see
 * src/shared/exports.ts). Used by web mode's download route and by the
 * desktop's `host.exports.save`, so both look files up the same way.
 */

export function exportsDir(userDataDir: string): string {
  return join(userDataDir, 'exports');
}

export interface StoredExport {
  /** Absolute path of the stored file. */
  readonly path: string;
  /** The name the export was given (without the id prefix). */
  readonly fileName: string;
  readonly size: number;
}

/** The stored file of an export, or undefined for a malformed id or a missing file. */
export async function findExportIn(dir: string, id: string): Promise<StoredExport | undefined> {
  if (!isExportId(id)) return undefined;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const fileName = exportFileName(id, name);
    if (fileName === undefined) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() ? { path, fileName, size: info.size } : undefined;
  }
  return undefined;
}

export function findExport(userDataDir: string, id: string): Promise<StoredExport | undefined> {
  return findExportIn(exportsDir(userDataDir), id);
}

/** The stored export or NOT_FOUND with what to do about it; INVALID_INPUT for a malformed id. */
export async function requireExport(userDataDir: string, id: string): Promise<StoredExport> {
  if (!isExportId(id)) throw new StackdeckError('INVALID_INPUT', 'That is not an export id.');
  const found = await findExport(userDataDir, id);
  if (found === undefined) {
    throw new StackdeckError(
      'NOT_FOUND',
      'The exported file is no longer there (it was removed from the exports folder). Run the export again.',
      { exportId: id },
    );
  }
  return found;
}

/**
 * Copies a stored export to `destination` (a path the user chose). The bytes go
 * to a temporary file next to the destination first and are renamed into
 * place, so a failed or cancelled copy never leaves a half-written file under
 * the user's chosen name, and an existing file there (which the user agreed
 * to replace in the save dialog) is swapped atomically. The stored export is
 * kept: the user may save it again elsewhere.
 */
export async function copyExportTo(source: StoredExport, destination: string, signal?: AbortSignal): Promise<string> {
  const target = resolve(destination);
  if (target === resolve(source.path)) return target;
  const temp = join(dirname(target), `.stackdeck-save-${randomUUID()}.part`);
  try {
    await copyFile(source.path, temp);
    signal?.throwIfAborted();
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (signal?.aborted) throw signal.reason;
    const { code, reason } = failureOf(error);
    throw new StackdeckError(code, `Could not save the export to ${target}: ${reason}.`, { path: target });
  }
  return target;
}

/**
 * A location the user can fix by choosing another folder is INVALID_INPUT (the
 * chosen path is the input that failed); anything else is SERVER_ERROR.
 */
function failureOf(error: unknown): { code: 'INVALID_INPUT' | 'SERVER_ERROR'; reason: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const choose = (reason: string) => ({ code: 'INVALID_INPUT' as const, reason: `${reason}; choose another location` });
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return choose('permission denied');
    case 'EROFS':
      return choose('the disk is read-only');
    case 'ENOENT':
    case 'ENOTDIR':
      return choose('the folder does not exist');
    case 'EISDIR':
      return choose('a folder has that name');
    case 'ENOSPC':
      return { code: 'SERVER_ERROR', reason: 'the disk is full; free some space and save again' };
    default:
      return {
        code: 'SERVER_ERROR',
        reason: typeof code === 'string' ? `the file system refused it (${code})` : 'the copy failed',
      };
  }
}
