import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * The Kafka CEL filter box is the shared CodeEditor, driven as a person would
 * against the local broker: write an expression with completion (variables,
 * and the field names seen in the topic's newest messages), see a parse error
 * underlined as you type, fix it, run it with Ctrl+Enter, cancel a slow one
 * with Escape, find the run in History and re-run it; the text is still there
 * after a reload (an editor draft kept in core).
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-cel-editor-${stamp}`;
const MESSAGES = 10_000;
const kafka = new kafkajs.Kafka({
  clientId: 'e2e-cel-editor',
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
  for (let i = 0; i < MESSAGES; i += 2000) {
    await producer.send({
      topic,
      messages: Array.from({ length: 2000 }, (_, j) => ({
        key: `k-${i + j}`,
        value: JSON.stringify({ id: i + j, status: (i + j) % 1000 === 0 ? 'failed' : 'ok', user: { name: 'ann' } }),
      })),
    });
  }
  await producer.disconnect();
});

test.afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

/** An expression that matches nothing and costs ~0.5 ms per message: the search runs long enough to cancel. */
const SLOW = `[${Array.from({ length: 1000 }, (_, i) => i).join(',')}].exists(x, string(x) == value.status)`;

test('CEL editor: completion, underlined error, Ctrl+Enter, Escape cancels, History re-run, draft kept', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await app.open();
  const row = await addKafkaConnection(page, `e2e cel editor ${stamp}`);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
  const view = page.getByTestId('messages-view');
  await view.getByTestId('topic-input').fill(topic);
  await view.getByTestId('topic-open').click();
  await view.getByTestId('messages-mode').getByText('Search', { exact: true }).click();
  await view.getByTestId('filter-kind').getByText('CEL', { exact: true }).click();
  await view.getByTestId('range-kind').selectOption('oldest');
  const editor = view.getByTestId('cel-input');
  const cel = editor.locator('.cm-content');
  const progress = view.getByTestId('search-progress');
  const completions = page.locator('.cm-tooltip-autocomplete');

  // Completion of a variable, then of a field seen in the newest messages.
  await cel.click();
  await page.keyboard.type('val');
  const option = (label: string) => completions.locator('.cm-completionLabel', { hasText: new RegExp(`^${label}$`) });
  await option('value').click();
  await expect(cel).toHaveText('value');
  await page.keyboard.type('.st');
  await option('status').click();
  await expect(cel).toHaveText('value.status');

  // An unfinished expression: the parser's error is underlined as you type, nothing runs.
  await page.keyboard.type(' == "failed" &&');
  await expect(cel).toHaveText('value.status == "failed" &&');
  await expect(editor.locator('.cm-lintRange-error')).toBeVisible();
  // Fix it: the underline goes away.
  await page.keyboard.type(' value.id >= 0');
  await expect(editor.locator('.cm-lintRange-error')).toHaveCount(0);

  // Ctrl+Enter runs it.
  await page.keyboard.press('Control+Enter');
  await expect(progress).toContainText(`${MESSAGES.toLocaleString('en-US')} scanned`);
  await expect(progress).toContainText('10 matched');
  await expect(progress).toContainText('done');

  // A slow one: Escape in the editor cancels it.
  await cel.fill(SLOW);
  await page.keyboard.press('Control+Enter');
  await expect(view.getByTestId('search-cancel')).toBeVisible();
  await page.waitForTimeout(500);
  await page.keyboard.press('Escape');
  await expect(progress).toContainText('cancelled');
  await expect(view.getByTestId('search-run')).toBeVisible();

  // Both runs are in History; re-run the first from there.
  await view.getByTestId('search-history-toggle').click();
  const entries = view.getByTestId('history-panel').getByTestId('history-entry');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('exists(x, string(x) == value.status)');
  const first = entries.filter({ hasText: 'value.status == "failed" && value.id >= 0' });
  await expect(first).toContainText('10 rows');
  await first.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cel).toHaveText('value.status == "failed" && value.id >= 0');
  await expect(progress).toContainText('10 matched');
  await expect(progress).toContainText('done');
  await expect(entries).toHaveCount(3);

  // The text is a draft kept in core: it is back after a reload.
  await page.waitForTimeout(600); // the draft write is debounced (400 ms)
  await page.reload();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  const again = page.getByTestId('messages-view');
  if (!(await again.isVisible())) {
    await page.locator(`[data-testid="sidebar-connection"][data-name="e2e cel editor ${stamp}"]`).dblclick();
    await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
  }
  await again.getByTestId('topic-input').fill(topic);
  await again.getByTestId('topic-open').click();
  await again.getByTestId('messages-mode').getByText('Search', { exact: true }).click();
  await again.getByTestId('filter-kind').getByText('CEL', { exact: true }).click();
  await expect(again.getByTestId('cel-input').locator('.cm-content')).toHaveText(
    'value.status == "failed" && value.id >= 0',
  );
});
