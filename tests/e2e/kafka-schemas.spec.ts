import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { typeInto } from './helpers/mongo';

/**
 * Schema Registry (`schema-registry`: Apicurio, Confluent API on
 * 127.0.0.1:8081/apis/ccompat/v7), as a person would: a connection with the
 * registry URL typed in the connection dialog, the Schemas screen with a
 * subject registered beforehand (v1, straight through the registry's REST
 * API), a new version that breaks BACKWARD compatibility checked and refused
 * with the registry's reason, a compatible one registered and listed, the
 * diff of the two versions, and a permanent delete with the name typed.
 */

const REGISTRY = 'http://127.0.0.1:8081/apis/ccompat/v7';
/** The stack's default broker: the registry needs none, a Kafka connection needs one. */
const BROKER = '127.0.0.1:9092';
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const subject = `e2e-payments-${stamp}-value`;
const v1 = { type: 'record', name: 'Payment', fields: [{ name: 'id', type: 'long' }] };
const incompatible = { type: 'record', name: 'Payment', fields: [{ name: 'id', type: 'string' }] };
const compatible = {
  type: 'record',
  name: 'Payment',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'currency', type: 'string', default: 'EUR' },
  ],
};

async function registry(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${REGISTRY}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return res.json();
}

test.beforeAll(async () => {
  await registry('POST', `/subjects/${subject}/versions`, { schema: JSON.stringify(v1) });
});

test.afterAll(async () => {
  await registry('DELETE', `/subjects/${subject}`).catch(() => undefined);
  await registry('DELETE', `/subjects/${subject}?permanent=true`).catch(() => undefined);
});

test('register a version that fails the compatibility check and see why, register a compatible one, diff the two', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addKafkaConnection(page, `e2e schemas ${stamp}`, BROKER, '', REGISTRY);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Schemas', exact: true }).click();
  const screen = page.getByTestId('kafka-schemas');
  await expect(screen.getByTestId('registry-info')).toContainText(REGISTRY);

  const listed = screen.getByTestId('subjects').locator(`tr[data-subject="${subject}"]`);
  await expect(listed).toContainText('Avro');
  await expect(listed).toContainText('v1');
  await listed.click();
  const detail = screen.getByTestId('subject-detail');
  await expect(detail.getByTestId('schema-viewer')).toContainText('"name": "id"');

  // An incompatible version: the check says so first, and Register stays disabled.
  await detail.getByRole('button', { name: 'Register new version' }).click();
  const dialog = page.getByTestId('schema-register-dialog');
  const editor = dialog.getByTestId('schema-editor');
  await typeInto(page, editor, JSON.stringify(incompatible, null, 2));
  const register = dialog.getByRole('button', { name: 'Register', exact: true });
  await expect(register).toBeDisabled();
  await dialog.getByRole('button', { name: 'Check compatibility' }).click();
  await expect(dialog.getByTestId('compat-result')).toContainText('Not compatible under BACKWARD');
  await expect(dialog.getByTestId('compat-result')).toContainText(
    'reader type: STRING not compatible with writer type: LONG at /fields/0/type',
  );
  await expect(register).toBeDisabled();
  // Registered anyway, the registry refuses it and says why; nothing is stored.
  await dialog.getByLabel('Register anyway').check();
  await register.click();
  await expect(dialog.getByRole('alert')).toContainText('reader type: STRING not compatible with writer type: LONG');
  expect(await registry('GET', `/subjects/${subject}/versions`)).toEqual([1]);

  // A compatible version (a field with a default): checked, registered, listed.
  await typeInto(page, editor, JSON.stringify(compatible, null, 2));
  await expect(dialog.getByTestId('register-gate')).toHaveText('Check compatibility first.');
  await dialog.getByRole('button', { name: 'Check compatibility' }).click();
  await expect(dialog.getByTestId('compat-result')).toContainText('Compatible under BACKWARD');
  await register.click();
  await expect(dialog).toBeHidden();
  await expect(listed).toContainText('v2');
  await expect(detail.getByTestId('subject-versions').locator('[data-version="2"]')).toBeVisible();
  expect(await registry('GET', `/subjects/${subject}/versions`)).toEqual([1, 2]);

  // The diff of v1 and v2: the new field is added, the id field is unchanged.
  await detail.getByRole('button', { name: 'Diff versions' }).click();
  const diff = detail.getByTestId('schema-diff-lines');
  await expect(diff.locator('[data-kind="add"]').filter({ hasText: '"currency"' })).toBeVisible();
  await expect(diff.locator('[data-kind="same"]').filter({ hasText: '"name": "id"' })).toBeVisible();
  await expect(diff.locator('[data-kind="del"]').filter({ hasText: '"id"' })).toHaveCount(0);

  // A permanent delete needs the subject name typed; then the registry has forgotten it.
  await detail.getByRole('button', { name: 'Delete permanently' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  const go = confirm.getByRole('button', { name: 'Delete permanently' });
  await expect(go).toBeDisabled();
  await confirm.getByLabel(`Type ${subject} to confirm`).fill(subject);
  await go.click();
  await expect(confirm).toBeHidden();
  await expect(listed).toBeHidden();
  expect(await registry('GET', '/subjects?deleted=true')).not.toContain(subject);
});

test('a read-only connection shows the subjects and schemas and offers no write', async ({ page, app }) => {
  test.setTimeout(90_000);
  const ro = `e2e-readonly-${stamp}-value`;
  await registry('POST', `/subjects/${ro}/versions`, { schema: JSON.stringify(v1) });
  try {
    await app.open();
    await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
    const name = `e2e schemas ro ${stamp}`;
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Bootstrap brokers').fill(BROKER);
    await dialog.getByLabel('Schema Registry URL').fill(REGISTRY);
    await dialog.getByRole('checkbox', { name: /Read-only/ }).check();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Schemas', exact: true }).click();
    const screen = page.getByTestId('kafka-schemas');
    await screen.getByTestId('subjects').locator(`tr[data-subject="${ro}"]`).click();
    const detail = screen.getByTestId('subject-detail');
    await expect(detail.getByTestId('schema-viewer')).toContainText('"name": "Payment"');
    await expect(detail).toContainText('read-only connection');
    await expect(screen.getByRole('button', { name: /Register|Delete/ })).toHaveCount(0);
    await expect(screen.getByLabel('Global compatibility')).toBeDisabled();
    await expect(detail.getByLabel(`Compatibility of ${ro}`)).toBeDisabled();
  } finally {
    await registry('DELETE', `/subjects/${ro}`).catch(() => undefined);
    await registry('DELETE', `/subjects/${ro}?permanent=true`).catch(() => undefined);
  }
});
