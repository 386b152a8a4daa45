/**
 * Client quotas through the router on the plain broker (API 48/49, our
 * protocol layer). The oracle is the Kafka CLI (`kafka-configs.sh --describe
 * --entity-type users|clients`, i.e. ConfigCommand from the stack's own
 * Kafka 4.x jars), not the code under test. IP entities: ip-quotas.test.ts. Every entity is unique to
 * the run; the `<default>` entity is exercised as user U's default client id
 * (user U + client-id <default>), which throttles nobody else on this broker.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QuotaAlteration } from '../../../src/shared/contract/kafka/quotas';
import kafkaServer from '../../stack/servers/kafka.js';
import { startTestCore, type TestCore } from '../../support/core';
import { alterQuotas } from '../../../src/core/kafka/quotas/service';
import { StackdeckError } from '../../../src/shared/errors';
import { cliQuotas } from './quotaCli';
import { kafkaFixture } from './support';
import { requireServer, uniqueName } from '../helpers/servers.js';

let t: TestCore;
let id: string;
let readOnlyId: string;
const U = uniqueName('sd-quota-user');
const C = uniqueName('sd-quota-client');

const alter = (connectionId: string, entries: QuotaAlteration[], validateOnly = false) =>
  t.router.call('kafka.quotas.alter', { connectionId, entries, validateOnly });

beforeAll(async () => {
  await requireServer(kafkaServer);
  t = await startTestCore();
  id = (await t.connect('kafka', { name: 'quotas rw' })).id;
  readOnlyId = (await t.connect('kafka', { name: 'quotas ro', readOnly: true })).id;
});

afterAll(async () => {
  const all = ['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'controller_mutation_rate'] as const;
  for (const entity of [{ user: U }, { user: U, clientId: C }, { user: U, clientId: null }, { clientId: C }])
    await alter(id, [{ entity, set: {}, remove: [...all] }]).catch(() => undefined);
  await t?.close();
});

it('sets quotas on a user, a user+client-id pair and a default entity; the CLI sees them; list filters; remove', async () => {
  await alter(id, [
    { entity: { user: U }, set: { producer_byte_rate: 1_048_576, request_percentage: 12.5 }, remove: [] },
    { entity: { user: U, clientId: C }, set: { consumer_byte_rate: 2048 }, remove: [] },
    { entity: { user: U, clientId: null }, set: { controller_mutation_rate: 7.5 }, remove: [] },
    { entity: { clientId: C }, set: { producer_byte_rate: 4096 }, remove: [] },
  ]);
  expect(await cliQuotas({ user: U })).toEqual({ producer_byte_rate: 1_048_576, request_percentage: 12.5 });
  expect(await cliQuotas({ user: U, clientId: C })).toEqual({ consumer_byte_rate: 2048 });
  expect(await cliQuotas({ user: U, clientId: null })).toEqual({ controller_mutation_rate: 7.5 });
  expect(await cliQuotas({ clientId: C })).toEqual({ producer_byte_rate: 4096 });

  // Every entity with user U (strict off), in the service's order: user, then pairs (default client id first).
  const byUser = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { user: { match: 'exact', name: U } },
  });
  expect(byUser.entries).toEqual([
    { entity: { user: U }, values: { producer_byte_rate: 1_048_576, request_percentage: 12.5 } },
    { entity: { user: U, clientId: null }, values: { controller_mutation_rate: 7.5 } },
    { entity: { user: U, clientId: C }, values: { consumer_byte_rate: 2048 } },
  ]);
  const strict = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { user: { match: 'exact', name: U }, strict: true },
  });
  expect(strict.entries.map((e) => e.entity)).toEqual([{ user: U }]);
  const defaultClient = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { user: { match: 'exact', name: U }, clientId: { match: 'default' } },
  });
  expect(defaultClient.entries.map((e) => e.entity)).toEqual([{ user: U, clientId: null }]);
  const anyClient = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { clientId: { match: 'any' }, strict: true },
  });
  expect(anyClient.entries).toContainEqual({ entity: { clientId: C }, values: { producer_byte_rate: 4096 } });
  const all = await t.router.call('kafka.quotas.list', { connectionId: id });
  expect(all.entries.filter((e) => e.entity.user === U || e.entity.clientId === C)).toHaveLength(4);

  // Change one key and remove another in one entry.
  await alter(id, [{ entity: { user: U }, set: { producer_byte_rate: 3000 }, remove: ['request_percentage'] }]);
  expect(await cliQuotas({ user: U })).toEqual({ producer_byte_rate: 3000 });

  await alter(id, [
    { entity: { user: U }, set: {}, remove: ['producer_byte_rate'] },
    { entity: { user: U, clientId: C }, set: {}, remove: ['consumer_byte_rate'] },
    { entity: { user: U, clientId: null }, set: {}, remove: ['controller_mutation_rate'] },
    { entity: { clientId: C }, set: {}, remove: ['producer_byte_rate'] },
  ]);
  expect(await cliQuotas({ user: U })).toEqual({});
  expect(await cliQuotas({ clientId: C })).toEqual({});
  const gone = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { user: { match: 'exact', name: U } },
  });
  expect(gone.entries).toEqual([]);
});

it('validateOnly previews without changing anything', async () => {
  const out = await alter(id, [{ entity: { user: U }, set: { consumer_byte_rate: 999 }, remove: [] }], true);
  expect(out.validateOnly).toBe(true);
  expect(await cliQuotas({ user: U })).toEqual({});
});

it('bad input is INVALID_INPUT with a clear message, and nothing is changed', async () => {
  await alter(id, [{ entity: { user: U }, set: { producer_byte_rate: 5000 }, remove: [] }]);
  const bad: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ entity: { user: U }, set: { producer_byte_rate: -1 } }, /greater than 0/],
    [{ entity: { user: U }, set: { request_percentage: 0 } }, /greater than 0.*remove it/],
    [{ entity: { user: U }, set: { consumer_byte_rate: 1e300 } }, /at most/],
    [{ entity: { user: U }, set: { request_percentage: '5' } }, /number/],
    [{ entity: { user: U }, set: { producer_byte_rate: 10.5 } }, /whole number/],
    [{ entity: { user: U }, set: { fetch_rate: 10 } }, /fetch_rate|Unrecognized/],
    [{ entity: { user: U }, set: { request_percentage: 5 }, remove: ['request_percentage'] }, /both set and removed/],
    [{ entity: { user: U }, set: {}, remove: [] }, /Nothing to change/],
    [{ entity: {}, set: { request_percentage: 5 } }, /names a user, a client id/],
    [{ entity: { user: '' }, set: { request_percentage: 5 } }, /cannot be empty/],
    [{ entity: { ip: '1.2.3.4' }, set: { request_percentage: 5 } }, /not an IP quota/],
    [{ entity: { user: U }, set: { connection_creation_rate: 5 } }, /is an IP quota/],
  ];
  for (const [entry, message] of bad) {
    await expect(
      t.router.call('kafka.quotas.alter', { connectionId: id, entries: [entry as QuotaAlteration] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
  }
  // A valid entry next to an invalid one: nothing is sent, so the valid one is not applied either.
  await expect(
    t.router.call('kafka.quotas.alter', {
      connectionId: id,
      entries: [
        { entity: { user: U }, set: { producer_byte_rate: 1 }, remove: [] },
        { entity: { user: U }, set: { consumer_byte_rate: -5 }, remove: [] } as QuotaAlteration,
      ],
    }),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  expect(await cliQuotas({ user: U })).toEqual({ producer_byte_rate: 5000 });
  await alter(id, [{ entity: { user: U }, set: {}, remove: ['producer_byte_rate'] }]);
});

it('the service validates every entry on the broker before applying any (an entry only the broker refuses)', async () => {
  // Below the contract (which refuses 0 itself), so the broker's own check is what stops it.
  const f = await kafkaFixture();
  try {
    const entries: QuotaAlteration[] = [
      { entity: { clientId: C }, set: { producer_byte_rate: 1234 }, remove: [] },
      { entity: { user: U }, set: { request_percentage: 0 }, remove: [] },
    ];
    const refused: unknown = await alterQuotas(f.wire, entries, false, {}).then(
      () => 'applied',
      (e: unknown) => e,
    );
    // Compared as plain fields so a failure prints the broker's whole answer, not "StackdeckError { …(2) }".
    expect(refused instanceof StackdeckError ? { code: refused.code, message: refused.message } : refused).toEqual({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(
        /^Validating client quotas of user "sd-quota-user[^.]*INVALID_REQUEST.*greater than 0/,
      ),
    });
    expect(await cliQuotas({ clientId: C })).toEqual({});
    expect(await cliQuotas({ user: U })).toEqual({});
  } finally {
    await f.close();
  }
});

it('a read-only connection lists quotas but refuses alter (even a preview) in core: nothing changed', async () => {
  await alter(id, [{ entity: { user: U }, set: { request_percentage: 50 }, remove: [] }]);
  const listed = await t.router.call('kafka.quotas.list', {
    connectionId: readOnlyId,
    filter: { user: { match: 'exact', name: U } },
  });
  expect(listed.entries).toEqual([{ entity: { user: U }, values: { request_percentage: 50 } }]);
  for (const validateOnly of [false, true]) {
    await expect(
      alter(readOnlyId, [{ entity: { user: U }, set: { request_percentage: 1 }, remove: [] }], validateOnly),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(
      alter(readOnlyId, [{ entity: { user: U }, set: {}, remove: ['request_percentage'] }], validateOnly),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
  }
  expect(await cliQuotas({ user: U })).toEqual({ request_percentage: 50 });
  await alter(id, [{ entity: { user: U }, set: {}, remove: ['request_percentage'] }]);
  expect(await cliQuotas({ user: U })).toEqual({});
});
