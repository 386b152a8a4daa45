import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { expect, test } from '../fixtures';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/**
 * `npm run screenshots`: the Kafka cluster overview, topic list, topic detail
 * and the config diff, in artifacts/ (git-ignored). Topics with messages are
 * made on the local broker first and deleted afterwards.
 */

const out = join(process.cwd(), 'artifacts');
mkdirSync(out, { recursive: true });

test.use({ colorScheme: 'light' });

const stamp = Date.now().toString(36);
const connectionName = `Kafka topics shots ${stamp}`;
const topics = [
  { name: `orders-${stamp}`, partitions: 6, messages: 1200 },
  { name: `payments-${stamp}`, partitions: 3, messages: 300 },
  { name: `audit.log-${stamp}`, partitions: 1, messages: 40 },
  { name: `empty-${stamp}`, partitions: 2, messages: 0 },
];

async function shot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '*, *::before, *::after { caret-color: transparent !important; }' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `${name}.png`) });
}

async function rpc(
  page: Page,
  name: string,
  input: unknown,
): Promise<{ value?: unknown; error?: { message: string } }> {
  return page.evaluate(
    ([n, i]) =>
      new Promise<{ value?: unknown; error?: { message: string } }>((resolve, reject) => {
        const { host } = (globalThis as unknown as { location: { host: string } }).location;
        const ws = new WebSocket(`ws://${host}/api/ws`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, type: 'call', name: n, input: i }));
        ws.onmessage = (event) => {
          resolve(JSON.parse(String(event.data)) as { value?: unknown; error?: { message: string } });
          ws.close();
        };
        ws.onerror = () => reject(new Error('WebSocket refused'));
      }),
    [name, input] as const,
  );
}

test('kafka topics screens', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const created = (
    await rpc(page, 'connections.profiles.create', {
      draft: { kind: 'kafka', name: connectionName, brokers: [KAFKA_BOOTSTRAP] },
    })
  ).value as { id: string };
  const connectionId = created.id;
  const kafka = new kafkajs.Kafka({
    clientId: 'stackdeck-shots',
    brokers: [KAFKA_BOOTSTRAP],
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    for (const t of topics) {
      const r = await rpc(page, 'kafka.topics.create', {
        connectionId,
        name: t.name,
        partitions: t.partitions,
        replicationFactor: 1,
        configs: t.name.startsWith('orders') ? { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } : {},
      });
      expect(r.error).toBeUndefined();
    }
    await producer.connect();
    for (const t of topics) {
      for (let i = 0; i < t.messages; i += 200) {
        const n = Math.min(200, t.messages - i);
        await producer.send({
          topic: t.name,
          messages: Array.from({ length: n }, (_, j) => ({
            key: `k-${i + j}`,
            value: JSON.stringify({ id: i + j, amount: (i + j) * 1.5, note: 'x'.repeat(120) }),
          })),
        });
      }
    }

    await page.reload();
    const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
    await row.dblclick();
    const tree = page.getByTestId('sidebar-tree');

    await tree.getByRole('treeitem', { name: 'Cluster', exact: true }).click();
    await expect(page.getByTestId('brokers-grid').getByRole('row')).toHaveCount(2);
    await expect(page.getByTestId('broker-configs-grid').getByRole('row').nth(3)).toBeVisible();
    await shot(page, 'kafka-cluster');

    await tree.getByRole('treeitem', { name: 'Topics', exact: true }).click();
    const list = page.getByTestId('kafka-topics');
    await list.getByLabel('Filter topics').fill(stamp);
    await expect(
      list
        .getByTestId('topics-grid')
        .getByRole('row')
        .filter({ hasText: topics[0]?.name ?? '' }),
    ).toContainText('1,200');
    await shot(page, 'kafka-topics-list');

    await list
      .getByTestId('topics-grid')
      .getByRole('row')
      .filter({ hasText: topics[0]?.name ?? '' })
      .dblclick();
    const detail = page.getByTestId('topic-detail');
    await expect(detail.getByTestId('topic-summary')).toContainText('1,200 messages');
    await shot(page, 'kafka-topic-detail');

    await detail.getByRole('button', { name: 'Edit configs' }).click();
    const edit = page.getByTestId('edit-configs-dialog');
    await edit.getByLabel('Value of retention.ms', { exact: true }).fill('86400000');
    await edit.getByLabel('Value of max.message.bytes', { exact: true }).fill('2097152');
    await edit.getByRole('button', { name: 'Review changes' }).click();
    await expect(edit.getByTestId('config-diff').locator('tbody tr')).toHaveCount(2);
    await shot(page, 'kafka-topic-config-diff');
    await edit.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await producer.disconnect().catch(() => undefined);
    for (const t of topics)
      await rpc(page, 'kafka.topics.delete', { connectionId, topic: t.name, confirmName: t.name });
    await rpc(page, 'connections.profiles.delete', { id: connectionId });
  }
});
