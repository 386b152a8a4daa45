import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { findExportIn } from '../core/exports';

/**
 * GET /api/exports/<id>: downloads a file that an export (the generic
 * `exportRows` of src/core/export, or `kafka.messages.export`) wrote to
 * `<userDataDir>/exports/<id>--<name>`. Runs after the same token, Host and
 * Origin checks as every request. The caller names an opaque id only (a UUID,
 * checked by pattern), never a path, so nothing outside the exports directory
 * can be read (the id check and lookup are core's `findExportIn`, shared with the
 * desktop's `host.exports.save`); the file name in Content-Disposition is
 * reduced to safe characters.
 */
export const EXPORTS_PATH = '/api/exports/';

function contentType(fileName: string): string {
  if (fileName.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (fileName.endsWith('.json')) return 'application/json; charset=utf-8';
  return 'application/x-ndjson; charset=utf-8';
}

export async function sendExport(
  res: ServerResponse,
  exportsDir: string,
  id: string,
  headers: Record<string, string>,
  head: boolean,
): Promise<'sent' | 'not-found'> {
  const found = await findExportIn(exportsDir, id);
  if (found === undefined) return 'not-found';
  const { path, size } = found;
  const fileName = found.fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'export';
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentType(fileName),
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
  if (head) {
    res.end();
    return 'sent';
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path);
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
  return 'sent';
}
