import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspOfHtml, devCsp, devCspPlugin, parseCsp } from '../../../scripts/csp';

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

  it('is relaxed for the dev server only: the inline React Refresh preamble and the HMR socket', () => {
    const strict = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*; object-src 'none'";
    const dev = parseCsp(devCsp(strict));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*', 'http://localhost:*']);
    expect(dev.get('object-src')).toEqual(["'none'"]);
    expect(dev.get('script-src')).not.toContain("'unsafe-eval'");
    // Vite runs the plugin when it serves, never when it builds.
    expect(devCspPlugin().apply).toBe('serve');
  });
});
