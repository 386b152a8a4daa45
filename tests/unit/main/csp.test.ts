import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { cspOfHtml, devCsp, devCspPlugin, inlineScriptHashes, parseCsp } from '../../../scripts/csp';

/**
 * The page's Content-Security-Policy: strict in the source and in the build,
 * relaxed for Vite's dev server only (`npm run dev`).
 */

const root = process.cwd();
const builtHtml = join(root, 'out', 'renderer', 'index.html');

function expectStrict(policy: string | undefined): void {
  expect(policy, 'a CSP <meta> tag').toBeDefined();
  const csp = parseCsp(policy ?? '');
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(policy).not.toMatch(/unsafe-eval|localhost/);
  // No wildcard source anywhere (`ws://127.0.0.1:*` is web mode's own loopback server, any port).
  for (const values of csp.values()) expect(values).not.toContain('*');
}

describe('Content-Security-Policy', () => {
  it('is strict in src/renderer/index.html', () => {
    expectStrict(cspOfHtml(readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8')));
  });

  it('is strict in the built out/renderer/index.html (run `npm run build` first)', () => {
    expect(existsSync(builtHtml), 'out/ is missing: run `npm run build`').toBe(true);
    expectStrict(cspOfHtml(readFileSync(builtHtml, 'utf8')));
  });

  it('is relaxed for the dev server only: the inline React Refresh preamble (by hash) and the HMR socket', () => {
    const strict = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*; object-src 'none'";
    const hashes = inlineScriptHashes('<script type="module">x()</script><script src="/a.js"></script>');
    expect(hashes).toEqual(["'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"]);
    const dev = parseCsp(devCsp(strict, hashes));
    expect(dev.get('script-src')).toEqual(["'self'", ...hashes]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*', 'http://localhost:*']);
    expect(dev.get('object-src')).toEqual(["'none'"]);
    expect(dev.get('script-src')).not.toContain("'unsafe-eval'");
    // Vite runs the plugin when it serves, never when it builds.
    expect(devCspPlugin().apply).toBe('serve');
  });

  it('Vite serving the page (npm run dev) sends the relaxed policy with the React Refresh preamble it allows', async () => {
    const server = await createServer({
      configFile: false,
      root: join(root, 'src', 'renderer'),
      plugins: [react(), devCspPlugin()],
      // No HMR socket server (nothing listens): the page transform is all this needs.
      server: { middlewareMode: true, ws: false },
      logLevel: 'silent',
    });
    try {
      const source = readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8');
      const html = await server.transformIndexHtml('/', source);
      const csp = parseCsp(cspOfHtml(html) ?? '');
      // The preamble is there, and allowed by its hash only: no 'unsafe-inline' for scripts even in dev.
      expect(html).toMatch(/<script type="module">[^<]*@react-refresh/);
      expect(csp.get('script-src')).toEqual(["'self'", ...inlineScriptHashes(html)]);
      expect(csp.get('script-src')).toHaveLength(2);
      expect(csp.get('connect-src')).toContain('ws://localhost:*');
    } finally {
      await server.close();
    }
  });
});
