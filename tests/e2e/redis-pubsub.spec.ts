import type { Redis } from 'ioredis';
import { expect, test } from './fixtures';
import { addRedisConnection, deleteProfile, seedClient } from './helpers/redis';

/**
 * Pub/Sub driven as a person would: subscribe to a channel and a pattern,
 * publish from the screen and from another client, see both messages arrive
 * with their channel and pattern, and the subscriber count on publish.
 */

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const p = `e2e-rdps-${stamp}`;
const connectionName = `e2e redis pubsub ${stamp}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = await seedClient();
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
    redis.disconnect();
  }
});

test('subscribe to a channel and a pattern and see published messages arrive', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = await addRedisConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Pub/Sub', exact: true }).click();
  const ps = page.getByTestId('redis-pubsub');
  await ps.getByLabel('Channels').fill(`${p}:news`);
  await ps.getByLabel('Patterns').fill(`${p}:ev:*`);
  await ps.getByRole('button', { name: 'Subscribe' }).click();
  await expect(ps.getByTestId('redis-pubsub-status')).toContainText('Listening to');
  // The subscription is live on the server before we publish.
  await expect.poll(async () => (await redis.pubsub('NUMSUB', `${p}:news`))[1]).toBe(1);

  await ps.getByLabel('Publish to channel').fill(`${p}:news`);
  await ps.getByLabel('Message', { exact: true }).fill('hello from the screen');
  await ps.getByRole('button', { name: 'Publish' }).click();
  await expect(ps.getByTestId('redis-publish-receivers')).toContainText('received by 1 subscriber');
  await redis.publish(`${p}:ev:click`, 'clicked');

  const grid = ps.getByTestId('redis-pubsub-messages');
  await expect(grid).toContainText('hello from the screen');
  await expect(grid).toContainText('clicked');
  await expect(grid).toContainText(`${p}:ev:*`);
  await expect(ps.getByTestId('redis-pubsub-status')).toContainText('2 received');
  await page.screenshot({ path: 'artifacts/redis-pubsub.png' });

  await ps.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(async () => (await redis.pubsub('NUMSUB', `${p}:news`))[1]).toBe(0);
});
