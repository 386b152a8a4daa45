import { expect, test } from './fixtures';
import { createTopicReady } from './helpers/kafkaTopics';
import kafkajs from 'kafkajs';
import { runSerde } from '../support/serde-venv';

/**
 * Avro messages written by Confluent's own AvroSerializer (Python, against
 * the stack's Apicurio registry) read in the message browser of a connection
 * whose Schema Registry URL is set in the connection dialog: the grid shows
 * "subject v1 (AVRO)" and the decoded value (a long beyond 2^53 exact), the
 * detail shows the tree, the hex decoder the raw wire format; then a value
 * typed as JSON is produced with the subject chosen in the produce dialog and
 * is shown decoded (with a key encoded with another subject).
 */

test.describe.configure({ mode: 'serial' });

const REGISTRY = 'http://127.0.0.1:8081/apis/ccompat/v7';
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-serde-${stamp}`;
const name = `e2e serde ${stamp}`;
const BROKER = '127.0.0.1:9092';
const client = new kafkajs.Kafka({ clientId: 'e2e-serde', brokers: [BROKER], logLevel: kafkajs.logLevel.NOTHING });
const admin = client.admin();

test.beforeAll(async () => {
  await admin.connect();
  await createTopicReady(admin, topic, 1);
  runSerde([
    'produce',
    '--kind',
    'avro',
    '--bootstrap',
    BROKER,
    '--registry',
    REGISTRY,
    '--topic',
    topic,
    '--count',
    '3',
  ]);
});

test.afterAll(async () => {
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
  await admin.disconnect();
});

test('Avro messages are shown decoded with subject and version, and produce encodes with a chosen subject', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await app.open();
  await page.getByTestId('sidebar').getByRole('button', { name: 'New connection' }).first().click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByRole('radiogroup', { name: 'Connection type' }).getByText('Kafka', { exact: true }).click();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Bootstrap brokers').fill(BROKER);
  await dialog.getByLabel('Schema Registry URL').fill(REGISTRY);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await page.locator(`[data-testid="sidebar-connection"][data-name="${name}"]`).dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Messages', exact: true }).click();

  const view = page.getByTestId('messages-view');
  await view.getByTestId('topic-input').fill(topic);
  await view.getByTestId('topic-open').click();
  const grid = view.getByTestId('messages-grid');
  const first = grid.getByRole('row').filter({ hasText: '"id":"o-0"' });
  await expect(first).toContainText(`${topic}-value v1 (AVRO)`);
  await expect(first).toContainText('"bigId":9007199254740993');

  await first.click();
  const value = view.getByTestId('message-detail').getByTestId('detail-value');
  await expect(value.getByTestId('detail-value-schema')).toHaveText(`${topic}-value v1 (AVRO)`);
  await expect(value).toContainText('9007199254740993');
  await expect(value).toContainText('Zürich');
  // The raw bytes are the wire format: magic byte 0, then the schema id.
  await value.getByLabel('Value decoder').selectOption('hex');
  await expect(value.locator('pre')).toHaveText(/^00 00 00 /);

  await view.getByTestId('open-produce').click();
  const produce = page.getByTestId('produce-dialog');
  await expect(produce.getByTestId('produce-subject')).toHaveValue(`${topic}-value`);
  await expect(produce.getByTestId('produce-schema')).toContainText('(AVRO)');
  // A value that does not fit the schema is refused by core, with the field named; nothing is sent.
  await produce.getByTestId('produce-value').fill('{"id": "typed", "bigId": "no"}');
  await produce.getByTestId('produce-send').click();
  await expect(produce.getByRole('alert')).toContainText('bigId');
  await produce.getByTestId('produce-value').fill(
    JSON.stringify({
      id: 'typed-in-ui',
      bigId: 1,
      customer: { name: 'Eve', address: { city: 'Basel', zip: 4000 } },
      total: { currency: 'CHF', cents: 7 },
      tags: ['ui'],
      note: null,
      status: 'PLACED',
    }),
  );
  // The key with a schema of its own: the referenced Money record's subject.
  await expect(produce.getByTestId('produce-key-subject')).toHaveValue('');
  await produce.getByTestId('produce-key-subject').selectOption(`${topic}-money`);
  await produce.getByTestId('produce-key').fill('{"currency": "EUR", "cents": 9007199254740993}');
  await produce.getByTestId('produce-send').click();
  await expect(produce.getByTestId('produce-result')).toContainText('at offset 3');
  await produce.getByRole('button', { name: 'Close', exact: true }).last().click();
  await view.getByTestId('browse-load').click();
  const typed = grid.getByRole('row').filter({ hasText: 'typed-in-ui' });
  await expect(typed).toContainText(`${topic}-value v1 (AVRO)`);
  await expect(typed).toContainText('"city":"Basel"');
  await expect(typed).toContainText('{"currency":"EUR","cents":9007199254740993}');
});
