import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The built bundles (`npm run build`, which `npm test` runs before the unit
 * tests): the sandboxed preload may require nothing but `electron`, and main's
 * bundles (the shell and core's utility-process entry) load under plain Node
 * with `electron` stubbed, so a missing file or a bad import shows here, not
 * on a user's machine.
 */

const out = resolve('out');
const built = existsSync(join(out, 'main', 'index.js'));
const work = mkdtempSync(join(tmpdir(), 'sd-bundles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function withoutDevServer(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ELECTRON_RENDERER_URL;
  return env;
}

describe('built bundles', () => {
  it('exist (run `npm run build` first)', () => {
    expect(built, 'out/ is missing: run `npm run build` (npm test builds before the unit tests)').toBe(true);
  });

  it('the preload requires nothing but electron', () => {
    const code = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('main loads under Node with a stubbed electron, and so does the core entry', () => {
    // Every property of the stub is a callable stub; `then` stays undefined so nothing looks like a promise.
    const stub = join(work, 'electron-stub.mjs');
    writeFileSync(
      stub,
      `const make = () => new Proxy(function () {}, {
         get: (_t, key) =>
           key === 'then' ? undefined
           : key === Symbol.toPrimitive ? () => ''
           : key === 'getPath' || key === 'getAppPath' ? () => ${JSON.stringify(work)}
           : key === 'getVersion' ? () => '0.0.0'
           : key === 'whenReady' ? () => new Promise(() => {})
           : key === 'isPackaged' ? false
           : make(),
         apply: () => make(),
         construct: () => make(),
       });
       const e = make();
       export default e;
       export const app = e, BrowserWindow = e, dialog = e, safeStorage = e, utilityProcess = e, ipcMain = e,
         MessageChannelMain = e, session = e, shell = e, Menu = e, clipboard = e, contextBridge = e, ipcRenderer = e, nativeTheme = e, screen = e;
      `,
    );
    const hooks = join(work, 'hooks.mjs');
    writeFileSync(
      hooks,
      `export async function resolve(specifier, context, next) {
         if (specifier === 'electron') return { url: ${JSON.stringify(pathToFileURL(stub).href)}, shortCircuit: true };
         return next(specifier, context);
       }`,
    );
    const register = join(work, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`,
    );
    const main = spawnSync(
      process.execPath,
      [
        '--import',
        register,
        '-e',
        `await import(${JSON.stringify(pathToFileURL(join(out, 'main', 'index.js')).href)})`,
      ],
      { encoding: 'utf8', timeout: 30_000, env: withoutDevServer() },
    );
    expect(main.stderr).not.toMatch(/Error/);
    expect(main.status).toBe(0);
    // The core entry without a parent: it must load (all of core's imports resolve) and exit when stdin-less.
    const coreEntry = join(out, 'main', 'core.js');
    expect(existsSync(coreEntry)).toBe(true);
    const check = spawnSync(
      process.execPath,
      ['--import', register, '-e', `await import(${JSON.stringify(pathToFileURL(coreEntry).href)}); process.exit(0)`],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(check.stderr).not.toMatch(/Error/);
    expect(check.status).toBe(0);
  });

  it('main and core import only Node builtins, electron and production dependencies (what the installers ship)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
      );
    const bare = new Set<string>();
    for (const file of files(join(out, 'main'))) {
      const code = readFileSync(file, 'utf8');
      // Static imports start a line in the bundle; dynamic ones and require() take a plain string literal.
      const specifiers = [
        ...code.matchAll(/^import\s(?:[^;'"]*?\sfrom\s*)?["']([^"']+)["']/gm),
        ...code.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
      ];
      for (const m of specifiers) if (m[1] !== undefined && !/^[./]/.test(m[1])) bare.add(m[1]);
    }
    const packageOf = (specifier: string): string =>
      specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
    const missing = [...bare].filter((specifier) => {
      if (specifier === 'electron' || specifier.startsWith('node:')) return false;
      if (builtinModules.includes(specifier)) return false;
      return !(packageOf(specifier) in pkg.dependencies);
    });
    expect(bare.size).toBeGreaterThan(5);
    expect(missing, 'imported by out/main but not a production dependency').toEqual([]);
    expect([...bare]).toContain('kafkajs');
  });
});
