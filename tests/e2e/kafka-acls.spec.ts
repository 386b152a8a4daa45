import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * ACLs on the secure twin (`kafka-secure`, StandardAuthorizer): save a
 * SCRAM-over-TLS profile, open "ACLs", create a binding (its line shown
 * before it is sent), find it with a filter, delete it with a preview of
 * exactly that binding. The principal is unique to the run, so the spec
 * never sees another spec's bindings, and it deletes what it created.
 */

// The e2e project does not compile tests/stack; these mirror tests/stack/servers/kafka-secure.ts.
const SASL_PORT = 9194;
const ADMIN = { username: 'sd-scram512', password: 'sd-kafka-scram512-Pw-c47d22' } as const;
const pem = (name: string): string =>
  readFileSync(join(fileURLToPath(new URL('../../.stack/pki', import.meta.url)), name), 'utf8');

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

test('create an ACL with its binding shown first, filter to it, delete it with a preview', async ({ page, app }) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const principal = `User:e2e-acl-${run}`;
  const topic = `e2e-acl-topic-${run}`;
  await app.open();
  await addSecureKafka(page, `e2e acls ${run}`);
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'ACLs', exact: true }).click();
  const view = page.getByTestId('kafka-acls');
  await expect(view.getByTestId('acl-count')).toContainText('binding');

  await view.getByRole('button', { name: 'Create ACL' }).click();
  const create = page.getByTestId('create-acl-dialog');
  const preview = create.getByTestId('acl-binding-preview');
  // An operation that does not apply is not offered; a principal without a type is refused before sending.
  await create.getByLabel('Principal').fill('alice');
  await expect(preview).toContainText('Not yet valid');
  await expect(create.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
  await create.getByLabel('Principal').fill(principal);
  await create.getByLabel('Resource name').fill(topic);
  await create.getByLabel('Pattern type').selectOption('PREFIXED');
  await create.getByLabel('Operation').selectOption('WRITE');
  await create.getByLabel('Permission').selectOption('DENY');
  await expect(preview).toHaveText(`Will create: DENY ${principal} WRITE on TOPIC ${topic}* (PREFIXED) from host *`);
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create).toBeHidden();

  const filter = view.getByRole('form', { name: 'ACL filter' });
  await filter.getByLabel('Principal').fill(principal);
  await filter.getByRole('button', { name: 'Apply filter' }).click();
  const rows = view.getByTestId('acls').getByTestId('acl-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(topic);
  await expect(rows.first()).toContainText('DENY');
  await expect(view.getByTestId('acl-count')).toHaveText('1 binding');

  await view.getByRole('button', { name: 'Delete matching…' }).click();
  const del = page.getByTestId('delete-acls-dialog');
  const previewRows = del.getByTestId('acl-delete-preview').getByTestId('acl-row');
  await expect(previewRows).toHaveCount(1);
  await expect(previewRows.first()).toContainText(principal);
  await del.getByRole('button', { name: 'Delete 1 binding' }).click();
  await expect(del).toBeHidden();
  await expect(rows).toHaveCount(0);
  await expect(view.getByTestId('acl-count')).toHaveText('0 bindings');
});
