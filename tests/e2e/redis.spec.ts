import type { Redis } from 'ioredis';
import { expect, test } from './fixtures';
import { addRedisConnection, deleteProfile, openKeys, seedClient, removeProfileAndKeys } from './helpers/redis';

/**
 * The Redis key browser, driven as a person would against the local Redis:
 * add a connection, open Keys, scan a pattern, browse the namespace tree,
 * open a string, edit and save it, set its TTL, see a JSON value as a tree,
 * see a binary key name escaped, delete a key. The spec's own client checks
 * what reached the server.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-rd-${stamp}`;
const connectionName = `e2e redis ${stamp}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = await seedClient();
  await redis.set(`${p}:user:1:name`, 'ada');
  await redis.set(`${p}:user:2:name`, 'bob');
  await redis.set(`${p}:cfg`, JSON.stringify({ theme: 'dark', retries: 3 }));
  await redis.set(Buffer.concat([Buffer.from(`${p}:bin:`), Buffer.from([0xff, 0x01])]), 'raw');
});

test.afterAll(({ browser }) => removeProfileAndKeys(browser, connectionName, redis, p));

test('browse the tree, edit a string, set a TTL, delete a key', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName);
  const keys = await openKeys(page, row, `${p}:*`);
  await expect(keys.getByTestId('redis-scan-status')).toContainText('4 keys found');

  const tree = keys.getByTestId('redis-key-tree');
  const folder = (path: string) => tree.locator(`[data-testid="redis-folder"][data-path="${path}"]`);
  await expect(folder(`${p}:`)).toContainText('4');
  await folder(`${p}:`).click();
  await expect(folder(`${p}:user:`)).toContainText('2');
  await folder(`${p}:user:`).click();
  await folder(`${p}:user:1:`).click();
  await tree.locator(`[data-key="${p}:user:1:name"]`).click();

  const editor = keys.getByTestId('redis-key-editor');
  await expect(editor).toHaveAttribute('data-type', 'string');
  const value = editor.getByLabel('Value');
  await expect(value).toHaveValue('ada');
  await value.fill('ada lovelace');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editor.getByRole('button', { name: 'Save', exact: true })).toBeHidden();
  expect(await redis.get(`${p}:user:1:name`)).toBe('ada lovelace');

  await editor.getByRole('button', { name: 'TTL…' }).click();
  await page.getByLabel('Seconds to live').fill('300');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(editor.getByTestId('redis-key-ttl')).toContainText('4m');
  expect(await redis.ttl(`${p}:user:1:name`)).toBeGreaterThan(200);
  await page.screenshot({ path: 'artifacts/redis-keys.png' });

  // A JSON string is shown as a tree.
  await tree.locator(`[data-key="${p}:cfg"]`).click();
  await expect(editor.getByRole('radio', { name: 'JSON' })).toBeChecked();
  await expect(editor).toContainText('theme');
  await expect(editor).toContainText('dark');

  // A binary key name is shown escaped and opens by its exact bytes.
  await folder(`${p}:bin:`).click();
  await tree.locator(`[data-key="${p}:bin:\\\\xff\\\\x01"]`).click();
  await expect(editor).toContainText('binary name');
  await expect(editor.getByLabel('Value')).toHaveValue('raw');

  // Delete the second user's name with confirmation.
  await folder(`${p}:user:2:`).click();
  await tree.locator(`[data-key="${p}:user:2:name"]`).click();
  await editor.getByRole('button', { name: 'Delete…' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(keys.getByTestId('redis-scan-status')).toContainText('3 keys found');
  expect(await redis.exists(`${p}:user:2:name`)).toBe(0);
});

test('bulk delete by pattern: preview the count and the first keys, then delete', async ({ page, app }) => {
  test.setTimeout(60_000);
  const pipe = redis.pipeline();
  for (let i = 0; i < 150; i++) pipe.set(`${p}:bulk:${i}`, 'x');
  await pipe.exec();
  await app.open();
  const row = await addRedisConnection(page, `${connectionName} bulk`);
  const keys = await openKeys(page, row, `${p}:bulk:*`);
  await expect(keys.getByTestId('redis-scan-status')).toContainText('150 keys found');
  await keys.getByRole('button', { name: 'Bulk delete / expire…' }).click();
  const dialog = page.getByTestId('redis-bulk-dialog');
  await expect(dialog.getByLabel('Bulk pattern')).toHaveValue(`${p}:bulk:*`);
  await expect(dialog.getByRole('button', { name: /^Delete/ })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = dialog.getByTestId('redis-bulk-preview');
  await expect(preview).toContainText('150 keys match');
  await expect(preview.locator('li')).toHaveCount(100);
  await dialog.getByRole('button', { name: 'Delete 150 keys' }).click();
  await expect(dialog.getByTestId('redis-bulk-progress')).toContainText('150 keys deleted · done');
  const [, left] = await redis.scan('0', 'MATCH', `${p}:bulk:*`, 'COUNT', 100_000);
  expect(left).toEqual([]);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(keys.getByTestId('redis-scan-status')).toContainText('0 keys found');
  await deleteProfile(page, `${connectionName} bulk`);
});

test('export keys as JSON Lines, then import the file back after a dry run', async ({ page, app }) => {
  test.setTimeout(60_000);
  await redis.hset(`${p}:xfer:h`, 'a', '1', 'b', '2');
  await redis.set(`${p}:xfer:s`, 'hello', 'EX', 600);
  await app.open();
  const row = await addRedisConnection(page, `${connectionName} xfer`);
  const keys = await openKeys(page, row, `${p}:xfer:*`);
  await keys.getByRole('button', { name: 'Export…' }).click();
  const exp = page.getByTestId('generic-export-dialog');
  await exp.getByTestId('export-start').click();
  await expect(exp.getByTestId('export-done')).toBeVisible();
  const download = page.waitForEvent('download');
  await exp.getByTestId('export-download').click();
  const file = await (await download).path();
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8');
  expect(text.trim().split('\n')).toHaveLength(2);
  await page.keyboard.press('Escape');

  await redis.del(`${p}:xfer:h`);
  await keys.getByRole('button', { name: 'Import…' }).click();
  const imp = page.getByTestId('redis-import-dialog');
  await imp
    .getByLabel('Export file')
    .setInputFiles({ name: 'keys.jsonl', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(imp.getByTestId('redis-import-preview')).toContainText('2 keys, 1 of them exist already');
  expect(await redis.exists(`${p}:xfer:h`)).toBe(0);
  await imp.getByLabel('Existing keys').selectOption('skip');
  await imp.getByRole('button', { name: 'Import 2 keys' }).click();
  await expect(imp.getByTestId('redis-import-result')).toContainText('1 created, 0 replaced, 1 skipped');
  expect(await redis.hgetall(`${p}:xfer:h`)).toEqual({ a: '1', b: '2' });
  await deleteProfile(page, `${connectionName} xfer`);
});
