/**
 * The read-only guard for kafka.schemas.*, as tests/integration/hardening/kafka-read-only.test.ts
 * does it for the broker, with the Schema Registry's state as the oracle (this
 * file's subjects with their versions, soft-deleted ones included, each
 * version's schema, the subjects' and the global compatibility level), read
 * straight from its REST API, not through Stackdeck.
 * (a) Every method flagged `writes`, with valid input, on a read-only profile:
 *     READ_ONLY, and the registry unchanged.
 * (b) Every method not flagged `writes` on a writable profile: the registry unchanged.
 * Every kafka.schemas.* method must be classified here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../src/shared/contract';
import { StackdeckError } from '../../../src/shared/errors';
import kafka from '../../stack/servers/kafka.js';
import schemaRegistry, { SCHEMA_REGISTRY_URL } from '../../stack/servers/schema-registry.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

/** The stack's default broker: the registry needs none, a Kafka connection needs one. */
const BROKER = '127.0.0.1:9092';

const S = uniqueName('sd-schemas-ro');
const NEW = `${S}-new`;
const v1 = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'long' }] });
const v2 = JSON.stringify({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'a', type: 'long' },
    { name: 'b', type: 'string', default: '' },
  ],
});
const v3 = JSON.stringify({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'a', type: 'long' },
    { name: 'c', type: 'int', default: 0 },
  ],
});

const incompatible = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] });

let t: TestCore;
let readOnlyId: string;
let writableId: string;
let v1Id = 0;

type Input = Record<string, unknown>;

const WRITERS: Record<string, () => Input> = {
  'kafka.schemas.register': () => ({ subject: S, schema: { schema: v3 } }),
  'kafka.schemas.compatibility.set': () => ({ subject: S, level: 'NONE' }),
  'kafka.schemas.delete': () => ({ subject: S, version: 2, permanent: true, confirmName: S }),
};

const READERS: Record<string, () => Input> = {
  'kafka.schemas.subjects.list': () => ({}),
  'kafka.schemas.versions.list': () => ({ subject: S, deleted: true }),
  'kafka.schemas.versions.get': () => ({ subject: S, version: 1 }),
  'kafka.schemas.versions.diff': () => ({ subject: S, from: 1, to: 'latest' }),
  'kafka.schemas.byId': () => ({ id: v1Id }),
  'kafka.schemas.compatibility.get': () => ({ subject: S }),
  // The check sends a schema but stores nothing; an incompatible one also runs Apicurio's dry run for the reasons.
  'kafka.schemas.check': () => ({ subject: S, schema: { schema: incompatible } }),
};

async function rest(path: string): Promise<unknown> {
  const res = await fetch(`${SCHEMA_REGISTRY_URL}${path}`, { signal: AbortSignal.timeout(10_000) });
  return res.json();
}

/** What any kafka.schemas method could change, for this file's subjects. */
async function snapshot(): Promise<string> {
  const all = ((await rest('/subjects?deleted=true')) as string[]).filter((s) => s.startsWith(S)).sort();
  const subjects = [];
  for (const s of all) {
    const versions = (await rest(`/subjects/${encodeURIComponent(s)}/versions?deleted=true`)) as number[];
    const live = (await rest(`/subjects/${encodeURIComponent(s)}/versions`)) as unknown;
    const texts = [];
    for (const v of Array.isArray(versions) ? versions : []) {
      texts.push(await rest(`/subjects/${encodeURIComponent(s)}/versions/${v}?deleted=true`));
    }
    subjects.push({ s, versions, live, texts, config: await rest(`/config/${encodeURIComponent(s)}`) });
  }
  return JSON.stringify({ subjects, global: await rest('/config') });
}

beforeAll(async () => {
  await Promise.all([requireServer(kafka), requireServer(schemaRegistry)]);
  t = await startTestCore();
  const profile = { brokers: [BROKER], schemaRegistry: { url: SCHEMA_REGISTRY_URL } };
  writableId = (await t.connect('kafka', { ...profile, name: `rw ${S}` })).id;
  readOnlyId = (await t.connect('kafka', { ...profile, name: `ro ${S}`, readOnly: true })).id;
  v1Id = (
    await t.router.call('kafka.schemas.register', { connectionId: writableId, subject: S, schema: { schema: v1 } })
  ).id;
  await t.router.call('kafka.schemas.register', { connectionId: writableId, subject: S, schema: { schema: v2 } });
}, 60_000);

afterAll(async () => {
  if (t) {
    for (const subject of [S, NEW]) {
      await t.router
        .call('kafka.schemas.delete', { connectionId: writableId, subject, permanent: true, confirmName: subject })
        .catch(() => undefined);
    }
    await t.close();
  }
});

async function attempt(name: string, input: Input, connectionId: string): Promise<StackdeckError | null> {
  try {
    await t.router.call(name as MethodName, { connectionId, ...input } as never);
    return null;
  } catch (e) {
    return e as StackdeckError;
  }
}

it('every kafka.schemas.* method is classified here, by the flag the guard reads', () => {
  const names = Object.keys(contract).filter((n) => n.startsWith('kafka.schemas.'));
  expect(names.filter((n) => !(n in WRITERS) && !(n in READERS))).toEqual([]);
  for (const n of names) {
    const writes = (contract as Record<string, { writes?: boolean }>)[n]?.writes === true;
    expect({ n, writes }).toEqual({ n, writes: n in WRITERS });
  }
});

describe('methods not flagged as writing leave the registry unchanged (writable profile)', () => {
  it.each(Object.keys(READERS))('%s', async (name) => {
    const before = await snapshot();
    expect(await attempt(name, (READERS[name] as () => Input)(), writableId)).toBeNull();
    expect(await snapshot()).toBe(before);
  });
});

describe('writing methods on a read-only profile: READ_ONLY and the registry unchanged', () => {
  it.each(Object.keys(WRITERS))('%s', async (name) => {
    const before = await snapshot();
    const err = await attempt(name, (WRITERS[name] as () => Input)(), readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    expect(await snapshot()).toBe(before);
  });
});

describe('the same writes on a writable profile do change the registry (the oracle sees each)', () => {
  it.each(Object.keys(WRITERS))('%s', async (name) => {
    const before = await snapshot();
    expect(await attempt(name, (WRITERS[name] as () => Input)(), writableId)).toBeNull();
    expect(await snapshot()).not.toBe(before);
  });
});
