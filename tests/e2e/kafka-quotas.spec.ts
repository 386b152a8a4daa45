import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';

/**
 * Client quotas on the local broker, as a person would: open "Quotas", set a
 * producer rate for a user unique to the run (the exact change listed first,
 * checked with the broker, then applied), see it in the table and in the
 * Kafka CLI's own view, edit it, remove it. A read-only connection shows the
 * quotas but offers no write.
 */

// The e2e project does not compile tests/stack; the local broker's jars (Kafka 3.9: kafka.admin.ConfigCommand).
const LIB = fileURLToPath(new URL('../../.stack/kafka/lib', import.meta.url));
const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const USER = `e2e-quota-${run}`;

/** `kafka-configs.sh --entity-type users --entity-name USER` with `args`; its stdout. */
function kafkaConfigs(args: string[]): string {
  const res = spawnSync(
    'java',
    [
      '-Xmx256m',
      '-cp',
      join(LIB, '*'),
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      '127.0.0.1:9092',
      '--entity-type',
      'users',
      '--entity-name',
      USER,
      ...args,
    ],
    { timeout: 60_000, encoding: 'utf8' },
  );
  return res.stdout;
}

test.afterAll(() => {
  kafkaConfigs(['--alter', '--delete-config', 'producer_byte_rate']);
});

async function openQuotas(page: Page, name: string, readOnly = false): Promise<void> {
  if (readOnly) {
    await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Bootstrap brokers').fill('127.0.0.1:9092');
    await dialog.getByRole('checkbox', { name: /Read-only/ }).check();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
  } else {
    await addKafkaConnection(page, name);
  }
  await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Quotas', exact: true }).click();
  await expect(page.getByTestId('kafka-quotas').getByTestId('quota-count')).toContainText('with quotas');
}

test('set a producer rate for a user, see it in the table and the CLI, edit it, remove it', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  await openQuotas(page, `e2e quotas ${run}`);
  const view = page.getByTestId('kafka-quotas');

  await view.getByRole('button', { name: 'Set quota' }).click();
  const dialog = page.getByTestId('edit-quota-dialog');
  const preview = dialog.getByTestId('quota-change-preview');
  await expect(preview).toContainText('Not yet valid');
  await dialog.getByLabel('User name').fill(USER);
  await dialog.getByLabel('producer_byte_rate').fill('-5');
  await expect(preview).toContainText('greater than 0');
  await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await dialog.getByLabel('producer_byte_rate').fill('1048576');
  await expect(preview).toContainText('Set producer_byte_rate = 1048576');
  await dialog.getByRole('button', { name: 'Check with broker' }).click();
  await expect(dialog.getByTestId('quota-check')).toContainText('The broker accepts this change');
  expect(kafkaConfigs(['--describe'])).not.toContain('producer_byte_rate');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();

  const filter = view.getByRole('form', { name: 'Quota filter' });
  await filter.getByLabel('Entity type').selectOption('user');
  await filter.getByLabel('Match').selectOption('exact');
  await filter.getByLabel('Name', { exact: true }).fill(USER);
  await filter.getByRole('button', { name: 'Apply filter' }).click();
  const rows = view.getByTestId('quotas').getByTestId('quota-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('td[data-key="producer_byte_rate"]')).toHaveText('1048576');
  await expect(view.getByTestId('quota-count')).toHaveText('1 entity with quotas');
  expect(kafkaConfigs(['--describe'])).toContain('producer_byte_rate=1048576');

  await rows.first().getByRole('button', { name: 'Edit' }).click();
  await dialog.getByLabel('producer_byte_rate').fill('2048');
  await dialog.getByLabel('request_percentage').fill('25');
  await expect(preview).toContainText('Set producer_byte_rate = 2048 (was 1048576)');
  await expect(preview).toContainText('Set request_percentage = 25');
  await dialog.getByLabel('request_percentage').fill('');
  await expect(preview).not.toContainText('request_percentage');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows.first().locator('td[data-key="producer_byte_rate"]')).toHaveText('2048');

  await rows.first().getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`user "${USER}"`);
  await expect(confirm).toContainText('producer_byte_rate = 2048');
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(rows).toHaveCount(0);
  expect(kafkaConfigs(['--describe'])).not.toContain('producer_byte_rate');
});

test('a read-only connection lists quotas and offers no write', async ({ page, app }) => {
  test.setTimeout(90_000);
  kafkaConfigs(['--alter', '--add-config', 'producer_byte_rate=4096']);
  await app.open();
  await openQuotas(page, `e2e quotas ro ${run}`, true);
  const view = page.getByTestId('kafka-quotas');
  const row = view.locator(`[data-testid="quota-row"][data-entity='user "${USER}"']`);
  await expect(row.locator('td[data-key="producer_byte_rate"]')).toHaveText('4096');
  await expect(view.getByRole('button', { name: 'Set quota' })).toHaveCount(0);
  await expect(row.getByRole('button')).toHaveCount(0);
  kafkaConfigs(['--alter', '--delete-config', 'producer_byte_rate']);
});
