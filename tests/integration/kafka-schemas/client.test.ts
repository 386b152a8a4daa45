/**
 * The Schema Registry client (core/kafka/schemaRegistry/client.ts) against the
 * stack's real Apicurio registry (Confluent API on 127.0.0.1:8081/apis/ccompat/v7),
 * here without the router: the seam the decoders use. The oracle for what is
 * stored is the registry's own REST API read with plain fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackdeckError } from '../../../src/shared/errors';
import { schemaRegistryClient, type SchemaRegistryClient } from '../../../src/core/kafka/schemaRegistry/client';
import type { SchemaRegistryTarget } from '../../../src/core/connections/clients/kafka';
import schemaRegistry, { SCHEMA_REGISTRY_URL } from '../../stack/servers/schema-registry.js';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { countingProxy, type CountingProxy } from './proxy';

const noTls = {
  enabled: false,
  ca: '',
  cert: '',
  key: '',
  keyPassphrase: '',
  insecureSkipVerify: false,
  serverName: '',
};
const target = (url: string, over: Partial<SchemaRegistryTarget> = {}): SchemaRegistryTarget => ({
  url,
  auth: 'none',
  username: '',
  password: '',
  token: '',
  tls: noTls,
  ...over,
});

const avro = (fields: unknown[]): string => JSON.stringify({ type: 'record', name: 'Order', fields });
const subjects: string[] = [];
const newSubject = (): string => {
  const s = uniqueName('sd-client');
  subjects.push(s);
  return s;
};

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the call to fail');
}

let client: SchemaRegistryClient;
let proxy: CountingProxy;

beforeAll(async () => {
  await requireServer(schemaRegistry);
  client = schemaRegistryClient(target(SCHEMA_REGISTRY_URL));
  proxy = await countingProxy();
});

afterAll(async () => {
  for (const s of subjects) {
    await client.deleteSubject(s).catch(() => undefined);
    await client.deleteSubject(s, { permanent: true }).catch(() => undefined);
  }
  await proxy?.close();
});

describe('schema registry client', () => {
  it('registers, lists and reads versions, by subject and by id, and the subjects of an id', async () => {
    const s = newSubject();
    const { id } = await client.register(s, {
      schemaType: 'AVRO',
      schema: avro([{ name: 'id', type: 'long' }]),
      references: [],
    });
    expect(await client.subjects()).toContain(s);
    expect(await client.versions(s)).toEqual([1]);
    const v1 = await client.schemaByVersion(s, 'latest');
    expect(v1).toMatchObject({ subject: s, version: 1, id, schemaType: 'AVRO' });
    expect((await client.schemaById(id)).schema).toBe(v1.schema);
    expect(await client.subjectVersionsForId(id)).toEqual([{ subject: s, version: 1 }]);
    // Oracle: the registry's REST API itself.
    const raw = (await (await fetch(`${SCHEMA_REGISTRY_URL}/schemas/ids/${id}`)).json()) as { schema: string };
    expect(JSON.parse(raw.schema)).toMatchObject({ name: 'Order' });
  });

  it('answers a second schemaById from its cache: the registry sees one request', async () => {
    const s = newSubject();
    const { id } = await client.register(s, {
      schemaType: 'AVRO',
      schema: avro([{ name: 'n', type: 'int' }]),
      references: [],
    });
    const viaProxy = schemaRegistryClient(target(proxy.url));
    const byId = (): number => proxy.seen.filter((r) => r.path === `/apis/ccompat/v7/schemas/ids/${id}`).length;
    const [a, b] = await Promise.all([viaProxy.schemaById(id), viaProxy.schemaById(id)]);
    const c = await viaProxy.schemaById(id);
    expect(a.schema).toBe(c.schema);
    expect(b.schema).toBe(c.schema);
    expect(byId()).toBe(1);
  });

  it('says NOT_FOUND with the registry code for an unknown id, subject and version', async () => {
    const e1 = await failure(client.schemaById(987_654_321));
    expect(e1.code).toBe('NOT_FOUND');
    expect(e1.detail?.registryErrorCode).toBe(40403);
    const e2 = await failure(client.versions(uniqueName('sd-none')));
    expect(e2.detail?.registryErrorCode).toBe(40401);
    const s = newSubject();
    await client.register(s, { schemaType: 'AVRO', schema: avro([{ name: 'x', type: 'string' }]), references: [] });
    const e3 = await failure(client.schemaByVersion(s, 7));
    expect(e3).toMatchObject({ code: 'NOT_FOUND' });
    expect(e3.detail?.registryErrorCode).toBe(40402);
  });

  it('sends the bearer token or basic credentials, and only where it is told', async () => {
    const bearer = schemaRegistryClient(target(proxy.url, { auth: 'bearer', token: 'tok-123' }));
    await bearer.subjects();
    expect(proxy.seen.at(-1)?.authorization).toBe('Bearer tok-123');
    const basic = schemaRegistryClient(target(proxy.url, { auth: 'basic', username: 'ops', password: 'pw' }));
    await basic.subjects();
    expect(proxy.seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('ops:pw').toString('base64')}`);
    const none = schemaRegistryClient(target(proxy.url, { auth: 'none', token: 'never-sent' }));
    await none.subjects();
    expect(proxy.seen.at(-1)?.authorization).toBeUndefined();
  });

  it('says UNREACHABLE for a registry that is not there, CANCELLED when aborted, INVALID_INPUT without a URL', async () => {
    const gone = schemaRegistryClient(target('http://127.0.0.1:1'));
    const e = await failure(gone.subjects());
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toContain('http://127.0.0.1:1');
    const ac = new AbortController();
    ac.abort();
    expect((await failure(client.subjects({ signal: ac.signal }))).code).toBe('CANCELLED');
    expect(() => schemaRegistryClient(target(''))).toThrow(/no Schema Registry URL/);
  });
});
