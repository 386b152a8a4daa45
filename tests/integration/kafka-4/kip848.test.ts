/**
 * KIP-848 consumer groups on Kafka 4.4 (the default broker `kafka`): a live member on the new
 * protocol (the 4.4 console consumer with group.protocol=consumer and a static
 * instance id), listed with its type (ListGroups v5) and described through
 * ConsumerGroupDescribe, compared field by field with
 * `kafka-consumer-groups --describe --members --verbose`, `--state --verbose`
 * and the offsets table of the same jars.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import { ConsumerGroups } from '../../../src/core/kafka/groups/service';
import type { GroupDetail } from '../../../src/core/kafka/groups/model';
import kafka from '../../stack/servers/kafka.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { createTopic, deleteTopics, produce } from '../kafka-groups/helpers.js';
import {
  assignmentCell,
  consumerGroupsCli,
  type Kip848Member,
  newClient4,
  parseTable,
  startKip848Member,
} from './helpers';

const COUNTS = [5, 7, 0];

let client: KafkaClient;
let admin: Admin;
let groups: ConsumerGroups;
let member: Kip848Member | undefined;
const topic = uniqueName('sd-kip848');
const groupId = uniqueName('sd-kip848-g');
const clientId = uniqueName('sd-kip848-c');
const instanceId = uniqueName('sd-kip848-i');

beforeAll(async () => {
  await requireServer(kafka);
  client = newClient4();
  admin = client.admin();
  await admin.connect();
  await createTopic(admin, topic, COUNTS.length);
  await produce(client, topic, COUNTS);
  groups = ConsumerGroups.fromKafka(client);
  member = startKip848Member({ groupId, topic, clientId, instanceId });
}, 60_000);

afterAll(async () => {
  await member?.stop();
  await groups?.close();
  // A static member stays in the group until its session times out (6 s on the stack's 4.x brokers), then the group can go.
  await eventually(
    `group ${groupId} deleted`,
    async () =>
      // Gone already (the last test deletes it) counts as done, or this waited out its 30 s.
      (await admin.deleteGroups([groupId]).then(
        () => true,
        (e: unknown) => /GROUP_ID_NOT_FOUND|does not exist/i.test(JSON.stringify(e) + String(e)),
      ))
        ? true
        : undefined,
    30_000,
    1_000,
  ).catch(() => undefined);
  await deleteTopics(admin, [topic]).catch(() => undefined);
  await admin?.disconnect();
}, 60_000);

/** Stable, one member owning every partition, and every message committed. */
async function settled(): Promise<GroupDetail> {
  return eventually(
    `KIP-848 group ${groupId} to be Stable with all ${COUNTS.reduce((a, b) => a + b)} messages committed`,
    async () => {
      const d = await groups.describe(groupId, { timeLag: false });
      const assigned = d.members[0]?.assignment?.flatMap((a) => a.partitions).length ?? 0;
      const committed = d.partitions.reduce((s, p) => s + (p.committedOffset ?? 0), 0);
      return d.state === 'Stable' && d.members.length === 1 && assigned === COUNTS.length && committed === 12
        ? d
        : undefined;
    },
    60_000,
    500,
  );
}

describe('KIP-848 group on Kafka 4.4', () => {
  it('describes state, member and lag exactly as kafka-consumer-groups --describe --members --verbose', async () => {
    const d = await settled();
    expect(d).toMatchObject({ type: 'consumer', protocolType: 'consumer', state: 'Stable' });

    const [m] = parseTable(await consumerGroupsCli(['--describe', '--members', '--verbose', '--group', groupId]));
    const ours = d.members[0];
    expect(m).toBeDefined();
    expect(ours).toBeDefined();
    if (!m || !ours) return;
    expect(ours.memberId).toBe(m['CONSUMER-ID']);
    expect(ours.groupInstanceId).toBe(m['GROUP-INSTANCE-ID']);
    expect(ours.groupInstanceId).toBe(instanceId);
    expect(ours.host).toBe(m.HOST);
    expect(ours.clientId).toBe(m['CLIENT-ID']);
    expect(ours.clientId).toBe(clientId);
    expect(String(ours.assignment?.flatMap((a) => a.partitions).length)).toBe(m['#PARTITIONS']);
    expect(String(ours.memberEpoch)).toBe(m['CURRENT-EPOCH']);
    expect(assignmentCell(ours.assignment)).toBe(m['CURRENT-ASSIGNMENT']);
    expect(String(d.assignmentEpoch)).toBe(m['TARGET-EPOCH']);
    expect(assignmentCell(ours.targetAssignment)).toBe(m['TARGET-ASSIGNMENT']);
    expect(ours.subscribedTopics).toEqual([topic]);

    // --state --verbose: GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE GROUP-EPOCH TARGET-ASSIGNMENT-EPOCH #MEMBERS;
    // the coordinator cell is "host:port  (id)", two tokens.
    const stateOut = await consumerGroupsCli(['--describe', '--state', '--verbose', '--group', groupId]);
    const row = stateOut
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((cells) => cells[0] === groupId);
    expect(row).toBeDefined();
    const [, , coordId, assignor, state, groupEpoch, targetEpoch, members] = row ?? [];
    expect(`(${d.coordinator})`).toBe(coordId);
    expect(d.protocol).toBe(assignor);
    expect(d.state).toBe(state);
    expect(String(d.groupEpoch)).toBe(groupEpoch);
    expect(String(d.assignmentEpoch)).toBe(targetEpoch);
    expect(String(d.members.length)).toBe(members);

    // The offsets table: committed, end, lag and owner per partition.
    const cli = parseTable(await consumerGroupsCli(['--describe', '--group', groupId]));
    expect(cli.length).toBe(COUNTS.length);
    for (const c of cli) {
      const p = d.partitions.find((x) => x.topic === c.TOPIC && String(x.partition) === c.PARTITION);
      expect(p, `partition ${c.TOPIC}/${c.PARTITION}`).toBeDefined();
      expect(String(p?.committedOffset)).toBe(c['CURRENT-OFFSET']);
      expect(String(p?.endOffset)).toBe(c['LOG-END-OFFSET']);
      expect(String(p?.lag)).toBe(c.LAG);
      expect(p?.memberId).toBe(c['CONSUMER-ID']);
      expect(p?.host).toBe(c.HOST);
      expect(p?.clientId).toBe(c['CLIENT-ID']);
    }
    expect(d.partitions.map((p) => p.endOffset)).toEqual(COUNTS);
    expect(d.totalLag).toBe(0);
  }, 120_000);

  it('refuses an offset reset and a delete while the KIP-848 member is active (not taken for Dead)', async () => {
    await settled();
    const plan = await groups.planReset({ groupId, topics: [{ topic }], spec: { to: 'earliest' } });
    expect(plan).toMatchObject({ groupState: 'Stable', canExecute: false });
    expect(plan.blockedReason).toContain('1 active member');
    await expect(groups.deleteGroup(groupId)).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 120_000);

  it('lists the group with its type, state, members and assignor (ListGroups v5), as --list --type --state shows', async () => {
    await settled();
    const list = await groups.list({ groupIds: [groupId] });
    const g = list.groups.find((x) => x.groupId === groupId);
    expect(g).toMatchObject({
      type: 'consumer',
      state: 'Stable',
      members: 1,
      protocol: 'uniform',
      subscribedTopics: [topic],
      committedTopics: [topic],
      totalLag: 0,
      committedPartitions: COUNTS.length,
      error: null,
    });
    const [row] = parseTable(await consumerGroupsCli(['--list', '--type', '--state'])).filter(
      (r) => r.GROUP === groupId,
    );
    expect(row?.TYPE?.toLowerCase()).toBe(g?.type);
    expect(row?.STATE).toBe(g?.state);
  }, 120_000);

  // Last: it stops the member. Once the static member's session is over the group is Empty, and the
  // broker's rules for a consumer group then allow an offset reset and a delete, as for a classic one.
  it('resets an Empty KIP-848 group (as kafka-consumer-groups shows) and then deletes it', async () => {
    await settled();
    await member?.stop();
    member = undefined;
    await eventually(
      `KIP-848 group ${groupId} to be Empty`,
      async () => ((await groups.describe(groupId, { timeLag: false })).state === 'Empty' ? true : undefined),
      60_000,
      500,
    );
    const plan = await groups.planReset({ groupId, topics: [{ topic }], spec: { to: 'earliest' } });
    expect(plan).toMatchObject({ groupState: 'Empty', canExecute: true });
    const res = await groups.executeReset({ groupId, topics: [{ topic }], spec: { to: 'earliest' } });
    expect(res.rows).toEqual(plan.rows);

    const cli = parseTable(await consumerGroupsCli(['--describe', '--group', groupId]));
    expect(cli.map((c) => [Number(c.PARTITION), c['CURRENT-OFFSET'], c.LAG]).sort()).toEqual(
      COUNTS.map((n, i) => [i, '0', String(n)]),
    );
    const d = await groups.describe(groupId, { timeLag: false });
    expect(d).toMatchObject({ type: 'consumer', state: 'Empty', members: [] });
    expect(d.totalLag).toBe(COUNTS.reduce((a, b) => a + b));

    await groups.deleteGroup(groupId);
    const listed = parseTable(await consumerGroupsCli(['--list', '--type', '--state'])).filter(
      (r) => r.GROUP === groupId,
    );
    expect(listed).toEqual([]);
  }, 120_000);
});
