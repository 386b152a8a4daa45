/**
 * Client quotas on Kafka 4.4 (`kafka-4`), through the router: the same
 * requests (DescribeClientQuotas / AlterClientQuotas v1) a 3.9 broker gets in
 * tests/integration/kafka/quotas.test.ts, checked with the 4.4
 * `kafka-configs.sh` (org.apache.kafka.tools.ConfigCommand from the same jars).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import kafka4, { KAFKA_4_BOOTSTRAP } from '../../stack/servers/kafka-4.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { runCli4 } from './helpers';

let t: TestCore;
let id: string;
const USER = uniqueName('sd-quota4-user');
const CLIENT = uniqueName('sd-quota4-client');

async function cli(): Promise<string> {
  const res = await runCli4('org.apache.kafka.tools.ConfigCommand', [
    '--bootstrap-server',
    KAFKA_4_BOOTSTRAP,
    '--describe',
    '--entity-type',
    'users',
    '--entity-name',
    USER,
    '--entity-type',
    'clients',
    '--entity-name',
    CLIENT,
  ]);
  if (res.code !== 0) throw new Error(`kafka-configs failed: ${res.stderr}`);
  return res.stdout.trim();
}

beforeAll(async () => {
  await requireServer(kafka4);
  t = await startTestCore();
  id = (await t.connect('kafka', { name: 'quotas 4.4', brokers: [KAFKA_4_BOOTSTRAP] })).id;
});

afterAll(async () => {
  await t?.router
    .call('kafka.quotas.alter', {
      connectionId: id,
      entries: [{ entity: { user: USER, clientId: CLIENT }, remove: ['consumer_byte_rate', 'request_percentage'] }],
    })
    .catch(() => undefined);
  await t?.close();
});

it('sets, lists and removes the quotas of a user+client-id pair on a 4.4 broker', async () => {
  const entity = { user: USER, clientId: CLIENT };
  await t.router.call('kafka.quotas.alter', {
    connectionId: id,
    entries: [{ entity, set: { consumer_byte_rate: 65536, request_percentage: 33.5 } }],
  });
  const out = await cli();
  expect(out).toContain(`user-principal '${USER}', client-id '${CLIENT}'`);
  expect(out).toContain('consumer_byte_rate=65536.0');
  expect(out).toContain('request_percentage=33.5');
  const listed = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { user: { match: 'exact', name: USER }, clientId: { match: 'exact', name: CLIENT }, strict: true },
  });
  expect(listed.entries).toEqual([{ entity, values: { consumer_byte_rate: 65536, request_percentage: 33.5 } }]);

  await t.router.call('kafka.quotas.alter', {
    connectionId: id,
    entries: [{ entity, remove: ['consumer_byte_rate', 'request_percentage'] }],
  });
  expect(await cli()).not.toContain('consumer_byte_rate');
  const after = await t.router.call('kafka.quotas.list', {
    connectionId: id,
    filter: { user: { match: 'exact', name: USER }, strict: false },
  });
  expect(after.entries).toEqual([]);
});
