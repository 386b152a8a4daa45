/**
 * Dynamic broker configs through the router against the real Kafka 4.4 broker
 * (the default 4.x broker `kafka`, broker id 1): per broker and cluster-wide default, the dry run
 * (validateOnly) changes nothing, a round trip set -> DescribeConfigs ->
 * revert, refusals (a static key, an unknown broker, a read-only connection).
 * The oracle is a plain kafkajs admin's DescribeConfigs, not Stackdeck's reads.
 */
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackdeckError } from '../../../src/shared/errors';
import kafka, { KAFKA_BOOTSTRAP } from '../../stack/servers/kafka.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer } from '../helpers/servers';
import { newClient4 } from '../kafka-4/helpers';

const { ConfigResourceTypes } = kafkajs;
/** Both dynamically updatable, per broker and cluster-wide; harmless to touch for a moment on a shared broker. */
const PER_BROKER = 'log.cleaner.threads';
const DEFAULT_KEY = 'log.cleaner.backoff.ms';

let t: TestCore;
let id: string;
let readOnlyId: string;
let admin: Admin;
let brokerId: number;

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the call to fail');
}

/** What broker `brokerId` reports for `key`, read by kafkajs: value and Kafka's config source number. */
async function oracle(key: string): Promise<{ value: string; source: number }> {
  const res = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokerId), configNames: [key] }],
  });
  const e = res.resources[0]?.configEntries.find((x) => x.configName === key);
  if (!e) throw new Error(`broker ${brokerId} reports no ${key}`);
  return { value: e.configValue, source: (e as unknown as { configSource: number }).configSource };
}

// DescribeConfigsResponse.ConfigSource wire values (1 is DYNAMIC_TOPIC_CONFIG).
const DYNAMIC_BROKER = 2;
const DYNAMIC_DEFAULT_BROKER = 3;

beforeAll(async () => {
  await requireServer(kafka);
  admin = newClient4('sd-broker-configs').admin();
  await admin.connect();
  brokerId = (await admin.describeCluster()).brokers[0]?.nodeId ?? 1;
  t = await startTestCore();
  id = (await t.connect('kafka', { brokers: [KAFKA_BOOTSTRAP] })).id;
  readOnlyId = (await t.connect('kafka', { brokers: [KAFKA_BOOTSTRAP], name: 'ro brokers', readOnly: true })).id;
});

afterAll(async () => {
  // Whatever happened above, leave the shared broker as it was.
  if (t) {
    for (const [b, key] of [
      [brokerId, PER_BROKER],
      [null, DEFAULT_KEY],
    ] as const) {
      await t.router
        .call('kafka.brokers.configs.alter', { connectionId: id, brokerId: b, ops: [{ op: 'delete', name: key }] })
        .catch(() => undefined);
    }
    await t.close();
  }
  await admin?.disconnect();
});

describe('per broker', () => {
  it('a dry run validates and changes nothing; applying sets it; deleting reverts it', async () => {
    const before = await oracle(PER_BROKER);
    expect(before.source).not.toBe(DYNAMIC_BROKER);
    const next = String(Number(before.value) + 1);
    const dry = await t.router.call('kafka.brokers.configs.alter', {
      connectionId: id,
      brokerId,
      ops: [{ op: 'set', name: PER_BROKER, value: next }],
      validateOnly: true,
    });
    expect(dry.validateOnly).toBe(true);
    expect(await oracle(PER_BROKER)).toEqual(before);

    const applied = await t.router.call('kafka.brokers.configs.alter', {
      connectionId: id,
      brokerId,
      ops: [{ op: 'set', name: PER_BROKER, value: next }],
    });
    expect(applied.entries.find((e) => e.name === PER_BROKER)).toMatchObject({ value: next, origin: 'dynamic' });
    expect(await oracle(PER_BROKER)).toEqual({ value: next, source: DYNAMIC_BROKER });
    const read = await t.router.call('kafka.brokers.configs', { connectionId: id, brokerId });
    expect(read.entries.find((e) => e.name === PER_BROKER)).toMatchObject({
      value: next,
      kafkaSource: 'DYNAMIC_BROKER_CONFIG',
    });

    await t.router.call('kafka.brokers.configs.alter', {
      connectionId: id,
      brokerId,
      ops: [{ op: 'delete', name: PER_BROKER }],
    });
    expect(await oracle(PER_BROKER)).toEqual(before);
  }, 60_000);

  it('refuses a key that is not dynamic with the broker reason, an unknown broker, a key twice', async () => {
    const stat = await failure(
      t.router.call('kafka.brokers.configs.alter', {
        connectionId: id,
        brokerId,
        ops: [{ op: 'set', name: 'log.dirs', value: '/tmp/elsewhere' }],
      }),
    );
    expect(stat.code).toBe('INVALID_INPUT');
    expect(stat.message).toMatch(/broker 1/);
    expect(stat.message).toMatch(/dynamic/i);
    const unknown = await failure(
      t.router.call('kafka.brokers.configs.alter', {
        connectionId: id,
        brokerId: 77,
        ops: [{ op: 'set', name: PER_BROKER, value: '2' }],
      }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    const twice = await failure(
      t.router.call('kafka.brokers.configs.alter', {
        connectionId: id,
        brokerId,
        ops: [
          { op: 'set', name: PER_BROKER, value: '2' },
          { op: 'delete', name: PER_BROKER },
        ],
      }),
    );
    expect(twice.code).toBe('INVALID_INPUT');
    expect((await oracle(PER_BROKER)).source).not.toBe(DYNAMIC_BROKER);
  });
});

describe('cluster-wide default', () => {
  it('sets the default every broker uses (dry run first changes nothing), then reverts', async () => {
    const before = await oracle(DEFAULT_KEY);
    const next = String(Number(before.value) + 1);
    await t.router.call('kafka.brokers.configs.alter', {
      connectionId: id,
      brokerId: null,
      ops: [{ op: 'set', name: DEFAULT_KEY, value: next }],
      validateOnly: true,
    });
    expect(await oracle(DEFAULT_KEY)).toEqual(before);
    const applied = await t.router.call('kafka.brokers.configs.alter', {
      connectionId: id,
      brokerId: null,
      ops: [{ op: 'set', name: DEFAULT_KEY, value: next }],
    });
    expect(applied.brokerId).toBeNull();
    expect(applied.entries.find((e) => e.name === DEFAULT_KEY)).toMatchObject({
      value: next,
      kafkaSource: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
    });
    expect(await oracle(DEFAULT_KEY)).toEqual({ value: next, source: DYNAMIC_DEFAULT_BROKER });
    await t.router.call('kafka.brokers.configs.alter', {
      connectionId: id,
      brokerId: null,
      ops: [{ op: 'delete', name: DEFAULT_KEY }],
    });
    expect(await oracle(DEFAULT_KEY)).toEqual(before);
  }, 60_000);
});

describe('read-only', () => {
  it('refuses both scopes in core, and the broker is unchanged', async () => {
    const before = [await oracle(PER_BROKER), await oracle(DEFAULT_KEY)];
    for (const b of [brokerId, null]) {
      const e = await failure(
        t.router.call('kafka.brokers.configs.alter', {
          connectionId: readOnlyId,
          brokerId: b,
          ops: [{ op: 'set', name: b === null ? DEFAULT_KEY : PER_BROKER, value: '3' }],
        }),
      );
      expect(e.code).toBe('READ_ONLY');
    }
    expect([await oracle(PER_BROKER), await oracle(DEFAULT_KEY)]).toEqual(before);
  });
});
