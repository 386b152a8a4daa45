import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { KAFKA_BOOTSTRAP, kafkaCliSync } from './helpers/kafka4';

/**
 * Dynamic broker configs on the cluster screen (the default 4.x broker, broker 1): edit
 * log.cleaner.threads for the broker, see the diff, apply, see it dynamic;
 * a key the broker refuses shows its error; reset it back.
 */

const KEY = 'log.cleaner.threads';

/** Whatever the test left, remove the broker override with the 4.x kafka-configs tool (not Stackdeck). */
test.afterAll(() => {
  kafkaCliSync('org.apache.kafka.tools.ConfigCommand', [
    '--bootstrap-server',
    KAFKA_BOOTSTRAP,
    '--entity-type',
    'brokers',
    '--entity-name',
    '1',
    '--alter',
    '--delete-config',
    KEY,
  ]);
});

test('edit a dynamic broker config with a dry run and a diff, then reset it', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addKafkaConnection(page, `e2e brokers ${Date.now().toString(36)}`, KAFKA_BOOTSTRAP);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Cluster', exact: true }).click();
  const cluster = page.getByTestId('kafka-cluster');
  // The grid is virtualized: filter it to the key first.
  await cluster.getByPlaceholder('Filter keys').fill(KEY);
  const configRow = cluster.getByTestId('broker-configs-grid').getByRole('row').filter({ hasText: KEY });
  await expect(configRow).toContainText('1');

  await cluster.getByRole('button', { name: 'Edit configs of broker 1' }).click();
  const edit = page.getByTestId('edit-configs-dialog');
  await expect(edit).toContainText('Edit configs of broker 1');
  // A static key is not offered: Kafka marks it read-only for a running broker.
  await edit.getByLabel('Filter keys').fill('log.dirs');
  await expect(edit.getByLabel('Value of log.dirs', { exact: true })).toHaveCount(0);
  await edit.getByLabel('Filter keys').fill(KEY);
  // A value the broker refuses: its validation error, nothing applied.
  await edit.getByLabel(`Value of ${KEY}`, { exact: true }).fill('-4');
  await edit.getByRole('button', { name: 'Review changes' }).click();
  await expect(edit.getByTestId('error-banner')).toHaveAttribute('data-code', 'INVALID_INPUT');
  await edit.getByLabel(`Value of ${KEY}`, { exact: true }).fill('2');
  await edit.getByRole('button', { name: 'Review changes' }).click();
  const diff = edit.getByTestId('config-diff');
  await expect(diff.locator('tbody tr td').nth(0)).toHaveText(KEY);
  await expect(diff.locator('tbody tr td').nth(1)).toContainText('1');
  await expect(diff.locator('tbody tr td').nth(2)).toHaveText('2');
  await edit.getByRole('button', { name: 'Apply 1 change' }).click();
  await expect(edit).toBeHidden({ timeout: 20_000 });
  await expect(configRow).toContainText('2');
  await expect(configRow.locator('[data-origin]')).toHaveAttribute('data-origin', 'dynamic');

  await cluster.getByRole('button', { name: 'Edit configs of broker 1' }).click();
  await edit.getByLabel('Filter keys').fill(KEY);
  await edit.getByRole('button', { name: 'Reset' }).click();
  await edit.getByRole('button', { name: 'Review changes' }).click();
  await edit.getByRole('button', { name: 'Apply 1 change' }).click();
  await expect(edit).toBeHidden({ timeout: 20_000 });
  await expect(configRow.locator('[data-origin]')).not.toHaveAttribute('data-origin', 'dynamic');
});
