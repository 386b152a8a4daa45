/**
 * SCRAM users through the router on `kafka-secure` (API 50/51, our protocol
 * layer): create -> listed -> a real kafkajs client authenticates -> change
 * password (old refused, new works) -> delete -> gone; bad input changes nothing.
 */
import { readFileSync } from 'node:fs';
import kafkajs, { type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensurePki } from '../../stack/pki.js';
import { stackPaths } from '../../stack/paths.js';
import kafkaSecure, {
  SECURE_KAFKA_PORTS as PORTS,
  SECURE_KAFKA_USERS as USERS,
} from '../../stack/servers/kafka-secure.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { tlsOf } from './harness';

const { Kafka, logLevel } = kafkajs;
let t: TestCore;
let id: string;
let readOnlyId: string;
const name = uniqueName('sd-scram-new');

async function canLogIn(password: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'sd-scram-check',
    brokers: [`127.0.0.1:${PORTS.sasl}`],
    ssl: { ca: readFileSync(ensurePki(stackPaths().root).caCert, 'utf8') },
    sasl: { mechanism: 'scram-sha-512', username: name, password } as SASLOptions,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  await requireServer(kafkaSecure);
  const tls = tlsOf(ensurePki(stackPaths().root)).withCa;
  const u = USERS.scram512;
  t = await startTestCore();
  id = (
    await t.connect('kafka', {
      name: 'scram admin',
      brokers: [`127.0.0.1:${PORTS.sasl}`],
      sasl: { mechanism: u.mechanism, username: u.username, password: { action: 'set', value: u.password } },
      tls,
    })
  ).id;
  readOnlyId = (
    await t.connect('kafka', {
      name: 'scram read-only',
      brokers: [`127.0.0.1:${PORTS.sasl}`],
      sasl: { mechanism: u.mechanism, username: u.username, password: { action: 'set', value: u.password } },
      tls,
      readOnly: true,
    })
  ).id;
});
afterAll(async () => {
  await t?.router
    .call('kafka.scram.users.delete', { connectionId: id, name, mechanism: 'SCRAM-SHA-512' })
    .catch(() => undefined);
  await t?.close();
});

it('creates a user that can log in, changes its password, deletes it; bad input changes nothing', async () => {
  await expect(
    t.router.call('kafka.scram.users.upsert', {
      connectionId: id,
      name,
      mechanism: 'SCRAM-SHA-1' as 'SCRAM-SHA-512',
      password: 'x',
    }),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await expect(
    t.router.call('kafka.scram.users.upsert', {
      connectionId: id,
      name,
      mechanism: 'SCRAM-SHA-512',
      iterations: 10,
      password: 'x',
    }),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  const before = await t.router.call('kafka.scram.users.list', { connectionId: id });
  expect(before.users.map((u) => u.name)).not.toContain(name);

  const out = await t.router.call('kafka.scram.users.upsert', {
    connectionId: id,
    name,
    mechanism: 'SCRAM-SHA-512',
    password: 'first-Pw-1',
  });
  expect(JSON.stringify(out)).not.toContain('first-Pw-1');
  const listed = await t.router.call('kafka.scram.users.list', { connectionId: id });
  expect(listed.users.find((u) => u.name === name)?.credentials).toEqual([
    { mechanism: 'SCRAM-SHA-512', iterations: 8192 },
  ]);
  expect(await canLogIn('first-Pw-1')).toBe(true);

  await t.router.call('kafka.scram.users.upsert', {
    connectionId: id,
    name,
    mechanism: 'SCRAM-SHA-512',
    password: 'second-Pw-2',
  });
  expect(await canLogIn('first-Pw-1')).toBe(false);
  expect(await canLogIn('second-Pw-2')).toBe(true);

  await t.router.call('kafka.scram.users.delete', { connectionId: id, name, mechanism: 'SCRAM-SHA-512' });
  const after = await t.router.call('kafka.scram.users.list', { connectionId: id });
  expect(after.users.map((u) => u.name)).not.toContain(name);
});

it('a read-only connection lists users but refuses upsert and delete in core: no user created, none deleted', async () => {
  const admin = USERS.scram512.username;
  const before = (await t.router.call('kafka.scram.users.list', { connectionId: readOnlyId })).users.map((u) => u.name);
  expect(before).toContain(admin);
  await expect(
    t.router.call('kafka.scram.users.upsert', {
      connectionId: readOnlyId,
      name,
      mechanism: 'SCRAM-SHA-512',
      password: 'ro-Pw-1',
    }),
  ).rejects.toMatchObject({ code: 'READ_ONLY' });
  await expect(
    t.router.call('kafka.scram.users.delete', { connectionId: readOnlyId, name: admin, mechanism: 'SCRAM-SHA-512' }),
  ).rejects.toMatchObject({ code: 'READ_ONLY' });
  const after = (await t.router.call('kafka.scram.users.list', { connectionId: id })).users.map((u) => u.name);
  expect(after).toEqual(before);
  expect(await canLogIn('ro-Pw-1')).toBe(false);
});
