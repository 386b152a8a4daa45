import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The BUILT desktop app (out/main/index.js from `npm run build`) run under
 * plain Node with a stand-in `electron` module (fake-electron/): main becomes
 * ready, installs the menu, opens the window on the built page with the built
 * preload, and starts the built core entry as a real child process, which
 * builds core and says it is ready. Then a second launch focuses the window,
 * a menu item sends its command to the page, a renderer crash shows the crash
 * page and the reload brings the app page back, core is killed (main starts a new one), and Quit has core dispose and exit
 * before the app exits. No Electron binary
 * is needed: what this cannot show is Electron itself (utilityProcess,
 * MessagePortMain, a real window).
 */

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'sd-built-app-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Report {
  userData: string;
  sent: unknown[][];
  windows: Array<{ options: { webPreferences: { preload: string; sandbox: boolean } }; loads: string[] }>;
  menu: string[];
  forks: Array<{ entry: string; options: { serviceName: string } }>;
  coreMessages: string[];
  coreExit: number | null;
  quitCalls: number;
  exited: boolean;
  errors: string[];
  readyAt: { windows: number; focused: number };
}

describe('the built app under Node with electron faked', () => {
  it('starts core, opens the window on the built files, and quits after core disposed', () => {
    expect(existsSync(join(root, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(true);
    const userData = join(work, 'userData');
    const env: NodeJS.ProcessEnv = { ...process.env, STACKDECK_USER_DATA_DIR: userData };
    env.FAKE_ELECTRON_APPDATA = join(work, 'appData');
    delete env.ELECTRON_RENDERER_URL;
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'tests', 'integration', 'desktop', 'fake-electron', 'run-main.mjs'),
        join(root, 'out', 'main', 'index.js'),
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Report;
    expect(report.errors).toEqual([]);
    expect(report.userData).toBe(userData);

    // The menu, and the window on the built page with the built, sandboxed preload.
    expect(report.menu).toEqual(['File', 'Edit', 'View', 'Connection', 'Window', 'Help']);
    expect(report.windows).toHaveLength(1);
    const window = report.windows[0];
    const page = join(root, 'out', 'renderer', 'index.html');
    expect(existsSync(page)).toBe(true);
    // The page; after the renderer crash the crash page, then the page again (the dialog's Reload Window).
    expect(window?.loads).toEqual([page, expect.stringMatching(/^data:text\/html;charset=utf-8,/), page]);
    expect(decodeURIComponent(window?.loads[1] ?? '')).toContain('The Stackdeck window crashed');
    expect(window?.options.webPreferences.preload).toBe(join(root, 'out', 'preload', 'index.cjs'));
    expect(existsSync(window?.options.webPreferences.preload ?? '')).toBe(true);
    expect(window?.options.webPreferences.sandbox).toBe(true);

    // Core: the built entry, forked, ready; its log file in <userData>/logs. Forked twice:
    // at start, and again after the driver killed it (a crash).
    const fork = {
      entry: join(root, 'out', 'main', 'core.js'),
      options: expect.objectContaining({ serviceName: 'Stackdeck core' }),
    };
    expect(report.forks).toEqual([fork, fork]);
    const logs = readdirSync(join(userData, 'logs'));
    expect(logs).toHaveLength(1);
    const log = readFileSync(join(userData, 'logs', logs[0] ?? ''), 'utf8');
    expect(log.match(/core process \d+ starting/g)).toHaveLength(2);

    // File > New Connection… reached the page as a command name.
    expect(report.sent).toContainEqual(['stackdeck:menu-command', 'connection.new']);
    // A second launch focused the one window; Quit: core disposed and exited 0, then the app exited.
    expect(report.readyAt).toEqual({ windows: 1, focused: 1 });
    expect(report.coreMessages).toEqual(['ready', 'ready', 'disposed']);
    expect(report.coreExit).toBe(0);
    expect(report.quitCalls).toBe(2);
    expect(report.exited).toBe(true);
  });
});
