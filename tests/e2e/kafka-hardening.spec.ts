import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { deleteProfile, rpc } from './helpers/redis';

/**
 * Kafka features that had no e2e test (issue #8): the cluster view with a
 * broker's configs, and adding partitions to a topic (with the dialog's
 * validation), driven as a user would against the local broker.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const connectionName = `e2e kafka hardening ${stamp}`;
const topic = `e2e-hard-${stamp}`;

async function connectionId(page: Page): Promise<string> {
  const list = (await rpc(page, 'connections.profiles.list', {})).value as {
    profiles: Array<{ id: string; name: string }>;
  };
  const id = list.profiles.find((p) => p.name === connectionName)?.id;
  if (!id) throw new Error('no profile');
  return id;
}

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    const id = await connectionId(page).catch(() => null);
    if (id) await rpc(page, 'kafka.topics.delete', { connectionId: id, topic, confirmName: topic });
    await deleteProfile(page, connectionName);
  } finally {
    await page.close();
  }
});

test('cluster view: brokers, release, and the selected broker configs', async ({ page, app }) => {
  await app.open();
  const row = await addKafkaConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Cluster', exact: true }).click();
  const cluster = page.getByTestId('kafka-cluster');
  await expect(cluster.getByRole('heading', { name: 'Cluster' })).toBeVisible();
  await expect(cluster.getByTestId('version-basis')).toContainText('Version');
  const brokers = cluster.getByTestId('brokers-grid');
  await expect(brokers.getByRole('row')).toHaveCount(2);
  await brokers.getByRole('row').nth(1).click();
  const configs = cluster.getByTestId('broker-configs-grid');
  await expect(configs.getByRole('row').filter({ hasText: /^broker\.id\s*1/ })).toContainText('static');
  await cluster.getByPlaceholder('Filter keys').fill('log.retention.hours');
  const retention = configs.getByRole('row').filter({ hasText: /^log\.retention\.hours/ });
  await expect(retention).toContainText('168');
  await expect(configs.getByRole('row')).toHaveCount(2);
});

test('add partitions: the dialog refuses fewer, then the topic has the new count', async ({ page, app }) => {
  await app.open();
  const id = await connectionId(page);
  await rpc(page, 'kafka.topics.create', { connectionId: id, name: topic, partitions: 1, replicationFactor: 1 });
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Topics', exact: true }).click();
  const list = page.getByTestId('kafka-topics');
  await list.getByLabel('Filter topics').fill(topic);
  await list.getByTestId('topics-grid').getByRole('row').filter({ hasText: topic }).dblclick();
  const detail = page.getByTestId('topic-detail');
  await expect(detail.getByTestId('topic-summary')).toContainText('1 partition');

  await detail.getByRole('button', { name: 'Add partitions' }).click();
  const dialog = page.getByTestId('add-partitions-dialog');
  const count = dialog.getByLabel('New total partition count');
  await count.fill('1');
  await expect(dialog).toContainText('Must be more than the current 1.');
  await expect(dialog.getByRole('button', { name: 'Add partitions' })).toBeDisabled();
  await count.fill('3');
  await dialog.getByRole('button', { name: 'Add partitions' }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  await expect(detail.getByTestId('topic-summary')).toContainText('3 partitions', { timeout: 15_000 });
  await expect(detail.getByTestId('partitions-grid').getByRole('row')).toHaveCount(4);
});
