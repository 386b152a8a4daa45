import { expect, type Locator, type Page } from '@playwright/test';
import neo4j, { type Driver } from 'neo4j-driver';

/** Neo4j e2e helpers: a profile added through the dialog, the workbench opened, the editor typed into, a driver of the spec's own. */

export async function addNeo4jConnection(page: Page, name: string, readOnly = false): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Neo4j', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('URI', { exact: true }).fill('bolt://127.0.0.1:7687');
  if (readOnly) await dialog.getByLabel(/read-only/i).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  return row;
}

export async function openWorkbench(page: Page, row: Locator): Promise<Locator> {
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Cypher', exact: true }).click();
  const wb = page.getByTestId('n4-workbench');
  await expect(wb).toBeVisible();
  return wb;
}

/** Replaces the editor's text by typing it (select all, then type, as a person would). */
export async function typeCypher(page: Page, wb: Locator, text: string): Promise<void> {
  const content = wb.getByTestId('n4-editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // closeBrackets would double closing brackets and quotes typed one by one: insert the text as one input.
  await page.keyboard.insertText(text);
  // Close a completion popup the last word opened, so it covers nothing the test clicks next.
  await page.keyboard.press('Escape');
}

export function specDriver(): Driver {
  return neo4j.driver('bolt://127.0.0.1:7687', { scheme: 'none', credentials: '' });
}
