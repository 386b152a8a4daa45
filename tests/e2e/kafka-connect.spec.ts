import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { KAFKA_BOOTSTRAP, newClient4 } from './helpers/kafka4';

/**
 * Kafka Connect (`kafka-connect`, REST 127.0.0.1:8083, on the default 4.x broker): a
 * connection with a Connect URL set in the connection dialog; a bad config
 * shows the plugin's error for its key; a FileStreamSource connector created
 * from JSON runs with its task; pause shows PAUSED; its offsets are shown and,
 * once stopped, reset; delete with the name typed.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-connect-${stamp}`;
const connector = `e2e-file-source-${stamp}`;
const client = newClient4('stackdeck-e2e-connect');
const admin = client.admin();
let dir = '';

test.beforeAll(async () => {
  await admin.connect();
  await createTopicReady(admin, topic, 1);
  dir = await mkdtemp(join(tmpdir(), 'sd-e2e-connect-'));
  await writeFile(join(dir, 'in.txt'), 'hello\nconnect\n');
});

test.afterAll(async () => {
  await fetch(`http://127.0.0.1:8083/connectors/${connector}`, { method: 'DELETE' }).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
  await admin.disconnect();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('create a file source connector from JSON, see it RUNNING with its task, pause it, reset its offsets, delete it', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  await app.open();
  const row = await addKafkaConnection(page, `e2e connect ${stamp}`, KAFKA_BOOTSTRAP, 'http://127.0.0.1:8083');
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Kafka Connect', exact: true }).click();
  const screen = page.getByTestId('kafka-connect');
  await expect(screen.getByTestId('connect-worker')).toContainText('Connect 4.3.1');

  await screen.getByRole('button', { name: 'Create connector' }).click();
  const dialog = page.getByTestId('connector-dialog');
  await dialog.getByLabel('Connector name').fill(connector);
  const json = dialog.getByLabel('Connector config JSON');
  // First a bad value: the plugin's own validation names the key, nothing is created.
  const config = {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    'tasks.max': 'lots',
    file: join(dir, 'in.txt'),
    topic,
  };
  await json.fill(JSON.stringify(config, null, 2));
  await dialog.getByRole('button', { name: 'Validate' }).click();
  await expect(dialog.getByTestId('validation-errors').locator('[data-key="tasks.max"]')).toContainText('lots');
  await json.fill(JSON.stringify({ ...config, 'tasks.max': '1' }, null, 2));
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  const listed = screen.getByTestId('connectors').locator(`tr[data-name="${connector}"]`);
  const detail = screen.getByTestId('connector-detail');
  await expect(async () => {
    await screen.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(listed).toContainText('RUNNING', { timeout: 2_000 });
    await expect(detail.getByTestId('connector-tasks').locator('tr[data-task="0"]')).toContainText('RUNNING', {
      timeout: 1_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(listed).toContainText('source');
  await expect(listed).toContainText('1 RUNNING');
  await expect(detail.getByTestId('connector-config')).toContainText(topic);

  await detail.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(async () => {
    await screen.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(detail.getByTestId('connector-state')).toHaveText('PAUSED', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(listed).toContainText('PAUSED');

  // Offsets (KIP-875): shown; reset only once STOPPED.
  const offsetsSection = detail.getByTestId('connector-offsets-section');
  await offsetsSection.getByRole('button', { name: 'Show offsets' }).click();
  // The worker flushes source offsets every second (offset.flush.interval.ms on the stack's worker).
  await expect(async () => {
    await offsetsSection.getByRole('button', { name: 'Refresh offsets' }).click();
    await expect(offsetsSection.getByTestId('connector-offsets')).toContainText('"position"', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(offsetsSection.getByRole('button', { name: 'Reset offsets' })).toBeDisabled();
  await detail.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(async () => {
    await screen.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(detail.getByTestId('connector-state')).toHaveText('STOPPED', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await offsetsSection.getByRole('button', { name: 'Reset offsets' }).click();
  const reset = page.getByTestId('confirm-dialog');
  await reset.getByRole('textbox').fill(connector);
  await reset.getByRole('button', { name: 'Reset offsets' }).click();
  await expect(reset).toBeHidden();
  await expect(offsetsSection.getByTestId('connector-offsets')).toHaveText('[]', { timeout: 15_000 });

  await detail.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByRole('textbox').fill(connector);
  await confirm.getByRole('button', { name: 'Delete connector' }).click();
  await expect(listed).toHaveCount(0, { timeout: 15_000 });
  const res = await fetch(`http://127.0.0.1:8083/connectors/${connector}`);
  expect(res.status).toBe(404);
});
