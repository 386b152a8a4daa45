import { readFile } from 'node:fs/promises';
import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * The message browser driven as a person would against the local broker:
 * open a topic, produce through the dialog (JSON checked first), browse newest
 * and from a timestamp, look at a message, search with CEL (and see a syntax
 * error with its position), tail with pause, export and download the file.
 * The topic and its seed messages are made with kafkajs and deleted afterwards.
 */

test.describe.configure({ mode: 'serial' });
test.use({ timezoneId: 'UTC' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-msgs-${stamp}`;
const connectionName = `e2e messages ${stamp}`;
const BASE = Date.UTC(2026, 0, 15, 10, 0, 0);
const kafka = new kafkajs.Kafka({
  clientId: 'e2e-messages',
  brokers: [KAFKA_BOOTSTRAP],
  logLevel: kafkajs.logLevel.NOTHING,
});

test.beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicReady(admin, topic, 2);
  await admin.disconnect();
  // Idempotent: a send retried under load must not write the seed twice (the tests check offsets).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 40 }, (_, i) => ({
      key: `seed-${i}`,
      value: JSON.stringify({ i, kind: 'seed' }),
      timestamp: String(BASE + i * 60_000),
      partition: i % 2,
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

test('produce, browse, search, tail and export messages', async ({ page, app }) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addKafkaConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
  const view = page.getByTestId('messages-view');
  await view.getByTestId('topic-input').fill(topic);
  await view.getByTestId('topic-open').click();
  const grid = view.getByTestId('messages-grid');
  await expect(grid.getByRole('row').filter({ hasText: 'seed-39' })).toBeVisible();

  // Produce: non-JSON is refused inline; valid JSON goes out and shows partition and offset.
  await view.getByTestId('open-produce').click();
  const produce = page.getByTestId('produce-dialog');
  await produce.getByTestId('produce-key').fill('e2e-key');
  await produce.getByTestId('produce-value').fill('{"status": "failed"');
  await expect(produce.getByRole('alert')).toContainText('Not valid JSON');
  await expect(produce.getByTestId('produce-send')).toBeDisabled();
  await produce.getByTestId('produce-value').fill('{"status": "failed", "n": 42}');
  await produce.getByTestId('produce-headers').fill('source=e2e');
  await produce.getByTestId('produce-partition').fill('1');
  await produce.getByTestId('produce-send').click();
  await expect(produce.getByTestId('produce-result')).toContainText('Produced to partition 1 at offset 20');
  await produce.getByRole('button', { name: 'Close', exact: true }).last().click();

  // Browse newest: the new message is first; its detail decodes the JSON value and shows the header.
  await view.getByTestId('browse-load').click();
  const produced = grid.getByRole('row').filter({ hasText: 'e2e-key' });
  await expect(produced).toBeVisible();
  await produced.click();
  const detail = view.getByTestId('message-detail');
  await expect(detail.getByTestId('detail-value')).toContainText('"failed"');
  await expect(detail).toContainText('source');
  await detail.getByLabel('Value decoder').selectOption('hex');
  await expect(detail.getByTestId('detail-value')).toContainText('7b 22 73 74');

  // Browse from a timestamp: only messages at or after it.
  await view.getByTestId('browse-mode').selectOption('timestamp');
  await view.getByTestId('browse-time').fill('2026-01-15T10:30:00');
  await view.getByTestId('browse-load').click();
  await expect(grid.getByRole('row').filter({ hasText: 'seed-30' })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: 'seed-29' })).toHaveCount(0);
  await expect(grid.getByRole('row').filter({ hasText: '2026-01-15 10:30:00' })).toBeVisible();

  // Search with CEL: a syntax error first (with its position), then a match; Ctrl+Enter runs it.
  await view.getByTestId('messages-mode').getByText('Search', { exact: true }).click();
  await view.getByTestId('filter-kind').getByText('CEL', { exact: true }).click();
  await view.getByTestId('range-kind').selectOption('oldest');
  const cel = view.getByTestId('cel-input').locator('.cm-content');
  await cel.fill('value.n == ');
  await cel.press('Control+Enter');
  await expect(view.getByTestId('cel-error')).toContainText('line 1, column 12');
  await expect(view.getByTestId('cel-error')).toContainText('^');
  await cel.fill('value.n == 42 && headers.source == "e2e"');
  await cel.press('Control+Enter');
  await expect(view.getByTestId('search-progress')).toContainText('1 matched');
  await expect(view.getByTestId('search-progress')).toContainText('41 scanned');
  await expect(grid.getByRole('row').filter({ hasText: 'e2e-key' })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: 'seed-' })).toHaveCount(0);

  // Live tail: new messages appear with counts; pause keeps counting without adding rows.
  await view.getByTestId('messages-mode').getByText('Live tail', { exact: true }).click();
  await view.getByTestId('tail-start').click();
  await expect(view.getByTestId('tail-counts')).toContainText('Following');
  // Idempotent: a send retried under load must not write the seed twice (the tests check offsets).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await page.waitForTimeout(500);
  await producer.send({
    topic,
    messages: Array.from({ length: 5 }, (_, i) => ({ key: `tail-${i}`, value: `live ${i}` })),
  });
  await expect(view.getByTestId('tail-counts')).toContainText('5 received · 5 shown');
  await view.getByTestId('tail-pause').click();
  await producer.send({
    topic,
    messages: Array.from({ length: 3 }, (_, i) => ({ key: `paused-${i}`, value: 'while paused' })),
  });
  await expect(view.getByTestId('tail-counts')).toContainText('Paused · 8 received · 5 shown');
  await producer.disconnect();
  await view.getByTestId('tail-stop').click();

  // Export the whole topic as JSON Lines and download it.
  await view.getByTestId('open-export').click();
  const exp = page.getByTestId('generic-export-dialog');
  await exp.getByTestId('range-kind').selectOption('oldest');
  await exp.getByTestId('export-start').click();
  await expect(exp.getByTestId('export-done')).toContainText('49 messages');
  // Web mode downloads over HTTP; the desktop's "Save…" (host.exports.save) is not offered here.
  await expect(exp.getByTestId('export-save')).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), exp.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${topic}-.*\\.jsonl$`));
  const text = await readFile(await download.path(), 'utf8');
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key: { data: string } });
  expect(lines).toHaveLength(49);
  expect(lines.some((l) => l.key.data === 'e2e-key')).toBe(true);

  // The same dialog writes CSV with a header; the spreadsheet formula guard is stated and on by default.
  await exp.getByTestId('export-format').getByText('CSV', { exact: true }).click();
  await expect(exp.getByTestId('export-formula-guard')).toContainText('Protect against spreadsheet formulas');
  await expect(exp.getByTestId('export-formula-guard').getByRole('checkbox')).toBeChecked();
  await exp.getByTestId('export-start').click();
  await expect(exp.getByTestId('export-done')).toContainText('49 messages');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), exp.getByTestId('export-download').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^${topic}-.*\\.csv$`));
  const csv = (await readFile(await csvDownload.path(), 'utf8')).split('\n');
  expect(csv[0]).toBe('topic,partition,offset,timestamp,timestampType,keyEncoding,key,valueEncoding,value,headers');
});
