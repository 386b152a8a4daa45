import { expect, test } from './fixtures';
import { addKafkaConnection } from './helpers/connections';
import { createTopicReady } from './helpers/kafkaTopics';
import { KAFKA_BOOTSTRAP, newClient4, startKip848Member } from './helpers/kafka4';

/**
 * Kafka 4.4 (the default broker `kafka`): a live KIP-848 group (the 4.4 console consumer with
 * group.protocol=consumer) opens with its state, member (client id, instance
 * id, epoch, assignment) and lag; the cluster screen names the release 4.4 and
 * lists the finalized features.
 */

test.describe.configure({ mode: 'serial' });

const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topic = `e2e-kip848-${stamp}`;
const groupId = `e2e-kip848-g-${stamp}`;
const clientId = `e2e-kip848-c-${stamp}`;
const instanceId = `e2e-kip848-i-${stamp}`;
const client = newClient4('stackdeck-e2e-kafka4');
const admin = client.admin();
let stopMember: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  await admin.connect();
  await createTopicReady(admin, topic, 2);
  const producer = client.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: 9 }, (_, i) => ({ partition: i % 2, value: `v${i}` })),
  });
  await producer.disconnect();
  stopMember = startKip848Member({ groupId, topic, clientId, instanceId });
});

test.afterAll(async () => {
  await stopMember?.();
  // The static member keeps its place for the session timeout (6 s on the stack's 4.x brokers); retry until the group can go.
  for (let i = 0; i < 30; i++) {
    if (
      await admin.deleteGroups([groupId]).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
  await admin.disconnect();
});

test('a KIP-848 group on Kafka 4.4 shows its state, member and lag; the cluster says 4.4', async ({ page, app }) => {
  test.setTimeout(240_000);
  await app.open();
  const row = await addKafkaConnection(page, `e2e kafka-4 ${stamp}`, KAFKA_BOOTSTRAP);
  await row.dblclick();
  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Consumer groups' }).click();

  const list = page.getByTestId('kafka-groups');
  await list.getByLabel('Filter groups').fill(groupId);
  const grid = list.getByTestId('groups-grid');
  const listed = grid.getByRole('row').filter({ hasText: groupId });
  // The console consumer's JVM needs a while to join on a loaded machine.
  await expect(async () => {
    await list.getByRole('button', { name: 'Refresh' }).click();
    await expect(listed).toContainText('Stable', { timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  await expect(listed).toContainText('consumer');
  await listed.dblclick();

  const detail = page.getByTestId('kafka-group');
  await expect(detail.getByTestId('group-state')).toHaveText('Stable');
  await expect(detail.getByTestId('group-type')).toContainText('consumer group · assignor uniform');
  const members = detail.getByTestId('members');
  await expect(members).toContainText(clientId);
  await expect(members).toContainText(instanceId);
  await expect(members.locator('tbody tr')).toHaveCount(1);
  // Lag: every message committed (auto-commit every 200 ms), so 0 once the commit lands.
  await expect(async () => {
    await detail.getByRole('button', { name: 'Refresh' }).click();
    await expect(detail).toContainText('total lag at last refresh 0', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(detail.getByTestId('topic-totals')).toContainText(topic);

  await page.getByTestId('sidebar-tree').getByRole('treeitem', { name: 'Cluster', exact: true }).click();
  const cluster = page.getByTestId('kafka-cluster');
  await expect(cluster.getByText('4.4.x').first()).toBeVisible();
  await expect(cluster.getByTestId('version-basis')).toContainText('4.4-IV2');
  const features = cluster.getByTestId('finalized-features');
  await expect(features).toContainText('metadata.version 4.4-IV2');
  await expect(features).toContainText('group.version 1');
  await expect(features).toContainText('transaction.version');
});
