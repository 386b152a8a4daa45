import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { type SlowLoad, startSlowLoad } from '../helpers/kafkaLoad';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/**
 * `npm run screenshots`: the consumer groups list and a group's detail with
 * live lag charts, fed by a real slow consumer (see helpers/kafkaLoad.ts).
 * Waits for a handful of samples (STACKDECK_LAG_INTERVAL_MS, default 10 s).
 */

const out = join(process.cwd(), 'artifacts');
mkdirSync(out, { recursive: true });

test.use({ colorScheme: 'light' });

const stamp = Date.now().toString(36);
const groupId = `orders-indexer-${stamp}`;
const connectionName = `Kafka groups ${stamp}`;
let load: SlowLoad | null = null;

test.beforeAll(async () => {
  load = await startSlowLoad(`orders-${stamp}`, groupId);
});

test.afterAll(async () => {
  await load?.cleanup();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '*, *::before, *::after { caret-color: transparent !important; }' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: false });
}

test('consumer groups screens', async ({ page, app }) => {
  test.setTimeout(240_000);
  await app.open();
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(connectionName);
  await dialog.getByLabel('Bootstrap brokers').fill(KAFKA_BOOTSTRAP);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Consumer groups' }).click();

  const list = page.getByTestId('kafka-groups');
  await expect(list.getByTestId('groups-grid').getByRole('row').filter({ hasText: groupId })).toBeVisible({
    timeout: 30_000,
  });
  await shot(page, 'kafka-groups-list');

  await list.getByTestId('groups-grid').getByRole('row').filter({ hasText: groupId }).dblclick();
  const detail = page.getByTestId('kafka-group');
  const chart = detail.getByTestId('chart-total-lag');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(5);
  await expect(detail.getByTestId('catch-up')).toHaveText('falling behind', { timeout: 60_000 });
  await shot(page, 'kafka-group-detail');
  await detail.getByTestId('lag-breakdown').getByText('Per partition', { exact: true }).click();
  await page
    .getByTestId('work-area')
    .locator('.work-body')
    .evaluate((el) => el.scrollTo(0, 0));
  await shot(page, 'kafka-group-detail-partitions');
  await page
    .getByTestId('work-area')
    .locator('.work-body')
    .evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shot(page, 'kafka-group-detail-tables');
});
