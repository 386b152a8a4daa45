/**
 * Retention of finished exports: files in the exports folder older than the
 * retention (default 24 hours, by modification time) are deleted at core
 * start, every hour, and when `exports.info` is asked. Only names that look like ours
 * (`<uuid>--<name>`) are touched.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_ID_PATTERN, EXPORT_NAME_SEPARATOR } from '../../shared/exports';

export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;

const isOurs = (name: string): boolean => {
  const sep = name.indexOf(EXPORT_NAME_SEPARATOR);
  return sep > 0 && EXPORT_ID_PATTERN.test(name.slice(0, sep));
};

/** Deletes exports older than `retentionMs`; returns the names deleted. Never throws. */
export async function sweepExports(dir: string, retentionMs: number, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const deleted: string[] = [];
  for (const name of names) {
    if (!isOurs(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < retentionMs) continue;
    await rm(path, { force: true }).then(
      () => deleted.push(name),
      () => undefined,
    );
  }
  return deleted;
}

export async function exportsUsage(dir: string): Promise<{ files: number; bytes: number }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let files = 0;
  let bytes = 0;
  for (const name of names) {
    if (!isOurs(name)) continue;
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (!info?.isFile()) continue;
    files++;
    bytes += info.size;
  }
  return { files, bytes };
}
