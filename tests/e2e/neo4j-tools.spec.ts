import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addNeo4jConnection, openWorkbench, specDriver, typeCypher } from './helpers/neo4j';

/**
 * The graph view's tools as a person uses them: run two statements with
 * Run all, hide a node and show it again, pin one, fit the picture, add
 * another query's results to the same picture, restyle a label (remembered
 * for the next run), export SVG and the self-contained HTML (read back);
 * and a read-only connection whose write the server refuses, nothing changed.
 */

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const label = `E2eT_${stamp}`;
const other = `E2eU_${stamp}`;
const driver = specDriver();

test.beforeAll(async () => {
  await driver.executeQuery(
    `CREATE (h:${label} {name: 'hub'}) WITH h UNWIND range(1, 4) AS i CREATE (h)-[:LINKS {i: i}]->(:${label} {name: 'leaf' + i, rank: i})`,
  );
  await driver.executeQuery(`CREATE (:${other} {name: 'lonely'})`);
});
test.afterAll(async () => {
  await driver.executeQuery(`MATCH (n) WHERE n:${label} OR n:${other} DETACH DELETE n`).catch(() => undefined);
  await driver.close();
});

async function find(wb: Locator, name: string): Promise<void> {
  await wb.getByLabel('Find a node').fill(name);
  await wb.getByLabel('Find a node').press('Enter');
  await expect(wb.getByTestId('n4-inspector')).toContainText(name);
}

async function download(page: Page, button: Locator): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFile(await d.path(), 'utf8');
}

test('run all, hide, pin, fit, add next results, style by label, export SVG and HTML', async ({ page, app }) => {
  test.setTimeout(150_000);
  await app.open();
  const wb = await openWorkbench(page, await addNeo4jConnection(page, `e2e neo4j tools ${stamp}`));
  const graph = wb.getByTestId('n4-graph');
  const layout = wb.getByTestId('n4-layout');

  // Run all: both statements run in sequence, each with its own result.
  await typeCypher(
    page,
    wb,
    `MATCH (h:${label} {name: 'hub'})-[r:LINKS]->(m) RETURN h, r, m;\nMATCH (o:${other}) RETURN o`,
  );
  await wb.getByTestId('n4-run-all').click();
  const tabs = wb.getByRole('tablist', { name: 'Statements' }).getByRole('tab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveClass(/n4-run-done/, { timeout: 30_000 });
  await expect(tabs.nth(0)).toHaveClass(/n4-run-done/);
  await tabs.nth(1).click();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(graph).toHaveAttribute('data-nodes', '1');
  await tabs.nth(0).click();
  await expect(graph).toHaveAttribute('data-nodes', '5');
  await expect(graph).toHaveAttribute('data-rels', '4');
  await expect(layout).toHaveAttribute('data-state', 'settled', { timeout: 30_000 });

  // Hide a node: it and its relationship leave the picture; "Show 1 hidden" brings them back.
  await find(wb, 'leaf1');
  await wb.getByTestId('n4-inspector').getByRole('button', { name: 'Hide' }).click();
  await expect(graph).toHaveAttribute('data-nodes', '4');
  await expect(graph).toHaveAttribute('data-rels', '3');
  await wb.getByRole('button', { name: 'Show 1 hidden' }).click();
  await expect(graph).toHaveAttribute('data-nodes', '5');
  await expect(graph).toHaveAttribute('data-rels', '4');

  // Pin the hub; Fit reframes the picture (Find had zoomed in on the hub, so it moves on screen).
  await find(wb, 'hub');
  await wb.getByTestId('n4-inspector').getByRole('button', { name: 'Pin' }).click();
  await expect(wb.getByTestId('n4-inspector').getByRole('button', { name: 'Unpin' })).toBeVisible();
  await expect(graph).toHaveAttribute('data-selected-x', /\d/);
  const zoomed = [await graph.getAttribute('data-selected-x'), await graph.getAttribute('data-selected-y')];
  await wb.getByRole('button', { name: 'Fit' }).click();
  await expect
    .poll(async () => [await graph.getAttribute('data-selected-x'), await graph.getAttribute('data-selected-y')])
    .not.toEqual(zoomed);

  // Style the label: a colour and the caption property, remembered for the next run.
  await wb
    .getByTestId('n4-legend')
    .getByRole('button', { name: new RegExp(`:${label} \\(5\\)`) })
    .click();
  const editor = wb.getByRole('group', { name: `Style of :${label}` });
  const colour = editor.getByRole('button', { name: /^Colour / }).nth(2);
  const colourName = (await colour.getAttribute('aria-label')) ?? '';
  await colour.click();
  await expect(colour).toHaveAttribute('aria-pressed', 'true');
  await editor.getByLabel(`Caption of :${label}`).selectOption('rank');

  // Add next results: the other query's node joins the same picture.
  await wb.getByLabel('Add next results').check();
  await typeCypher(page, wb, `MATCH (o:${other}) RETURN o`);
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-result')).toHaveAttribute('data-status', 'done');
  await expect(graph).toHaveAttribute('data-nodes', '6');
  await expect(graph).toHaveAttribute('data-rels', '4');
  await expect(layout).toHaveAttribute('data-state', 'settled', { timeout: 30_000 });

  // SVG: one disc per node, in the chosen colour, captioned by rank; HTML: self-contained.
  const svg = await download(page, wb.getByTestId('n4-export-svg'));
  expect(svg).toContain('<svg');
  expect(svg.match(/<circle /g)).toHaveLength(6);
  const hex = colourName.replace(/^Colour /, '');
  expect(svg.match(new RegExp(`fill="${hex}"`, 'gi'))).toHaveLength(5);
  for (const rank of ['>1<', '>2<', '>3<', '>4<']) expect(svg).toContain(rank);
  expect(svg).toContain('>lonely<');
  const html = await download(page, wb.getByTestId('n4-export-html'));
  expect(html).toContain('<svg');
  expect(html).toContain('leaf3');
  expect(html).not.toMatch(/(src|href)="https?:/);

  // The style is remembered: a new run (picture replaced) draws the label the same way.
  await wb.getByLabel('Add next results').uncheck();
  await typeCypher(page, wb, `MATCH (h:${label}) RETURN h`);
  await wb.getByTestId('n4-run').click();
  await expect(graph).toHaveAttribute('data-nodes', '5');
  await wb
    .getByTestId('n4-legend')
    .getByRole('button', { name: new RegExp(`:${label} \\(5\\)`) })
    .click();
  await expect(editor.getByRole('button', { name: colourName })).toHaveAttribute('aria-pressed', 'true');
  await expect(editor.getByLabel(`Caption of :${label}`)).toHaveValue('rank');
  await page.screenshot({ path: 'artifacts/neo4j-tools.png' });
});

test('a read-only connection: the server refuses a write, with a clear message, and nothing changes', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000);
  await app.open();
  const wb = await openWorkbench(page, await addNeo4jConnection(page, `e2e neo4j read-only ${stamp}`, true));
  await typeCypher(page, wb, `CREATE (:${other} {name: 'written'})`);
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-result')).toHaveAttribute('data-status', 'failed');
  await expect(wb.getByTestId('error-banner')).toContainText(/read/i);
  await page.screenshot({ path: 'artifacts/neo4j-read-only.png' });
  const r = await driver.executeQuery(`MATCH (n:${other} {name: 'written'}) RETURN count(n) AS c`);
  expect(Number(r.records[0]?.get('c'))).toBe(0);
});
