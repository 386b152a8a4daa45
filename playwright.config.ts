import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * e2e tests drive the UI in Chromium against web mode (ARCHITECTURE.md,
 * "Tests"). tests/e2e/global-setup.ts starts `npm run web`'s server once, on a
 * free port with a throwaway user data directory and a known token, and hands
 * its address to the tests through the environment (see tests/e2e/fixtures.ts).
 *
 * Debian's /usr/bin/chromium is used where it exists (this machine cannot
 * download Playwright's own browser); elsewhere Playwright's Chromium.
 */
const systemChromium = '/usr/bin/chromium';
const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1440, height: 900 },
  ...(existsSync(systemChromium)
    ? {
        launchOptions: {
          executablePath: systemChromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      }
    : {}),
};

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // One server, one user data directory: tests share them, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/playwright',
  // tests/run.ts sets PLAYWRIGHT_JSON_OUTPUT_NAME to count results.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    // Set by the global setup; workers inherit it.
    ...(process.env.STACKDECK_E2E_BASE_URL ? { baseURL: process.env.STACKDECK_E2E_BASE_URL } : {}),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'e2e', testMatch: '**/*.spec.ts', testIgnore: 'screenshots/**', use: chromium },
    { name: 'screenshots', testMatch: 'screenshots/**/*.spec.ts', use: chromium },
  ],
});
