import { expect, test } from './fixtures';
import { addNeo4jConnection, openWorkbench, specDriver, typeCypher } from './helpers/neo4j';

/**
 * The Cypher workbench against the local Neo4j, as a person uses it: add a
 * connection, open Cypher, set a typed parameter with :param, run a write
 * with it, see the records in the table and as cypher-shell text, the
 * counters in the summary, a cartesian-product warning and the plan tree of
 * an EXPLAIN, a syntax error with its line and column, and Cancel of a long
 * query (gone from SHOW TRANSACTIONS).
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const label = `E2e_${stamp}`;
const connectionName = `e2e neo4j ${stamp}`;
const driver = specDriver();

test.afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.close();
});

test('run Cypher with a typed parameter, see table, text, summary and plan, cancel a long query', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addNeo4jConnection(page, connectionName);
  const wb = await openWorkbench(page, row);
  await expect(wb.getByTestId('n4-database')).toContainText('neo4j (default)');

  // A parameter the server evaluates and keeps typed: a 64-bit integer beyond 2^53.
  await typeCypher(page, wb, ':param big => 9007199254740993');
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-message')).toHaveText('Set $big => 9007199254740993');
  await expect(wb.getByTestId('n4-param')).toContainText('$big');

  await typeCypher(
    page,
    wb,
    `UNWIND range(1, 3) AS i CREATE (n:${label} {i: i, big: $big, at: date('2024-02-29')}) RETURN n.i AS i, n.big AS big, n.at AS at`,
  );
  await page.keyboard.press('ControlOrMeta+Enter');
  const result = wb.getByTestId('n4-result');
  await expect(result).toHaveAttribute('data-status', 'done');
  await expect(wb.getByTestId('n4-status')).toContainText('3 records');
  await expect(wb.getByTestId('n4-status')).toContainText('nodesCreated: 3');
  const table = wb.getByTestId('n4-table');
  await expect(table.getByRole('row').filter({ hasText: '9007199254740993' })).toHaveCount(3);
  await page.screenshot({ path: 'artifacts/neo4j-table.png' });

  await result.getByRole('tab', { name: 'Text' }).click();
  await expect(wb.getByTestId('n4-text')).toContainText('| 3 | 9007199254740993 | 2024-02-29 |');
  await result.getByRole('tab', { name: 'Summary' }).click();
  await expect(wb.getByTestId('n4-counters')).toContainText('nodesCreated');
  // The server holds exactly what was written, with the exact integer.
  const check = await driver.executeQuery(
    `MATCH (n:${label}) RETURN count(n) AS c, collect(DISTINCT toString(n.big)) AS b`,
  );
  expect(check.records[0]?.get('c').toNumber()).toBe(3);
  expect(check.records[0]?.get('b')).toEqual(['9007199254740993']);

  // EXPLAIN: plan tree, and the cartesian product warning.
  await typeCypher(page, wb, `EXPLAIN MATCH (a:${label}), (b:${label}) RETURN a, b`);
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('n4-plan')).toBeVisible();
  await expect(wb.getByTestId('n4-plan-op').first()).toHaveAttribute('data-operator', 'ProduceResults');
  await expect(wb.locator('[data-testid="n4-plan-op"][data-operator="CartesianProduct"]')).toHaveCount(1);
  await expect(wb.getByRole('button', { name: /1 warning/ })).toBeVisible();
  await page.screenshot({ path: 'artifacts/neo4j-plan.png' });
  await wb.getByRole('button', { name: /1 warning/ }).click();
  await expect(wb.getByTestId('n4-warnings')).toContainText('cartesian product');

  // A syntax error names its line and column.
  await typeCypher(page, wb, 'MATCH (n)\nRETURN n +');
  await wb.getByTestId('n4-run').click();
  await expect(wb.getByTestId('error-banner')).toContainText('line 2, column 11');

  // Cancel terminates the transaction on the server.
  const tag = `cancel_${stamp}`;
  await typeCypher(page, wb, `UNWIND range(1, 3000000000) AS x WITH x WHERE x = -1 RETURN x, '${tag}' AS tag`);
  await wb.getByTestId('n4-run').click();
  const listed = async () => {
    const r = await driver.executeQuery('SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery');
    return r.records.some((x) => String(x.get('currentQuery')).includes(tag));
  };
  await expect.poll(listed, { timeout: 15_000 }).toBe(true);
  await wb.getByTestId('n4-run-cancel').click();
  await expect(result).toHaveAttribute('data-status', 'cancelled');
  await expect.poll(listed, { timeout: 15_000 }).toBe(false);
});
