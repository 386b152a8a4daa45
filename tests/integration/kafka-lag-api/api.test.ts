/**
 * Consumer groups and lag through the real core and router (as the UI calls
 * them), against the local Kafka: list/describe number for number with
 * `kafka-consumer-groups --describe`, reset preview + execute, the CONFLICT
 * while members are active, READ_ONLY on a read-only profile, delete, live
 * samples from `kafka.lag.watch`, and lag history surviving a restart of core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import type { InputOf } from '../../../src/shared/contract';
import type { GroupLagSample } from '../../../src/shared/contract/kafka/groups';
import { StackdeckError } from '../../../src/shared/errors';
import kafkaServer from '../../stack/servers/kafka.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import {
  cliDescribe,
  createTopic,
  deleteTopics,
  makeEmptyGroup,
  newClient,
  produce,
  startConsumer,
  withTimeout,
} from '../kafka-groups/helpers.js';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers.js';

// Read by the groups slice when core is built: 1 s samples so the test does not wait 10 s per point.
const previousInterval = process.env.STACKDECK_LAG_INTERVAL_MS;
process.env.STACKDECK_LAG_INTERVAL_MS = '1000';

const client = newClient('stackdeck-lag-api-it');
let admin: Admin;
let dir: string;
let core: Core;
let connectionId: string;
let readOnlyId: string;
const topic = uniqueName('sd-lagapi');
const groupId = uniqueName('sd-lagapi-g');
const activeGroup = uniqueName('sd-lagapi-active');

async function openCore(): Promise<Core> {
  return createCore({ userDataDir: dir, cipher: new FileKeyCipher(dir), validateOutputs: true });
}

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  await requireServer(kafkaServer);
  admin = client.admin();
  await admin.connect();
  await createTopic(admin, topic, 3);
  await produce(client, topic, [10, 7, 12], Date.now() - 60_000, 1_000);
  await makeEmptyGroup(client, groupId, topic, [4, 0, 12]);
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-lagapi-'));
  core = await openCore();
  const create = (name: string, readOnly: boolean) =>
    core.router.call('connections.profiles.create', {
      draft: { kind: 'kafka', name, brokers: [KAFKA_BOOTSTRAP], readOnly },
    });
  connectionId = (await create('it kafka', false)).id;
  readOnlyId = (await create('it kafka read-only', true)).id;
});

afterAll(async () => {
  if (previousInterval === undefined) delete process.env.STACKDECK_LAG_INTERVAL_MS;
  else process.env.STACKDECK_LAG_INTERVAL_MS = previousInterval;
  await core?.dispose();
  await admin?.deleteGroups([groupId, activeGroup]).catch(() => undefined);
  await deleteTopics(admin, [topic]).catch(() => undefined);
  await admin?.disconnect();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kafka.groups through the router', () => {
  it('lists the group (paged, filtered) with its lag', async () => {
    const page = await core.router.call('kafka.groups.list', { connectionId, filter: groupId, limit: 10 });
    expect(page.total).toBe(1);
    expect(page.unfiltered).toBeGreaterThanOrEqual(1);
    expect(page.endOffsetKind).toBe('high-watermark');
    expect(page.groups[0]).toMatchObject({
      groupId,
      state: 'Empty',
      members: 0,
      committedTopics: [topic],
      totalLag: 6,
      committedPartitions: 2,
    });
    const none = await core.router.call('kafka.groups.list', { connectionId, filter: `${groupId}-nope` });
    expect(none.groups).toEqual([]);
  });

  it('describes the group number for number with kafka-consumer-groups --describe', async () => {
    const detail = await core.router.call('kafka.groups.describe', { connectionId, groupId });
    const cli = await cliDescribe(groupId);
    expect(cli.length).toBe(2);
    for (const row of cli) {
      const mine = detail.partitions.find((p) => p.topic === row.topic && p.partition === row.partition);
      expect({ current: mine?.committedOffset, end: mine?.endOffset, lag: mine?.lag }).toEqual({
        current: row.currentOffset,
        end: row.logEndOffset,
        lag: row.lag,
      });
    }
    // Partition 1 never committed: shown as such, not as zero lag.
    expect(detail.partitions.find((p) => p.partition === 1)).toMatchObject({
      committedOffset: null,
      endOffset: 7,
      lag: null,
    });
    expect(detail.totalLag).toBe(6);
    expect(detail.endOffsetKind).toBe('high-watermark');
  });

  it('refuses reset and delete on a read-only profile', async () => {
    const spec = { to: 'latest' as const };
    expect(
      (
        await failure(
          core.router.call('kafka.groups.offsets.reset', {
            connectionId: readOnlyId,
            groupId,
            topics: [{ topic }],
            spec,
          }),
        )
      ).code,
    ).toBe('READ_ONLY');
    expect((await failure(core.router.call('kafka.groups.delete', { connectionId: readOnlyId, groupId }))).code).toBe(
      'READ_ONLY',
    );
    // The preview writes nothing, so it is allowed.
    const plan = await core.router.call('kafka.groups.offsets.plan', {
      connectionId: readOnlyId,
      groupId,
      topics: [{ topic }],
      spec,
    });
    expect(plan.rows).toHaveLength(3);
  });

  it('refuses reset and delete while members are active (CONFLICT), with a preview that says why', async () => {
    const c = await startConsumer(client, activeGroup, topic, [1, 1, 1]);
    try {
      await withTimeout(c.ready, 30_000, 'active consumer');
      const input: InputOf<'kafka.groups.offsets.plan'> = {
        connectionId,
        groupId: activeGroup,
        topics: [{ topic }],
        spec: { to: 'earliest' },
      };
      const plan = await core.router.call('kafka.groups.offsets.plan', input);
      expect(plan.canExecute).toBe(false);
      expect(plan.blockedReason).toMatch(/active member/);
      const err = await failure(core.router.call('kafka.groups.offsets.reset', input));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toMatch(/Stop its consumers/);
      expect(
        (await failure(core.router.call('kafka.groups.delete', { connectionId, groupId: activeGroup }))).code,
      ).toBe('CONFLICT');
    } finally {
      await c.stop();
    }
  });

  it('watch emits live samples, then reset (preview, execute) brings lag to zero', async () => {
    const samples: GroupLagSample[] = [];
    const ac = new AbortController();
    const done = core.router
      .subscribe('kafka.lag.watch', { connectionId, groupId }, { signal: ac.signal, emit: (s) => samples.push(s) })
      .catch((e: unknown) => e);
    const until = async (pred: () => boolean, what: string): Promise<void> => {
      const end = Date.now() + 20_000;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(() => samples.length >= 2, 'two samples');
    expect(samples[0]).toMatchObject({ cluster: connectionId, groupId, totalLag: 6 });
    expect(samples[0]?.partitions.map((p) => p.partition)).toEqual([0, 2]);

    // Preview, for a chosen partition and for the whole topic.
    const one = await core.router.call('kafka.groups.offsets.plan', {
      connectionId,
      groupId,
      topics: [{ topic, partitions: [0] }],
      spec: { to: 'shift', by: 2 },
    });
    expect(one.rows).toEqual([expect.objectContaining({ partition: 0, currentOffset: 4, newOffset: 6, lagAfter: 4 })]);
    const input: InputOf<'kafka.groups.offsets.plan'> = {
      connectionId,
      groupId,
      topics: [{ topic }],
      spec: { to: 'latest' },
    };
    const plan = await core.router.call('kafka.groups.offsets.plan', input);
    expect(plan.canExecute).toBe(true);
    expect(plan.rows.map((r) => [r.partition, r.currentOffset, r.newOffset, r.lagAfter])).toEqual([
      [0, 4, 10, 0],
      [1, null, 7, 0],
      [2, 12, 12, 0],
    ]);
    const done2 = await core.router.call('kafka.groups.offsets.reset', input);
    expect(done2.rows).toHaveLength(3);
    await until(() => samples.at(-1)?.totalLag === 0, 'a sample with zero lag');
    const detail = await core.router.call('kafka.groups.describe', { connectionId, groupId });
    expect(detail.totalLag).toBe(0);
    ac.abort();
    expect(((await done) as StackdeckError).code).toBe('CANCELLED');
  });

  it('keeps lag history across a restart of core', async () => {
    const before = await core.router.call('kafka.lag.history', {
      connectionId,
      groupId,
      range: '15m',
      breakdown: 'partition',
    });
    const recorded = before.total.filter((p) => p.lag !== null);
    expect(recorded.length).toBeGreaterThan(0);
    // Partition 1 has samples since the reset committed it.
    expect(before.series.map((s) => s.partition)).toEqual([0, 1, 2]);
    const status = await core.router.call('kafka.lag.status', { connectionId });
    expect(status).toMatchObject({ state: 'ok', message: null, watchedIntervalMs: 1000 });

    await core.dispose();
    core = await openCore();
    const after = await core.router.call('kafka.lag.history', {
      connectionId,
      groupId,
      range: '15m',
      breakdown: 'topic',
    });
    expect(after.total.filter((p) => p.lag !== null).map((p) => p.t)).toEqual(
      expect.arrayContaining(recorded.map((p) => p.t)),
    );
    expect(after.series.map((s) => s.topic)).toEqual([topic]);
  });

  it('deletes an Empty group', async () => {
    await core.router.call('kafka.groups.delete', { connectionId, groupId });
    expect((await failure(core.router.call('kafka.groups.describe', { connectionId, groupId }))).code).toBe(
      'NOT_FOUND',
    );
  });
});
