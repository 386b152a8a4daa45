import { expect, test } from './fixtures';
import { addNeo4jConnection, specDriver } from './helpers/neo4j';

/**
 * The Schema and Server screens as a person uses them: label counts, an
 * index created through the form and a confirmation, seen online and then
 * dropped (the server is the oracle); the server's version, databases and a
 * running transaction terminated after a confirmation.
 */

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const label = `E2eS_${stamp}`;
const other = `E2eSB_${stamp}`;
const relType = `E2eS_R_${stamp}`;
const driver = specDriver();

test.beforeAll(async () => {
  await driver.executeQuery(`UNWIND range(1, 4) AS i CREATE (:${label} {k: i})`);
  await driver.executeQuery(`MATCH (a:${label} {k: 1}) CREATE (a)-[:${relType}]->(:${other})`);
});
test.afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.executeQuery(`MATCH (n:${other}) DETACH DELETE n`).catch(() => undefined);
  await driver.executeQuery(`DROP INDEX idx_${stamp} IF EXISTS`).catch(() => undefined);
  await driver.close();
});

async function indexNames(): Promise<string[]> {
  const r = await driver.executeQuery('SHOW INDEXES YIELD name RETURN name');
  return r.records.map((x) => x.get('name') as string);
}

test('schema: counts, create and drop an index; server: version and terminate a transaction', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addNeo4jConnection(page, `e2e neo4j schema ${stamp}`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Schema', exact: true }).click();
  const schema = page.getByTestId('n4-schema');
  await expect(schema.getByTestId('n4-schema-labels').getByRole('row').filter({ hasText: label })).toContainText('4');

  // The schema graph is drawn: our two labels and the type between them, each clickable in the picture.
  const picture = schema.getByTestId('n4-schema-graph');
  const status = schema.getByTestId('n4-schema-graph-selected');
  await expect(picture.locator('canvas').first()).toBeVisible();
  await expect(schema.getByTestId('n4-schema-patterns')).toContainText(`(:${label})-[:${relType}]->(:${other})`);
  expect(Number(await picture.getAttribute('data-rels'))).toBeGreaterThanOrEqual(1);
  await expect(schema.getByTestId('n4-schema-graph-layout')).toHaveAttribute('data-state', 'settled', {
    timeout: 60_000,
  });
  // A label clicked in the table is selected and centred in the picture, which says where it drew it.
  await schema
    .getByTestId('n4-schema-labels')
    .getByRole('button', { name: `:${label}`, exact: true })
    .click();
  await expect(status).toContainText(`:${label} · 4 nodes`);
  await expect(picture).toHaveAttribute('data-selected-x', /\d+/);
  const box = await picture.boundingBox();
  if (!box) throw new Error('schema graph has no box');
  const x = Number(await picture.getAttribute('data-selected-x'));
  const y = Number(await picture.getAttribute('data-selected-y'));
  // Clicking where nothing is drawn clears the selection; clicking where the label is drawn selects it again.
  // The top corner, not the bottom: a long property-key list can push the picture's bottom out of the viewport.
  await page.mouse.click(box.x + 3, box.y + 3);
  await expect(status).toContainText('Click a label');
  // Two clicks within sigma's double-click delay count as one double click: retry until a single click lands.
  await expect(async () => {
    await page.mouse.click(box.x + x, box.y + y);
    await expect(status).toContainText(`:${label} · 4 nodes`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: 'artifacts/neo4j-schema-graph.png' });

  const form = schema.getByRole('form', { name: 'Create an index or constraint' });
  await form.getByLabel('Label or type').fill(label);
  await form.getByLabel('Properties').fill('k');
  await form.getByLabel('Name (optional)').fill(`idx_${stamp}`);
  await form.getByRole('button', { name: 'Create…' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Create' }).click();
  const idxRow = schema
    .getByTestId('n4-schema-indexes')
    .getByRole('row')
    .filter({ hasText: `idx_${stamp}` });
  await expect(idxRow).toContainText('RANGE');
  await expect.poll(indexNames).toContain(`idx_${stamp}`);
  await page.screenshot({ path: 'artifacts/neo4j-schema.png' });
  await idxRow.getByRole('button', { name: 'Drop' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Drop' }).click();
  await expect(idxRow).toHaveCount(0);
  expect(await indexNames()).not.toContain(`idx_${stamp}`);

  // Server: version, databases, and a long transaction terminated.
  const tag = `e2e_tx_${stamp}`;
  const session = driver.session();
  const running = session.run(`UNWIND range(1, 3000000000) AS x WITH x WHERE x = -1 RETURN x, '${tag}' AS tag`).then(
    () => 'finished',
    (e: { code?: string }) => e.code ?? 'failed',
  );
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Server', exact: true }).click();
  const system = page.getByTestId('n4-system');
  await expect(system.getByTestId('n4-system-version')).toContainText(/Neo4j 5\.\d+/);
  await expect(system.getByTestId('n4-system-databases')).toContainText('neo4j');
  const txRow = system.getByTestId('n4-system-transactions').getByRole('row').filter({ hasText: tag });
  await expect(async () => {
    await system.getByRole('button', { name: 'Refresh' }).click();
    await expect(txRow).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: 'artifacts/neo4j-system.png' });
  await txRow.getByRole('button', { name: 'Terminate' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Terminate' }).click();
  expect(await running).toMatch(/Terminated/);
  await session.close();
  await expect(txRow).toHaveCount(0);
});
