import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { pack } from 'msgpackr';
import { expect, test } from '../fixtures';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/**
 * `npm run screenshots`: the message browser (newest page with a JSON detail,
 * a binary message flagged as invalid UTF-8), a CEL search with its progress,
 * the live tail and the produce and export dialogs, in artifacts/ (git-ignored).
 */

const out = join(process.cwd(), 'artifacts');
mkdirSync(out, { recursive: true });

test.use({ colorScheme: 'light', timezoneId: 'UTC' });

const stamp = Date.now().toString(36);
const connectionName = `Kafka messages shots ${stamp}`;
const topic = `orders-${stamp}`;
const kafka = new kafkajs.Kafka({
  clientId: 'stackdeck-shots',
  brokers: [KAFKA_BOOTSTRAP],
  logLevel: kafkajs.logLevel.NOTHING,
});

async function shot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '*, *::before, *::after { caret-color: transparent !important; }' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `${name}.png`) });
}

test('kafka messages screens', async ({ page, app }) => {
  test.setTimeout(120_000);
  const admin = kafka.admin();
  // Idempotent: a send retried under load must not write the seed twice (the tests check offsets).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const statuses = ['paid', 'shipped', 'failed', 'pending'];
    await producer.send({
      topic,
      messages: Array.from({ length: 300 }, (_, i) => ({
        key: `order-${1000 + i}`,
        value: JSON.stringify({
          id: 1000 + i,
          status: statuses[i % 4],
          amount: Math.round(i * 137.5) / 10,
          customer: { name: `Customer ${i % 17}`, tier: i % 5 === 0 ? 'gold' : 'standard' },
          items: [{ sku: `SKU-${i % 9}`, qty: 1 + (i % 3) }],
        }),
        headers: { source: i % 2 ? 'web' : 'mobile', 'trace-id': `t-${i.toString(16)}` },
      })),
    });
    await producer.send({
      topic,
      messages: [
        {
          key: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
          value: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0x00, 0xff]),
          partition: 0,
        },
        { key: 'order-deleted', value: null, partition: 1 },
        { key: 'msgpack-1', value: pack({ id: 7, tags: ['a', 'b'], ok: true }), partition: 2 },
      ],
    });

    await app.open();
    await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill(connectionName);
    await dialog.getByLabel('Bootstrap brokers').fill(KAFKA_BOOTSTRAP);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`).dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
    const view = page.getByTestId('messages-view');
    await view.getByTestId('topic-input').fill(topic);
    await view.getByTestId('topic-open').click();
    const grid = view.getByTestId('messages-grid');
    await expect(grid.getByRole('row').filter({ hasText: 'order-' }).first()).toBeVisible();
    await grid.getByRole('row').filter({ hasText: 'order-1' }).nth(1).click();
    await expect(view.getByTestId('message-detail')).toContainText('customer');
    await shot(page, 'kafka-messages-browse');

    // Partition 0's newest message is the binary one.
    await view.getByLabel('Partitions').fill('0');
    await view.getByTestId('browse-load').click();
    await grid.getByRole('row').nth(1).click();
    await expect(view.getByTestId('detail-value')).toContainText('invalid UTF-8');
    await shot(page, 'kafka-messages-binary');

    await view.getByLabel('Partitions').fill('');
    await view.getByTestId('messages-mode').getByText('Search', { exact: true }).click();
    await view.getByTestId('filter-kind').getByText('CEL', { exact: true }).click();
    await view.getByTestId('range-kind').selectOption('oldest');
    const cel = view.getByTestId('cel-input').locator('.cm-content');
    await cel.fill('value.status == "failed" && value.amount > 100.0 && headers.source == "mobile"');
    await cel.press('Control+Enter');
    await expect(view.getByTestId('search-progress')).toContainText('done');
    await grid.getByRole('row').nth(2).click();
    await shot(page, 'kafka-messages-search');

    await cel.fill('value.status == && true');
    await cel.press('Control+Enter');
    await expect(view.getByTestId('cel-error')).toBeVisible();
    await shot(page, 'kafka-messages-cel-error');

    await view.getByTestId('messages-mode').getByText('Live tail', { exact: true }).click();
    await view.getByTestId('tail-start').click();
    await expect(view.getByTestId('tail-counts')).toContainText('Following');
    await page.waitForTimeout(500);
    await producer.send({
      topic,
      messages: Array.from({ length: 25 }, (_, i) => ({
        key: `live-${i}`,
        value: JSON.stringify({ live: i, at: new Date().toISOString() }),
      })),
    });
    await expect(view.getByTestId('tail-counts')).toContainText('25 received · 25 shown');
    await shot(page, 'kafka-messages-tail');
    await view.getByTestId('tail-stop').click();

    await view.getByTestId('open-produce').click();
    const produce = page.getByTestId('produce-dialog');
    await produce.getByTestId('produce-key').fill('order-9999');
    await produce.getByTestId('produce-value').fill('{\n  "id": 9999,\n  "status": "paid"\n}');
    await produce.getByTestId('produce-headers').fill('source=console');
    await produce.getByTestId('produce-send').click();
    await expect(produce.getByTestId('produce-result')).toBeVisible();
    await shot(page, 'kafka-messages-produce');
    await produce.getByRole('button', { name: 'Close', exact: true }).last().click();

    await view.getByTestId('open-export').click();
    const exp = page.getByTestId('generic-export-dialog');
    await exp.getByTestId('range-kind').selectOption('oldest');
    await exp.getByTestId('export-start').click();
    await expect(exp.getByTestId('export-done')).toBeVisible();
    await shot(page, 'kafka-messages-export');
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});
