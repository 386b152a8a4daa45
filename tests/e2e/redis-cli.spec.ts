import type { Redis } from 'ioredis';
import { expect, test } from './fixtures';
import { addRedisConnection, seedClient, removeProfileAndKeys } from './helpers/redis';

/**
 * The Redis CLI driven as a person would: open it from the sidebar, complete
 * a command name from the server's COMMAND DOCS, see its syntax hint, run
 * lines and see typed replies (bulk, integer, nil, the server's error), a
 * dangerous command asking for its name, RESP3 types (status, map, double),
 * and the history.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-rdcli-${stamp}`;
const connectionName = `e2e redis cli ${stamp}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = await seedClient();
});

test.afterAll(({ browser }) => removeProfileAndKeys(browser, connectionName, redis, p));

test('run commands in the CLI with completion, typed replies, confirmation and history', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'CLI', exact: true }).click();
  const cli = page.getByTestId('redis-cli');
  await expect(cli).toContainText(/Redis \d+\.\d+.*commands/);
  const editor = cli.getByTestId('redis-cli-editor').locator('.cm-content');
  await editor.click();

  // Completion of a command name from COMMAND DOCS, then its syntax hint.
  await page.keyboard.type('HINCRB');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'HINCRBYFLOAT' });
  await expect(option).toBeVisible();
  await option.click();
  await expect(editor).toHaveText('HINCRBYFLOAT');
  await expect(cli.getByTestId('redis-cli-hint')).toContainText('HINCRBYFLOAT key field increment');
  await page.keyboard.type(` ${p}:h f 1.5`);
  await page.keyboard.press('Enter');
  await page.keyboard.type(`SET "${p}:k" "hello world"\nGET ${p}:k\nGET ${p}:nothing\nGET\nINCR ${p}:n`);
  await page.keyboard.press('Shift+Control+Enter');
  const results = cli.getByTestId('redis-cli-result');
  await expect(results).toHaveCount(6);
  await expect(results.nth(0)).toContainText('"1.5"');
  await expect(results.nth(2)).toContainText('"hello world"');
  await expect(results.nth(3)).toContainText('(nil)');
  await expect(results.nth(4)).toContainText("(error) ERR wrong number of arguments for 'get' command");
  await expect(results.nth(5)).toContainText('(integer) 1');
  expect(await redis.get(`${p}:k`)).toBe('hello world');

  // A dangerous command asks for its name first.
  await page.keyboard.press('Control+a');
  await page.keyboard.type(`KEYS ${p}:*`);
  await page.keyboard.press('Control+Enter');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('KEYS is dangerous');
  await confirm.getByRole('textbox').fill('KEYS');
  await confirm.getByRole('button', { name: 'Run KEYS' }).click();
  await expect(results).toHaveCount(7);
  await expect(results.nth(6)).toContainText(`"${p}:k"`);

  // RESP3 types: a status without quotes, a map as key => value, a double.
  await expect(results.nth(1)).toContainText('OK');
  await expect(results.nth(1)).not.toContainText('"OK"');
  await expect(results.nth(1)).toContainText('RESP3');
  await page.keyboard.press('Control+a');
  await page.keyboard.type(`HGETALL ${p}:h\nZADD ${p}:z 2.5 m\nZSCORE ${p}:z m`);
  await page.keyboard.press('Shift+Control+Enter');
  await expect(results).toHaveCount(10);
  const map = results.nth(7).locator('ol[data-kind="map"]');
  await expect(map).toBeVisible();
  await expect(map).toContainText('"f" => "1.5"');
  await expect(results.nth(9)).toContainText('(double) 2.5');
  await page.screenshot({ path: 'artifacts/redis-cli.png' });

  // History has the runs; picking one puts it in the editor.
  await cli.getByRole('button', { name: 'History' }).click();
  await expect(cli.locator('.rd-cli-history').getByText(`GET ${p}:nothing`)).toBeVisible();
});
