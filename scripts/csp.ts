import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * The renderer's Content-Security-Policy lives in src/renderer/index.html (a
 * <meta> tag, so it applies to file:// in the app and to web mode alike) and is
 * strict: scripts from the page's own origin only. Vite's dev server needs more
 * (`npm run dev`): @vitejs/plugin-react injects an inline module script (the
 * React Refresh preamble) and the HMR client talks to the dev server over a
 * WebSocket on localhost. `devCspPlugin` allows exactly those two (the inline
 * script by its SHA-256, not by 'unsafe-inline'), and only when Vite serves
 * (`apply: 'serve'`): a build never contains them (tests/unit/main/csp.test.ts
 * reads the built out/renderer/index.html).
 */

export type Csp = Map<string, string[]>;

export function parseCsp(policy: string): Csp {
  const csp: Csp = new Map();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) csp.set(name.toLowerCase(), values);
  }
  return csp;
}

export function formatCsp(csp: Csp): string {
  return [...csp].map(([name, values]) => [name, ...values].join(' ')).join('; ');
}

const META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/** The policy in an HTML page's CSP <meta> tag, or undefined. */
export function cspOfHtml(html: string): string | undefined {
  return META.exec(html)?.[2];
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** CSP hash sources for the page's inline scripts. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
}

/** The dev server's additions: the inline scripts it injected (by hash) and the HMR socket. */
export function devCsp(policy: string, scriptHashes: readonly string[] = []): string {
  const csp = parseCsp(policy);
  const add = (name: string, ...values: string[]): void => {
    const current = csp.get(name) ?? [];
    csp.set(name, [...current, ...values.filter((v) => !current.includes(v))]);
  };
  add('script-src', ...scriptHashes);
  add('connect-src', 'ws://localhost:*', 'http://localhost:*');
  return formatCsp(csp);
}

export function devCspPlugin(): Plugin {
  return {
    name: 'stackdeck-dev-csp',
    apply: 'serve',
    transformIndexHtml: {
      // After the other plugins, so the preamble they inject is in the page to be hashed.
      order: 'post',
      handler(html) {
        const policy = cspOfHtml(html);
        if (policy === undefined) throw new Error('src/renderer/index.html has no Content-Security-Policy <meta> tag');
        const relaxed = devCsp(policy, inlineScriptHashes(html));
        return html.replace(META, (_m, head: string, _p: string, tail: string) => `${head}${relaxed}${tail}`);
      },
    },
  };
}
