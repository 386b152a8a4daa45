/**
 * Offset reset (plan + execute) and group deletion against the real broker,
 * with the CLI's rules: plans equal `--reset-offsets ... --dry-run`, execution
 * only on an Empty group, a CONFLICT while members are active.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import kafkaServer from '../../stack/servers/kafka.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { ConsumerGroups, type ResetPlan } from '../../../src/core/kafka/groups/index.js';
import {
  cliDescribe,
  cliListGroups,
  cliResetDryRun,
  createTopic,
  deleteTopics,
  makeEmptyGroup,
  newClient,
  produce,
  startConsumer,
} from './helpers.js';

const newOffsets = (plan: ResetPlan): Map<number, number | null> =>
  new Map(plan.rows.map((r) => [r.partition, r.newOffset]));

describe('consumer group actions', () => {
  const client: KafkaClient = newClient();
  const groups = ConsumerGroups.fromKafka(client);
  let admin: Admin;
  const topic = uniqueName('sd-reset');
  const groupId = uniqueName('sd-reset-g');
  const base = Date.UTC(2024, 0, 1, 12, 0, 0);

  beforeAll(async () => {
    await requireServer(kafkaServer);
    admin = client.admin();
    await admin.connect();
    await createTopic(admin, topic, 2);
    // Offsets i = 0..9 carry timestamps base + i s on both partitions.
    await produce(client, topic, [10, 10], base, 1_000);
    await makeEmptyGroup(client, groupId, topic, [3, 6]);
  });

  afterAll(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await deleteTopics(admin, [topic]).catch(() => undefined);
    await admin.disconnect();
    await groups.close();
  });

  it('plans each reset mode exactly as the CLI dry run does', async () => {
    const cases: Array<{
      spec: Parameters<ConsumerGroups['planReset']>[0]['spec'];
      cli: string[];
      expected: number[];
    }> = [
      { spec: { to: 'earliest' }, cli: ['--to-earliest'], expected: [0, 0] },
      { spec: { to: 'latest' }, cli: ['--to-latest'], expected: [10, 10] },
      { spec: { to: 'shift', by: -2 }, cli: ['--shift-by', '-2'], expected: [1, 4] },
      { spec: { to: 'shift', by: 100 }, cli: ['--shift-by', '100'], expected: [10, 10] },
      { spec: { to: 'offset', offset: 50 }, cli: ['--to-offset', '50'], expected: [10, 10] },
      { spec: { to: 'offset', offset: 7 }, cli: ['--to-offset', '7'], expected: [7, 7] },
      {
        spec: { to: 'timestamp', timestamp: base + 5_500 },
        cli: ['--to-datetime', new Date(base + 5_500).toISOString().replace('Z', '+00:00')],
        expected: [6, 6],
      },
      {
        spec: { to: 'timestamp', timestamp: base + 3_600_000 },
        cli: ['--to-datetime', new Date(base + 3_600_000).toISOString().replace('Z', '+00:00')],
        expected: [10, 10],
      },
    ];
    for (const c of cases) {
      const plan = await groups.planReset({ groupId, topics: [{ topic }], spec: c.spec });
      const cli = await cliResetDryRun(groupId, topic, c.cli);
      expect([...newOffsets(plan)], JSON.stringify(c.spec)).toEqual([...cli].sort(([a], [b]) => a - b));
      expect(plan.rows.map((r) => r.newOffset)).toEqual(c.expected);
    }
    const plan = await groups.planReset({ groupId, topics: [{ topic }], spec: { to: 'shift', by: -2 } });
    expect(plan).toMatchObject({ groupState: 'Empty', canExecute: true, blockedReason: null });
    expect(plan.rows[0]).toEqual({
      topic,
      partition: 0,
      currentOffset: 3,
      newOffset: 1,
      logStartOffset: 0,
      logEndOffset: 10,
      lagBefore: 7,
      lagAfter: 9,
      note: null,
    });
    const clamped = await groups.planReset({ groupId, topics: [{ topic }], spec: { to: 'offset', offset: 50 } });
    expect(clamped.rows[0]?.note).toMatch(/past the end offset 10/);
  }, 180_000); // eight JVM starts of the CLI

  it('executes a reset of chosen partitions on an Empty group', async () => {
    const plan = await groups.planReset({
      groupId,
      topics: [{ topic, partitions: [0] }],
      spec: { to: 'offset', offset: 5 },
    });
    expect(plan.rows).toHaveLength(1);
    const res = await groups.executeReset({
      groupId,
      topics: [{ topic, partitions: [0] }],
      spec: { to: 'offset', offset: 5 },
    });
    expect(res.rows).toEqual(plan.rows);
    const cli = await cliDescribe(groupId);
    expect(cli.map((r) => [r.partition, r.currentOffset, r.lag]).sort()).toEqual([
      [0, 5, 5],
      [1, 6, 4],
    ]);
    const detail = await groups.describe(groupId, { timeLag: false });
    expect(detail.partitions.map((p) => [p.partition, p.committedOffset, p.lag])).toEqual([
      [0, 5, 5],
      [1, 6, 4],
    ]);
  });

  it('refuses to reset or delete while a consumer is active, then deletes once it left', async () => {
    const c = await startConsumer(client, groupId, topic, [0, 0]);
    try {
      await eventually(
        'group to be Stable',
        async () =>
          (await groups.list({ groupIds: [groupId], lag: false })).groups[0]?.state === 'Stable' ? true : undefined,
        20_000,
        250,
      );
      const plan = await groups.planReset({ groupId, topics: [{ topic }], spec: { to: 'latest' } });
      expect(plan.canExecute).toBe(false);
      expect(plan.blockedReason).toMatch(/active member/);
      expect(plan.rows).toHaveLength(2); // the preview is still shown
      await expect(groups.executeReset({ groupId, topics: [{ topic }], spec: { to: 'latest' } })).rejects.toMatchObject(
        {
          code: 'CONFLICT',
          message: expect.stringMatching(/members? (are )?active|active member/),
        },
      );
      await expect(groups.deleteGroup(groupId)).rejects.toMatchObject({ code: 'CONFLICT' });
      // Nothing was committed by the refused reset.
      const detail = await groups.describe(groupId, { timeLag: false });
      expect(detail.partitions.map((p) => p.committedOffset)).toEqual([5, 6]);
    } finally {
      await c.stop();
    }
    await groups.deleteGroup(groupId);
    await expect(groups.describe(groupId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await cliListGroups()).not.toContain(groupId);
    await expect(groups.deleteGroup(groupId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects invalid reset input', async () => {
    await expect(groups.planReset({ groupId, topics: [], spec: { to: 'latest' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      groups.planReset({ groupId, topics: [{ topic, partitions: [7] }], spec: { to: 'latest' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      groups.planReset({ groupId, topics: [{ topic: uniqueName('sd-missing') }], spec: { to: 'latest' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
