import { chromium as playwrightChromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { startXvfb, windowFrame } from './x11-capture';

/**
 * `npm run screenshots`: the app as a window (artifacts/window.png), for the
 * README. No Electron binary can be had here, so this is Debian's Chromium in
 * app mode (`chromium --app=<web mode URL>`: no tabs, no address bar, its own
 * title bar) on a virtual X display (Xvfb), photographed from Xvfb's frame
 * buffer. Playwright only drives the page (over the DevTools port) to open a
 * screen; the picture is of the whole X screen, window frame included.
 */

const CHROMIUM = '/usr/bin/chromium';
const SIZE = { width: 1440, height: 900 };
/** The window sits on a slightly larger screen, so the window manager's frame and shadowless edges show. */
const MARGIN = 24;
const out = join(process.cwd(), 'artifacts');

// What the test started, ended in afterEach: it runs even when the test times out,
// where the test's own `finally` would not (a timed-out test body is abandoned).
const cleanups: Array<() => Promise<void> | void> = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch {
      // keep ending the rest
    }
  }
});

test('the app in a window (chromium --app under Xvfb)', async ({ app }) => {
  test.skip(!existsSync(CHROMIUM), `${CHROMIUM} is not installed (Debian's chromium package)`);
  test.setTimeout(90_000);
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'sd-window-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const profile = join(work, 'profile');
  const display = await startXvfb(work, SIZE.width + 2 * MARGIN, SIZE.height + 2 * MARGIN);
  cleanups.push(() => display.stop());
  const browser = spawn(
    CHROMIUM,
    [
      `--app=${app.baseURL}/?token=${encodeURIComponent(app.token)}`,
      `--window-position=${MARGIN},${MARGIN}`,
      `--window-size=${SIZE.width},${SIZE.height}`,
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      '--force-device-scale-factor=1',
      '--no-sandbox',
      // Hides the "unsupported command-line flag" bar that --no-sandbox brings (root in a container needs it).
      '--test-type',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      '--password-store=basic',
    ],
    { env: { ...process.env, DISPLAY: display.display }, stdio: 'ignore' },
  );
  const browserExited = new Promise<void>((resolve) => browser.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (browser.exitCode === null && browser.signalCode === null) browser.kill('SIGTERM');
    await browserExited;
  });
  // Chromium writes its DevTools port into the profile once it listens.
  const portFile = join(profile, 'DevToolsActivePort');
  await expect.poll(() => existsSync(portFile), { timeout: 20_000 }).toBe(true);
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const cdp = await playwrightChromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const page = cdp.contexts()[0]?.pages()[0];
    if (page === undefined) throw new Error('the app window has no page');
    await expect(page.getByTestId('app-shell')).toBeVisible({ timeout: 20_000 });
    await page.emulateMedia({ colorScheme: 'light' });
    // A screen with content: the local Kafka's topics (added from the first-run card if it is not there yet).
    const kafka = page.locator('[data-testid="sidebar-connection"][data-name="Local Kafka"]');
    if ((await kafka.count()) === 0) {
      await page.getByRole('button', { name: 'Add local Kafka' }).click();
    }
    await kafka.dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Topics' }).first().click();
    await expect(page.getByTestId('kafka-topics').getByTestId('topics-grid')).toBeVisible({ timeout: 20_000 });
    // No toast in the picture.
    for (const close of await page.getByTestId('toast').getByRole('button').all()) await close.click();
    await expect(page.getByTestId('toast')).toHaveCount(0);
    await page.waitForTimeout(500);
  } finally {
    // Leaves the browser running (connectOverCDP's close only disconnects).
    await cdp.close();
  }
  // Just the window, title bar and frame included (the whole screen if its bounds cannot be read).
  const frame = display.windowManager ? await windowFrame(display.display, 'Stackdeck') : undefined;
  const png = display.capturePng(frame);
  writeFileSync(join(out, 'window.png'), png);
  expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(SIZE.width);
  if (frame === undefined) test.info().annotations.push({ type: 'note', description: 'no window frame found' });
});
