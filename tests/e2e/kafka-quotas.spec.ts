import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { KAFKA_BOOTSTRAP, kafkaCliSync } from './helpers/kafka4';

/**
 * Client quotas on the local broker, as a person would: open "Quotas", set a
 * producer rate for a user unique to the run (the exact change listed first,
 * checked with the broker, then applied), see it in the table and in the
 * Kafka CLI's own view, edit it, remove it; the same for an IP address's
 * connection rate. A read-only connection shows the quotas but offers no write.
 */

const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const USER = `e2e-quota-${run}`;
/** TEST-NET-3 (documentation range): no real client connects from it. */
const IP = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;

/** `kafka-configs.sh --entity-type <type> --entity-name <name>` with `args` (the 4.x ConfigCommand); its stdout. */
function kafkaConfigs(args: string[], entity: readonly [string, string] = ['users', USER]): string {
  return kafkaCliSync('org.apache.kafka.tools.ConfigCommand', [
    '--bootstrap-server',
    KAFKA_BOOTSTRAP,
    '--entity-type',
    entity[0],
    '--entity-name',
    entity[1],
    ...args,
  ]);
}

test.afterAll(() => {
  kafkaConfigs(['--alter', '--delete-config', 'producer_byte_rate']);
  kafkaConfigs(['--alter', '--delete-config', 'connection_creation_rate'], ['ips', IP]);
});

async function openQuotas(page: Page, name: string, readOnly = false): Promise<void> {
  if (readOnly) {
    await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Bootstrap brokers').fill(KAFKA_BOOTSTRAP);
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

test('set a connection rate for an IP address, see it in the table and the CLI, remove it', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  await openQuotas(page, `e2e ip quotas ${run}`);
  const view = page.getByTestId('kafka-quotas');

  await view.getByRole('button', { name: 'Set quota' }).click();
  const dialog = page.getByTestId('edit-quota-dialog');
  const preview = dialog.getByTestId('quota-change-preview');
  await dialog.getByLabel('Entity type').selectOption('ip');
  // Only the IP key is offered for an IP entity.
  await expect(dialog.getByLabel('producer_byte_rate')).toHaveCount(0);
  await dialog.getByLabel('IP name').fill('not-an-ip');
  await dialog.getByLabel('connection_creation_rate').fill('30');
  await expect(preview).toContainText('IPv4 or IPv6 address');
  await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await dialog.getByLabel('IP name').fill(IP);
  await expect(preview).toContainText('Set connection_creation_rate = 30');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();

  const filter = view.getByRole('form', { name: 'Quota filter' });
  await filter.getByLabel('Entity type').selectOption('ip');
  await filter.getByLabel('Match').selectOption('exact');
  await filter.getByLabel('Name', { exact: true }).fill(IP);
  await filter.getByRole('button', { name: 'Apply filter' }).click();
  const rows = view.getByTestId('quotas').getByTestId('quota-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-entity', `ip "${IP}"`);
  await expect(rows.first().locator('td[data-key="connection_creation_rate"]')).toHaveText('30');
  expect(kafkaConfigs(['--describe'], ['ips', IP])).toContain('connection_creation_rate=30');

  await rows.first().getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`ip "${IP}"`);
  await expect(confirm).toContainText('connection_creation_rate = 30');
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(rows).toHaveCount(0);
  expect(kafkaConfigs(['--describe'], ['ips', IP])).not.toContain('connection_creation_rate');
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
