import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * GET /api/exports/<id>: downloads a file that `kafka.messages.export` wrote
 * to `<userDataDir>/exports/<id>--<name>`. Runs after the same token, Host and
 * Origin checks as every request. The caller names an opaque id only (a UUID,
 * checked by pattern), never a path, so nothing outside the exports directory
 * can be read; the file name in Content-Disposition is reduced to safe characters.
 */
export const EXPORTS_PATH = '/api/exports/';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function sendExport(
  res: ServerResponse,
  exportsDir: string,
  id: string,
  headers: Record<string, string>,
  head: boolean,
): Promise<'sent' | 'not-found'> {
  if (!ID.test(id)) return 'not-found';
  const name = (await readdir(exportsDir).catch(() => [] as string[])).find((n) => n.startsWith(`${id}--`));
  if (name === undefined) return 'not-found';
  const path = join(exportsDir, name);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return 'not-found';
  const fileName = name.slice(id.length + 2).replace(/[^A-Za-z0-9._-]/g, '_') || 'export';
  res.writeHead(200, {
    ...headers,
    'Content-Type': fileName.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'Content-Length': String(info.size),
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
