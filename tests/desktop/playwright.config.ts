import { defineConfig } from '@playwright/test';

/**
 * The desktop app under Playwright's Electron driver (`npm run test:desktop`):
 * the built app (out/main/index.js) against the real local stack. Kept apart
 * from playwright.config.ts so `npm test` never runs it. The global setup
 * fails at once when there is no Electron binary.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  outputDir: '../../test-results/desktop',
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
