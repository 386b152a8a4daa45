/**
 * ACLs through the router against the secure twin (`kafka-secure`, which runs
 * StandardAuthorizer with sd-scram512 as a super user and sd-plain as an
 * ordinary one). Round trip create -> listed -> filtered -> delete preview ->
 * deleted; sd-plain refused on a topic, then allowed after an ACL; sd-plain
 * refused CreateAcls; bad input refused with nothing changed; a read-only
 * connection refused in core. The oracle is a plain kafkajs admin, not
 * Stackdeck's own reads.
 */
import { readFileSync } from 'node:fs';
import kafkajs, { type Admin, type Kafka as KafkaClient, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

let t: TestCore;
let adminId: string;
let plainId: string;
let readOnlyId: string;
let oracle: Admin;
let plainClient: KafkaClient;
const topic = uniqueName('sd-acl-topic');
const principal = `User:${uniqueName('sd-acl-user')}`;

type U = (typeof USERS)[keyof typeof USERS];
const client = (u: U): KafkaClient =>
  new Kafka({
    clientId: 'sd-acl-oracle',
    brokers: [`127.0.0.1:${PORTS.sasl}`],
    ssl: { ca: readFileSync(ensurePki(stackPaths().root).caCert, 'utf8') },
    // One of the three mechanisms; kafkajs types each as its own literal.
    sasl: { mechanism: u.mechanism, username: u.username, password: u.password } as SASLOptions,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the call to fail');
}

/** Every ACL the broker holds for `principal`, read by kafkajs. */
async function oracleAcls(who: string): Promise<number> {
  const res = await oracle.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal: who,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return res.resources.reduce((n, r) => n + r.acls.length, 0);
}

const binding = (over: Partial<AclBinding> = {}): AclBinding => ({
  resourceType: 'TOPIC',
  resourceName: topic,
  patternType: 'LITERAL',
  principal,
  host: '*',
  operation: 'READ',
  permission: 'ALLOW',
  ...over,
});

beforeAll(async () => {
  await requireServer(kafkaSecure);
  const tls = tlsOf(ensurePki(stackPaths().root)).withCa;
  const sasl = (u: U) => ({
    mechanism: u.mechanism,
    username: u.username,
    password: { action: 'set' as const, value: u.password },
  });
  const brokers = [`127.0.0.1:${PORTS.sasl}`];
  t = await startTestCore();
  adminId = (await t.connect('kafka', { name: 'acl admin', brokers, sasl: sasl(USERS.scram512), tls })).id;
  plainId = (await t.connect('kafka', { name: 'acl plain', brokers, sasl: sasl(USERS.plain), tls })).id;
  readOnlyId = (await t.connect('kafka', { name: 'acl ro', brokers, sasl: sasl(USERS.scram512), tls, readOnly: true }))
    .id;
  oracle = client(USERS.scram512).admin();
  await oracle.connect();
  await oracle.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
  plainClient = client(USERS.plain);
});

afterAll(async () => {
  // Leave the shared broker as it was: no ACL of this file's principals or topic stays behind.
  if (oracle) {
    for (const who of [principal, `User:${USERS.plain.username}`, 'User:*']) {
      await oracle
        .deleteAcls({
          filters: [
            {
              resourceType: AclResourceTypes.ANY,
              resourcePatternType: ResourcePatternTypes.ANY,
              principal: who,
              operation: AclOperationTypes.ANY,
              permissionType: AclPermissionTypes.ANY,
              ...(who === 'User:*' ? { resourceName: 'kafka-cluster' } : {}),
            },
          ],
        })
        .catch(() => undefined);
    }
    await oracle.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await oracle.disconnect();
  }
  await t?.close();
});

describe('ACL round trip', () => {
  it('creates, lists, filters, previews a delete and deletes exactly the previewed bindings', async () => {
    const read = binding();
    const write = binding({ operation: 'WRITE', permission: 'DENY', host: '127.0.0.1' });
    const prefixed = binding({ patternType: 'PREFIXED', resourceName: `${topic}-`, operation: 'DESCRIBE' });
    const created = await t.router.call('kafka.acls.create', {
      connectionId: adminId,
      bindings: [read, write, prefixed],
    });
    expect(created.created).toHaveLength(3);
    expect(await oracleAcls(principal)).toBe(3);

    const all = await t.router.call('kafka.acls.list', { connectionId: adminId, filter: { principal } });
    expect(all.bindings).toHaveLength(3);
    expect(all.bindings).toEqual(expect.arrayContaining([read, write, prefixed]));

    const byOp = await t.router.call('kafka.acls.list', {
      connectionId: adminId,
      filter: { principal, operation: 'WRITE' },
    });
    expect(byOp.bindings).toEqual([write]);
    const byPattern = await t.router.call('kafka.acls.list', {
      connectionId: adminId,
      filter: { principal, patternType: 'PREFIXED' },
    });
    expect(byPattern.bindings).toEqual([prefixed]);
    const byHost = await t.router.call('kafka.acls.list', {
      connectionId: adminId,
      filter: { principal, host: '127.0.0.1' },
    });
    expect(byHost.bindings).toEqual([write]);
    const byPermission = await t.router.call('kafka.acls.list', {
      connectionId: adminId,
      filter: { principal, permission: 'ALLOW', resourceType: 'TOPIC', resourceName: topic, patternType: 'LITERAL' },
    });
    expect(byPermission.bindings).toEqual([read]);

    // The preview is a list; the delete takes exactly what it showed (the prefixed binding stays).
    const preview = await t.router.call('kafka.acls.list', {
      connectionId: adminId,
      filter: { principal, resourceName: topic, patternType: 'LITERAL' },
    });
    expect(preview.bindings).toHaveLength(2);
    const deleted = await t.router.call('kafka.acls.delete', { connectionId: adminId, bindings: preview.bindings });
    expect(deleted.deleted).toEqual(expect.arrayContaining(preview.bindings));
    expect(deleted.deleted).toHaveLength(2);
    expect(await oracleAcls(principal)).toBe(1);
    await t.router.call('kafka.acls.delete', { connectionId: adminId, bindings: [prefixed] });
    expect(await oracleAcls(principal)).toBe(0);
  });
});

describe('authorization', () => {
  it('refuses sd-plain on a topic with ACLs, then allows it after an ACL for it', async () => {
    const plainAdmin = plainClient.admin();
    await plainAdmin.connect();
    try {
      // Any ACL on the topic ends "allow everyone if no ACL found" for it.
      await t.router.call('kafka.acls.create', { connectionId: adminId, bindings: [binding()] });
      await expect(plainAdmin.fetchTopicMetadata({ topics: [topic] })).rejects.toMatchObject({
        type: 'TOPIC_AUTHORIZATION_FAILED',
      });
      const mine = binding({ principal: `User:${USERS.plain.username}`, operation: 'DESCRIBE' });
      await t.router.call('kafka.acls.create', { connectionId: adminId, bindings: [mine] });
      let md: Awaited<ReturnType<Admin['fetchTopicMetadata']>> | null = null;
      // StandardAuthorizer applies the new record asynchronously: give it a moment.
      for (let i = 0; i < 20 && md === null; i++) {
        md = await plainAdmin.fetchTopicMetadata({ topics: [topic] }).catch(async () => {
          await new Promise((r) => setTimeout(r, 200));
          return null;
        });
      }
      expect(md?.topics[0]?.name).toBe(topic);
      await t.router.call('kafka.acls.delete', { connectionId: adminId, bindings: [binding(), mine] });
    } finally {
      await plainAdmin.disconnect();
    }
  });

  it('a non-super user trying to create an ACL gets AUTH_FAILED (CLUSTER_AUTHORIZATION_FAILED), nothing created', async () => {
    // Everyone keeps every cluster operation except sd-plain's ALTER (what CreateAcls needs); one request, so no
    // moment where the cluster resource has ACLs but not the ALLOW for everyone.
    const cluster = { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL' } as const;
    const guard: AclBinding[] = [
      binding({ ...cluster, principal: 'User:*', operation: 'ALL', permission: 'ALLOW' }),
      binding({ ...cluster, principal: `User:${USERS.plain.username}`, operation: 'ALTER', permission: 'DENY' }),
    ];
    await t.router.call('kafka.acls.create', { connectionId: adminId, bindings: guard });
    try {
      let err: StackdeckError | null = null;
      for (let i = 0; i < 20 && err === null; i++) {
        const e = await failure(
          t.router.call('kafka.acls.create', { connectionId: plainId, bindings: [binding()] }),
        ).catch(async () => {
          // Not yet refused (the authorizer had not applied the guard): undo that create and retry.
          await oracle.deleteAcls({ filters: [{ ...toKafka(binding()) }] });
          await new Promise((r) => setTimeout(r, 200));
          return null;
        });
        err = e;
      }
      expect(err?.code).toBe('AUTH_FAILED');
      expect(err?.message).toMatch(/CLUSTER_AUTHORIZATION_FAILED/);
      expect(await oracleAcls(principal)).toBe(0);
    } finally {
      await t.router.call('kafka.acls.delete', { connectionId: adminId, bindings: guard });
    }
  });
});

const toKafka = (b: AclBinding) => ({
  resourceType: AclResourceTypes[b.resourceType],
  resourceName: b.resourceName,
  resourcePatternType: ResourcePatternTypes[b.patternType],
  principal: b.principal,
  host: b.host,
  operation: AclOperationTypes[b.operation],
  permissionType: AclPermissionTypes[b.permission],
});

describe('bad input and read-only', () => {
  it.each([
    ['an operation that does not apply', binding({ operation: 'IDEMPOTENT_WRITE' }), /does not apply to a TOPIC/],
    ['a principal without a type', binding({ principal: 'alice' }), /"Type:name"/],
    ['a host name', binding({ host: 'example.com' }), /one IP address/],
    ['a cluster under another name', binding({ resourceType: 'CLUSTER', operation: 'ALTER' }), /kafka-cluster/],
  ])('refuses %s, nothing created', async (_what, bad, message) => {
    const err = await failure(
      t.router.call('kafka.acls.create', {
        connectionId: adminId,
        bindings: [binding({ operation: 'DESCRIBE' }), bad],
      }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(message);
    expect(await oracleAcls(principal)).toBe(0);
  });

  it('a read-only connection refuses create and delete in core', async () => {
    for (const name of ['kafka.acls.create', 'kafka.acls.delete'] as const) {
      const err = await failure(t.router.call(name, { connectionId: readOnlyId, bindings: [binding()] }));
      expect(err.code).toBe('READ_ONLY');
    }
    expect(await oracleAcls(principal)).toBe(0);
    // Reading stays allowed.
    expect(
      (await t.router.call('kafka.acls.list', { connectionId: readOnlyId, filter: { principal } })).bindings,
    ).toEqual([]);
  });
});
