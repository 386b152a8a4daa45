/**
 * The stack's Schema Registry (Apicurio 3.3.3, Confluent-compatible API on
 * 127.0.0.1:8081/apis/ccompat/v7) answers the Confluent REST API with plain
 * fetch, no Stackdeck code: register, read back by id, the global BACKWARD
 * default the stack sets, the registry's own refusal of an incompatible
 * version, and a hard delete (which Apicurio refuses unless the stack enables it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schemaRegistry, { SCHEMA_REGISTRY_URL } from '../../stack/servers/schema-registry.js';
import { requireServer, uniqueName } from '../helpers/servers.js';

const JSON_TYPE = 'application/vnd.schemaregistry.v1+json';
const subject = uniqueName('sd-stack-sr');

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${SCHEMA_REGISTRY_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': JSON_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: await res.json() };
}

const record = (fields: unknown[]): string => JSON.stringify({ type: 'record', name: 'User', fields });

beforeAll(async () => {
  await requireServer(schemaRegistry);
});

afterAll(async () => {
  await call('DELETE', `/subjects/${subject}`).catch(() => undefined);
  await call('DELETE', `/subjects/${subject}?permanent=true`).catch(() => undefined);
});

describe('schema-registry (local stack)', () => {
  it('registers an Avro schema and serves it by id and by subject', async () => {
    const reg = await call('POST', `/subjects/${subject}/versions`, { schema: record([{ name: 'id', type: 'long' }]) });
    expect(reg.status).toBe(200);
    const id = (reg.json as { id: number }).id;
    expect(id).toBeGreaterThan(0);
    const byId = await call('GET', `/schemas/ids/${id}`);
    expect(JSON.parse((byId.json as { schema: string }).schema)).toMatchObject({ name: 'User' });
    const latest = await call('GET', `/subjects/${subject}/versions/latest`);
    expect(latest.json).toMatchObject({ subject, version: 1, id });
  });

  it('defaults to BACKWARD and refuses an incompatible version with its reason', async () => {
    expect((await call('GET', '/config')).json).toEqual({ compatibilityLevel: 'BACKWARD' });
    const bad = await call('POST', `/subjects/${subject}/versions`, {
      schema: record([{ name: 'id', type: 'string' }]),
    });
    expect(bad.status).toBe(409);
    expect(bad.json).toMatchObject({ error_code: 409 });
    expect((bad.json as { message: string }).message).toMatch(/STRING not compatible with writer type: LONG/);
  });

  it('hard-deletes a soft-deleted subject', async () => {
    expect((await call('DELETE', `/subjects/${subject}`)).status).toBe(200);
    expect((await call('DELETE', `/subjects/${subject}?permanent=true`)).status).toBe(200);
    const gone = await call('GET', `/subjects?deleted=true`);
    expect(gone.json).not.toContain(subject);
  });
});
