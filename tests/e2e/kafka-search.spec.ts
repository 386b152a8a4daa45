import type { Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { deleteProfile, rpc } from './helpers/redis';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * Kafka search features that had no e2e test (issue #8), as a user drives
 * them against the local broker: a contains search stopped at the match
 * limit; a search past what the renderer holds (the oldest matches dropped,
 * "N shown, M dropped", export for the full set); Cancel of a long contains
 * search; a CEL-filtered export.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const connectionName = `e2e kafka search ${stamp}`;
const small = `e2e-search-${stamp}`;
const slow = `e2e-search-slow-${stamp}`;
const kafka = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await admin.connect();
  await producer.connect();
  await createTopicReady(admin, small, 1);
  // 6,000 needles (value.n = 0..5999) and 500 others: past the 5,000 matches the renderer holds.
  for (let i = 0; i < 6_000; i += 1_000)
    await producer.send({
      topic: small,
      acks: -1,
      messages: Array.from({ length: 1_000 }, (_, j) => ({
        key: `k${i + j}`,
        value: JSON.stringify({ n: i + j, tag: 'needle' }),
      })),
    });
  await producer.send({
    topic: small,
    acks: -1,
    messages: Array.from({ length: 500 }, (_, j) => ({ key: `h${j}`, value: JSON.stringify({ n: -1, tag: 'hay' }) })),
  });
});

test.afterAll(async ({ browser }) => {
  await admin.deleteTopics({ topics: [small, slow] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
  const page = await browser.newPage();
  try {
    await page.goto(
      `${process.env.STACKDECK_E2E_BASE_URL}/?token=${encodeURIComponent(process.env.STACKDECK_E2E_TOKEN ?? '')}`,
    );
    await deleteProfile(page, connectionName);
  } finally {
    await page.close();
  }
});

async function openSearch(page: Page, topic: string) {
  // Saved by the first test that runs (each test also runs alone with -g).
  const list = (await rpc(page, 'connections.profiles.list', {})).value as { profiles: Array<{ name: string }> };
  const row = list.profiles.some((p) => p.name === connectionName)
    ? page.locator(`[data-testid="sidebar-connection"][data-name="${connectionName}"]`)
    : await addKafkaConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();
  const view = page.getByTestId('messages-view');
  await view.getByTestId('topic-input').fill(topic);
  await view.getByTestId('topic-open').click();
  await view.getByTestId('messages-mode').getByText('Search', { exact: true }).click();
  await view.getByTestId('range-kind').selectOption('oldest');
  return view;
}

test('contains search stops at the match limit', async ({ page, app }) => {
  await app.open();
  const view = await openSearch(page, small);
  await view.getByTestId('contains-input').fill('NEEDLE');
  await view.getByLabel('Match limit').fill('25');
  await view.getByTestId('search-run').click();
  const progress = view.getByTestId('search-progress');
  await expect(progress).toContainText('stopped at the match limit');
  await expect(progress).toContainText('25 matched');
  await expect(view.getByTestId('search-dropped')).toHaveCount(0);
  // Case-insensitive by default; with "Match case" the upper-case text matches nothing.
  await view.getByText('Match case').click();
  await view.getByTestId('search-run').click();
  await expect(progress).toContainText('6,500 scanned · 0 matched');
  await expect(progress).toContainText('done');
});

test('past what the renderer holds: the oldest matches are dropped with a visible count, export has them all', async ({
  page,
  app,
}) => {
  await app.open();
  const view = await openSearch(page, small);
  await view.getByTestId('contains-input').fill('needle');
  await view.getByLabel('Match limit').fill('100000');
  await view.getByTestId('search-run').click();
  await expect(view.getByTestId('search-progress')).toContainText('6,000 matched');
  const dropped = view.getByTestId('search-dropped');
  await expect(dropped).toContainText('5,000 shown, 1,000 dropped');
  await expect(dropped).toContainText('Export the search for the full set');
  // The oldest 1,000 (n = 0..999) were dropped: the first row held is n = 1000.
  const grid = view.getByTestId('messages-grid');
  await expect(grid.getByRole('row').nth(1)).toContainText('"n":1000,');
  await dropped.getByRole('button', { name: 'Export matches…' }).click();
  const exp = page.getByTestId('generic-export-dialog');
  await exp.getByTestId('range-kind').selectOption('oldest');
  await exp.getByTestId('export-start').click();
  await expect(exp.getByTestId('export-done')).toContainText('6,000 messages');
});

test('a CEL-filtered export writes only the matching messages', async ({ page, app }) => {
  await app.open();
  const view = await openSearch(page, small);
  await view.getByTestId('filter-kind').getByText('CEL', { exact: true }).click();
  await view.getByTestId('cel-input').locator('.cm-content').fill('value.tag == "needle" && int(value.n) % 3 == 0');
  await view.getByTestId('open-export').click();
  const exp = page.getByTestId('generic-export-dialog');
  await exp.getByTestId('range-kind').selectOption('oldest');
  await exp.getByTestId('export-format').getByText('JSON Lines', { exact: true }).click();
  await exp.getByTestId('export-start').click();
  await expect(exp.getByTestId('export-done')).toContainText('2,000 messages');
  const [download] = await Promise.all([page.waitForEvent('download'), exp.getByTestId('export-download').click()]);
  const text = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString('utf8').trim().split('\n');
  expect(lines).toHaveLength(2_000);
  for (const line of lines.slice(0, 50)) expect(line).toMatch(/needle/);
});

test('Cancel stops a long contains search: the count stops and it says cancelled', async ({ page, app }) => {
  test.setTimeout(180_000);
  // 600 values of 1 MiB of "É" (a few KiB on the wire, gzip): a case-insensitive contains search
  // decodes and lower-cases each one, so the scan takes seconds (about 8 s here) even on a fast machine.
  await createTopicReady(admin, slow, 1);
  const value = 'É'.repeat(512 * 1024);
  for (let i = 0; i < 600; i += 20)
    await producer.send({
      topic: slow,
      acks: -1,
      compression: kafkajs.CompressionTypes.GZIP,
      messages: Array.from({ length: 20 }, (_, j) => ({ key: `s${i + j}`, value })),
    });
  await app.open();
  const view = await openSearch(page, slow);
  await view.getByTestId('contains-input').fill('never-there');
  await view.getByTestId('search-run').click();
  const progress = view.getByTestId('search-progress');
  // While it runs (seconds of work), Cancel replaces the Search button.
  await view.getByTestId('search-cancel').click();
  await expect(progress).toContainText('cancelled');
  await expect(view.getByTestId('search-run')).toBeVisible();
  const scanned = async (): Promise<number> =>
    Number(/([\d,]+) scanned/.exec((await progress.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
  const atCancel = await scanned();
  expect(atCancel).toBeLessThan(600);
  // Still cancelled, and the count has not moved, a moment later.
  await page.waitForTimeout(1_000);
  expect(await scanned()).toBe(atCancel);
  await expect(progress).not.toContainText('done');
});

test('a batch too large to read stops a search or export with its partition and offset, or is skipped and listed (search, export, tail)', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const bomb = `e2e-search-bomb-${stamp}`;
  await createTopicReady(admin, bomb, 1);
  try {
    await producer.send({ topic: bomb, acks: -1, messages: [{ value: 'before needle' }] });
    // ~70 KiB of gzip that expands past the 64 MiB a batch may take.
    await producer.send({
      topic: bomb,
      acks: -1,
      compression: kafkajs.CompressionTypes.GZIP,
      messages: [{ value: Buffer.alloc(65 * 1024 * 1024, 0x61) }],
    });
    // Enough after it that browsing the newest messages does not reach it.
    await producer.send({
      topic: bomb,
      acks: -1,
      messages: Array.from({ length: 600 }, (_, i) => ({ value: `after needle ${i}` })),
    });
    await app.open();
    const view = await openSearch(page, bomb);
    await view.getByTestId('contains-input').fill('needle');
    await view.getByLabel('Match limit').fill('1000');
    await view.getByTestId('search-run').click();
    await expect(view.getByText(/too large/).first()).toBeVisible({ timeout: 30_000 });
    await expect(view.getByTestId('search-skipped')).toHaveCount(0);

    await view.getByTestId('search-skip-oversize').check();
    await view.getByTestId('search-run').click();
    await expect(view.getByTestId('search-progress')).toContainText('· done', { timeout: 30_000 });
    await expect(view.getByTestId('search-progress')).toContainText('601 matched');
    await expect(view.getByTestId('search-skipped')).toContainText('1 batch was too large to read and left out');
    await expect(view.getByTestId('search-skipped')).toContainText('partition 0 at offset 1');

    // Export: the same choice, and the batches left out are listed when it is done.
    await view.getByTestId('open-export').click();
    const exp = page.getByTestId('generic-export-dialog');
    await exp.getByTestId('range-kind').selectOption('oldest');
    await exp.getByTestId('export-format').getByText('JSON Lines', { exact: true }).click();
    await exp.getByTestId('export-start').click();
    await expect(exp.getByText(/too large/).first()).toBeVisible({ timeout: 30_000 });
    await expect(exp.getByTestId('export-done')).toHaveCount(0);
    await exp.getByTestId('export-skip-oversize').check();
    await exp.getByTestId('export-start').click();
    await expect(exp.getByTestId('export-done')).toContainText('601 messages', { timeout: 30_000 });
    await expect(exp.getByTestId('export-skipped')).toContainText('partition 0 at offset 1');
    await exp.getByRole('button', { name: 'Close dialog' }).click();
    await expect(exp).toHaveCount(0);

    // Tail: a batch too large that arrives while tailing is skipped and listed; what follows arrives.
    await view.getByTestId('messages-mode').getByText('Live tail', { exact: true }).click();
    await view.getByTestId('tail-skip-oversize').check();
    await view.getByTestId('tail-start').click();
    await expect(view.getByTestId('tail-stop')).toBeVisible();
    await producer.send({
      topic: bomb,
      acks: -1,
      compression: kafkajs.CompressionTypes.GZIP,
      messages: [{ value: Buffer.alloc(65 * 1024 * 1024, 0x62) }],
    });
    await producer.send({ topic: bomb, acks: -1, messages: [{ value: 'tailed after the bomb' }] });
    await expect(view.getByTestId('tail-skipped')).toContainText('partition 0 at offset 602', { timeout: 30_000 });
    await expect(view.getByTestId('tail-counts')).toContainText('1 received', { timeout: 30_000 });
    await view.getByTestId('tail-stop').click();
  } finally {
    await admin.deleteTopics({ topics: [bomb] }).catch(() => undefined);
  }
});
