import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { deleteProfile } from './helpers/redis';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * Lag chart ranges and breakdowns (issue #8: no e2e test had them): a group
 * with committed offsets on two topics (three partitions), its live lag, the
 * chart per topic and per partition (one line and legend entry each), and the
 * time ranges (a 7-day range labels its axis with dates).
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const connectionName = `e2e kafka lag ${stamp}`;
const a = `e2e-lag-a-${stamp}`;
const b = `e2e-lag-b-${stamp}`;
const groupId = `e2e-lag-group-${stamp}`;
const SAMPLE_WAIT = 60_000;
const kafka = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
const admin = kafka.admin();

test.afterAll(async ({ browser }) => {
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [a, b] }).catch(() => undefined);
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

test('lag per topic and per partition, and the chart ranges', async ({ page, app }) => {
  test.setTimeout(180_000);
  await admin.connect();
  await createTopicReady(admin, a, 2);
  await createTopicReady(admin, b, 1);
  const producer = kafka.producer();
  await producer.connect();
  const send = (topic: string, partition: number, n: number) =>
    producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ partition, value: `v${i}` })) });
  await send(a, 0, 10);
  await send(a, 1, 5);
  await send(b, 0, 3);
  await producer.disconnect();
  await admin.setOffsets({ groupId, topic: a, partitions: [0, 1].map((partition) => ({ partition, offset: '0' })) });
  await admin.setOffsets({ groupId, topic: b, partitions: [{ partition: 0, offset: '0' }] });

  await app.open();
  const row = await addKafkaConnection(page, connectionName);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Consumer groups' }).click();
  const list = page.getByTestId('kafka-groups');
  await list.getByLabel('Filter groups').fill(groupId);
  await expect(async () => {
    await list.getByRole('button', { name: 'Refresh' }).click();
    await expect(list.getByTestId('groups-grid').getByRole('row').filter({ hasText: groupId })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
  await list.getByTestId('groups-grid').getByRole('row').filter({ hasText: groupId }).dblclick();
  const detail = page.getByTestId('kafka-group');
  await expect(detail.getByTestId('live-lag')).toHaveText('18', { timeout: SAMPLE_WAIT });

  const chart = detail.getByTestId('chart-total-lag');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: SAMPLE_WAIT })
    .toBeGreaterThanOrEqual(1);
  const legend = chart.locator('.recharts-legend-item-text');
  await expect(legend).toHaveCount(0);

  const breakdown = detail.getByTestId('lag-breakdown');
  await breakdown.getByText('Per topic', { exact: true }).click();
  await expect(legend).toHaveText([a, b].sort(), { timeout: SAMPLE_WAIT });
  await breakdown.getByText('Per partition', { exact: true }).click();
  await expect(legend).toHaveText([`${a}/0`, `${a}/1`, `${b}/0`].sort(), { timeout: SAMPLE_WAIT });
  await breakdown.getByText('Total', { exact: true }).click();
  await expect(legend).toHaveCount(0);

  // The axis labels: a 7-day range shows dates ("12/2 19:52"), a 15-minute one only times.
  const range = detail.getByTestId('lag-range');
  await range.getByText('7d', { exact: true }).click();
  await expect(chart).toContainText(/\d{1,2}\/\d{1,2} \d\d:\d\d/);
  await range.getByText('15m', { exact: true }).click();
  await expect(chart).not.toContainText('/');
  await expect(chart).toContainText(/\d\d:\d\d/);
  // The samples are still there in the short range.
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
});
