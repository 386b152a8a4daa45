/**
 * Honest read-only guard tests for Kafka (issue #8), against the real broker.
 * The oracle is the broker's state, read with a separate kafkajs admin:
 * topics and partition counts, the test topic's non-default configs and high
 * watermarks, groups and their committed offsets; and the client quotas of
 * the run's user, read with DescribeClientQuotas on a separate fixture
 * connection (kafkajs has no quota API; tests/integration/kafka/quotas.test.ts
 * checks that request against the kafka-configs CLI).
 *
 * (a) Every method flagged `writes`, with valid input, on a read-only Kafka
 *     profile: READ_ONLY, and the broker unchanged. Then the same call on a
 *     writable profile does change the broker: the oracle can see each write.
 * (b) Every method not flagged `writes`, with valid input, on a writable
 *     profile (so the guard cannot hide it): the broker unchanged, which
 *     catches a writer someone forgot to flag.
 * Every kafka.* method of the contract must have an input here: a new method
 * fails this file until it is classified. The exceptions write where this
 * broker's state cannot show it, so their oracle lives elsewhere:
 * kafka.connect.* writes to a Connect worker (tests/integration/kafka-connect/read-only.test.ts);
 * kafka.schemas.* to the Schema Registry (tests/integration/kafka-schemas/read-only.test.ts);
 * kafka.acls.* and kafka.scram.* need an authorizer and SASL, which this broker has not
 * (tests/integration/secure/kafka-acls.test.ts and kafka-scram.test.ts, against kafka-secure).
 * Their flags are still checked here against OTHER_ORACLE.
 */
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeClientQuotasApi, MATCH_EXACT } from '../../../src/core/kafka/quotas/wire';
import { KafkaWire } from '../../../src/core/kafka/protocol/wire';
import { contract } from '../../../src/shared/contract';
import { StackdeckError } from '../../../src/shared/errors';
import { startTestCore, type TestCore } from '../../support/core';
import { RUN_ID } from '../kafka/support';
import { fixtureKafka } from './wireSpy';

let t: TestCore;
let admin: Admin;
let producer: Producer;
let readOnlyId: string;
let writableId: string;
let brokerId: number;
let quotaOracle: KafkaWire;
const T = `sd-it-ro-main-${RUN_ID}`;
const NEW_TOPIC = `sd-it-ro-new-${RUN_ID}`;
const G = `sd-it-ro-group-${RUN_ID}`;
/** Dynamic per broker and harmless for a moment; reverted in afterAll. */
const BROKER_KEY = 'log.cleaner.backoff.ms';
/** A user unique to the run: its quota throttles nobody. */
const QUOTA_USER = `sd-it-ro-quota-${RUN_ID}`;

type Input = Record<string, unknown>;
interface Case {
  input: () => Input;
  /** Streams: how to stop one that runs until cancelled. */
  stream?: boolean;
}

const WRITERS: Record<string, Case> = {
  'kafka.messages.produce': { input: () => ({ topic: T, value: 'written' }) },
  'kafka.topics.configs.alter': {
    input: () => ({ topic: T, ops: [{ op: 'set', name: 'retention.ms', value: '1234567' }] }),
  },
  'kafka.topics.partitions.add': { input: () => ({ topic: T, totalCount: 3 }) },
  'kafka.brokers.configs.alter': {
    input: () => ({ brokerId, ops: [{ op: 'set', name: BROKER_KEY, value: '15001' }] }),
  },
  'kafka.groups.offsets.reset': { input: () => ({ groupId: G, topics: [{ topic: T }], spec: { to: 'latest' } }) },
  'kafka.quotas.alter': {
    input: () => ({ entries: [{ entity: { user: QUOTA_USER }, set: { producer_byte_rate: 1_048_576 } }] }),
  },
  'kafka.topics.create': { input: () => ({ name: NEW_TOPIC, partitions: 1, replicationFactor: 1 }) },
  'kafka.groups.delete': { input: () => ({ groupId: G }) },
  'kafka.topics.delete': { input: () => ({ topic: T, confirmName: T }) },
};

/** Methods whose read-only test has another oracle (see the header), with whether they write. */
const OTHER_ORACLE: Record<string, boolean> = {
  'kafka.acls.list': false,
  'kafka.acls.create': true,
  'kafka.acls.delete': true,
  'kafka.scram.users.list': false,
  'kafka.scram.users.upsert': true,
  'kafka.scram.users.delete': true,
  // Reads the Schema Registry only (the connection here has none); tests/integration/kafka-serde covers it.
  'kafka.messages.produceSchema': false,
};

const READERS: Record<string, Case> = {
  'kafka.cluster.describe': { input: () => ({}) },
  'kafka.brokers.configs': { input: () => ({ brokerId }) },
  'kafka.topics.list': { input: () => ({}) },
  'kafka.topics.stats': { input: () => ({ topics: [T] }) },
  'kafka.topics.describe': { input: () => ({ topic: T }) },
  'kafka.topics.configs': { input: () => ({ topic: T }) },
  'kafka.messages.browse': { input: () => ({ topic: T, start: { kind: 'newest' } }) },
  'kafka.messages.get': { input: () => ({ topic: T, partition: 0, offset: 0 }) },
  'kafka.messages.search': {
    input: () => ({ topic: T, range: { kind: 'oldest' }, filter: { kind: 'none' } }),
    stream: true,
  },
  'kafka.messages.tail': { input: () => ({ topics: [T] }), stream: true },
  'kafka.messages.export': { input: () => ({ topic: T, range: { kind: 'oldest' } }), stream: true },
  'kafka.groups.list': { input: () => ({}) },
  'kafka.groups.describe': { input: () => ({ groupId: G }) },
  'kafka.groups.offsets.plan': {
    input: () => ({ groupId: G, topics: [{ topic: T }], spec: { to: 'latest' } }),
  },
  'kafka.lag.history': { input: () => ({ groupId: G }) },
  'kafka.lag.watch': { input: () => ({ groupId: G }), stream: true },
  'kafka.lag.status': { input: () => ({}) },
  'kafka.quotas.list': { input: () => ({ filter: { user: { match: 'exact', name: QUOTA_USER } } }) },
};

/** What the broker holds that any Kafka method could change (retried while metadata settles after a delete). */
async function snapshot(): Promise<string> {
  for (let i = 0; ; i++) {
    // A fresh admin each time: kafkajs keeps refreshing metadata of every topic it has seen, deleted or not.
    const oracle = fixtureKafka().admin();
    try {
      await oracle.connect();
      return await readState(oracle);
    } catch (e) {
      if (i >= 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await oracle.disconnect();
    }
  }
}

async function readState(admin: Admin): Promise<string> {
  const topics = (await admin.listTopics()).filter((n) => n.includes(RUN_ID)).sort();
  const parts: Record<string, unknown> = { topics };
  if (topics.includes(T)) await describeMain(admin, parts).catch(() => (parts.main = 'being deleted'));
  // The broker's dynamic configs (ConfigSource 2 DYNAMIC_BROKER_CONFIG, 3 DYNAMIC_DEFAULT_BROKER_CONFIG).
  const broker = await admin.describeConfigs({
    resources: [{ type: 4, name: String(brokerId) }],
    includeSynonyms: false,
  });
  parts.brokerDynamic = (broker.resources[0]?.configEntries ?? [])
    .filter((e) => [2, 3].includes((e as unknown as { configSource: number }).configSource))
    .map((e) => `${e.configName}=${e.configValue}`)
    .sort();
  parts.groups = (await admin.listGroups()).groups
    .map((g) => g.groupId)
    .filter((g) => g.includes(RUN_ID))
    .sort();
  const quotas = await quotaOracle.call('any', DescribeClientQuotasApi, {
    components: [{ entityType: 'user', matchType: MATCH_EXACT, match: QUOTA_USER }],
    strict: false,
  });
  parts.quotas = quotas.value.entries;
  return JSON.stringify(parts);
}

async function describeMain(admin: Admin, parts: Record<string, unknown>): Promise<void> {
  const meta = await admin.fetchTopicMetadata({ topics: [T] });
  parts.partitions = meta.topics[0]?.partitions.length;
  const configs = await admin.describeConfigs({ resources: [{ type: 2, name: T }], includeSynonyms: false });
  parts.configs = (configs.resources[0]?.configEntries ?? [])
    .filter((e) => !e.isDefault)
    .map((e) => `${e.configName}=${e.configValue}`)
    .sort();
  parts.watermarks = (await admin.fetchTopicOffsets(T)).map((p) => `${p.partition}:${p.high}`).sort();
  parts.committed = (await admin.fetchOffsets({ groupId: G, topics: [T] })).flatMap((x) =>
    x.partitions.map((p) => `${x.topic}/${p.partition}=${p.offset}`).sort(),
  );
}

async function attempt(name: string, c: Case, connectionId: string): Promise<StackdeckError | null> {
  const ctrl = new AbortController();
  try {
    if (c.stream) {
      const timer = setTimeout(() => ctrl.abort(), 1_500);
      try {
        await t.router.subscribe(name, { connectionId, ...c.input() }, { signal: ctrl.signal, emit: () => undefined });
      } finally {
        clearTimeout(timer);
      }
    } else {
      await t.router.call(name, { connectionId, ...c.input() });
    }
    return null;
  } catch (e) {
    const err = e as StackdeckError;
    // A long-running stream stopped by the test's own cancel is a normal end here.
    return c.stream && err.code === 'CANCELLED' && ctrl.signal.aborted ? null : err;
  }
}

beforeAll(async () => {
  const kafka = fixtureKafka();
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic: T, numPartitions: 2 }], waitForLeaders: true });
  await producer.send({ topic: T, acks: -1, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
  await admin.setOffsets({ groupId: G, topic: T, partitions: [{ partition: 0, offset: '0' }] });
  brokerId = (await admin.describeCluster()).brokers[0]?.nodeId ?? 1;
  quotaOracle = KafkaWire.fromKafka(kafka);
  t = await startTestCore();
  readOnlyId = (await t.connect('kafka', { name: `ro ${RUN_ID}`, readOnly: true })).id;
  writableId = (await t.connect('kafka', { name: `rw ${RUN_ID}` })).id;
}, 60_000);

afterAll(async () => {
  await t?.router
    .call('kafka.brokers.configs.alter', {
      connectionId: writableId,
      brokerId,
      ops: [{ op: 'delete', name: BROKER_KEY }],
    })
    .catch(() => undefined);
  await t?.router
    .call('kafka.quotas.alter', {
      connectionId: writableId,
      entries: [{ entity: { user: QUOTA_USER }, remove: ['producer_byte_rate'] }],
    })
    .catch(() => undefined);
  await t?.close();
  await quotaOracle?.disconnect();
  await admin?.deleteGroups([G]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [T, NEW_TOPIC] }).catch(() => undefined);
  await producer?.disconnect();
  await admin?.disconnect();
});

it('every kafka.* method of the contract is classified here, by the same flag the guard reads', () => {
  const names = Object.keys(contract).filter(
    (n) => n.startsWith('kafka.') && !n.startsWith('kafka.connect.') && !n.startsWith('kafka.schemas.'),
  );
  const missing = names.filter((n) => !(n in WRITERS) && !(n in READERS) && !(n in OTHER_ORACLE));
  expect(missing).toEqual([]);
  for (const n of names) {
    const writes = (contract as Record<string, { writes?: boolean }>)[n]?.writes === true;
    expect({ n, writes }).toEqual({ n, writes: n in OTHER_ORACLE ? OTHER_ORACLE[n] : n in WRITERS });
  }
});

describe('methods not flagged as writing leave the broker unchanged (writable profile)', () => {
  it.each(Object.keys(READERS))('%s', async (name) => {
    const before = await snapshot();
    const err = await attempt(name, READERS[name] as Case, writableId);
    expect(err).toBeNull();
    expect(await snapshot()).toBe(before);
  });
});

describe('writing methods on a read-only profile: READ_ONLY and the broker unchanged', () => {
  it.each(Object.keys(WRITERS))('%s', async (name) => {
    const before = await snapshot();
    const err = await attempt(name, WRITERS[name] as Case, readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    expect(await snapshot()).toBe(before);
  });
});

describe('the same writes on a writable profile change the broker (the oracle sees them)', () => {
  // In the order of WRITERS: the topic and group deletes come last.
  it.each(Object.keys(WRITERS))('%s', async (name) => {
    const before = await snapshot();
    const err = await attempt(name, WRITERS[name] as Case, writableId);
    expect(err).toBeNull();
    // Metadata and group state settle asynchronously on the broker.
    let after = await snapshot();
    for (let i = 0; i < 20 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await snapshot();
    }
    expect(after).not.toBe(before);
  });
});
