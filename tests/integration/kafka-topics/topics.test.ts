/**
 * Cluster overview and topics through the router of the whole core, against
 * the local single broker (127.0.0.1:9092, Kafka 4.x): the same path the UI takes.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackdeckError } from '../../../src/shared/errors';
import kafkaServer, { KAFKA_VERSION } from '../../stack/servers/kafka.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

const { Kafka, logLevel } = kafkajs;

let t: TestCore;
let id: string;
let readOnlyId: string;
const created: string[] = [];

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the call to fail');
}

async function listNames(includeInternal = false): Promise<string[]> {
  return (await t.router.call('kafka.topics.list', { connectionId: id, includeInternal })).topics.map((x) => x.name);
}

async function create(name: string, partitions = 1, configs: Record<string, string> = {}): Promise<void> {
  created.push(name);
  await t.router.call('kafka.topics.create', { connectionId: id, name, partitions, replicationFactor: 1, configs });
}

beforeAll(async () => {
  await requireServer(kafkaServer);
  t = await startTestCore();
  id = (await t.connect('kafka')).id;
  readOnlyId = (await t.connect('kafka', { name: `ro ${Date.now()}`, readOnly: true })).id;
});

afterAll(async () => {
  if (t) {
    const left = new Set(await listNames(true).catch(() => []));
    for (const name of created.filter((n) => left.has(n))) {
      await t.router
        .call('kafka.topics.delete', { connectionId: id, topic: name, confirmName: name })
        .catch(() => undefined);
    }
    await t.close();
  }
});

describe('cluster', () => {
  it('describes the cluster: id, controller, brokers and an honestly labelled version', async () => {
    const c = await t.router.call('kafka.cluster.describe', { connectionId: id });
    expect(c.clusterId).toMatch(/\S+/);
    expect(c.brokers).toEqual([expect.objectContaining({ id: 1, host: '127.0.0.1', port: 9092 })]);
    expect(c.controllerId).toBe(1);
    // The stack's default broker runs KAFKA_VERSION (4.4.0): the release line, not the patch level.
    expect(c.version?.release).toBe(KAFKA_VERSION.split('.').slice(0, 2).join('.'));
    expect(c.version?.basis).toMatch(/patch level is not visible|does not send/);
  });

  it('lists broker configs with sources; non-defaults flagged and sensitive values masked', async () => {
    const { entries } = await t.router.call('kafka.brokers.configs', { connectionId: id, brokerId: 1 });
    const autoCreate = entries.find((e) => e.name === 'auto.create.topics.enable');
    expect(autoCreate).toMatchObject({ value: 'false', origin: 'static', isDefault: false });
    expect(entries.find((e) => e.name === 'background.threads')).toMatchObject({ origin: 'default', isDefault: true });
    const sensitive = entries.filter((e) => e.isSensitive);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const e of sensitive) expect(e.value).toBeNull();
    expect((await failure(t.router.call('kafka.brokers.configs', { connectionId: id, brokerId: 77 }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('topics', () => {
  const name = uniqueName('sd-topics');

  it('creates a topic with configs and lists it with partitions and RF', async () => {
    await create(name, 3, { 'retention.ms': '3600000' });
    const { topics } = await t.router.call('kafka.topics.list', { connectionId: id });
    expect(topics.find((x) => x.name === name)).toEqual({
      name,
      internal: false,
      partitions: 3,
      replicationFactor: 1,
      underReplicated: 0,
      offline: 0,
    });
  });

  it('hides internal topics (Kafka\'s own and names starting with "__") unless asked', async () => {
    const internal = `__${uniqueName('sd-internal')}`;
    await create(internal);
    expect(await listNames()).not.toContain(internal);
    const all = (await t.router.call('kafka.topics.list', { connectionId: id, includeInternal: true })).topics;
    expect(all.find((x) => x.name === internal)?.internal).toBe(true);
    for (const x of all.filter((y) => y.name === '__consumer_offsets')) expect(x.internal).toBe(true);
    expect((await listNames()).some((n) => n.startsWith('__'))).toBe(false);
  });

  it('counts messages and sizes on disk after producing', async () => {
    const kafka = new Kafka({ clientId: 'sd-it-topics', brokers: [KAFKA_BOOTSTRAP], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (let p = 0; p < 3; p++) {
        await producer.send({
          topic: name,
          messages: Array.from({ length: 10 + p }, (_, i) => ({
            partition: p,
            value: `m-${p}-${i}-${'x'.repeat(100)}`,
          })),
        });
      }
    } finally {
      await producer.disconnect();
    }
    const { stats } = await t.router.call('kafka.topics.stats', {
      connectionId: id,
      topics: [name, 'sd-no-such-topic-xyz'],
    });
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ name, messages: 33, partial: false });
    expect(stats[0]?.sizeBytes).toBeGreaterThan(33 * 100);
    const d = await t.router.call('kafka.topics.describe', { connectionId: id, topic: name });
    expect(d.messages).toBe(33);
    expect(d.partitionDetails.map((p) => [p.partition, p.leader, p.startOffset, p.endOffset])).toEqual([
      [0, 1, 0, 10],
      [1, 1, 0, 11],
      [2, 1, 0, 12],
    ]);
    for (const p of d.partitionDetails) {
      expect(p.replicas).toEqual([1]);
      expect(p.isr).toEqual([1]);
      expect(p.sizeBytes).toBeGreaterThan(0);
    }
    expect(
      (await failure(t.router.call('kafka.topics.describe', { connectionId: id, topic: 'sd-no-such-topic-xyz' }))).code,
    ).toBe('NOT_FOUND');
  });

  it('shows configs with their source', async () => {
    const { entries } = await t.router.call('kafka.topics.configs', { connectionId: id, topic: name });
    expect(entries.find((e) => e.name === 'retention.ms')).toMatchObject({
      value: '3600000',
      origin: 'dynamic',
      kafkaSource: 'DYNAMIC_TOPIC_CONFIG',
    });
    expect(entries.find((e) => e.name === 'cleanup.policy')).toMatchObject({ value: 'delete', origin: 'default' });
    // log.segment.bytes in the broker's server.properties (tests/stack/servers/kafka-node.ts).
    expect(entries.find((e) => e.name === 'segment.bytes')).toMatchObject({ value: '104857600', origin: 'static' });
    // Kafka 4 (KIP-966) copies the static min.insync.replicas into a cluster-wide dynamic default when it formats
    // the metadata log, so a 4.x broker reports it as that, not as server.properties.
    expect(entries.find((e) => e.name === 'min.insync.replicas')).toMatchObject({
      origin: 'dynamic',
      kafkaSource: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
    });
  });

  it('alters configs incrementally: validateOnly changes nothing, apply leaves other dynamic keys alone', async () => {
    const preview = await t.router.call('kafka.topics.configs.alter', {
      connectionId: id,
      topic: name,
      ops: [{ op: 'set', name: 'max.message.bytes', value: '2000000' }],
      validateOnly: true,
    });
    expect(preview.validateOnly).toBe(true);
    expect(preview.entries.find((e) => e.name === 'max.message.bytes')?.origin).not.toBe('dynamic');

    const applied = await t.router.call('kafka.topics.configs.alter', {
      connectionId: id,
      topic: name,
      ops: [{ op: 'set', name: 'max.message.bytes', value: '2000000' }],
    });
    expect(applied.entries.find((e) => e.name === 'max.message.bytes')).toMatchObject({
      value: '2000000',
      origin: 'dynamic',
    });
    // The other override survives (the legacy AlterConfigs would have reset it).
    expect(applied.entries.find((e) => e.name === 'retention.ms')).toMatchObject({
      value: '3600000',
      origin: 'dynamic',
    });

    const reverted = await t.router.call('kafka.topics.configs.alter', {
      connectionId: id,
      topic: name,
      ops: [{ op: 'delete', name: 'retention.ms' }],
    });
    expect(reverted.entries.find((e) => e.name === 'retention.ms')?.origin).not.toBe('dynamic');
    expect(reverted.entries.find((e) => e.name === 'max.message.bytes')).toMatchObject({
      value: '2000000',
      origin: 'dynamic',
    });
  });

  it('refuses a bad config value with a clear message and changes nothing', async () => {
    const e = await failure(
      t.router.call('kafka.topics.configs.alter', {
        connectionId: id,
        topic: name,
        ops: [{ op: 'set', name: 'cleanup.policy', value: 'shred' }],
        validateOnly: true,
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/cleanup\.policy|shred/);
    const e2 = await failure(
      t.router.call('kafka.topics.configs.alter', {
        connectionId: id,
        topic: name,
        ops: [{ op: 'set', name: 'no.such.key', value: '1' }],
      }),
    );
    expect(e2.code).toBe('INVALID_INPUT');
    const { entries } = await t.router.call('kafka.topics.configs', { connectionId: id, topic: name });
    expect(entries.find((x) => x.name === 'cleanup.policy')?.value).toBe('delete');
  });

  it('adds partitions, and refuses to shrink', async () => {
    const r = await t.router.call('kafka.topics.partitions.add', { connectionId: id, topic: name, totalCount: 5 });
    expect(r.partitions).toBe(5);
    expect((await t.router.call('kafka.topics.describe', { connectionId: id, topic: name })).partitions).toBe(5);
    const e = await failure(
      t.router.call('kafka.topics.partitions.add', { connectionId: id, topic: name, totalCount: 2 }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/already has 5 partitions/);
  });

  it('deletes only when the typed name matches', async () => {
    const e = await failure(
      t.router.call('kafka.topics.delete', { connectionId: id, topic: name, confirmName: `${name}-nope` }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/Nothing was deleted/);
    expect(await listNames()).toContain(name);
    const r = await t.router.call('kafka.topics.delete', { connectionId: id, topic: name, confirmName: name });
    expect(r.deleted).toBe(true);
    expect(await listNames()).not.toContain(name);
  });
});

describe('create refuses bad input and creates nothing', () => {
  it.each([
    ['has a space', 'bad name'],
    ['has a slash', 'bad/name'],
    ['is "."', '.'],
    ['is too long', 'a'.repeat(250)],
    ['is empty', ''],
  ])('a name that %s', async (_why, bad) => {
    const before = await listNames(true);
    const e = await failure(
      t.router.call('kafka.topics.create', { connectionId: id, name: bad, partitions: 1, replicationFactor: 1 }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/topic/i);
    expect(await listNames(true)).toEqual(before);
  });

  it('a name that collides with an existing one in metric names, with a warning on the first', async () => {
    const base = uniqueName('sd-collide').replace(/-/g, '_');
    created.push(base);
    const first = await t.router.call('kafka.topics.create', {
      connectionId: id,
      name: base,
      partitions: 1,
      replicationFactor: 1,
    });
    expect(first.warnings.join(' ')).toMatch(/collide/);
    const dotted = base.replace(/_/g, '.');
    const e = await failure(
      t.router.call('kafka.topics.create', { connectionId: id, name: dotted, partitions: 1, replicationFactor: 1 }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(`collides with the existing topic "${base}"`);
    expect(await listNames()).not.toContain(dotted);
  });

  it('an existing name, a replication factor above the broker count, or a bad config', async () => {
    const name = uniqueName('sd-exists');
    await create(name);
    expect(
      (
        await failure(
          t.router.call('kafka.topics.create', { connectionId: id, name, partitions: 1, replicationFactor: 1 }),
        )
      ).code,
    ).toBe('CONFLICT');
    const other = uniqueName('sd-rf');
    const rf = await failure(
      t.router.call('kafka.topics.create', { connectionId: id, name: other, partitions: 1, replicationFactor: 3 }),
    );
    expect(rf.code).toBe('INVALID_INPUT');
    expect(rf.message).toMatch(/live brokers \(1\)/);
    const cfg = await failure(
      t.router.call('kafka.topics.create', {
        connectionId: id,
        name: other,
        partitions: 1,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'shred' },
      }),
    );
    expect(cfg.code).toBe('INVALID_INPUT');
    expect(await listNames()).not.toContain(other);
  });
});

describe('read-only profiles', () => {
  it('refuse create, alter, add partitions and delete with READ_ONLY; reads still work', async () => {
    const name = uniqueName('sd-ro');
    await create(name);
    const calls = [
      t.router.call('kafka.topics.create', {
        connectionId: readOnlyId,
        name: uniqueName('sd-ro-new'),
        partitions: 1,
        replicationFactor: 1,
      }),
      t.router.call('kafka.topics.configs.alter', {
        connectionId: readOnlyId,
        topic: name,
        ops: [{ op: 'set', name: 'retention.ms', value: '1000' }],
      }),
      t.router.call('kafka.topics.partitions.add', { connectionId: readOnlyId, topic: name, totalCount: 2 }),
      t.router.call('kafka.topics.delete', { connectionId: readOnlyId, topic: name, confirmName: name }),
    ];
    for (const call of calls) expect((await failure(call)).code).toBe('READ_ONLY');
    const d = await t.router.call('kafka.topics.describe', { connectionId: readOnlyId, topic: name });
    expect(d.partitions).toBe(1);
    const { entries } = await t.router.call('kafka.topics.configs', { connectionId: readOnlyId, topic: name });
    expect(entries.find((e) => e.name === 'retention.ms')?.origin).toBe('default');
    await eventually('the topic to still exist', async () => ((await listNames()).includes(name) ? true : undefined));
  });
});
