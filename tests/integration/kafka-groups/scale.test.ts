/**
 * Many groups at once: the batched list (ListGroups once, DescribeGroups and
 * multi-group OffsetFetch per coordinator, ListOffsets once per leader) gives
 * the same numbers as `kafka-consumer-groups.sh --describe --all-groups`.
 * Not a timing test (that is `npm run bench:lag`); the duration is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import kafkaServer from '../../stack/servers/kafka.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { ConsumerGroups } from '../../../src/core/kafka/groups/index.js';
import { KAFKA_CLI } from '../../stack/servers/kafka.js';
import { BOOTSTRAP, createTopic, deleteTopics, newClient, produce, runCli } from './helpers.js';

const GROUPS = 240;
const PARTITIONS = 6;

describe('consumer groups at scale', () => {
  const client: KafkaClient = newClient();
  // Small batches so even this test spans several DescribeGroups/OffsetFetch requests.
  const groups = ConsumerGroups.fromKafka(client, { describeBatch: 50, offsetFetchBatch: 40 });
  let admin: Admin;
  const topic = uniqueName('sd-scale');
  const prefix = uniqueName('sd-scale-g');
  const ids = Array.from({ length: GROUPS }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

  beforeAll(async () => {
    await requireServer(kafkaServer);
    admin = client.admin();
    await admin.connect();
    await createTopic(admin, topic, PARTITIONS);
    await produce(
      client,
      topic,
      Array.from({ length: PARTITIONS }, (_, p) => 50 + p),
    );
    // Committed offsets without consumers (Empty groups), group i committing
    // (i + p) % 40 on partition p, and nothing on partition 5 for odd groups.
    for (let i = 0; i < ids.length; i += 80) {
      await Promise.all(
        ids.slice(i, i + 80).map((groupId, j) =>
          admin.setOffsets({
            groupId,
            topic,
            partitions: Array.from({ length: PARTITIONS }, (_, p) => ({
              partition: p,
              offset: String((i + j + p) % 40),
            })).filter((x) => !((i + j) % 2 === 1 && x.partition === 5)),
          }),
        ),
      );
    }
  }, 180_000);

  afterAll(async () => {
    for (let i = 0; i < ids.length; i += 50) await admin.deleteGroups(ids.slice(i, i + 50)).catch(() => undefined);
    await deleteTopics(admin, [topic]).catch(() => undefined);
    await admin.disconnect();
    await groups.close();
  });

  it('lists every group with lag equal to the CLI --all-groups, number for number', async () => {
    const t0 = Date.now();
    const list = await groups.list({ deadline: Date.now() + 30_000 });
    const ms = Date.now() - t0;
    const mine = list.groups.filter((g) => g.groupId.startsWith(prefix));
    expect(mine).toHaveLength(GROUPS);

    const cli = await runCli(
      KAFKA_CLI.consumerGroups,
      ['--bootstrap-server', BOOTSTRAP, '--describe', '--all-groups'],
      120_000,
    );
    expect(cli.code).toBe(0);
    // Rows: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID (one per line here).
    const cliLag = new Map<string, number>();
    let rows = 0;
    for (const line of cli.stdout.split('\n')) {
      const c = line.trim().split(/\s+/);
      if (c.length < 6 || !c[0]?.startsWith(prefix) || c[1] !== topic) continue;
      rows++;
      if (c[5] !== '-') cliLag.set(c[0], (cliLag.get(c[0]) ?? 0) + Number(c[5]));
    }
    expect(rows).toBe(GROUPS * PARTITIONS - GROUPS / 2);
    for (const g of mine) {
      expect(g.totalLag, g.groupId).toBe(cliLag.get(g.groupId));
      expect(g.committedPartitions).toBe(ids.indexOf(g.groupId) % 2 === 1 ? PARTITIONS - 1 : PARTITIONS);
      expect(g).toMatchObject({ state: 'Empty', members: 0, committedTopics: [topic], error: null });
    }
    // The lag snapshot the sampler uses agrees with the list.
    const snap = await groups.lagSnapshot({ deadline: Date.now() + 30_000 });
    for (const g of snap.groups.filter((x) => x.groupId.startsWith(prefix))) {
      const total = g.partitions.reduce((s, p) => s + (p.lag ?? 0), 0);
      expect(total, g.groupId).toBe(cliLag.get(g.groupId));
    }
    console.log(`listed ${list.groups.length} groups (${GROUPS} with ${PARTITIONS} partitions) with lag in ${ms} ms`);
  }, 180_000);
});
