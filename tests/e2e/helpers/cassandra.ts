import { expect, type Locator, type Page } from '@playwright/test';
import cassandra from 'cassandra-driver';

/** Cassandra e2e helpers: a profile added through the dialog, a resource node opened, the CQL editor typed into. */

export async function addCassandraConnection(page: Page, name: string, readOnly = false): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Cassandra', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Contact points', { exact: true }).fill('127.0.0.1:9042');
  if (readOnly) await dialog.getByLabel(/read-only/i).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  return row;
}

/** Opens a node of this connection (schema, cql, cluster, ops), expanding the connection first. */
export async function openNode(page: Page, row: Locator, id: 'schema' | 'cql' | 'cluster' | 'ops'): Promise<void> {
  const key = (await row.getAttribute('data-key')) ?? '';
  const item = page.locator(`[data-key="r:${key.replace(/^c:/, '')}:${id}"]`);
  if (!(await item.isVisible())) await row.dblclick();
  await item.click();
}

/** Replaces the editor's text as one input (closeBrackets would double quotes typed one by one). */
export async function typeCql(page: Page, wb: Locator, text: string): Promise<void> {
  const content = wb.getByTestId('cs-editor').locator('.cm-content');
  // Focus rather than click: an open completion list may cover the text.
  await content.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export function specClient(): cassandra.Client {
  return new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1' });
}
