/**
 * The group ApiSpecs at every version we implement that the broker offers, on
 * both release lines the stack runs: the newest (flexible, multi-group)
 * versions a broker picks by default and the oldest ones GroupsWire falls back
 * to on older brokers must decode to the same answers. Kafka 4 no longer offers
 * the oldest ones (KIP-896), so there only the versions it still has are run;
 * the 3.9 broker still covers the old ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import { KAFKA_LINES } from '../../support/kafka-brokers.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { KafkaWire, type ApiSpec } from '../../../src/core/kafka/protocol/wire.js';
import {
  DescribeGroupsApi,
  FindCoordinatorApi,
  ListGroupsApi,
  OffsetCommitApi,
  OffsetFetchApi,
} from '../../../src/core/kafka/groups/wire/groupApis.js';
import { decodeAssignment, decodeSubscription } from '../../../src/core/kafka/groups/wire/consumerProtocol.js';
import { createTopic, deleteTopics, newClient, produce, serverOf, startConsumer, withTimeout } from './helpers.js';

/** The same spec pinned to one version (KafkaWire picks min(spec.max, broker max)). */
const at = <I, O>(spec: ApiSpec<I, O>, version: number): ApiSpec<I, O> => ({
  ...spec,
  minVersion: version,
  maxVersion: version,
});

describe.each(KAFKA_LINES)('group ApiSpecs at every version, Kafka $line', (line) => {
  const client: KafkaClient = newClient('stackdeck-groups-it', line.bootstrap);
  const wire = KafkaWire.fromKafka(client);
  /** Our versions of `spec` that broker 1 offers too (none of ours is refused silently: the list must not be empty). */
  const range = async (spec: ApiSpec<unknown, unknown>): Promise<number[]> => {
    const broker = await wire.versionRange(1, spec.apiKey, opts());
    const from = Math.max(spec.minVersion, broker?.min ?? Infinity);
    const to = Math.min(spec.maxVersion, broker?.max ?? -Infinity);
    const out = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    expect(out.length, `${spec.name}: no version in common with the broker`).toBeGreaterThan(0);
    return out;
  };
  let admin: Admin;
  const topic = uniqueName('sd-ver');
  const groupId = uniqueName('sd-ver-g');
  const opts = (): { deadline: number } => ({ deadline: Date.now() + 10_000 });
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    await requireServer(serverOf(line));
    admin = client.admin();
    await admin.connect();
    await createTopic(admin, topic, 2);
    await produce(client, topic, [4, 4]);
    const c = await startConsumer(client, groupId, topic, [2, 3]);
    stop = c.stop;
    await withTimeout(c.ready, 30_000, 'commits');
  });

  afterAll(async () => {
    await stop?.();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await deleteTopics(admin, [topic]).catch(() => undefined);
    await admin.disconnect();
    await wire.disconnect();
  });

  it('FindCoordinator, ListGroups, DescribeGroups and OffsetFetch agree across versions', async () => {
    for (const v of await range(FindCoordinatorApi as ApiSpec<unknown, unknown>)) {
      const { value, version } = await wire.call('any', at(FindCoordinatorApi, v), { keys: [groupId] }, opts());
      expect(version).toBe(v);
      expect(value).toHaveLength(1);
      expect(value[0]).toMatchObject({ nodeId: 1, errorCode: 0 });
    }
    for (const v of await range(ListGroupsApi as ApiSpec<unknown, unknown>)) {
      const { value } = await wire.call(1, at(ListGroupsApi, v), {}, opts());
      expect(value.errorCode).toBe(0);
      expect(value.groups.find((g) => g.groupId === groupId)).toEqual({
        groupId,
        protocolType: 'consumer',
        state: v >= 4 ? 'Stable' : null,
        // ListGroups v5 names the group type; a kafkajs group is classic.
        type: v >= 5 ? 'classic' : null,
      });
    }
    for (const v of await range(DescribeGroupsApi as ApiSpec<unknown, unknown>)) {
      const { value } = await wire.call(1, at(DescribeGroupsApi, v), { groupIds: [groupId] }, opts());
      const g = value[0];
      expect(g).toMatchObject({ errorCode: 0, groupId, state: 'Stable', protocolType: 'consumer' });
      expect(g?.members).toHaveLength(1);
      expect(decodeSubscription(g?.members[0]?.metadata ?? Buffer.alloc(0))).toEqual([topic]);
      expect(decodeAssignment(g?.members[0]?.assignment ?? Buffer.alloc(0))?.[0]?.partitions.sort()).toEqual([0, 1]);
    }
    for (const v of await range(OffsetFetchApi as ApiSpec<unknown, unknown>)) {
      const { value } = await wire.call(1, at(OffsetFetchApi, v), { groupIds: [groupId] }, opts());
      expect(value).toHaveLength(1);
      const offsets = value[0]?.topics
        .find((t) => t.topic === topic)
        ?.partitions.map((p) => [p.partition, p.offset, p.errorCode])
        .sort();
      expect(offsets, `OffsetFetch v${v}`).toEqual([
        [0, 2, 0],
        [1, 3, 0],
      ]);
    }
    // v8: several groups in one request, including one that does not exist.
    const ghost = uniqueName('sd-ver-none');
    const { value } = await wire.call(1, OffsetFetchApi, { groupIds: [groupId, ghost] }, opts());
    expect(value.map((g) => [g.groupId, g.errorCode, g.topics.length])).toEqual([
      [groupId, 0, 1],
      [ghost, 0, 0],
    ]);
  });

  it('OffsetCommit as an administrator is refused at every version while members are active', async () => {
    for (const v of await range(OffsetCommitApi as ApiSpec<unknown, unknown>)) {
      const { value } = await wire.call(
        1,
        at(OffsetCommitApi, v),
        { groupId, topics: [{ topic, partitions: [{ partition: 0, offset: 0 }] }] },
        opts(),
      );
      expect(value).toHaveLength(1);
      // UNKNOWN_MEMBER_ID (25) or ILLEGAL_GENERATION (22): the broker's "members are active".
      expect([22, 25], `OffsetCommit v${v}`).toContain(value[0]?.errorCode);
    }
  });
});
