import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { deleteProfile } from './helpers/redis';
import { CHURN_DIR, modelsPython } from '../support/models-venv';
import { KAFKA_BOOTSTRAP } from '../support/kafka-brokers';

/**
 * The prediction log in Chromium: a saved Kafka connection is picked in the
 * wizard's deploy step with a new topic; predictions sent to the service show
 * up as forwarded on the deployment's card, the link opens the topic in the
 * Kafka browser, and the 1 + 10 records are on the topic with their fields.
 */
const stamp = Date.now().toString(36);
const topic = `e2e-predlog-${stamp}`;
const connectionName = `e2e predlog ${stamp}`;
const service = `churn-log-${stamp}`;
const kafka = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
let dir: string;
let python: string;

test.beforeAll(() => {
  test.setTimeout(900_000);
  python = modelsPython();
  dir = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-predlog-'));
  // A seed of its own: the same bytes as models.spec.ts's model would already be trusted in the shared app.
  const seed = String(1000 + (Date.now() % 100_000));
  execFileSync(python, [join(CHURN_DIR, 'train.py'), '--out', join(dir, 'model.pkl'), '--seed', seed]);
});

test.afterAll(async ({ browser }) => {
  rmSync(dir, { recursive: true, force: true });
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const page = await browser.newPage();
  try {
    await deleteProfile(page, connectionName);
  } catch {
    // the app's server is gone with its worker
  } finally {
    await page.close();
  }
});

test('logs predictions to a Kafka topic picked from the saved connections', async ({ page, app }) => {
  test.setTimeout(300_000);
  await app.open();
  await addKafkaConnection(page, connectionName);
  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  const screen = page.getByTestId('models-screen');
  await screen.getByLabel('Model file path').fill(join(dir, 'model.pkl'));
  await screen.getByRole('button', { name: 'Open' }).click();
  await screen.getByRole('button', { name: 'Trust this file' }).click();
  await screen.getByLabel('Python interpreter').fill(python);
  await screen.getByRole('button', { name: 'Inspect' }).click();
  await expect(screen.getByTestId('inspect-report')).toContainText('predict_proba yes', { timeout: 90_000 });
  await screen.getByLabel('Service name').fill(service);
  await screen.getByLabel('Output field').fill('Churn Prediction');
  await screen.getByLabel('Label for class 1').fill('Yes');
  await screen.getByLabel('Label for class 0').fill('No');
  await screen.getByRole('button', { name: 'Generate service' }).click();
  await expect(screen.getByTestId('file-content')).toContainText('PREDICTION_LOG');

  await screen.getByLabel('Prediction log connection').selectOption({ label: `Kafka: ${connectionName}` });
  await screen.getByLabel('Prediction log topic').fill(topic);
  await screen.getByRole('button', { name: 'Deploy locally' }).click();
  const smoke = screen.getByTestId('smoke');
  await expect(smoke).toContainText('Smoke test passed: 200', { timeout: 90_000 });
  const url = (await smoke.locator('code').textContent()) ?? '';

  const rows = Array.from({ length: 10 }, (_, i) => ({ tenure: i, monthly_charges: 30, total_charges: 30 * i }));
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
  const card = screen.getByTestId(`deployment-${service}`);
  const log = card.getByTestId('prediction-log');
  await expect(log.getByTestId('prediction-log-counts')).toHaveText('forwarded 11, queued 0, dropped 0', {
    timeout: 60_000,
  });

  await log.getByRole('button', { name: `topic ${topic} on ${connectionName}` }).click();
  const detail = page.getByTestId('topic-detail');
  await expect(detail.getByRole('heading', { name: topic })).toBeVisible({ timeout: 30_000 });
  await expect(detail.getByTestId('topic-summary')).toContainText('11 messages');

  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(11);

  await page.getByRole('group', { name: 'Tools' }).getByRole('button', { name: 'Models' }).click();
  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.getByTestId('deployment-status')).toHaveText('stopped', { timeout: 30_000 });
});
