import { expect, test } from './fixtures';
import { rpc } from './rpc';
import { addKafkaConnection } from './helpers/connections';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * Topics, driven as a person would against the local broker: add a Kafka
 * connection, open Topics, create a topic with a config, find it in the list,
 * open it, edit a config (see the before/after diff, confirm, see the new
 * value with source "dynamic"), delete it by typing its name.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-topic-${stamp}`;
const connectionName = `e2e topics ${stamp}`;

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    const list = (await rpc(page, 'connections.profiles.list', {})).value as
      { profiles: Array<{ id: string; name: string }> } | undefined;
    for (const p of list?.profiles ?? []) {
      if (p.name !== connectionName) continue;
      await rpc(page, 'kafka.topics.delete', { connectionId: p.id, topic, confirmName: topic });
      await rpc(page, 'connections.profiles.delete', { id: p.id });
    }
  } finally {
    await page.close();
  }
});

test('create a topic, edit a config with a diff, delete it by name', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addKafkaConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Topics', exact: true }).click();
  const list = page.getByTestId('kafka-topics');
  await expect(list).toBeVisible();

  // Create, with inline validation first.
  await list.getByRole('button', { name: 'Create topic' }).click();
  const create = page.getByTestId('create-topic-dialog');
  await create.getByLabel('Name', { exact: true }).fill('bad name');
  await expect(create.getByRole('alert')).toContainText('may only contain');
  await create.getByLabel('Name', { exact: true }).fill(topic);
  await create.getByLabel('Partitions').fill('3');
  await create.getByLabel('Replication factor').fill('1');
  await create.getByLabel('Configs (optional)').fill('retention.ms=3600000');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create).toBeHidden({ timeout: 30_000 });

  // Creating opens the topic; the list has it too.
  const detail = page.getByTestId('topic-detail');
  await expect(detail.getByRole('heading', { name: topic })).toBeVisible();
  await expect(detail.getByTestId('topic-summary')).toContainText('3 partitions');
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Topics', exact: true }).click();
  await list.getByLabel('Filter topics').fill(topic);
  const grid = list.getByTestId('topics-grid');
  const topicRow = grid.getByRole('row').filter({ hasText: topic });
  await expect(topicRow).toContainText('OK');
  await expect(topicRow.getByRole('gridcell').nth(1)).toHaveText('3');
  await expect(topicRow.getByRole('gridcell').nth(4)).toHaveText('0');
  await topicRow.dblclick();

  // Configs show their source.
  await expect(detail.getByTestId('partitions-grid').getByRole('row')).toHaveCount(4);
  await detail.getByLabel('Filter config keys').fill('retention.ms');
  const configRow = detail
    .getByTestId('topic-configs-grid')
    .getByRole('row')
    .filter({ hasText: /^retention\.ms/ });
  await expect(configRow).toContainText('3600000');
  await expect(configRow).toContainText('dynamic');

  // Edit: the diff names the key with before and after; nothing changes until Apply.
  await detail.getByRole('button', { name: 'Edit configs' }).click();
  const edit = page.getByTestId('edit-configs-dialog');
  await edit.getByLabel('Filter keys').fill('retention');
  await edit.getByLabel('Value of retention.ms', { exact: true }).fill('7200000');
  await edit.getByRole('button', { name: 'Review changes' }).click();
  const diff = edit.getByTestId('config-diff');
  await expect(diff.locator('tbody tr')).toHaveCount(1);
  await expect(diff.locator('tbody tr td').nth(0)).toHaveText('retention.ms');
  await expect(diff.locator('tbody tr td').nth(1)).toContainText('3600000');
  await expect(diff.locator('tbody tr td').nth(2)).toHaveText('7200000');
  await edit.getByRole('button', { name: 'Apply 1 change' }).click();
  await expect(edit).toBeHidden({ timeout: 20_000 });
  await expect(configRow).toContainText('7200000');
  await expect(configRow.locator('[data-origin]')).toHaveAttribute('data-origin', 'dynamic');

  // A bad value is refused by the broker's validation, shown as text, and nothing is applied.
  await detail.getByRole('button', { name: 'Edit configs' }).click();
  await edit.getByLabel('Filter keys').fill('cleanup.policy');
  await edit.getByLabel('Value of cleanup.policy', { exact: true }).fill('shred');
  await edit.getByRole('button', { name: 'Review changes' }).click();
  await expect(edit.getByTestId('error-banner')).toHaveAttribute('data-code', 'INVALID_INPUT');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Delete: the button stays disabled until the exact name is typed.
  await detail.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  const go = confirm.getByRole('button', { name: 'Delete topic' });
  await expect(go).toBeDisabled();
  await confirm.getByLabel(`Type ${topic} to confirm`).fill(`${topic}x`);
  await expect(go).toBeDisabled();
  await confirm.getByLabel(`Type ${topic} to confirm`).fill(topic);
  await go.click();
  await expect(detail.getByTestId('topic-deleted')).toBeVisible({ timeout: 30_000 });

  const profiles = (await rpc(page, 'connections.profiles.list', {})).value as {
    profiles: Array<{ id: string; name: string }>;
  };
  const id = profiles.profiles.find((p) => p.name === connectionName)?.id;
  const after = (await rpc(page, 'kafka.topics.list', { connectionId: id })).value as {
    topics: Array<{ name: string }>;
  };
  expect(after.topics.map((t) => t.name)).not.toContain(topic);
});

test('a read-only connection shows topics without write actions', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const name = `${connectionName} ro`;
  const created = (
    await rpc(page, 'connections.profiles.create', {
      draft: { kind: 'kafka', name, brokers: [KAFKA_BOOTSTRAP], readOnly: true },
    })
  ).value as { id: string };
  try {
    await page.reload();
    await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
    const tree = page.getByTestId('sidebar-tree');
    await tree.locator(`[data-key="r:${created.id}:topics"]`).click();
    const list = page.getByTestId('kafka-topics');
    await expect(list.getByTestId('topics-grid')).toBeVisible();
    await expect(list.getByRole('button', { name: 'Refresh' })).toBeVisible();
    await expect(list.getByRole('button', { name: 'Create topic' })).toHaveCount(0);
  } finally {
    await rpc(page, 'connections.profiles.delete', { id: created.id });
  }
});
