/**
 * IP connection quotas (KIP-612: entity type `ip`, key connection_creation_rate)
 * through the router on the default broker. The oracle is the Kafka CLI
 * (`kafka-configs.sh --describe --entity-type ips`), not the code under test.
 * The specific addresses are documentation ranges (TEST-NET-2, 2001:db8::/32)
 * unique to the run, so no real client is throttled; the `<default>` IP gets a
 * rate far above anything the tests open (100 000 connections/s), and only
 * for the moment the test needs it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QuotaAlteration, QuotaEntity } from '../../../src/shared/contract/kafka/quotas';
import kafkaServer from '../../stack/servers/kafka.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer } from '../helpers/servers.js';
import { cliQuotas } from './quotaCli';

let t: TestCore;
let id: string;
let readOnlyId: string;
const octet = 1 + Math.floor(Math.random() * 254);
const IP4 = `198.51.100.${octet}`;
const IP6 = `2001:db8::${octet.toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
const DEFAULT_RATE = 100_000;

const alter = (connectionId: string, entries: QuotaAlteration[], validateOnly = false) =>
  t.router.call('kafka.quotas.alter', { connectionId, entries, validateOnly });
const lift = (entity: QuotaEntity) =>
  alter(id, [{ entity, set: {}, remove: ['connection_creation_rate'] }]).catch(() => undefined);

beforeAll(async () => {
  await requireServer(kafkaServer);
  t = await startTestCore();
  id = (await t.connect('kafka', { name: 'ip quotas rw' })).id;
  readOnlyId = (await t.connect('kafka', { name: 'ip quotas ro', readOnly: true })).id;
});

afterAll(async () => {
  for (const entity of [{ ip: IP4 }, { ip: IP6 }, { ip: null }]) await lift(entity);
  await t?.close();
});

it('sets connection_creation_rate on an IP, an IPv6 address and the default IP; the CLI sees them; list filters; remove', async () => {
  await alter(id, [
    { entity: { ip: IP4 }, set: { connection_creation_rate: 10 }, remove: [] },
    { entity: { ip: IP6 }, set: { connection_creation_rate: 25 }, remove: [] },
  ]);
  expect(await cliQuotas({ ip: IP4 })).toEqual({ connection_creation_rate: 10 });
  expect(await cliQuotas({ ip: IP6 })).toEqual({ connection_creation_rate: 25 });

  const exact = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { ip: { match: 'exact', name: IP4 } },
  });
  expect(exact.entries).toEqual([{ entity: { ip: IP4 }, values: { connection_creation_rate: 10 } }]);
  const anyIp = await t.router.call('kafka.quotas.list', { connectionId: id, filter: { ip: { match: 'any' } } });
  expect(anyIp.entries).toContainEqual({ entity: { ip: IP4 }, values: { connection_creation_rate: 10 } });
  expect(anyIp.entries.every((e) => e.entity.ip !== undefined)).toBe(true);
  // The unfiltered list shows IP entities too, after every user and client-id entity.
  const all = (await t.router.call('kafka.quotas.list', { connectionId: id })).entries;
  expect(all.map((e) => e.entity)).toEqual(expect.arrayContaining([{ ip: IP4 }]));
  const firstIp = all.findIndex((e) => e.entity.ip !== undefined);
  expect(all.slice(firstIp).every((e) => e.entity.ip !== undefined)).toBe(true);

  // The default IP: every address without a quota of its own.
  try {
    await alter(id, [{ entity: { ip: null }, set: { connection_creation_rate: DEFAULT_RATE }, remove: [] }]);
    expect(await cliQuotas({ ip: null })).toEqual({ connection_creation_rate: DEFAULT_RATE });
    const def = await t.router.call('kafka.quotas.list', { connectionId: id, filter: { ip: { match: 'default' } } });
    expect(def.entries).toEqual([{ entity: { ip: null }, values: { connection_creation_rate: DEFAULT_RATE } }]);
  } finally {
    await lift({ ip: null });
  }
  expect(await cliQuotas({ ip: null })).toEqual({});

  await alter(id, [
    { entity: { ip: IP4 }, set: { connection_creation_rate: 12 }, remove: [] },
    { entity: { ip: IP6 }, set: {}, remove: ['connection_creation_rate'] },
  ]);
  expect(await cliQuotas({ ip: IP4 })).toEqual({ connection_creation_rate: 12 });
  expect(await cliQuotas({ ip: IP6 })).toEqual({});
  await alter(id, [{ entity: { ip: IP4 }, set: {}, remove: ['connection_creation_rate'] }]);
  expect(await cliQuotas({ ip: IP4 })).toEqual({});
  const gone = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { ip: { match: 'exact', name: IP4 } },
  });
  expect(gone.entries).toEqual([]);
});

it('bad IP input is INVALID_INPUT with a clear message, and nothing is changed', async () => {
  const bad: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ entity: { ip: 'not-an-ip' }, set: { connection_creation_rate: 5 } }, /IPv4 or IPv6 address/],
    [{ entity: { ip: 'broker.example.com' }, set: { connection_creation_rate: 5 } }, /IPv4 or IPv6 address/],
    [{ entity: { ip: '300.1.1.1' }, set: { connection_creation_rate: 5 } }, /IPv4 or IPv6 address/],
    [{ entity: { ip: IP4, user: 'alice' }, set: { connection_creation_rate: 5 } }, /stands alone/],
    [{ entity: { ip: IP4 }, set: { producer_byte_rate: 5 } }, /not an IP quota/],
    [{ entity: { ip: IP4 }, set: {}, remove: ['request_percentage'] }, /not an IP quota/],
    [{ entity: { user: 'alice' }, set: { connection_creation_rate: 5 } }, /is an IP quota/],
    [{ entity: { ip: IP4 }, set: { connection_creation_rate: 2.5 } }, /whole number of connections/],
    [{ entity: { ip: IP4 }, set: { connection_creation_rate: 3_000_000_000 } }, /at most 2147483647/],
    [{ entity: { ip: IP4 }, set: { connection_creation_rate: 0 } }, /greater than 0/],
  ];
  for (const [entry, message] of bad) {
    await expect(
      t.router.call('kafka.quotas.alter', { connectionId: id, entries: [entry as QuotaAlteration] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
  }
  await expect(
    t.router.call('kafka.quotas.list', {
      connectionId: id,
      filter: { ip: { match: 'any' }, user: { match: 'any' } },
    }),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/Filter by IP on its own/) });
  expect(await cliQuotas({ ip: IP4 })).toEqual({});
});

it('a read-only connection lists IP quotas but refuses alter (even a preview) in core: nothing changed', async () => {
  await alter(id, [{ entity: { ip: IP4 }, set: { connection_creation_rate: 40 }, remove: [] }]);
  const listed = await t.router.call('kafka.quotas.list', {
    connectionId: readOnlyId,
    filter: { ip: { match: 'exact', name: IP4 } },
  });
  expect(listed.entries).toEqual([{ entity: { ip: IP4 }, values: { connection_creation_rate: 40 } }]);
  for (const validateOnly of [false, true]) {
    await expect(
      alter(readOnlyId, [{ entity: { ip: IP4 }, set: { connection_creation_rate: 1 }, remove: [] }], validateOnly),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(
      alter(readOnlyId, [{ entity: { ip: null }, set: { connection_creation_rate: 1 }, remove: [] }], validateOnly),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
  }
  expect(await cliQuotas({ ip: IP4 })).toEqual({ connection_creation_rate: 40 });
  expect(await cliQuotas({ ip: null })).toEqual({});
  await lift({ ip: IP4 });
  expect(await cliQuotas({ ip: IP4 })).toEqual({});
});
