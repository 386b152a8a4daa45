import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { addCassandraConnection, openNode, specClient, typeCql } from './helpers/cassandra';

/**
 * The Cassandra area against the local Cassandra 5, as a person uses it: add
 * a connection, browse keyspaces and tables in Schema, open a table (columns
 * with keys, DDL from DESCRIBE, rows with no CQL typed), write a query with
 * completion in the CQL editor, page through the result by pageState, see a
 * trace, export the table, and have a write refused on a read-only connection.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const ks = `sd_e2e_${stamp}`;
const connectionName = `e2e cassandra ${stamp}`;
const direct = specClient();
const ROWS = 230;

test.beforeAll(async () => {
  await direct.connect();
  await direct.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
  await direct.execute(
    `CREATE TABLE ${ks}.readings (sensor text, at int, value double, note text, PRIMARY KEY ((sensor), at)) WITH CLUSTERING ORDER BY (at DESC)`,
  );
  const insert = `INSERT INTO ${ks}.readings (sensor, at, value, note) VALUES (?, ?, ?, ?)`;
  await Promise.all(
    Array.from({ length: ROWS }, (_, i) =>
      direct.execute(insert, [i < 200 ? 's1' : 's2', i, i / 2, `n${i}`], { prepare: true }),
    ),
  );
});

test.afterAll(async () => {
  await direct.execute(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => undefined);
  await direct.execute(`DROP KEYSPACE IF EXISTS ${ks}_r`).catch(() => undefined);
  await direct.shutdown();
});

test('browse the schema, open a table, its DDL and rows, and export it', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addCassandraConnection(page, connectionName);
  await openNode(page, row, 'schema');
  const schema = page.getByTestId('cs-schema');
  const keyspace = schema.locator(`[data-testid="cs-keyspace"][data-name="${ks}"]`);
  await expect(keyspace).toContainText('SimpleStrategy RF 1');
  await expect(schema.locator('[data-testid="cs-keyspace"][data-name="system_schema"]')).toHaveCount(0);
  await keyspace.getByRole('button', { name: `Expand ${ks}` }).click();
  await keyspace.getByTestId('cs-ks-ddl').click();
  await expect(schema.getByTestId('cs-ddl')).toContainText(`CREATE KEYSPACE ${ks}`);
  await page.screenshot({ path: 'artifacts/cassandra-schema.png' });
  await keyspace.getByRole('button', { name: 'readings' }).click();

  const table = page.getByTestId('cs-table');
  await expect(table.getByTestId('cs-table-title')).toHaveText(`${ks}.readings`);
  const columns = table.getByTestId('cs-columns');
  await expect(columns.locator('tr[data-kind="partition_key"]')).toContainText('sensor');
  await expect(columns.locator('tr[data-kind="clustering"]')).toContainText('clustering 1 · DESC');
  await table.getByRole('tab', { name: 'DDL' }).click();
  await expect(table.getByTestId('cs-ddl')).toContainText(`CREATE TABLE ${ks}.readings`);
  await expect(table.getByTestId('cs-ddl')).toContainText('CLUSTERING ORDER BY (at DESC)');
  await expect(table).toContainText("From the server's DESCRIBE");

  // Rows with one click, then one partition by its key.
  await table.getByRole('tab', { name: 'Rows' }).click();
  await expect(table.getByTestId('cs-grid-summary')).toContainText('100 rows');
  await table.getByTestId('cs-next-page').click();
  await expect(table.getByTestId('cs-grid-summary')).toContainText('200 rows');
  await table.getByTestId('cs-pk-filter').fill('s2');
  await table.getByRole('button', { name: 'Show partition' }).click();
  await expect(table.getByTestId('cs-grid-summary')).toContainText('30 rows');
  await expect(table.getByTestId('cs-all-loaded')).toBeVisible();
  await page.screenshot({ path: 'artifacts/cassandra-table-rows.png' });

  // Export the whole table (token ranges) and download it.
  await table.getByTestId('cs-export-table').click();
  const dialog = page.getByTestId('generic-export-dialog');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-done')).toContainText(`${ROWS} rows`);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  const text = await readFile((await download.path()) ?? '', 'utf8');
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('sensor,at,note,value');
  expect(lines).toHaveLength(ROWS + 1);
  await dialog.getByRole('button', { name: 'Close' }).first().click();

  // Import a CSV with a bad row: the good rows land, the bad one is reported by its line.
  await table.getByTestId('cs-import-table').click();
  const imp = page.getByTestId('cs-import-dialog');
  await imp.getByTestId('cs-import-file').setInputFiles({
    name: 'readings.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('sensor,at,value,extra\ns9,1,1.5,x\ns9,2,not a number,x\ns9,3,3.5,x\n'),
  });
  await expect(imp.getByTestId('cs-import-mapping')).toContainText('extra');
  await imp.getByTestId('cs-import-start').click();
  await expect(imp.getByTestId('cs-import-report')).toContainText('2 of 3 rows written; 1 failed');
  await expect(imp.getByTestId('cs-import-failure')).toContainText('line 3: value (double): expected a number.');
  await page.screenshot({ path: 'artifacts/cassandra-import.png' });
  const imported = await direct.execute(`SELECT at FROM ${ks}.readings WHERE sensor = 's9'`);
  expect(imported.rows.map((r) => r.get('at') as number).sort()).toEqual([1, 3]);
});

test('write a query with completion, page through it, and see its trace', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addCassandraConnection(page, `${connectionName} cql`);
  await openNode(page, row, 'cql');
  const wb = page.getByTestId('cs-workbench');
  await expect(wb).toBeVisible();

  // USE changes this editor's keyspace.
  await typeCql(page, wb, `USE ${ks};`);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(wb.getByTestId('cs-message')).toContainText(`Now using keyspace ${ks}`);
  await expect(wb.getByTestId('cs-session-keyspace')).toContainText(ks);

  // Completion from the live schema: the table of the keyspace, then its columns.
  await typeCql(page, wb, 'SELECT * FROM rea');
  await page.keyboard.press('Control+Space');
  const option = page.locator('.cm-tooltip-autocomplete').getByText('readings', { exact: true });
  await expect(option).toBeVisible();
  await option.click();
  await page.keyboard.insertText(' WHERE sen');
  await page.keyboard.press('Control+Space');
  const column = page.locator('.cm-tooltip-autocomplete').getByText('sensor', { exact: true });
  await expect(column).toBeVisible();
  await column.click();
  await page.keyboard.insertText(" = 's1'");
  await expect(wb.getByTestId('cs-editor')).toContainText("SELECT * FROM readings WHERE sensor = 's1'");

  // Page size 50, then the next pages by pageState.
  await wb.getByTestId('cs-page-size').fill('50');
  await wb.getByTestId('cs-run').click();
  const summary = wb.getByTestId('cs-grid-summary');
  await expect(summary).toContainText('50 rows');
  await expect(wb.getByTestId('cs-result-facts')).toContainText('at LOCAL_ONE');
  await wb.getByTestId('cs-next-page').click();
  await expect(summary).toContainText('100 rows');
  await wb.getByTestId('cs-fetch-all').click();
  await expect(summary).toContainText('200 rows');
  await expect(wb.getByTestId('cs-all-loaded')).toBeVisible();
  await page.screenshot({ path: 'artifacts/cassandra-cql.png' });

  // A traced run: coordinator, duration and events.
  await wb.getByTestId('cs-trace-toggle').check();
  await wb.getByTestId('cs-run').click();
  await wb.getByRole('tab', { name: /Trace/ }).click();
  await expect(wb.getByTestId('cs-trace-coordinator')).toContainText('127.0.0.1');
  await expect(wb.getByTestId('cs-trace-event').first()).toBeVisible();
  await page.screenshot({ path: 'artifacts/cassandra-trace.png' });

  // Runs go into History; picking one puts it back in the editor.
  const history = wb.getByTestId('history-panel');
  await expect(history).toContainText("SELECT * FROM readings WHERE sensor = 's1'");
  await expect(history).toContainText(`USE ${ks}`);

  // Run all: every statement in order, one result each.
  await typeCql(
    page,
    wb,
    `SELECT count(*) FROM readings WHERE sensor = 's2';\nSELECT at FROM readings WHERE sensor = 's2' LIMIT 3;`,
  );
  await wb.getByTestId('cs-run-all').click();
  const chips = wb.getByRole('tablist', { name: 'Statements' }).getByRole('tab');
  await expect(chips).toHaveCount(2);
  await expect(wb.getByTestId('cs-grid-summary')).toContainText('1 row');
  await chips.nth(1).click();
  await expect(wb.getByTestId('cs-grid-summary')).toContainText('3 rows');

  // A syntax error is shown with the statement; nothing else changes.
  await typeCql(page, wb, 'SELEC * FROM readings;');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(wb.getByTestId('cs-statement-error')).toContainText('SELEC');
});

test('a read-only connection refuses a write, in core, with nothing written', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = await addCassandraConnection(page, `${connectionName} ro`, true);
  await openNode(page, row, 'cql');
  const wb = page.getByTestId('cs-workbench');
  await expect(wb).toContainText('read-only');
  await typeCql(
    page,
    wb,
    `BEGIN BATCH INSERT INTO ${ks}.readings (sensor, at, value) VALUES ('ro', 1, 1.0); APPLY BATCH;`,
  );
  await wb.getByTestId('cs-run-all').click();
  await expect(wb.getByTestId('error-banner')).toHaveAttribute('data-code', 'READ_ONLY');
  await expect(wb.getByTestId('error-banner')).toContainText('This connection is read-only');
  const left = await direct.execute(`SELECT count(*) FROM ${ks}.readings WHERE sensor = 'ro'`);
  expect(Number(left.rows[0]?.get('count'))).toBe(0);
});

test('see the cluster with its ring share and the live ops views', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = await addCassandraConnection(page, `${connectionName} ops`);
  await openNode(page, row, 'cluster');
  const cluster = page.getByTestId('cs-cluster');
  await expect(cluster.getByTestId('cs-node')).toHaveCount(1);
  await expect(cluster.getByTestId('cs-node')).toContainText('100.0%');
  await expect(cluster.getByTestId('cs-node')).toContainText('up');
  await expect(cluster.getByTestId('cs-schema-agreement')).toHaveText('all nodes agree');
  await page.screenshot({ path: 'artifacts/cassandra-cluster.png' });
  await openNode(page, row, 'ops');
  const ops = page.getByTestId('cs-ops');
  await expect(ops.getByTestId('cs-ops-source')).toContainText('system_views.thread_pools');
  await expect(ops.getByTestId('cs-pool-bars')).toContainText('Native-Transport-Requests');
  await expect(ops.getByTestId('cs-ops-grid')).toContainText('ReadStage');
  await page.screenshot({ path: 'artifacts/cassandra-ops.png' });
  await ops.getByRole('tab', { name: 'Connected clients' }).click();
  await expect(ops.getByTestId('cs-ops-source')).toContainText('system_views.clients');
  await expect(ops.getByTestId('cs-ops-grid-summary')).not.toContainText(/^0 rows/);
});

test('create a table through the form that shows its CQL, then drop it with its name typed', async ({ page, app }) => {
  test.setTimeout(90_000);
  await app.open();
  const row = await addCassandraConnection(page, `${connectionName} ddl`);
  await openNode(page, row, 'schema');
  const schema = page.getByTestId('cs-schema');
  const keyspace = schema.locator(`[data-testid="cs-keyspace"][data-name="${ks}"]`);
  await keyspace.getByTestId('cs-new-table').click();
  const form = page.getByTestId('cs-create-table');
  await expect(form.getByTestId('cs-form-problems')).toContainText('Name the table.');
  await expect(form.getByTestId('cs-form-run')).toBeDisabled();
  await form.getByLabel('Table name').fill('made_by_form');
  await form.getByLabel('Column 1 name').fill('id');
  await form.getByLabel('Column 1 type').fill('uuid');
  await form.getByLabel('Column 2 name').fill('at');
  await form.getByLabel('Column 2 type').fill('timestamp');
  await form.getByLabel('Column 2 order').selectOption('DESC');
  await form.getByLabel('Column 3 name').fill('note');
  await expect(form.getByTestId('cs-form-problems')).toHaveCount(0);
  await expect(form.getByTestId('cs-form-cql')).toContainText(`CREATE TABLE ${ks}.made_by_form (`);
  await expect(form.getByTestId('cs-form-cql')).toContainText('PRIMARY KEY (id, at)');
  await expect(form.getByTestId('cs-form-cql')).toContainText('WITH CLUSTERING ORDER BY (at DESC)');
  await page.screenshot({ path: 'artifacts/cassandra-create-table.png' });
  await form.getByTestId('cs-form-run').click();
  const table = page.getByTestId('cs-table');
  await expect(table.getByTestId('cs-table-title')).toHaveText(`${ks}.made_by_form`);
  await expect(table.getByTestId('cs-columns').locator('tr[data-kind="clustering"]')).toContainText('DESC');

  await table.getByTestId('cs-drop-table').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`DROP TABLE ${ks}.made_by_form;`);
  const drop = confirm.getByRole('button', { name: 'Drop table' });
  await expect(drop).toBeDisabled();
  await confirm.getByRole('textbox').fill('made_by_form');
  await drop.click();
  await expect(table.getByTestId('error-banner')).toHaveAttribute('data-code', 'NOT_FOUND');
  const left = await direct.execute(
    'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
    [ks, 'made_by_form'],
    { prepare: true },
  );
  expect(left.rows).toHaveLength(0);
});

test('dump a keyspace and restore it into a new one', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addCassandraConnection(page, `${connectionName} dump`);
  await openNode(page, row, 'schema');
  const schema = page.getByTestId('cs-schema');
  await schema.locator(`[data-testid="cs-keyspace"][data-name="${ks}"]`).getByTestId('cs-dump').click();
  const dump = page.getByTestId('cs-dump-dialog');
  await dump.getByTestId('cs-dump-start').click();
  await expect(dump.getByTestId('cs-dump-done')).toContainText('Dumped 1 table');
  await dump.getByRole('button', { name: 'Close' }).first().click();

  await schema.getByTestId('cs-restore').click();
  const restore = page.getByTestId('cs-restore-dialog');
  // Newest first: the dump just made is chosen.
  await expect(restore.getByLabel('Dump').locator('option').first()).toContainText(`${ks} ·`);
  await restore.getByLabel('New keyspace').fill(`${ks}_r`);
  await restore.getByTestId('cs-restore-start').click();
  await expect(restore.getByTestId('cs-restore-done')).toContainText(`Restored ${ks}_r`);
  await page.screenshot({ path: 'artifacts/cassandra-restore.png' });
  await restore.getByRole('button', { name: 'Close' }).first().click();
  await expect(schema.locator(`[data-testid="cs-keyspace"][data-name="${ks}_r"]`)).toBeVisible();
  const [a, b] = await Promise.all([ks, `${ks}_r`].map((k) => direct.execute(`SELECT count(*) FROM ${k}.readings`)));
  expect(Number(b?.rows[0]?.get('count'))).toBe(Number(a?.rows[0]?.get('count')));
});
