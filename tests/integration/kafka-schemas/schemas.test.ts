/**
 * kafka.schemas.* through the router of the whole core, against the stack's
 * real Schema Registry (Apicurio 3.3.3, Confluent API on 127.0.0.1:8081/apis/ccompat/v7):
 * Avro v1, a compatible v2, an incompatible v3 refused with the registry's
 * reason; Protobuf and JSON Schema subjects; compatibility levels; soft and
 * hard deletes; and the registry token bound to the URL it was saved for.
 * What is stored is read back with plain fetch from the registry's REST API.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackdeckError } from '../../../src/shared/errors';
import kafka from '../../stack/servers/kafka.js';
import schemaRegistry, { SCHEMA_REGISTRY_URL } from '../../stack/servers/schema-registry.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';
import { countingProxy, type CountingProxy } from './proxy';

/** The stack's default broker: the registry needs none, a Kafka connection needs one. */
const BROKER = '127.0.0.1:9092';

let t: TestCore;
let id: string;
const subjects: string[] = [];
const newSubject = (p = 'sd-schemas'): string => {
  const s = uniqueName(p);
  subjects.push(s);
  return s;
};

const record = (fields: unknown[]): string => JSON.stringify({ type: 'record', name: 'Payment', fields });
const V1 = record([{ name: 'id', type: 'long' }]);
const V2 = record([
  { name: 'id', type: 'long' },
  { name: 'currency', type: 'string', default: 'EUR' },
]);
const V3 = record([{ name: 'id', type: 'string' }]);

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the call to fail');
}

async function rest(path: string): Promise<unknown> {
  const res = await fetch(`${SCHEMA_REGISTRY_URL}${path}`, { signal: AbortSignal.timeout(10_000) });
  return res.json();
}

beforeAll(async () => {
  await Promise.all([requireServer(kafka), requireServer(schemaRegistry)]);
  t = await startTestCore();
  id = (await t.connect('kafka', { brokers: [BROKER], schemaRegistry: { url: SCHEMA_REGISTRY_URL } })).id;
}, 60_000);

afterAll(async () => {
  if (t) {
    for (const subject of subjects) {
      await t.router
        .call('kafka.schemas.delete', { connectionId: id, subject, permanent: true, confirmName: subject })
        .catch(() => undefined);
    }
    await t.close();
  }
});

describe('Avro versions and compatibility', () => {
  const s = newSubject('sd-schemas-avro');
  let v1Id = 0;

  it('registers v1 and a compatible v2, listed with their latest version and type', async () => {
    const r1 = await t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V1 } });
    expect(r1).toMatchObject({ subject: s, version: 1 });
    v1Id = r1.id;
    const check = await t.router.call('kafka.schemas.check', { connectionId: id, subject: s, schema: { schema: V2 } });
    expect(check).toMatchObject({ compatible: true, level: 'BACKWARD' });
    const r2 = await t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V2 } });
    expect(r2).toMatchObject({ subject: s, version: 2 });
    const list = await t.router.call('kafka.schemas.subjects.list', { connectionId: id, limit: 5000 });
    expect(list.url).toBe(SCHEMA_REGISTRY_URL);
    expect(list.subjects.find((x) => x.subject === s)).toMatchObject({
      latestVersion: 2,
      latestId: r2.id,
      schemaType: 'AVRO',
      versionCount: 2,
    });
    expect(await rest(`/subjects/${s}/versions`)).toEqual([1, 2]);
  });

  it('checks an incompatible v3 as incompatible, and register refuses it with the registry reason', async () => {
    const check = await t.router.call('kafka.schemas.check', { connectionId: id, subject: s, schema: { schema: V3 } });
    expect(check.compatible).toBe(false);
    // Apicurio's Confluent API gives the verdict only; the reasons come from its own dry run, which stores nothing.
    expect(check.messages).toContain('reader type: STRING not compatible with writer type: LONG at /fields/0/type');
    expect(await rest(`/subjects/${s}/versions`)).toEqual([1, 2]);
    const err = await failure(
      t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V3 } }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.detail?.registryErrorCode).toBe(409);
    expect(err.message).toMatch(/Incompatible.*reader type: STRING not compatible with writer type: LONG/);
    expect(err.message).not.toMatch(/RuleViolationException/);
    expect(await rest(`/subjects/${s}/versions`)).toEqual([1, 2]);
  });

  it('gets a version, diffs two with pretty-printed text, and finds the subjects of an id', async () => {
    const v = await t.router.call('kafka.schemas.versions.get', { connectionId: id, subject: s, version: 1 });
    expect(v).toMatchObject({ subject: s, version: 1, id: v1Id, schemaType: 'AVRO', references: [] });
    const d = await t.router.call('kafka.schemas.versions.diff', { connectionId: id, subject: s, from: 1, to: 2 });
    expect(d.fromText).toBe(JSON.stringify(JSON.parse(V1), null, 2));
    expect(d.toText).toContain('"currency"');
    const byId = await t.router.call('kafka.schemas.byId', { connectionId: id, id: v1Id });
    expect(byId.usedBy).toEqual([{ subject: s, version: 1 }]);
    expect(byId.schema).toBe(v.schema);
  });

  it('sets the subject level (removal checked), and reads and sets the global one', async () => {
    const set = await t.router.call('kafka.schemas.compatibility.set', { connectionId: id, subject: s, level: 'NONE' });
    expect(set.subject).toBe('NONE');
    expect(await rest(`/config/${s}`)).toEqual({ compatibilityLevel: 'NONE' });
    // Under NONE the incompatible v3 is accepted.
    const check = await t.router.call('kafka.schemas.check', { connectionId: id, subject: s, schema: { schema: V3 } });
    expect(check).toMatchObject({ compatible: true, level: 'NONE' });
    // Removing the subject's own level: Apicurio's ccompat DELETE /config/{subject} answers but keeps
    // the level (Confluent removes it). Stackdeck checks, and says so instead of reporting success.
    const kept = await failure(
      t.router.call('kafka.schemas.compatibility.set', { connectionId: id, subject: s, level: null }),
    );
    expect(kept).toMatchObject({ code: 'SERVER_ERROR', detail: { reason: 'compatibility-not-removed' } });
    expect(await rest(`/config/${s}`)).toEqual({ compatibilityLevel: 'NONE' });
    await t.router.call('kafka.schemas.compatibility.set', { connectionId: id, subject: s, level: 'BACKWARD' });
    expect(await rest(`/config/${s}`)).toEqual({ compatibilityLevel: 'BACKWARD' });
    // The global level is shared with every other test of the stack: set it to what it is, and read it back.
    const before = await t.router.call('kafka.schemas.compatibility.get', { connectionId: id });
    expect(before.global).toBe('BACKWARD');
    const after = await t.router.call('kafka.schemas.compatibility.set', { connectionId: id, level: 'BACKWARD' });
    expect(after.global).toBe('BACKWARD');
    const bad = await failure(
      t.router.call('kafka.schemas.compatibility.set', { connectionId: id, level: 'SIDEWAYS' as never }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
  });
});

describe('Protobuf and JSON Schema', () => {
  it('registers a Protobuf subject and refuses a changed field type with the reason', async () => {
    const s = newSubject('sd-schemas-proto');
    const proto = 'syntax = "proto3";\npackage sd;\nmessage Order { string id = 1; int64 cents = 2; }\n';
    const r = await t.router.call('kafka.schemas.register', {
      connectionId: id,
      subject: s,
      schema: { schemaType: 'PROTOBUF', schema: proto },
    });
    const v = await t.router.call('kafka.schemas.versions.get', { connectionId: id, subject: s, version: 'latest' });
    expect(v).toMatchObject({ id: r.id, schemaType: 'PROTOBUF' });
    expect(v.schema).toContain('message Order');
    const err = await failure(
      t.router.call('kafka.schemas.register', {
        connectionId: id,
        subject: s,
        schema: { schemaType: 'PROTOBUF', schema: proto.replace('string id', 'int32 id') },
      }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/Field type changed/);
    const check = await t.router.call('kafka.schemas.check', {
      connectionId: id,
      subject: s,
      schema: { schemaType: 'PROTOBUF', schema: proto.replace('string id', 'int32 id') },
    });
    expect(check.compatible).toBe(false);
    expect(check.messages.join('\n')).toMatch(/Field type changed/);
  });

  it('registers a JSON Schema subject, typed JSON in the list', async () => {
    const s = newSubject('sd-schemas-json');
    const schema = JSON.stringify({ type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] });
    await t.router.call('kafka.schemas.register', {
      connectionId: id,
      subject: s,
      schema: { schemaType: 'JSON', schema },
    });
    const list = await t.router.call('kafka.schemas.subjects.list', { connectionId: id, limit: 5000 });
    expect(list.subjects.find((x) => x.subject === s)).toMatchObject({ schemaType: 'JSON', latestVersion: 1 });
  });

  it('refuses text that is no schema with the registry message, and stores nothing', async () => {
    const s = newSubject('sd-schemas-bad');
    const err = await failure(
      t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: '{not json' } }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.detail?.registryErrorCode).toBe(42201);
    expect(await rest('/subjects?deleted=true')).not.toContain(s);
  });
});

describe('deletes', () => {
  it('soft-deletes a version (still listed with deleted), then hard-deletes it', async () => {
    const s = newSubject('sd-schemas-del');
    await t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V1 } });
    await t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V2 } });
    const soft = await t.router.call('kafka.schemas.delete', { connectionId: id, subject: s, version: 1 });
    expect(soft).toEqual({ subject: s, deletedVersions: [1], permanent: false });
    expect(await rest(`/subjects/${s}/versions`)).toEqual([2]);
    const listed = await t.router.call('kafka.schemas.versions.list', { connectionId: id, subject: s, deleted: true });
    expect(listed).toEqual({ subject: s, versions: [2], deleted: [1] });
    await t.router.call('kafka.schemas.delete', {
      connectionId: id,
      subject: s,
      version: 1,
      permanent: true,
      confirmName: s,
    });
    expect(await rest(`/subjects/${s}/versions?deleted=true`)).toEqual([2]);
  });

  it('refuses a hard delete without the typed subject name, and deletes nothing', async () => {
    const s = newSubject('sd-schemas-del');
    await t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V1 } });
    const err = await failure(
      t.router.call('kafka.schemas.delete', { connectionId: id, subject: s, permanent: true, confirmName: 'nope' }),
    );
    expect(err).toMatchObject({ code: 'INVALID_INPUT', detail: { field: 'confirmName' } });
    expect(await rest(`/subjects/${s}/versions`)).toEqual([1]);
  });

  it('soft-deletes a subject, then hard-deletes it in one step (soft first, as the registry needs)', async () => {
    const s = newSubject('sd-schemas-del');
    await t.router.call('kafka.schemas.register', { connectionId: id, subject: s, schema: { schema: V1 } });
    const soft = await t.router.call('kafka.schemas.delete', { connectionId: id, subject: s });
    expect(soft.deletedVersions).toEqual([1]);
    expect(await rest('/subjects')).not.toContain(s);
    expect(await rest('/subjects?deleted=true')).toContain(s);
    const hard = await t.router.call('kafka.schemas.delete', {
      connectionId: id,
      subject: s,
      permanent: true,
      confirmName: s,
    });
    expect(hard.permanent).toBe(true);
    expect(await rest('/subjects?deleted=true')).not.toContain(s);
    // A subject never soft-deleted goes in one call too.
    const s2 = newSubject('sd-schemas-del');
    await t.router.call('kafka.schemas.register', { connectionId: id, subject: s2, schema: { schema: V1 } });
    await t.router.call('kafka.schemas.delete', { connectionId: id, subject: s2, permanent: true, confirmName: s2 });
    expect(await rest('/subjects?deleted=true')).not.toContain(s2);
  });
});

describe('the registry token is bound to the URL it was saved for', () => {
  let a: CountingProxy;
  let b: CountingProxy;
  const token = `sd-token-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    [a, b] = await Promise.all([countingProxy(), countingProxy()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('sends it to its registry; an edit pointing elsewhere with "keep" is refused and nothing reaches the other URL', async () => {
    const saved = await t.connect('kafka', {
      name: 'sd-registry-token',
      brokers: [BROKER],
      schemaRegistry: { url: a.url, auth: 'bearer', token: { action: 'set', value: token } },
    });
    expect(saved.kind === 'kafka' && saved.schemaRegistry.token).toEqual({ set: true });
    await t.router.call('kafka.schemas.subjects.list', { connectionId: saved.id, limit: 1 });
    expect(a.seen.length).toBeGreaterThan(0);
    expect(a.seen.every((r) => r.authorization === `Bearer ${token}`)).toBe(true);

    const err = await failure(
      t.router.call('connections.profiles.update', {
        id: saved.id,
        draft: {
          kind: 'kafka',
          name: 'sd-registry-token',
          brokers: [BROKER],
          schemaRegistry: { url: b.url, auth: 'bearer', token: { action: 'keep' } },
        },
      }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.detail?.reason).toBe('secret-endpoint-changed');
    expect(err.message).toMatch(/Schema Registry token.*Schema Registry URL changed/);
    expect(err.message).not.toContain(token);
    await t.router.call('kafka.schemas.subjects.list', { connectionId: saved.id, limit: 1 });
    expect(b.seen).toEqual([]);
    const after = await t.router.call('connections.profiles.get', { id: saved.id });
    expect(after.kind === 'kafka' && after.schemaRegistry.url).toBe(a.url);
  });

  it('says INVALID_INPUT for a connection without a registry, UNREACHABLE for one that is not there', async () => {
    const none = (await t.connect('kafka', { brokers: [BROKER] })).id;
    const e1 = await failure(t.router.call('kafka.schemas.subjects.list', { connectionId: none }));
    expect(e1).toMatchObject({ code: 'INVALID_INPUT', detail: { reason: 'schema-registry-not-configured' } });
    const gone = (await t.connect('kafka', { brokers: [BROKER], schemaRegistry: { url: 'http://127.0.0.1:1' } })).id;
    const e2 = await failure(t.router.call('kafka.schemas.subjects.list', { connectionId: gone }));
    expect(e2.code).toBe('UNREACHABLE');
  });
});
