import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { deleteProfile, rpc } from './helpers/redis';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * Kafka features that had no e2e test (issue #8): the cluster view with a
 * broker's configs, and adding partitions to a topic (with the dialog's
 * validation), driven as a user would against the local broker.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const connectionName = `e2e kafka hardening ${stamp}`;
const topic = `e2e-hard-${stamp}`;
const groupTopic = `e2e-hard-g-${stamp}`;
const groupId = `e2e-hard-group-${stamp}`;

function kafkaAdmin(): kafkajs.Admin {
  return new kafkajs.Kafka({
    clientId: 'stackdeck-e2e-hardening',
    brokers: [KAFKA_BOOTSTRAP],
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
}

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
    if (id) await rpc(page, 'kafka.topics.delete', { connectionId: id, topic: groupTopic, confirmName: groupTopic });
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

test('each reset mode previews its offsets; one executes; the group is deleted by name', async ({ page, app }) => {
  test.setTimeout(90_000);
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: groupTopic, numPartitions: 1 }], waitForLeaders: true });
    const producer = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: groupTopic,
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}` })),
    });
    await producer.disconnect();
    await admin.setOffsets({ groupId, topic: groupTopic, partitions: [{ partition: 0, offset: '5' }] });

    await app.open();
    const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
    await row.dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Consumer groups' }).click();
    const list = page.getByTestId('kafka-groups');
    await list.getByLabel('Filter groups').fill(groupId);
    await list.getByTestId('groups-grid').getByRole('row').filter({ hasText: groupId }).dblclick();
    const detail = page.getByTestId('kafka-group');
    await expect(detail.getByTestId('group-state')).toHaveText('Empty');

    await detail.getByRole('button', { name: 'Reset offsets' }).click();
    const dialog = page.getByTestId('reset-dialog');
    const mode = dialog.getByRole('radiogroup', { name: 'Reset mode' });
    const newOffset = dialog.getByTestId('reset-preview').locator('tbody tr td').nth(3);
    const preview = async (expected: string): Promise<void> => {
      await dialog.getByRole('button', { name: 'Preview' }).click();
      await expect(newOffset).toHaveText(expected);
    };
    await mode.getByText('Earliest', { exact: true }).click();
    await preview('0');
    await mode.getByText('Latest', { exact: true }).click();
    await preview('10');
    await mode.getByText('Shift by N', { exact: true }).click();
    await dialog.getByLabel('Shift by (messages)').fill('-2');
    await preview('3');
    await mode.getByText('Timestamp', { exact: true }).click();
    await dialog.getByLabel('First message at or after').fill('2000-01-01T00:00:00');
    await preview('0');
    await mode.getByText('Offset', { exact: true }).click();
    await dialog.getByRole('spinbutton').fill('7');
    await preview('7');
    await dialog.getByRole('button', { name: 'Execute reset' }).click();
    await expect(dialog).toBeHidden();
    const committed = await admin.fetchOffsets({ groupId, topics: [groupTopic] });
    expect(committed[0]?.partitions[0]?.offset).toBe('7');

    // Delete: typed confirmation, then the group is gone from the cluster.
    await detail.getByRole('button', { name: 'Delete group' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm.getByRole('button', { name: 'Delete group' })).toBeDisabled();
    await confirm.getByLabel(`Type ${groupId} to confirm`).fill(groupId);
    await confirm.getByRole('button', { name: 'Delete group' }).click();
    await expect(page.getByTestId('toast').filter({ hasText: `Deleted group ${groupId}` })).toBeVisible();
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(groups).not.toContain(groupId);
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
});

test('browse from an offset, page with the cursor, load a full value, tail two topics, export CSV', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const a = `e2e-hard-a-${stamp}`;
  const b = `e2e-hard-b-${stamp}`;
  const kafka = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({
      topics: [
        { topic: a, numPartitions: 1 },
        { topic: b, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    const pad = (n: number): string => String(n).padStart(3, '0');
    await producer.send({
      topic: a,
      acks: -1,
      messages: Array.from({ length: 120 }, (_, i) => ({ key: `k-${pad(i)}`, value: `p-${pad(i)}` })),
    });
    // Past the 64 KiB preview: the end marker only shows once the full value is loaded.
    await producer.send({ topic: a, acks: -1, messages: [{ key: 'big', value: `${'x'.repeat(100_000)}END-OF-BIG` }] });

    await app.open();
    const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
    await row.dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
    const view = page.getByTestId('messages-view');
    await view.getByTestId('topic-input').fill(a);
    await view.getByTestId('topic-open').click();
    const grid = view.getByTestId('messages-grid');

    // Load full value.
    await grid.getByRole('row').filter({ hasText: 'big' }).first().click();
    const detail = view.getByTestId('message-detail');
    await expect(detail).toContainText('Showing the first');
    await expect(detail.getByTestId('detail-value')).not.toContainText('END-OF-BIG');
    await detail.getByTestId('load-full').click();
    await expect(detail.getByTestId('detail-value')).toContainText('END-OF-BIG');

    // From offset 10 (a page of 100: offsets 10-109), then the cursor forwards (110-120) and back.
    await view.getByTestId('browse-mode').selectOption('offset');
    await view.getByLabel('Offset', { exact: true }).fill('10');
    await view.getByTestId('browse-load').click();
    await expect(grid.getByRole('row').filter({ hasText: 'p-010' })).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: 'p-009' })).toHaveCount(0);
    await view.getByTestId('browse-newer').click();
    await expect(grid.getByRole('row').filter({ hasText: 'p-110' })).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: 'p-010' })).toHaveCount(0);
    // Older: the page before 110 again (listed newest first).
    await view.getByTestId('browse-older').click();
    await expect(grid.getByRole('row').filter({ hasText: 'p-109' })).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: 'p-110' })).toHaveCount(0);

    // A tail of two topics shows messages of both.
    await view.getByTestId('messages-mode').getByText('Live tail', { exact: true }).click();
    await view.getByLabel('Also tail topics').fill(b);
    await view.getByTestId('tail-start').click();
    await expect(view.getByTestId('tail-counts')).toContainText('Following');
    await page.waitForTimeout(800);
    await producer.send({ topic: b, acks: -1, messages: [{ key: 'on-b', value: 'from b' }] });
    await producer.send({ topic: a, acks: -1, messages: [{ key: 'on-a', value: 'from a' }] });
    await expect(grid.getByRole('row').filter({ hasText: 'from b' })).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: 'from a' })).toBeVisible();
    await expect(view.getByTestId('tail-counts')).toContainText('2 received');
    await view.getByTestId('tail-stop').click();

    // CSV export of the whole topic.
    await view.getByTestId('open-export').click();
    const exp = page.getByTestId('generic-export-dialog');
    await exp.getByTestId('range-kind').selectOption('oldest');
    await exp.getByTestId('export-format').getByText('CSV', { exact: true }).click();
    await exp.getByTestId('export-start').click();
    await expect(exp.getByTestId('export-done')).toContainText('122 messages');
    const [download] = await Promise.all([page.waitForEvent('download'), exp.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  } finally {
    await admin.deleteTopics({ topics: [a, b] }).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  }
});

test('cancelling an export stops it and removes the partial file', async ({ page, app }) => {
  test.setTimeout(120_000);
  const big = `e2e-hard-big-${stamp}`;
  const kafka = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ topics: [{ topic: big, numPartitions: 2 }], waitForLeaders: true });
    const value = JSON.stringify({ pad: 'p'.repeat(400) });
    for (let sent = 0; sent < 200_000; sent += 20_000) {
      await producer.send({
        topic: big,
        acks: 1,
        compression: kafkajs.CompressionTypes.GZIP,
        messages: Array.from({ length: 20_000 }, (_, i) => ({ key: `k${sent + i}`, value })),
      });
    }
    await app.open();
    const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
    await row.dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
    const view = page.getByTestId('messages-view');
    await view.getByTestId('topic-input').fill(big);
    await view.getByTestId('topic-open').click();
    await view.getByTestId('open-export').click();
    const exp = page.getByTestId('generic-export-dialog');
    await exp.getByTestId('range-kind').selectOption('oldest');
    await exp.getByTestId('export-start').click();
    await expect(exp.getByTestId('export-progress')).toContainText('scanned');
    await exp.getByTestId('export-cancel').click();
    await expect(exp).toContainText('Cancelled; the partial file was removed.');
    await expect(exp.getByTestId('export-done')).toHaveCount(0);
    // Nothing of it is left in the server's exports directory.
    await expect
      .poll(async () =>
        (await readdir(join(app.userDataDir, 'exports')).catch(() => [])).filter((f) => f.includes(big)),
      )
      .toEqual([]);
  } finally {
    await admin.deleteTopics({ topics: [big] }).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  }
});
