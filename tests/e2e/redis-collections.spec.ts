import type { Redis } from 'ioredis';
import { expect, test } from './fixtures';
import { addRedisConnection, cleanup, deleteProfile, openKeys, seedClient } from './helpers/redis';

/**
 * The hash, list, set and sorted-set editors, driven as a person would: open
 * each key from the list view, page a large hash by scrolling, edit a value,
 * add and remove members, change a score, range a sorted set by score. The
 * spec's own client checks what reached the server.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-rdc-${stamp}`;
const connectionName = `e2e redis coll ${stamp}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = await seedClient();
  await redis.hset(`${p}:h`, Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, `v${i}`])));
  await redis.rpush(`${p}:l`, 'a', 'b', 'c');
  await redis.sadd(`${p}:s`, 'red', 'green');
  await redis.zadd(`${p}:z`, 1, 'one', 2, 'two', 3, 'three');
  for (let i = 1; i <= 3; i++) await redis.xadd(`${p}:x`, `${i}-0`, 'n', String(i));
  await redis.xgroup('CREATE', `${p}:x`, 'workers', '0');
  await redis.xreadgroup('GROUP', 'workers', 'w1', 'COUNT', 2, 'STREAMS', `${p}:x`, '>');
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    await deleteProfile(page, connectionName);
    await deleteProfile(page, `${connectionName} s`);
  } finally {
    await page.close();
    await cleanup(redis, p);
  }
});

test('open and edit a hash, a list, a set and a sorted set', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName);
  const keys = await openKeys(page, row, `${p}:*`);
  await keys.getByRole('radio', { name: 'List' }).check({ force: true });
  const tree = keys.getByTestId('redis-key-tree');
  const editor = keys.getByTestId('redis-key-editor');
  const panel = editor.getByTestId('redis-member-panel');

  // Hash: 500 fields load page by page as the grid scrolls; edit one, add one, delete one.
  await tree.locator(`[data-key="${p}:h"]`).click();
  await expect(editor).toHaveAttribute('data-type', 'hash');
  const hash = editor.getByTestId('redis-hash-editor');
  const status = hash.getByTestId('redis-hash-editor-status');
  await expect(status).toContainText('of 500');
  const grid = hash.getByTestId('redis-hash-editor-grid');
  for (let i = 0; i < 40 && !(await status.textContent())?.includes('all loaded'); i++) {
    await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForTimeout(150);
  }
  await expect(status).toContainText('500 fields loaded of 500 · all loaded');
  expect(await grid.locator('[role="row"]').count()).toBeLessThan(120);
  await hash.getByLabel('Field pattern').fill('f42');
  await hash.getByRole('button', { name: 'Filter' }).click();
  await expect(status).toContainText('1 matching fields loaded');
  await grid.getByText('v42', { exact: true }).click();
  await panel.getByLabel('Value').fill('forty-two');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(grid.getByText('forty-two', { exact: true })).toBeVisible();
  expect(await redis.hget(`${p}:h`, 'f42')).toBe('forty-two');
  await hash.getByRole('button', { name: 'Add field' }).click();
  await panel.getByLabel('Field', { exact: true }).fill('f42x');
  await panel.getByLabel('Value').fill('new');
  await panel.getByRole('button', { name: 'Add' }).click();
  await expect(panel).toBeHidden();
  expect(await redis.hget(`${p}:h`, 'f42x')).toBe('new');
  await grid.getByText('forty-two', { exact: true }).click();
  await panel.getByRole('button', { name: 'Delete field' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(grid.getByText('forty-two', { exact: true })).toBeHidden();
  expect(await redis.hexists(`${p}:h`, 'f42')).toBe(0);

  // List: set an item, push at the head, remove one.
  await tree.locator(`[data-key="${p}:l"]`).click();
  await expect(editor).toHaveAttribute('data-type', 'list');
  const list = editor.getByTestId('redis-list-editor');
  await list.getByTestId('redis-list-editor-grid').getByText('b', { exact: true }).click();
  await panel.getByLabel('Value').fill('B!');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(list.getByText('B!', { exact: true })).toBeVisible();
  await list.getByRole('button', { name: 'Add item' }).click();
  await panel.getByLabel('Where').selectOption('head');
  await panel.getByLabel('Value').fill('first');
  await panel.getByRole('button', { name: 'Add' }).click();
  await expect(list.getByTestId('redis-list-editor-status')).toContainText('4 items loaded of 4');
  await list.getByText('c', { exact: true }).click();
  await panel.getByRole('button', { name: 'Remove item' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(list.getByTestId('redis-list-editor-status')).toContainText('3 items loaded of 3');
  expect(await redis.lrange(`${p}:l`, 0, -1)).toEqual(['first', 'a', 'B!']);

  // Set: add a member, change one, remove one.
  await tree.locator(`[data-key="${p}:s"]`).click();
  await expect(editor).toHaveAttribute('data-type', 'set');
  const set = editor.getByTestId('redis-set-editor');
  await set.getByRole('button', { name: 'Add member' }).click();
  await panel.getByLabel('Member').fill('blue');
  await panel.getByRole('button', { name: 'Add' }).click();
  await expect(set.getByText('blue', { exact: true })).toBeVisible();
  await set.getByText('green', { exact: true }).click();
  await panel.getByLabel('Member').fill('teal');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(set.getByText('teal', { exact: true })).toBeVisible();
  await set.getByText('red', { exact: true }).click();
  await panel.getByRole('button', { name: 'Remove member' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(set.getByTestId('redis-set-editor-status')).toContainText('2 members loaded of 2');
  expect((await redis.smembers(`${p}:s`)).sort()).toEqual(['blue', 'teal']);

  // Sorted set: change a score, range by score.
  await tree.locator(`[data-key="${p}:z"]`).click();
  await expect(editor).toHaveAttribute('data-type', 'zset');
  const zset = editor.getByTestId('redis-zset-editor');
  await zset.getByText('one', { exact: true }).click();
  await panel.getByLabel('Score').fill('10');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(zset.getByText('10', { exact: true })).toBeVisible();
  expect(await redis.zscore(`${p}:z`, 'one')).toBe('10');
  await zset.getByRole('radio', { name: 'By score' }).check({ force: true });
  await zset.getByLabel('Minimum score').fill('2');
  await zset.getByLabel('Maximum score').fill('(10');
  await zset.getByRole('button', { name: 'Show' }).click();
  await expect(zset.getByTestId('redis-zset-editor-status')).toContainText('2 matching members loaded');
  await expect(zset.getByText('one', { exact: true })).toBeHidden();
  await page.screenshot({ path: 'artifacts/redis-zset.png' });
});

test('open a stream: entries, add and delete, consumer groups with pending, ack', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = await addRedisConnection(page, `${connectionName} s`);
  const keys = await openKeys(page, row, `${p}:x`);
  await keys.getByRole('radio', { name: 'List' }).check({ force: true });
  const tree = keys.getByTestId('redis-key-tree');
  const editor = keys.getByTestId('redis-key-editor');
  const panel = editor.getByTestId('redis-member-panel');
  await tree.locator(`[data-key="${p}:x"]`).click();
  await expect(editor).toHaveAttribute('data-type', 'stream');
  const entries = editor.getByTestId('redis-stream-entries');
  await expect(entries.getByTestId('redis-stream-entries-status')).toContainText('3 entries loaded of 3');
  // Newest first.
  await expect(entries.locator('[role="row"]').nth(1)).toContainText('3-0');

  await entries.getByRole('button', { name: 'Add entry' }).click();
  await panel.getByLabel('Field 1 name').fill('kind');
  await panel.getByLabel('Field 1 value').fill('click');
  await panel.getByRole('button', { name: 'Add field' }).click();
  await panel.getByLabel('Field 2 name').fill('user');
  await panel.getByLabel('Field 2 value').fill('ada');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(entries.getByTestId('redis-stream-entries-status')).toContainText('4 entries loaded of 4');
  await expect(entries.getByText('kind=click  user=ada')).toBeVisible();
  const last = (await redis.xrevrange(`${p}:x`, '+', '-', 'COUNT', 1))[0]!;
  expect(last[1]).toEqual(['kind', 'click', 'user', 'ada']);

  await entries.getByText('1-0', { exact: true }).click();
  await expect(panel.getByTestId('redis-stream-entry')).toContainText('n');
  await panel.getByRole('button', { name: 'Delete entry' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(entries.getByTestId('redis-stream-entries-status')).toContainText('3 entries loaded of 3');
  expect(await redis.xrange(`${p}:x`, '1-0', '1-0')).toEqual([]);

  await editor.getByRole('tab', { name: 'Consumer groups' }).click();
  const groups = editor.getByTestId('redis-stream-groups');
  await expect(groups.getByTestId('redis-groups-grid')).toContainText('workers');
  const pending = groups.getByTestId('redis-pending');
  await expect(pending).toContainText('Pending: 2');
  await expect(groups.getByTestId('redis-group')).toContainText('w1');
  await pending.locator('tr[data-id="2-0"]').click();
  await pending.getByRole('button', { name: 'Ack 2-0' }).click();
  await expect(pending).toContainText('Pending: 1');
  const summary = (await redis.xpending(`${p}:x`, 'workers')) as [number, ...unknown[]];
  expect(summary[0]).toBe(1);
  await page.screenshot({ path: 'artifacts/redis-stream-groups.png' });
});
