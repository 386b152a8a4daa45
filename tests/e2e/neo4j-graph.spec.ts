import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { addNeo4jConnection, openWorkbench, specDriver, typeCypher } from './helpers/neo4j';

/**
 * The "Done when" as a person does it: write a query, see a lint
 * error underlined as it is typed and completion offer a label of the live
 * schema, fix it, run it, see the graph, expand a node by double-clicking it,
 * switch to table and plan, and export the picture as PNG and the subgraph
 * as JSON (the files are read back).
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const label = `E2eG_${stamp}`;
const connectionName = `e2e neo4j graph ${stamp}`;
const driver = specDriver();

test.beforeAll(async () => {
  // A hub with 8 neighbours; the query draws the hub and 2 of them, expanding the hub adds the other 6.
  await driver.executeQuery(
    `CREATE (h:${label} {name: 'hub'}) WITH h UNWIND range(1, 8) AS i CREATE (h)-[:LINKS {i: i}]->(:${label} {name: 'leaf' + i})`,
  );
});

test.afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.close();
});

test('lint, completion, run, graph, expand, table, plan, export PNG and JSON', async ({ page, app }) => {
  test.setTimeout(150_000);
  await app.open();
  const row = await addNeo4jConnection(page, connectionName);
  const wb = await openWorkbench(page, row);
  const editor = wb.getByTestId('n4-editor');

  // A syntax error is underlined as it is typed (the language service runs in a worker).
  await typeCypher(page, wb, `MATCH (h:${label} {name: 'hub'})-[r:LINKS]->(m) WHERE r.i <= 2 RETURN h, r, m LIMT 5`);
  await expect(editor.locator('.cm-lintRange-error').first()).toBeVisible({ timeout: 30_000 });
  // Against the live schema: the label, type and keys exist, so only the typo is flagged.
  await expect(editor.locator('.cm-lintRange-warning')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/neo4j-lint.png' });

  // Completion offers the labels of the live schema.
  await typeCypher(page, wb, `MATCH (h:E2eG_${stamp.slice(0, 3)}`);
  await page.keyboard.press('Control+Space');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: label });
  await expect(option.first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'artifacts/neo4j-completion.png' });
  await page.keyboard.press('Escape');

  // Fixed: no error left, and it runs.
  await typeCypher(page, wb, `MATCH (h:${label} {name: 'hub'})-[r:LINKS]->(m) WHERE r.i <= 2 RETURN h, r, m LIMIT 5`);
  await expect(editor.locator('.cm-lintRange-error')).toHaveCount(0, { timeout: 30_000 });
  await wb.getByTestId('n4-run').click();
  const result = wb.getByTestId('n4-result');
  await expect(result).toHaveAttribute('data-status', 'done');

  // The graph view opens first for a result with nodes.
  const graph = wb.getByTestId('n4-graph');
  await expect(graph).toBeVisible();
  await expect(graph).toHaveAttribute('data-nodes', '3');
  await expect(graph).toHaveAttribute('data-rels', '2');
  await expect(wb.getByTestId('n4-layout')).toHaveAttribute('data-state', 'settled', { timeout: 30_000 });
  await page.screenshot({ path: 'artifacts/neo4j-graph.png' });

  // Find the hub, which centres it; double-click it to expand its neighbours.
  await wb.getByLabel('Find a node').fill('hub');
  await wb.getByLabel('Find a node').press('Enter');
  await expect(wb.getByTestId('n4-inspector')).toContainText(`:${label}`);
  await expect(wb.getByTestId('n4-inspector')).toContainText('hub');
  // The canvas says where the selected node is drawn; double-click it there.
  await expect(graph).toHaveAttribute('data-selected-x', /\d+/);
  await page.waitForTimeout(300); // the inspector opening resizes the canvas
  const box = await graph.boundingBox();
  const x = Number(await graph.getAttribute('data-selected-x'));
  const y = Number(await graph.getAttribute('data-selected-y'));
  if (!box) throw new Error('graph canvas has no box');
  await page.mouse.dblclick(box.x + x, box.y + y);
  await expect(graph).toHaveAttribute('data-nodes', '9');
  await expect(graph).toHaveAttribute('data-rels', '8');
  await expect(wb.getByTestId('n4-graph-note')).toContainText('6 new nodes');
  await expect(wb.getByTestId('n4-layout')).toHaveAttribute('data-state', 'settled', { timeout: 30_000 });
  await page.screenshot({ path: 'artifacts/neo4j-graph-expanded.png' });

  // Export the picture and the subgraph.
  const png = page.waitForEvent('download');
  await wb.getByTestId('n4-export-png').click();
  const pngFile = await (await png).path();
  const pngBytes = await readFile(pngFile);
  expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(pngBytes.length).toBeGreaterThan(1_000);
  const json = page.waitForEvent('download');
  await wb.getByTestId('n4-export-json').click();
  const sub = JSON.parse(await readFile(await (await json).path(), 'utf8')) as {
    nodes: { labels: string[]; properties: { name: string } }[];
    relationships: { type: string; properties: { i: number } }[];
  };
  expect(sub.nodes).toHaveLength(9);
  expect(sub.nodes.every((n) => n.labels.includes(label))).toBe(true);
  expect(sub.relationships).toHaveLength(8);
  expect(sub.relationships.map((r) => r.properties.i).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

  // Table and plan of the same result.
  await result.getByRole('tab', { name: 'Table' }).click();
  await expect(wb.getByTestId('n4-table').getByRole('row').filter({ hasText: 'leaf1' })).toHaveCount(1);

  // The records through the generic exporter (CSV, the query run again in a READ transaction).
  await wb.getByTestId('n4-export-records').click();
  const dialog = page.getByTestId('generic-export-dialog');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-done')).toContainText('2 rows');
  const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split(/\r?\n/);
  expect(lines[0]).toBe('h,r,m');
  expect(lines).toHaveLength(3);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // History has the run; running it from there gives the same result.
  await wb.getByTestId('n4-history-toggle').click();
  const entry = wb.getByRole('listitem').filter({ hasText: 'WHERE r.i <= 2' }).first();
  await expect(entry).toBeVisible();
  await typeCypher(page, wb, `PROFILE MATCH (h:${label} {name: 'hub'})-[r:LINKS]->(m) RETURN h, r, m`);
  await wb.getByTestId('n4-run').click();
  await expect(result).toHaveAttribute('data-status', 'done');
  await result.getByRole('tab', { name: 'Plan' }).click();
  await expect(wb.getByTestId('n4-plan')).toBeVisible();
  await expect(wb.getByTestId('n4-plan-op').first()).toHaveAttribute('data-operator', 'ProduceResults');
});
