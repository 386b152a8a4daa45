import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { addNeo4jConnection, openWorkbench, specDriver, typeCypher } from './helpers/neo4j';

/**
 * Node positions saved with a query (Neo4j Browser #858), as a person does
 * it: run a query, drag a node somewhere, save the positions, run another
 * query (the picture is replaced), then re-run the first one from History:
 * the nodes come back where they were saved (kept in the History entry of
 * the run, not in browser storage), and no layout moves them.
 */

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const label = `E2eP_${stamp}`;
const driver = specDriver();
const query = `MATCH (a:${label})-[r:NEXT]->(b:${label}) RETURN a, r, b`;

test.beforeAll(async () => {
  await driver.executeQuery(
    `UNWIND range(1, 6) AS i CREATE (:${label} {name: 'p' + i}) WITH 1 AS x ` +
      `MATCH (a:${label}), (b:${label}) WHERE toInteger(substring(b.name, 1)) = toInteger(substring(a.name, 1)) + 1 ` +
      `CREATE (a)-[:NEXT]->(b)`,
  );
});
test.afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.close();
});

/** Selects a node through Find; returns where it is in layout coordinates. */
async function findNode(wb: Locator, name: string): Promise<{ x: number; y: number }> {
  const graph = wb.getByTestId('n4-graph');
  await wb.getByLabel('Find a node').fill(name);
  await wb.getByLabel('Find a node').press('Enter');
  await expect(wb.getByTestId('n4-inspector')).toContainText(name);
  await expect(graph).toHaveAttribute('data-selected-graph-x', /\d/);
  return {
    x: Number(await graph.getAttribute('data-selected-graph-x')),
    y: Number(await graph.getAttribute('data-selected-graph-y')),
  };
}

async function runAndSettle(wb: Locator, nodes: string): Promise<void> {
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-result')).toHaveAttribute('data-status', 'done');
  await expect(wb.getByTestId('n4-graph')).toHaveAttribute('data-nodes', nodes);
  await expect(wb.getByTestId('n4-layout')).not.toHaveAttribute('data-state', 'running', { timeout: 60_000 });
}

test('positions saved with a query come back when it is re-run from History', async ({ page, app }) => {
  test.setTimeout(150_000);
  await app.open();
  const wb = await openWorkbench(page, await addNeo4jConnection(page, `e2e neo4j positions ${stamp}`));
  const graph = wb.getByTestId('n4-graph');

  await typeCypher(page, wb, query);
  await runAndSettle(wb, '6');

  // Drag p3 away from where the layout put it (a dragged node stays where it is dropped).
  const before = await findNode(wb, 'p3');
  await page.waitForTimeout(300); // the inspector opening resizes the canvas
  const box = await graph.boundingBox();
  if (!box) throw new Error('graph canvas has no box');
  const sx = box.x + Number(await graph.getAttribute('data-selected-x'));
  const sy = box.y + Number(await graph.getAttribute('data-selected-y'));
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 40, sy + 30, { steps: 5 });
  await page.mouse.move(sx + 80, sy + 60, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Number(await graph.getAttribute('data-selected-graph-x'))).not.toBe(before.x);
  const dragged = await findNode(wb, 'p3');
  const other = await findNode(wb, 'p5');

  await wb.getByRole('button', { name: 'Save positions' }).click();
  await expect(wb.getByTestId('n4-graph-note')).toContainText('Positions saved');

  // Another query replaces the picture.
  await typeCypher(page, wb, `MATCH (a:${label} {name: 'p1'}) RETURN a`);
  await runAndSettle(wb, '1');

  // They are in the History entry (core's history file), not in browser storage: clearing that changes nothing.
  await page.evaluate(() => localStorage.clear());
  // Re-run the first query from History: the same positions, and the layout left them alone.
  await wb.getByTestId('n4-history-toggle').click();
  const entry = wb.getByTestId('history-panel').getByRole('listitem').filter({ hasText: `RETURN a, r, b` }).first();
  await entry.getByRole('button', { name: 'Run' }).click();
  await expect(graph).toHaveAttribute('data-nodes', '6');
  await expect(wb.getByTestId('n4-layout')).toHaveText('Layout stopped');
  // Saved to 0.01 and shown to 0.1 layout units: equal within rounding.
  const near = (a: { x: number; y: number }, b: { x: number; y: number }) =>
    Math.abs(a.x - b.x) <= 0.11 && Math.abs(a.y - b.y) <= 0.11;
  const p3 = await findNode(wb, 'p3');
  expect(near(p3, dragged), `p3 at ${JSON.stringify(p3)}, saved at ${JSON.stringify(dragged)}`).toBe(true);
  const p5 = await findNode(wb, 'p5');
  expect(near(p5, other), `p5 at ${JSON.stringify(p5)}, saved at ${JSON.stringify(other)}`).toBe(true);
  await page.screenshot({ path: 'artifacts/neo4j-positions-restored.png' });
});
