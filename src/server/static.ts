import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

/**
 * Serves the built renderer (out/renderer). Only files under that directory,
 * after resolving `..` and symlinks, are ever read; unknown paths without an
 * extension get index.html (the UI routes in the page), others 404.
 */

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type Resolved = { kind: 'file'; path: string; size: number } | { kind: 'bad-request' } | { kind: 'not-found' };

export class StaticFiles {
  private rootReal: string | undefined;

  constructor(readonly root: string) {}

  /** Maps a URL pathname to a file under the root, refusing anything that escapes it. */
  async resolve(pathname: string): Promise<Resolved> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return { kind: 'bad-request' };
    }
    if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((s) => s === '..'))
      return { kind: 'bad-request' };
    const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
    const found = await this.fileUnderRoot(relative);
    if (found !== undefined) return found;
    // Client-side routes (no extension) fall back to the app itself.
    if (extname(relative) === '') return (await this.fileUnderRoot('/index.html')) ?? { kind: 'not-found' };
    return { kind: 'not-found' };
  }

  private async fileUnderRoot(relative: string): Promise<Resolved | undefined> {
    this.rootReal ??= await realpath(this.root);
    const candidate = resolve(this.rootReal, `.${relative}`);
    if (!candidate.startsWith(this.rootReal + sep)) return undefined;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(this.rootReal + sep)) return undefined; // a symlink pointing out of the root
      const info = await stat(real);
      return info.isFile() ? { kind: 'file', path: real, size: info.size } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Streams a resolved file; `headers` are the security headers common to every response. */
  send(
    res: ServerResponse,
    file: { path: string; size: number },
    headOnly: boolean,
    headers: Record<string, string>,
  ): void {
    const type = TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    // Vite content-hashes everything under assets/, so those may be cached for good; the page itself never.
    const immutable = /[\\/]assets[\\/]/.test(file.path.slice(this.rootReal?.length ?? 0));
    res.writeHead(200, {
      ...headers,
      'Content-Type': type,
      'Content-Length': String(file.size),
      'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    });
    if (headOnly) {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

const FALLBACK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The Content-Security-Policy header: the policy of the page's own <meta> tag
 * (src/renderer/index.html is the one place it is written), with the WebSocket
 * source narrowed to this server's port and form-action added. `frame-ancestors`
 * only works as a header, which is one reason to send it as one.
 */
export async function contentSecurityPolicy(root: string, port: number): Promise<string> {
  let policy = FALLBACK_CSP;
  try {
    const html = await readFile(resolve(root, 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(?:"([^"]+)"|'([^']+)')/i.exec(html);
    const content = meta?.[1] ?? meta?.[2];
    if (content !== undefined) policy = content.replace(/\s+/g, ' ').trim();
  } catch {
    // No built page yet: the fallback policy still protects the error pages.
  }
  const ws = `ws://127.0.0.1:${port} ws://localhost:${port}`;
  policy = /connect-src/.test(policy)
    ? policy.replace(
        /connect-src([^;]*)/,
        (_m, sources: string) => `connect-src${sources.replace(/\s*wss?:\/\/[^\s;]+/g, '')} ${ws}`,
      )
    : `${policy}; connect-src 'self' ${ws}`;
  if (!/form-action/.test(policy)) policy = `${policy}; form-action 'none'`;
  if (!/frame-ancestors/.test(policy)) policy = `${policy}; frame-ancestors 'none'`;
  return policy;
}
