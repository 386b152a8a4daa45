/**
 * Client quotas on the secure twin (`kafka-secure`, StandardAuthorizer): an
 * ordinary user (sd-plain) denied DESCRIBE_CONFIGS and ALTER_CONFIGS on the
 * cluster gets AUTH_FAILED with what it lacks, for list and for alter, and
 * the alter changes nothing. The guard ACLs are this file's own (host
 * 127.0.0.1, so they never equal the ACL test's bindings) and are removed after.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AclBinding } from '../../../src/shared/contract/kafka/acls';
import { StackdeckError } from '../../../src/shared/errors';
import { ensurePki } from '../../stack/pki.js';
import { stackPaths } from '../../stack/paths.js';
import kafkaSecure, {
  SECURE_KAFKA_PORTS as PORTS,
  SECURE_KAFKA_USERS as USERS,
} from '../../stack/servers/kafka-secure.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { tlsOf } from './harness';

let t: TestCore;
let adminId: string;
let plainId: string;
const USER = uniqueName('sd-quota-secure');
const cluster = { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL' } as const;
const GUARD: AclBinding[] = [
  { ...cluster, principal: 'User:*', host: '127.0.0.1', operation: 'ALL', permission: 'ALLOW' },
  ...(['DESCRIBE_CONFIGS', 'ALTER_CONFIGS'] as const).map((operation): AclBinding => ({
    ...cluster,
    principal: `User:${USERS.plain.username}`,
    host: '127.0.0.1',
    operation,
    permission: 'DENY',
  })),
];

async function failure(p: Promise<unknown>): Promise<StackdeckError | null> {
  try {
    await p;
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
}

beforeAll(async () => {
  await requireServer(kafkaSecure);
  const tls = tlsOf(ensurePki(stackPaths().root)).withCa;
  const sasl = (u: (typeof USERS)[keyof typeof USERS]) => ({
    mechanism: u.mechanism,
    username: u.username,
    password: { action: 'set' as const, value: u.password },
  });
  const brokers = [`127.0.0.1:${PORTS.sasl}`];
  t = await startTestCore();
  adminId = (await t.connect('kafka', { name: 'quota admin', brokers, sasl: sasl(USERS.scram512), tls })).id;
  plainId = (await t.connect('kafka', { name: 'quota plain', brokers, sasl: sasl(USERS.plain), tls })).id;
});

afterAll(async () => {
  await t?.router.call('kafka.acls.delete', { connectionId: adminId, bindings: GUARD }).catch(() => undefined);
  await t?.router
    .call('kafka.quotas.alter', {
      connectionId: adminId,
      entries: [{ entity: { user: USER }, remove: ['producer_byte_rate'] }],
    })
    .catch(() => undefined);
  await t?.close();
});

it('a user without DESCRIBE_CONFIGS / ALTER_CONFIGS on the cluster gets AUTH_FAILED saying so; nothing changed', async () => {
  await t.router.call('kafka.quotas.alter', {
    connectionId: adminId,
    entries: [{ entity: { user: USER }, set: { producer_byte_rate: 8192 } }],
  });
  await t.router.call('kafka.acls.create', { connectionId: adminId, bindings: GUARD });
  // The authorizer applies new ACLs asynchronously: wait until the list is refused.
  let listErr: StackdeckError | null = null;
  for (let i = 0; i < 40 && listErr === null; i++) {
    listErr = await failure(
      t.router.call('kafka.quotas.list', { connectionId: plainId, filter: { user: { match: 'exact', name: USER } } }),
    );
    if (listErr === null) await new Promise((r) => setTimeout(r, 250));
  }
  expect(listErr?.code).toBe('AUTH_FAILED');
  expect(listErr?.message).toMatch(/CLUSTER_AUTHORIZATION_FAILED.*DESCRIBE_CONFIGS on the cluster/);

  const alterErr = await failure(
    t.router.call('kafka.quotas.alter', {
      connectionId: plainId,
      entries: [{ entity: { user: USER }, set: { producer_byte_rate: 1 } }],
    }),
  );
  expect(alterErr?.code).toBe('AUTH_FAILED');
  expect(alterErr?.message).toMatch(/CLUSTER_AUTHORIZATION_FAILED.*ALTER_CONFIGS on the cluster/);
  const after = await t.router.call('kafka.quotas.list', {
    connectionId: adminId,
    filter: { user: { match: 'exact', name: USER } },
  });
  expect(after.entries).toEqual([{ entity: { user: USER }, values: { producer_byte_rate: 8192 } }]);
});
