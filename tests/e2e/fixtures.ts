import { test as base, expect, type Page } from '@playwright/test';

/**
 * Import `test` and `expect` from here in e2e specs. global-setup.ts starts one
 * web-mode server per worker; `app.open()` loads this worker's server as a user
 * does with the printed address (token in the URL once, then the cookie).
 * `baseURL` is set too (playwright.config.ts reads it from the environment in
 * the workers), so `page.goto('/')` works once the cookie is set.
 */

// Point the unsuffixed names at this worker's server, for helpers and specs
// that read process.env directly. A worker restarted after a failure keeps its
// parallel index, so it keeps its server.
const parallelIndex = process.env.TEST_PARALLEL_INDEX ?? '0';
for (const name of ['STACKDECK_E2E_BASE_URL', 'STACKDECK_E2E_TOKEN', 'STACKDECK_E2E_USER_DATA']) {
  const own = process.env[`${name}_${parallelIndex}`];
  if (own !== undefined) process.env[name] = own;
}

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set: run through \`npx playwright test\` (tests/e2e/global-setup.ts sets it).`);
  return value;
}

export interface StackdeckApp {
  /** http://127.0.0.1:PORT */
  readonly baseURL: string;
  readonly token: string;
  /** The server's user data directory (profiles, vault). */
  readonly userDataDir: string;
  /** Opens the app with the token and waits for the shell. */
  open(page?: Page): Promise<void>;
}

export const test = base.extend<{ app: StackdeckApp }>({
  app: async ({ page }, use) => {
    const baseURL = env('STACKDECK_E2E_BASE_URL');
    const token = env('STACKDECK_E2E_TOKEN');
    await use({
      baseURL,
      token,
      userDataDir: env('STACKDECK_E2E_USER_DATA'),
      async open(target = page) {
        await target.goto(`${baseURL}/?token=${encodeURIComponent(token)}`);
        await expect(target.getByTestId('app-shell')).toBeVisible();
      },
    });
  },
});

export { expect };
