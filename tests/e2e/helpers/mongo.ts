import { expect, type Locator, type Page } from '@playwright/test';
import { MongoClient } from 'mongodb';

/** Mongo e2e helpers: a profile added through the dialog, the database tree, a collection tab, the spec's own client. */

export async function addMongoConnection(
  page: Page,
  name: string,
  opts: { readOnly?: boolean } = {},
): Promise<Locator> {
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('MongoDB', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('radiogroup', { name: 'How to reach the server' }).getByText('Connection string').click();
  await dialog.getByRole('textbox', { name: 'Connection string' }).fill('mongodb://127.0.0.1:27017');
  if (opts.readOnly) await dialog.getByLabel(/Read-only/).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  return row;
}

/** Opens Databases, expands `db` and opens `collection` in its own tab. */
export async function openCollection(page: Page, row: Locator, db: string, collection: string): Promise<Locator> {
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Databases', exact: true }).click();
  const tree = page.getByTestId('mongo-db-tree');
  await tree.locator(`[data-testid="mongo-db"][data-db="${db}"]`).click();
  await tree.locator(`[data-testid="mongo-collection"][data-collection="${collection}"]`).dblclick();
  const view = page.locator(`[data-testid="mongo-collection-view"][data-ns="${db}.${collection}"]`);
  await expect(view).toBeVisible();
  return view;
}

export async function seedClient(): Promise<MongoClient> {
  const c = new MongoClient('mongodb://127.0.0.1:27017', { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 30_000 });
  await c.connect();
  return c;
}

/** Replaces a CodeEditor's text as a person would (select all, then insert the text as one input). */
export async function typeInto(page: Page, editor: Locator, text: string): Promise<void> {
  const content = editor.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
