import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * e2e tests drive the UI in Chromium against web mode (ARCHITECTURE.md,
 * "Tests"). tests/e2e/global-setup.ts starts one `npm run web` server per
 * worker, each on a free port with its own throwaway user data directory and a
 * known token, and hands their addresses to the tests through the environment
 * (see tests/e2e/fixtures.ts). Spec files run in parallel, the tests of one
 * file in order in one worker; so a spec creates its own uniquely named
 * profiles, topics and keys and never relies on another spec.
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

function workerBaseURL(): string | undefined {
  const index = process.env.TEST_PARALLEL_INDEX ?? '0';
  return process.env[`STACKDECK_E2E_BASE_URL_${index}`] ?? process.env.STACKDECK_E2E_BASE_URL;
}

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // Two workers, each with its own web-mode server (global-setup.ts): about 9 min instead of ~16 on
  // these 2-core machines, which keeps npm test inside its 30 min. STACKDECK_E2E_WORKERS=1 runs serially.
  workers: Number(process.env.STACKDECK_E2E_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/playwright',
  // tests/run.ts sets PLAYWRIGHT_JSON_OUTPUT_NAME to count results.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    // Set by the global setup per worker; workers inherit it and know their index.
    ...(workerBaseURL() !== undefined ? { baseURL: workerBaseURL() } : {}),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'e2e', testMatch: '**/*.spec.ts', testIgnore: ['screenshots/**', 'models-host.spec.ts'], use: chromium },
    // The SSH host deploy runs alone after the others (tests/run.ts, workers 1): the "remote" host is this
    // machine, and beside other specs its port choice and sshd sessions raced (see README, Models).
    { name: 'e2e-host', testMatch: 'models-host.spec.ts', use: chromium },
    { name: 'screenshots', testMatch: 'screenshots/**/*.spec.ts', use: chromium },
  ],
});
