import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2E_CLIENT_ID, type SlowLoad, startSlowLoad } from './helpers/kafkaLoad';
import { addKafkaConnection } from './helpers/connections';

/**
 * Consumer groups and lag charts with a REAL slow consumer: a kafkajs consumer
 * in this process reads ~1 msg/s from a topic we produce ~10 msg/s into. Its
 * group appears in the list; on its screen lag rises live and the catch-up
 * estimate says "falling behind"; a reset is refused while it is active; we
 * stop it, preview a reset to latest, execute, and the chart's lag drops to 0.
 *
 * Samples arrive every STACKDECK_LAG_INTERVAL_MS (default 10 s; run with e.g.
 * `STACKDECK_LAG_INTERVAL_MS=2000 npx playwright test tests/e2e/kafka-groups.spec.ts`
 * for a faster run). Timeouts below allow for the 10 s default.
 */

const SAMPLE_WAIT = 60_000;

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-lag-${stamp}`;
const groupId = `e2e-slow-${stamp}`;
const connectionName = `e2e groups ${stamp}`;

let load: SlowLoad | null = null;

test.beforeAll(async () => {
  load = await startSlowLoad(topic, groupId);
});

test.afterAll(async () => {
  await load?.cleanup();
});

const numberIn = async (l: Locator): Promise<number> => Number((await l.innerText()).replace(/[^\d-]/g, ''));

test('a slow consumer: lag rises live, falling behind, reset to latest, lag drops to zero', async ({ page, app }) => {
  test.setTimeout(300_000);
  await app.open();
  const row = await addKafkaConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Consumer groups' }).click();

  // The list: the slow consumer's group is there, Stable, with one member.
  const list = page.getByTestId('kafka-groups');
  await expect(list).toBeVisible();
  await list.getByLabel('Filter groups').fill(groupId);
  const grid = list.getByTestId('groups-grid');
  await expect(async () => {
    await list.getByRole('button', { name: 'Refresh' }).click();
    await expect(grid.getByRole('row').filter({ hasText: groupId })).toContainText('Stable', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await grid.getByRole('row').filter({ hasText: groupId }).dblclick();

  // The detail: lag definition, charts that fill with live samples.
  const detail = page.getByTestId('kafka-group');
  await expect(detail.getByTestId('lag-definition')).toHaveText(
    'Lag = high watermark − committed offset (matches kafka-consumer-groups)',
  );
  const liveLag = detail.getByTestId('live-lag');
  await expect(liveLag).toHaveText(/\d/, { timeout: SAMPLE_WAIT });
  const first = await numberIn(liveLag);
  await expect
    .poll(() => numberIn(liveLag), { timeout: SAMPLE_WAIT, message: 'lag rises as the producer outpaces the consumer' })
    .toBeGreaterThan(first);
  const chart = detail.getByTestId('chart-total-lag');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: SAMPLE_WAIT })
    .toBeGreaterThanOrEqual(2);
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  await expect(detail.getByTestId('catch-up')).toHaveText('falling behind', { timeout: SAMPLE_WAIT });
  await expect(detail.getByTestId('members')).toContainText(E2E_CLIENT_ID);

  // A reset while the consumer runs: the preview shows, execution is refused with the reason.
  await detail.getByRole('button', { name: 'Reset offsets' }).click();
  let dialog = page.getByTestId('reset-dialog');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('reset-blocked')).toContainText('active member');
  await expect(dialog.getByRole('button', { name: 'Execute reset' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Stop the consumer (and the load), then reset to latest with the preview.
  await load?.stop();
  await detail.getByRole('button', { name: 'Refresh' }).click();
  await expect(detail.getByTestId('group-state')).toHaveText('Empty', { timeout: 20_000 });
  await detail.getByRole('button', { name: 'Reset offsets' }).click();
  dialog = page.getByTestId('reset-dialog');
  await dialog.getByRole('radiogroup', { name: 'Reset mode' }).getByText('Latest', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = dialog.getByTestId('reset-preview');
  await expect(preview.locator('tbody tr')).toHaveCount(2);
  for (const r of await preview.locator('tbody tr').all()) await expect(r.locator('td').nth(4)).toHaveText('0');
  await dialog.getByRole('button', { name: 'Execute reset' }).click();
  await expect(dialog).toBeHidden();

  // The chart's latest point drops to zero; the estimate says caught up.
  await expect(liveLag).toHaveText('0', { timeout: SAMPLE_WAIT });
  await expect(detail.getByTestId('catch-up')).toHaveText('caught up');
  await expect(detail.getByTestId('topic-totals')).toContainText(topic);
});
