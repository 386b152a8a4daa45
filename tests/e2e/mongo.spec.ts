import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { expect, test } from './fixtures';
import { addMongoConnection, openCollection, seedClient, typeInto } from './helpers/mongo';
import { deleteProfile } from './helpers/redis';

/**
 * The MongoDB workbench against the local FerretDB, driven as a person would:
 * open a collection from the database tree, filter with the query bar, edit
 * a document (diff, save) and meet the conflict path, build a 3-stage
 * pipeline with previews, view explain, create an index, run schema analysis
 * and see its charts, export and import. The spec's own driver checks what
 * reached the server.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const db = `e2e_mg_${stamp}`;
const connectionName = `e2e mongo ${stamp}`;
const roName = `e2e mongo ro ${stamp}`;
let mongo: MongoClient;

test.beforeAll(async () => {
  mongo = await seedClient();
  await mongo
    .db(db)
    .collection<{ _id: number }>('orders')
    .insertMany(
      Array.from({ length: 40 }, (_, i) => ({
        _id: i + 1,
        n: i,
        status: i % 4 === 0 ? 'A' : 'B',
        qty: i * 2,
        city: i % 2 === 0 ? 'Paris' : 'Oslo',
        at: new Date(Date.UTC(2026, 0, 1 + i)),
      })),
    );
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    await deleteProfile(page, connectionName);
    await deleteProfile(page, roName);
  } finally {
    await page.close();
    for (const name of [db, `${db}_new`])
      await mongo
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
  }
});

test('open a collection, filter, edit with a diff, and see the conflict path', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = await addMongoConnection(page, connectionName);
  const view = await openCollection(page, row, db, 'orders');
  await expect(view.getByTestId('mongo-coll-stats')).toContainText('40 documents');
  await expect(view.getByTestId('mongo-server-note')).toContainText('FerretDB');
  const docs = view.getByTestId('mongo-documents');
  await expect(docs.getByTestId('mongo-count')).toContainText('1–25 of about 40');

  // A parse error is shown at its position and nothing runs.
  await typeInto(page, docs.getByTestId('mongo-filter'), '{ status: "A", }}');
  await docs.getByTestId('mongo-find').click();
  await expect(docs.getByTestId('error-banner')).toContainText(/Filter: .*line 1, column \d+/);

  await typeInto(page, docs.getByTestId('mongo-filter'), '{ status: "A", qty: { $lt: 40 } }');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(docs.getByTestId('mongo-count')).toContainText('1–5 of 5');
  await expect(docs.getByTestId('mongo-doc')).toHaveCount(5);
  await page.screenshot({ path: 'artifacts/mongo-documents.png' });

  // Table view: top-level fields as columns.
  await docs.getByTestId('mongo-view').getByText('Table').click();
  await expect(docs.getByTestId('mongo-table')).toContainText('city');
  await docs.getByTestId('mongo-view').getByText('List').click();

  // Edit the first document: diff, then save; the driver sees the change with its types kept.
  const first = docs.locator('[data-testid="mongo-doc"][data-id="1"]');
  await first.getByRole('button', { name: 'Edit document' }).click();
  const dialog = page.getByTestId('mongo-edit-dialog');
  const editor = dialog.getByTestId('mongo-doc-editor');
  const text = (await editor.locator('.cm-content').innerText()).replace('"city": "Paris"', '"city": "Lyon"');
  await typeInto(page, editor, text);
  await dialog.getByTestId('mongo-review').click();
  await expect(dialog.getByTestId('mongo-diff')).toContainText('- ');
  await expect(dialog.getByTestId('mongo-diff')).toContainText('"city": "Lyon"');
  await dialog.getByTestId('mongo-save').click();
  await expect(dialog).toBeHidden();
  const saved = await mongo
    .db(db)
    .collection('orders')
    .findOne({ _id: 1 as never });
  expect(saved?.city).toBe('Lyon');
  expect(saved?.at).toBeInstanceOf(Date);

  // Someone else changes it while we edit: the save is a conflict, nothing is overwritten.
  await docs.locator('[data-testid="mongo-doc"][data-id="1"]').getByRole('button', { name: 'Edit document' }).click();
  await mongo
    .db(db)
    .collection('orders')
    .updateOne({ _id: 1 as never }, { $set: { city: 'Rome' } });
  const t2 = (await editor.locator('.cm-content').innerText()).replace('"city": "Lyon"', '"city": "Nice"');
  await typeInto(page, editor, t2);
  await dialog.getByTestId('mongo-review').click();
  await dialog.getByTestId('mongo-save').click();
  await expect(dialog.getByTestId('error-banner')).toHaveAttribute('data-code', 'CONFLICT');
  await expect(dialog.getByTestId('mongo-conflict')).toContainText('Rome');
  await page.screenshot({ path: 'artifacts/mongo-conflict.png' });
  expect(
    (
      await mongo
        .db(db)
        .collection('orders')
        .findOne({ _id: 1 as never })
    )?.city,
  ).toBe('Rome');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Clone a document (a copy without its _id), then delete the copy with confirmation.
  await docs.locator('[data-testid="mongo-doc"][data-id="5"]').getByRole('button', { name: 'Clone document' }).click();
  await expect(dialog.getByTestId('mongo-doc-editor')).not.toContainText('"_id"');
  await dialog.getByTestId('mongo-save').click();
  await expect(dialog).toBeHidden();
  expect(await mongo.db(db).collection('orders').countDocuments({ n: 4 })).toBe(2);
  const copy = await mongo
    .db(db)
    .collection('orders')
    .findOne({ n: 4, _id: { $ne: 5 as never } });
  await typeInto(page, docs.getByTestId('mongo-filter'), '{ n: 4 }');
  await docs.getByTestId('mongo-find').click();
  await expect(docs.getByTestId('mongo-doc')).toHaveCount(2);
  await docs
    .locator(`[data-testid="mongo-doc"][data-id='ObjectId("${String(copy?._id)}")']`)
    .getByRole('button', { name: 'Delete document' })
    .click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(docs.getByTestId('mongo-doc')).toHaveCount(1);
  expect(await mongo.db(db).collection('orders').countDocuments({ n: 4 })).toBe(1);

  // History has the runs; re-running one fills the bar.
  await docs.getByTestId('mongo-history-toggle').click();
  await expect(page.getByTestId('history-entry').first()).toContainText('{ n: 4 }');
  const earlier = page.getByTestId('history-entry').filter({ hasText: 'qty: { $lt: 40 }' }).first();
  await earlier.getByRole('button', { name: 'Run' }).click();
  await expect(docs.getByTestId('mongo-filter')).toContainText('qty: { $lt: 40 }');
  await expect(docs.getByTestId('mongo-count')).toContainText('1–5 of 5');
});

test('a 3-stage pipeline with previews, explain, an index, schema charts', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  const view = await openCollection(page, row, db, 'orders');
  await view.getByTestId('mongo-tabs').getByRole('tab', { name: 'Aggregation' }).click();
  const pipe = view.getByTestId('mongo-pipeline');
  await typeInto(page, pipe.getByTestId('mongo-stage-editor-0'), '{ $match: { status: "B" } }');
  await pipe.getByLabel('Stage to add').selectOption('$sort');
  await pipe.getByTestId('mongo-add-stage').click();
  await typeInto(page, pipe.getByTestId('mongo-stage-editor-1'), '{ $sort: { n: -1 } }');
  await pipe.getByLabel('Stage to add').selectOption('$project');
  await pipe.getByTestId('mongo-add-stage').click();
  await typeInto(page, pipe.getByTestId('mongo-stage-editor-2'), '{ $project: { _id: 0, n: 1, city: 1 } }');
  const stages = pipe.getByTestId('mongo-stage');
  await expect(stages).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(stages.nth(i)).toHaveAttribute('data-status', 'ok');
  await expect(stages.nth(0).getByTestId('mongo-stage-count')).toContainText('10 documents');
  await expect(stages.nth(2).getByTestId('mongo-stage-preview')).toContainText('"n":39');
  // Disable the sort: its card says so and the last stage's preview follows the natural order.
  await stages.nth(1).getByLabel('Enable stage 2').uncheck();
  await expect(stages.nth(1)).toHaveAttribute('data-status', 'disabled');
  await expect(stages.nth(2).getByTestId('mongo-stage-preview')).toContainText('"n":1,');
  await stages.nth(1).getByLabel('Enable stage 2').check();
  // Move the projection above the sort: the sort still sees n, so the output is the same.
  await pipe.getByRole('button', { name: 'Move stage 3 up' }).click();
  await expect(pipe.getByTestId('mongo-stage-editor-1')).toContainText('$project');
  await expect(stages.nth(2).getByTestId('mongo-stage-preview')).toContainText('"n":39');
  await pipe.getByRole('button', { name: 'Move stage 2 down' }).click();
  await expect(pipe.getByTestId('mongo-stage-editor-2')).toContainText('$project');
  // A stage FerretDB lacks is named, not an obscure failure.
  await pipe.getByLabel('Stage to add').selectOption('$facet');
  await pipe.getByTestId('mongo-add-stage').click();
  await expect(stages.nth(3)).toHaveAttribute('data-status', 'unsupported');
  await expect(stages.nth(3).getByTestId('mongo-stage-message')).toContainText('not supported by this server');
  await page.screenshot({ path: 'artifacts/mongo-pipeline.png' });
  await stages.nth(3).getByRole('button', { name: 'Delete stage 4' }).click();
  await pipe.getByTestId('mongo-run-pipeline').click();
  await expect(pipe.getByTestId('mongo-pipeline-result')).toContainText('25 documents (page 1)');
  await pipe.getByTestId('mongo-pipeline-code').click();
  await page.getByTestId('mongo-code-dialog').getByText('Python').click();
  await expect(page.getByTestId('mongo-code')).toContainText('"$match"');
  await page.getByTestId('mongo-code-dialog').getByRole('button', { name: 'Close' }).click();

  // Explain the pipeline: the plan tree with the collection scan called out.
  await pipe.getByTestId('mongo-explain-pipeline').click();
  const explain = view.getByTestId('mongo-explain');
  await expect(explain.getByTestId('mongo-plan-node').first()).toBeVisible();
  await expect(explain.getByTestId('mongo-collscan')).toBeVisible();

  // Create an index; the driver sees it.
  await view.getByTestId('mongo-tabs').getByRole('tab', { name: 'Indexes' }).click();
  const indexes = view.getByTestId('mongo-indexes');
  await indexes.getByTestId('mongo-create-index').click();
  const ixd = page.getByTestId('mongo-index-dialog');
  await ixd.getByLabel('Index keys').fill('{ status: 1, n: -1 }');
  await ixd.getByLabel('Index name').fill('status_n');
  await ixd.getByTestId('mongo-index-create').click();
  await expect(indexes.locator('[data-testid="mongo-index"][data-name="status_n"]')).toContainText('compound');
  expect((await mongo.db(db).collection('orders').indexes()).map((i) => i.name)).toContain('status_n');

  // Schema analysis with its charts.
  await view.getByTestId('mongo-tabs').getByRole('tab', { name: 'Schema' }).click();
  const schema = view.getByTestId('mongo-schema');
  await schema.getByTestId('mongo-analyze').click();
  await expect(schema.getByTestId('mongo-schema-summary')).toContainText('40 documents sampled (find)');
  const city = schema.locator('[data-testid="mongo-schema-field"][data-path="city"]');
  await expect(city.locator('[data-testid="mongo-schema-chart"][data-kind="top"]')).toContainText('Oslo');
  const qty = schema.locator('[data-testid="mongo-schema-field"][data-path="qty"]');
  await expect(qty.locator('[data-testid="mongo-schema-chart"][data-kind="histogram"]')).toBeVisible();
  await page.screenshot({ path: 'artifacts/mongo-schema.png' });
});

test('export the filtered documents and import a file with a bad line', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  const view = await openCollection(page, row, db, 'orders');
  const docs = view.getByTestId('mongo-documents');
  await typeInto(page, docs.getByTestId('mongo-filter'), '{ status: "A" }');
  await docs.getByTestId('mongo-find').click();
  await expect(docs.getByTestId('mongo-count')).toContainText('of 10');
  await docs.getByTestId('mongo-export').click();
  const exp = page.getByTestId('generic-export-dialog');
  await exp.getByTestId('export-start').click();
  await expect(exp.getByTestId('export-done')).toContainText('10');
  const [download] = await Promise.all([page.waitForEvent('download'), exp.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${db}\\.orders-.*\\.jsonl$`));
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(10);
  expect(JSON.parse(lines[0]!)).toMatchObject({ status: 'A', at: { $date: expect.any(String) } });
  await exp.getByRole('button', { name: 'Close' }).first().click();

  // Import JSON Lines with a bad third line, skipping it: its line number is shown.
  const file = join(tmpdir(), `${db}-import.jsonl`);
  await writeFile(
    file,
    '{"_id": 101, "status": "I"}\n{"_id": 102, "status": "I"}\n{"_id": oops}\n{"_id": 104, "status": "I"}\n',
  );
  await docs.getByTestId('mongo-import').click();
  const imp = page.getByTestId('mongo-import-dialog');
  await imp.getByLabel('File to import').setInputFiles(file);
  await expect(imp.getByTestId('mongo-import-preview')).toContainText('Line 3');
  await imp.getByText('Skip and report').click();
  await imp.getByTestId('mongo-import-start').click();
  await expect(imp.getByTestId('mongo-import-progress')).toContainText('Import finished: 3 inserted, 1 failed');
  await expect(imp.getByTestId('mongo-import-errors')).toContainText('Line 3');
  await page.screenshot({ path: 'artifacts/mongo-import.png' });
  expect(await mongo.db(db).collection('orders').countDocuments({ status: 'I' })).toBe(3);
  await imp.getByRole('button', { name: 'Close' }).first().click();

  // Update-many, then delete-many, from the filter: the count of matches is shown first.
  await typeInto(page, docs.getByTestId('mongo-filter'), '{ status: "I" }');
  await docs.getByTestId('mongo-find').click();
  await docs.getByTestId('mongo-update-many').click();
  const bulk = page.getByTestId('mongo-bulk-dialog');
  await expect(bulk.getByTestId('mongo-bulk-count')).toHaveText('3 documents match.');
  await typeInto(page, bulk.getByTestId('mongo-bulk-update'), '{ $set: { imported: true } }');
  await bulk.getByTestId('mongo-bulk-run').click();
  await expect(bulk).toBeHidden();
  expect(await mongo.db(db).collection('orders').countDocuments({ imported: true })).toBe(3);
  await docs.getByTestId('mongo-delete-many').click();
  await expect(bulk.getByTestId('mongo-bulk-run')).toHaveText('Delete 3 documents');
  await bulk.getByTestId('mongo-bulk-run').click();
  await expect(bulk).toBeHidden();
  expect(await mongo.db(db).collection('orders').countDocuments({ status: 'I' })).toBe(0);
});

test('a page too large to show falls back to _id only, and a 12 MB document opens whole', async ({ page, app }) => {
  test.setTimeout(90_000);
  await mongo
    .db(db)
    .collection<{ _id: string; text?: string; n: number }>('big')
    .insertMany([
      { _id: 'huge', text: 'x'.repeat(12 * 1024 * 1024), n: 1 },
      { _id: 'small', n: 2 },
    ]);
  await app.open();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  const view = await openCollection(page, row, db, 'big');
  const docs = view.getByTestId('mongo-documents');
  await expect(docs).toContainText("only each document's _id is shown");
  const huge = docs.locator('[data-testid="mongo-doc"][data-id="huge"]');
  await huge.getByRole('button', { name: 'Open document' }).click();
  // The string is cut in the tree (with a way to show it all); the page stays responsive.
  await expect(huge).toContainText('text');
  await expect(huge.getByRole('button', { name: /show all 12,582,912 characters/ })).toBeVisible();
  await docs.getByTestId('mongo-view').getByText('Table').click();
  await expect(docs.getByTestId('mongo-table')).toBeVisible();
});

test('create a database and a capped collection, then drop them with the name typed', async ({ page, app }) => {
  test.setTimeout(60_000);
  await app.open();
  const row = page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Databases', exact: true }).click();
  const dbs = page.getByTestId('mongo-databases');
  const created = `${db}_new`;
  await dbs.getByTestId('mongo-new-db').click();
  const dialog = page.getByTestId('mongo-create-dialog');
  await dialog.getByLabel('Database name').fill(created);
  await dialog.getByLabel('Collection name').fill('first');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(dbs.locator(`[data-testid="mongo-collection"][data-collection="first"]`)).toBeVisible();
  await dbs.locator(`[data-testid="mongo-db"][data-db="${created}"]`).click();
  await dbs.locator(`[data-testid="mongo-db"][data-db="${created}"]`).click();
  await dbs.getByTestId('mongo-new-collection').click();
  await dialog.getByLabel('Collection name').fill('log');
  await dialog.getByText('Capped').click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(dbs.locator(`[data-testid="mongo-collection"][data-collection="log"]`)).toContainText('capped');
  await expect(dbs.locator(`[data-testid="mongo-collection"][data-collection="log"]`)).toContainText('0 docs');
  await expect(dbs.getByTestId('mongo-stats')).toContainText('Capped');
  await page.screenshot({ path: 'artifacts/mongo-databases.png' });
  expect((await mongo.db(created).listCollections().toArray()).map((c) => c.name).sort()).toEqual(['first', 'log']);

  await dbs.locator(`[data-testid="mongo-db"][data-db="${created}"]`).click();
  await dbs.getByTestId('mongo-drop').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByLabel(`Type ${created} to confirm`).fill(created);
  await confirm.getByRole('button', { name: 'Drop' }).click();
  await expect(dbs.locator(`[data-testid="mongo-db"][data-db="${created}"]`)).toHaveCount(0);
  expect((await mongo.db('admin').admin().listDatabases()).databases.map((d) => d.name)).not.toContain(created);
});

test('a read-only connection shows no write actions', async ({ page, app }) => {
  await app.open();
  const row = await addMongoConnection(page, roName, { readOnly: true });
  const view = await openCollection(page, row, db, 'orders');
  const docs = view.getByTestId('mongo-documents');
  await expect(docs.getByTestId('mongo-doc').first()).toBeVisible();
  await expect(docs.getByTestId('mongo-insert')).toHaveCount(0);
  await expect(docs.getByRole('button', { name: 'Edit document' })).toHaveCount(0);
  await expect(docs.getByRole('button', { name: 'Delete document' })).toHaveCount(0);
  await expect(docs.getByText('read-only')).toBeVisible();

  // The server view: version, what it lacks, and the live operations chart.
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Server', exact: true }).click();
  const server = page.getByTestId('mongo-server');
  await expect(server.getByTestId('mongo-server-info')).toContainText('FerretDB');
  await expect(server).toContainText('Not supported by this server: $lookup');
  await expect(server.getByTestId('mongo-op-chart')).toContainText('find');
  await page.screenshot({ path: 'artifacts/mongo-server.png' });
});
