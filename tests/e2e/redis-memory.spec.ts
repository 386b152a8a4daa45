import type { Redis } from 'ioredis';
import { expect, test } from './fixtures';
import { addRedisConnection, seedClient, removeProfileAndKeys } from './helpers/redis';

/** Memory analysis and the server view, driven as a person would: run it on a pattern, see the charts, the biggest key, keys without expiry. */

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-rdmem-${stamp}`;
const connectionName = `e2e redis memory ${stamp}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = await seedClient();
  const pipe = redis.pipeline();
  for (let i = 0; i < 50; i++) pipe.set(`${p}|s${i}`, 'v');
  for (let i = 0; i < 20; i++) pipe.hset(`${p}|h${i}`, 'f', 'v');
  pipe.set(`${p}|big`, 'x'.repeat(50_000), 'EX', 600);
  await pipe.exec();
});

test.afterAll(({ browser }) => removeProfileAndKeys(browser, connectionName, redis, p));

test('run memory analysis and see the charts and the biggest keys', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Memory', exact: true }).click();
  const mem = page.getByTestId('redis-memory');
  await mem.getByLabel('Key pattern').fill(`${p}|*`);
  await mem.getByLabel('Sample size').selectOption('all');
  await mem.getByRole('button', { name: 'Analyze' }).click();
  await expect(mem.getByTestId('redis-memory-status')).toContainText('71 keys analyzed');
  await expect(mem.getByTestId('redis-memory-status')).toContainText('done');
  const types = mem.getByTestId('redis-memory-chart-types');
  await expect(types.getByRole('listitem')).toHaveCount(2);
  await expect(types).toContainText('STRING');
  await expect(types).toContainText('51 keys');
  await expect(types).toContainText('HASH');
  await expect(mem.getByTestId('redis-memory-chart-ttl')).toContainText('< 1 hour');
  await expect(mem.getByTestId('redis-memory-nottl')).toContainText('70 keys');
  await expect(mem.getByTestId('redis-memory-top').locator('tbody tr').first()).toContainText(`${p}|big`);
  await page.screenshot({ path: 'artifacts/redis-memory.png' });

  // The server view: INFO cards, keyspace, clients.
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Server', exact: true }).click();
  const server = page.getByTestId('redis-server');
  await expect(server.getByTestId('redis-server-server')).toContainText(/Version\s*\d+\.\d+/);
  await expect(server.getByTestId('redis-server-keyspace')).toContainText('0');
  await expect(server.getByTestId('redis-server-clients').locator('tbody tr').first()).toBeVisible();
  // Live charts from samples taken in core every second.
  await expect(server.getByTestId('redis-live-memory')).toHaveAttribute('data-points', /^([3-9]|\d\d+)$/, {
    timeout: 10_000,
  });
  await expect(server.getByTestId('redis-live-memory').locator('polyline')).toHaveAttribute('points', /,.* /);
  await page.screenshot({ path: 'artifacts/redis-server.png' });
});
