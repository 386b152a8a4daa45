import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { rpc } from './rpc';
import { addKafkaConnection } from './helpers/connections';

/**
 * SCRAM users on the secure twin (`kafka-secure`): save a SCRAM-over-TLS
 * profile, open "SCRAM users", create a user unique to the run (the password
 * typed twice, never shown again), see it listed with its mechanism and
 * iterations, change its password, delete its credential after a
 * confirmation. On the plain broker the view says the connection has no SASL.
 */

// The e2e project does not compile tests/stack; these mirror tests/stack/servers/kafka-secure.ts.
const SASL_PORT = 9194;
const ADMIN = { username: 'sd-scram512', password: 'sd-kafka-scram512-Pw-c47d22' } as const;
const pem = (name: string): string =>
  readFileSync(join(fileURLToPath(new URL('../../.stack/pki', import.meta.url)), name), 'utf8');
const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const USER = `e2e-scram-${run}`;
const CONNECTION = `e2e scram ${run}`;

/** Whatever a failed run left: the user's credentials on kafka-secure (deleting a missing one is harmless). */
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    const list = (await rpc(page, 'connections.profiles.list', {})).value as
      { profiles: Array<{ id: string; name: string }> } | undefined;
    for (const p of list?.profiles ?? []) {
      if (p.name !== CONNECTION) continue;
      for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'])
        await rpc(page, 'kafka.scram.users.delete', { connectionId: p.id, name: USER, mechanism });
    }
  } finally {
    await page.close();
  }
});

async function addSecureKafka(page: Page, name: string): Promise<void> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Bootstrap brokers').fill(`127.0.0.1:${SASL_PORT}`);
  await dialog.getByLabel('SASL mechanism').selectOption('scram-sha-512');
  await dialog.getByLabel('SASL username').fill(ADMIN.username);
  await dialog.getByLabel('Password').fill(ADMIN.password);
  await dialog.getByRole('checkbox', { name: 'Use TLS' }).check();
  await dialog.getByLabel('CA certificate (PEM)').fill(pem('ca.crt'));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
}

test('create a SCRAM user, see it listed, change its password, delete it', async ({ page, app }) => {
  test.setTimeout(120_000);
  const user = USER;
  const password = `e2e-Pw-${run}`;
  await app.open();
  await addSecureKafka(page, CONNECTION);
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'SCRAM users', exact: true }).click();
  const view = page.getByTestId('kafka-scram');
  await expect(view.getByTestId('scram-count')).toContainText('user');
  await expect(view.getByTestId('scram-no-sasl')).toHaveCount(0);
  await expect(view.locator(`[data-testid="scram-row"][data-user="${ADMIN.username}"]`)).toBeVisible();

  await view.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByTestId('scram-user-dialog');
  await dialog.getByLabel('User name').fill(user);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  await dialog.getByLabel('Confirm password').fill(`${password}x`);
  await expect(dialog.getByTestId('scram-user-problems')).toContainText('The two passwords differ');
  await expect(dialog.getByRole('button', { name: 'Create user' })).toBeDisabled();
  await dialog.getByLabel('Confirm password').fill(password);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();

  const row = view.locator(`[data-testid="scram-row"][data-user="${user}"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('SCRAM-SHA-512');
  await expect(row).toContainText('8192');
  await expect(view.getByTestId('scram-notice')).toContainText(`Created ${user}`);
  await expect(page.locator('body')).not.toContainText(password);

  await row.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByLabel('User name')).toHaveValue(user);
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue('');
  await dialog.getByLabel('Iterations').fill('4096');
  await dialog.getByLabel('Password', { exact: true }).fill(`${password}-2`);
  await dialog.getByLabel('Confirm password').fill(`${password}-2`);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('4096');

  await row.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`SCRAM-SHA-512 credential of "${user}"`);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(view.getByTestId('scram-notice')).toContainText(`Deleted the SCRAM-SHA-512 credential of ${user}`);
});

test('on a connection without SASL the view says so', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const name = `e2e scram plain ${run}`;
  await addKafkaConnection(page, name);
  await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'SCRAM users', exact: true }).click();
  await expect(page.getByTestId('kafka-scram').getByTestId('scram-no-sasl')).toContainText('does not log in with SASL');
});
