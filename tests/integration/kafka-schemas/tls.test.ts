/**
 * A Schema Registry behind https gets the Kafka connection's TLS settings, as
 * the Connect worker does: the trusted CA, or verification turned off. The
 * registry here is the stack's real one behind an https proxy with the stack's
 * test PKI (server certificate for 127.0.0.1 signed by the test CA).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaRegistryTarget } from '../../../src/core/connections/clients/kafka';
import { schemaRegistryClient } from '../../../src/core/kafka/schemaRegistry/client';
import { StackdeckError } from '../../../src/shared/errors';
import { stackPaths } from '../../stack/paths.js';
import { ensurePki, pem } from '../../stack/pki.js';
import kafka from '../../stack/servers/kafka.js';
import schemaRegistry from '../../stack/servers/schema-registry.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer } from '../helpers/servers';
import { countingProxy, type CountingProxy } from './proxy';

/** The stack's default broker: the registry needs none, a Kafka connection needs one. */
const BROKER = '127.0.0.1:9092';

const pki = ensurePki(stackPaths().root);
const CA = pem(pki.caCert);
const OTHER_CA = pem(pki.otherCaCert);
const tls = (over: Partial<SchemaRegistryTarget['tls']> = {}): SchemaRegistryTarget['tls'] => ({
  enabled: false,
  ca: '',
  cert: '',
  key: '',
  keyPassphrase: '',
  insecureSkipVerify: false,
  serverName: '',
  ...over,
});
const target = (url: string, t: SchemaRegistryTarget['tls']): SchemaRegistryTarget => ({
  url,
  auth: 'none',
  username: '',
  password: '',
  token: '',
  tls: t,
});

let proxy: CountingProxy;
let core: TestCore;

beforeAll(async () => {
  await Promise.all([requireServer(kafka), requireServer(schemaRegistry)]);
  proxy = await countingProxy({ cert: pem(pki.files.server.cert), key: pem(pki.files.server.key) });
  core = await startTestCore();
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await core?.close();
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

describe('https Schema Registry', () => {
  it('trusts the connection CA, and refuses a certificate from another CA or the system store alone', async () => {
    expect(Array.isArray(await schemaRegistryClient(target(proxy.url, tls({ ca: CA }))).subjects())).toBe(true);
    const other = await failure(schemaRegistryClient(target(proxy.url, tls({ ca: OTHER_CA }))).subjects());
    expect(other.code).toBe('TLS');
    expect(other.message).toContain(proxy.url);
    const none = await failure(schemaRegistryClient(target(proxy.url, tls())).subjects());
    expect(none.code).toBe('TLS');
  });

  it('skips verification only when the connection says so', async () => {
    const skip = schemaRegistryClient(target(proxy.url, tls({ insecureSkipVerify: true })));
    expect(Array.isArray(await skip.subjects())).toBe(true);
  });

  it('through the router: a Kafka connection with the CA in its TLS settings lists the subjects', async () => {
    const before = proxy.seen.length;
    const id = (
      await core.connect('kafka', {
        brokers: [BROKER],
        tls: { enabled: false, ca: CA },
        schemaRegistry: { url: proxy.url },
      })
    ).id;
    const list = await core.router.call('kafka.schemas.subjects.list', { connectionId: id, limit: 1 });
    expect(list.url).toBe(proxy.url);
    expect(proxy.seen.length).toBeGreaterThan(before);
  });
});
