import { expect, type Locator, type Page } from '@playwright/test';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/** Adds a Kafka profile for the local broker through the connection dialog, as a user would; returns its sidebar row. */
export async function addKafkaConnection(
  page: Page,
  name: string,
  brokers = KAFKA_BOOTSTRAP,
  connectUrl = '',
  registryUrl = '',
): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Bootstrap brokers').fill(brokers);
  if (connectUrl) await dialog.getByLabel('Kafka Connect URL').fill(connectUrl);
  if (registryUrl) await dialog.getByLabel('Schema Registry URL').fill(registryUrl);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  return row;
}
