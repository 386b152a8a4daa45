import { readFile } from 'node:fs/promises';
import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * Query history and saved queries beside an editor, driven as a person would,
 * on Kafka's CEL search against the local broker: runs appear in History
 * (newest first, rows or the error), a history search finds one, re-run from
 * History and from Saved, and History exports through the generic export
 * dialog as a download.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-history-${stamp}`;
const kafka = new kafkajs.Kafka({
  clientId: 'e2e-history',
  brokers: [KAFKA_BOOTSTRAP],
  logLevel: kafkajs.logLevel.NOTHING,
});

test.beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicReady(admin, topic, 1);
  await admin.disconnect();
  // Idempotent: a send retried under load must not write the seed twice (the tests check offsets).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 30 }, (_, i) => ({
      key: `k-${i}`,
      value: JSON.stringify({ i, status: i % 3 === 0 ? 'failed' : 'ok' }),
    })),
  });
  await producer.disconnect();
});

test.afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

test('CEL searches go into History; search it, re-run from History and Saved, export it', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addKafkaConnection(page, `e2e history ${stamp}`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
  const view = page.getByTestId('messages-view');
  await view.getByTestId('topic-input').fill(topic);
  await view.getByTestId('topic-open').click();
  await view.getByTestId('messages-mode').getByText('Search', { exact: true }).click();
  await view.getByTestId('filter-kind').getByText('CEL', { exact: true }).click();
  await view.getByTestId('range-kind').selectOption('oldest');
  const cel = view.getByTestId('cel-input').locator('.cm-content');
  const progress = view.getByTestId('search-progress');

  await cel.fill('value.status == "failed"');
  await cel.press('Control+Enter');
  await expect(progress).toContainText('10 matched');
  await expect(progress).toContainText('done');
  await cel.fill('value.i > 25');
  await cel.press('Control+Enter');
  await expect(progress).toContainText('4 matched');
  await expect(progress).toContainText('done');
  await cel.fill('value.i >');
  await cel.press('Control+Enter');
  await expect(view.getByTestId('cel-error')).toBeVisible();

  // History: newest first, with rows or the error.
  await view.getByTestId('search-history-toggle').click();
  const history = view.getByTestId('history-panel');
  const entries = history.getByTestId('history-entry');
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('value.i >');
  await expect(entries.nth(0)).toContainText('failed:');
  await expect(entries.nth(1)).toContainText('value.i > 25');
  await expect(entries.nth(1)).toContainText('4 rows');
  await expect(entries.nth(2)).toContainText('value.status == "failed"');
  await expect(entries.nth(2)).toContainText('10 rows');

  // Full-text search of the history finds the one run.
  await history.getByRole('searchbox', { name: 'Search history' }).fill('status fail');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('value.status == "failed"');

  // Re-run from History: the text goes into the editor and runs.
  await entries.first().getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cel).toHaveText('value.status == "failed"');
  await expect(progress).toContainText('10 matched');
  await expect(progress).toContainText('done');
  await history.getByRole('searchbox', { name: 'Search history' }).fill('');
  await expect(entries).toHaveCount(4);

  // Saved: save the current text in a folder, change the editor, re-run from Saved.
  const saved = view.getByTestId('saved-panel');
  await saved.getByRole('button', { name: 'Save current' }).click();
  await saved.getByRole('textbox', { name: 'Name' }).fill('Failed orders');
  await saved.getByRole('textbox', { name: 'Folder' }).fill('triage');
  await saved.getByRole('button', { name: 'Save', exact: true }).click();
  const item = saved.getByTestId('saved-query').filter({ hasText: 'Failed orders' });
  await expect(saved.locator('[data-folder="triage"]')).toContainText('Failed orders');
  await cel.fill('value.i == 1');
  await cel.press('Control+Enter');
  await expect(progress).toContainText('1 matched');
  await item.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cel).toHaveText('value.status == "failed"');
  await expect(progress).toContainText('10 matched');
  await expect(progress).toContainText('done');
  await expect(entries).toHaveCount(6);

  // Export the history (generic export dialog, CSV with formula guard stated) and download it.
  await history.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('generic-export-dialog');
  await expect(dialog.getByTestId('export-formula-guard')).toContainText('Protect against spreadsheet formulas');
  await expect(dialog.getByTestId('export-retention')).toContainText('24 hours');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-done')).toContainText('6 rows');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^history-kafka-cel-.*\.csv$/);
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('Started,Language,Query,Duration (ms),Rows,Error');
  expect(lines).toHaveLength(7);
  expect(lines.filter((l) => l.includes(',kafka-cel,"value.status == ""failed""",'))).toHaveLength(3);
});
