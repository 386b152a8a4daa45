import { expect, test } from './fixtures';
import { addNeo4jConnection, openWorkbench, specDriver, typeCypher } from './helpers/neo4j';

/**
 * A large picture while ForceAtlas2 moves it: the layout worker draws it on
 * its own canvas (sigma's WebGL layers are hidden meanwhile, so the page's
 * main thread does not wait on WebGL read-backs), the picture visibly moves,
 * when the layout settles sigma draws it with captions again, and a press
 * on it hands the picture back to sigma for the rest of the run.
 */

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const label = `E2eV_${stamp}`;
const driver = specDriver();
const NODES = 600;

test.beforeAll(async () => {
  // A ring with chords: node i -> i+1 and i+7 (mod NODES).
  await driver.executeQuery(`UNWIND range(0, ${NODES - 1}) AS i CREATE (:${label} {i: i, name: 'v' + i})`);
  await driver.executeQuery(
    `MATCH (a:${label}) UNWIND [1, 7] AS d MATCH (b:${label} {i: (a.i + d) % ${NODES}}) CREATE (a)-[:RING]->(b)`,
  );
});
test.afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.close();
});

test('the layout worker draws a large moving picture; a press or the settle gives it back to sigma', async ({
  page,
  app,
}) => {
  test.setTimeout(300_000);
  await app.open();
  const wb = await openWorkbench(page, await addNeo4jConnection(page, `e2e neo4j preview ${stamp}`));
  const graph = wb.getByTestId('n4-graph');
  const layout = wb.getByTestId('n4-layout');
  const previewing = () => graph.evaluate((el) => el.classList.contains('n4-previewing'));
  const sigmaNodesHidden = () =>
    graph.evaluate((el) => {
      const c = el.querySelector('canvas.sigma-nodes');
      return c !== null && getComputedStyle(c).display === 'none';
    });

  await typeCypher(page, wb, `MATCH (a:${label})-[r:RING]->(b:${label}) RETURN a, r, b`);
  await wb.getByLabel('Max records').fill('10000');
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-result')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // 300 nodes at first: the page draws those itself.
  await expect(graph).toHaveAttribute('data-nodes', '300');
  await expect(layout).toHaveAttribute('data-state', 'settled', { timeout: 90_000 });
  expect(await previewing()).toBe(false);

  // All 800: the worker draws while they move.
  await wb.getByLabel('Node limit').fill(String(NODES));
  await wb.getByRole('button', { name: /^Show up to/ }).click();
  await expect(graph).toHaveAttribute('data-nodes', String(NODES));
  await expect(layout).toHaveAttribute('data-state', 'running');
  expect(await previewing()).toBe(true);
  expect(await sigmaNodesHidden()).toBe(true);
  await expect.poll(async () => Number(await layout.getAttribute('data-preview-frames'))).toBeGreaterThan(2);
  // The picture on screen moves (only the worker's canvas is visible now): two shots a moment apart differ.
  const a = await graph.screenshot();
  await page.waitForTimeout(700);
  const b = await graph.screenshot();
  expect(await previewing()).toBe(true);
  expect(a.equals(b)).toBe(false);
  await page.screenshot({ path: 'artifacts/neo4j-preview-moving.png' });

  // Settles: sigma draws the picture again.
  await expect(layout).toHaveAttribute('data-state', 'settled', { timeout: 150_000 });
  expect(await previewing()).toBe(false);
  expect(await sigmaNodesHidden()).toBe(false);
  await page.screenshot({ path: 'artifacts/neo4j-preview-settled.png' });

  // Press on the picture while it moves: sigma takes over (a drag picks what is drawn). Re-running a settled
  // layout can settle at once (it has converged), so a new query text gives a fresh one, with no saved positions.
  await typeCypher(page, wb, `MATCH (a:${label})-[r:RING]->(b:${label}) RETURN a, r, b // fresh layout`);
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-result')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(graph).toHaveAttribute('data-nodes', '300');
  await wb.getByLabel('Node limit').fill(String(NODES));
  await wb.getByRole('button', { name: /^Show up to/ }).click();
  await expect(graph).toHaveAttribute('data-nodes', String(NODES));
  await expect(layout).toHaveAttribute('data-state', 'running');
  expect(await previewing()).toBe(true);
  const box = await graph.boundingBox();
  if (!box) throw new Error('graph canvas has no box');
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.up();
  expect(await previewing()).toBe(false);
  expect(await sigmaNodesHidden()).toBe(false);
  await expect(layout).toHaveAttribute('data-state', 'running');
  // Stop keeps the picture where the layout had it.
  await wb.getByRole('button', { name: 'Stop layout' }).click();
  await expect(layout).toHaveText('Layout stopped');
  await page.screenshot({ path: 'artifacts/neo4j-preview-stopped.png' });
});
