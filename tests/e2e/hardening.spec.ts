import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { deleteProfile, rpc } from './helpers/redis';

/**
 * Hardening (issue #8) as a user meets it in the connection dialog: a saved
 * password is not reused for another server (the dialog asks for it again), and
 * a read-only connection becomes writable only after typing its name.
 */

const NAME = `e2e hardening ${Date.now().toString(36)}`;

async function openEdit(page: Page): Promise<ReturnType<Page['getByTestId']>> {
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${NAME}"]`);
  await row.click();
  await page.getByTestId('connection-page').getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByTestId('connection-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test.beforeEach(async ({ page, app }) => {
  await app.open();
  const draft = {
    kind: 'redis',
    name: NAME,
    host: '127.0.0.1',
    port: 6379,
    readOnly: true,
    password: { action: 'set', value: 'e2e-saved-password' },
  };
  await rpc(page, 'connections.profiles.create', { draft });
  await page.reload();
  await expect(page.getByTestId('app-shell')).toBeVisible();
});

test.afterEach(async ({ page }) => {
  await deleteProfile(page, NAME);
});

test('the saved password is not sent to another server: the dialog asks for it again', async ({ page }) => {
  const dialog = await openEdit(page);
  await dialog.getByLabel('Port', { exact: true }).fill('6390');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog).toContainText('The saved password was stored for another server');
  await expect(dialog).toContainText('Enter the password again');
  // Keep is no longer offered as the current choice: the field wants a new value.
  await expect(dialog.getByLabel('Password', { exact: true })).toBeEditable();
  await expect(dialog.getByTestId('secret-state').first()).toHaveText('will be replaced');

  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toContainText('Enter the new value');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard' }).click();
  const list = (await rpc(page, 'connections.profiles.list', {})).value as {
    profiles: Array<{ name: string; port: number }>;
  };
  expect(list.profiles.find((p) => p.name === NAME)?.port).toBe(6379);
});

test('read-only to writable needs the name typed; Cancel keeps it read-only', async ({ page }) => {
  let dialog = await openEdit(page);
  await dialog.getByRole('checkbox', { name: /Read-only/ }).uncheck();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Make this connection writable?');
  await expect(confirm.getByRole('button', { name: 'Make writable' })).toBeDisabled();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(dialog).toBeVisible();
  const readOnly = async () =>
    (
      (await rpc(page, 'connections.profiles.list', {})).value as {
        profiles: Array<{ name: string; readOnly: boolean }>;
      }
    ).profiles.find((p) => p.name === NAME)?.readOnly;
  expect(await readOnly()).toBe(true);

  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await confirm.getByLabel(`Type ${NAME} to confirm`).fill(NAME);
  await confirm.getByRole('button', { name: 'Make writable' }).click();
  await expect(dialog).toBeHidden();
  expect(await readOnly()).toBe(false);

  // Back to read-only needs nothing.
  dialog = await openEdit(page);
  await dialog.getByRole('checkbox', { name: /Read-only/ }).check();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  expect(await readOnly()).toBe(true);
});
