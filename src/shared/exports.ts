import { z } from 'zod';

/**
 * Export ids: `kafka.messages.export` names each file it writes
 * `<userDataDir>/exports/<id>--<name>` with a random UUID as `<id>`, and callers
 * (the web-mode download route, `host.exports.save` on the desktop) name an
 * export by that opaque id only, never by a path. The one check below is what
 * keeps a caller inside the exports directory: an id that passes it cannot
 * contain a separator, `..` or anything but lower-case hex and dashes.
 */
export const EXPORT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isExportId(value: unknown): value is string {
  return typeof value === 'string' && EXPORT_ID_PATTERN.test(value);
}

/** The contract's schema for an export id (same check as `isExportId`). */
export const ExportId = z
  .string()
  .regex(EXPORT_ID_PATTERN, 'An export id is the lower-case UUID from the finished export, not a file name or path.');

/** Separates the id from the original file name in the stored file's name. */
export const EXPORT_NAME_SEPARATOR = '--';

/**
 * The original file name of a stored export, or undefined when `storedName`
 * does not belong to `id`.
 */
export function exportFileName(id: string, storedName: string): string | undefined {
  const prefix = `${id}${EXPORT_NAME_SEPARATOR}`;
  return storedName.startsWith(prefix) ? storedName.slice(prefix.length) : undefined;
}
