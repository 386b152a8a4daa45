/**
 * Astra-style routing against the real secure Cassandra node: a local
 * metadata service and SNI proxy (tests/support/astra-emulator.ts) stand where
 * Astra's are; the node, its TLS, its login and CQL are real. An Astra bundle
 * (config.json with the metadata "port" beside "cql_port") is imported through
 * the router; the saved profile connects the way Astra needs it: the metadata
 * service is called with the bundle's client certificate, and every
 * connection to the proxy names the node's host id as its TLS server name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cassandraDriver from 'cassandra-driver';
import { cassandraSiblingClient } from '../../../src/core/connections';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import cassandraSecure, {
  SECURE_CASSANDRA_PORT as PORT,
  SECURE_CASSANDRA_USER as USER,
} from '../../stack/servers/cassandra-secure.js';
import { pem } from '../../stack/pki.js';
import { startAstraEmulator, type AstraEmulator } from '../../support/astra-emulator';
import { writeZip } from '../../support/zip-writer';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { outcome, secureHarness, type SecureHarness } from './harness';

let h: SecureHarness;
let astra: AstraEmulator;
let hostId: string;

beforeAll(async () => {
  await requireServer(cassandraSecure);
  h = await secureHarness();
  const direct = new cassandraDriver.Client({
    contactPoints: [`127.0.0.1:${PORT}`],
    localDataCenter: 'datacenter1',
    credentials: { username: USER.username, password: USER.password },
    sslOptions: { ca: pem(h.pki.caCert), rejectUnauthorized: true, servername: 'localhost' },
  });
  try {
    hostId = String((await direct.execute('SELECT host_id FROM system.local')).first()?.get('host_id'));
  } finally {
    await direct.shutdown();
  }
  astra = await startAstraEmulator({
    node: { host: '127.0.0.1', port: PORT },
    hostIds: [hostId],
    localDc: 'datacenter1',
    ca: pem(h.pki.caCert),
    cert: pem(h.pki.files.server.cert),
    key: pem(h.pki.files.server.key),
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await astra?.close();
});

function astraBundle(metadata: string, proxy: string): string {
  const [host, port] = metadata.split(':');
  const cqlPort = Number(proxy.split(':')[1]);
  const config = { host, port: Number(port), cql_port: cqlPort, keyspace: 'system', localDC: 'datacenter1' };
  return writeZip(
    [
      ['config.json', JSON.stringify(config)],
      ['ca.crt', pem(h.pki.caCert)],
      ['cert', pem(h.pki.files.client.cert)],
      ['key', pem(h.pki.files.client.key)],
    ].map(([name = '', data = '']) => ({ name, data, deflate: true })),
  ).toString('base64');
}

type Parsed = { draft: ProfileDraftInput & { tls: Record<string, unknown> } };
const withLogin = (d: Parsed['draft']): ProfileDraftInput =>
  ({ ...d, username: USER.username, password: { action: 'set', value: USER.password } }) as ProfileDraftInput;

describe('cassandra through Astra routing (metadata service + SNI proxy)', () => {
  let profile: Profile;
  let imported: Parsed['draft'];

  it('an Astra bundle names the metadata service; the profile connects through the proxy by host id', async () => {
    const parsed = (await h.call('connections.profiles.parseBundle', {
      bundleBase64: astraBundle(astra.metadata, astra.proxy),
      name: uniqueName('astra'),
    })) as Parsed;
    imported = parsed.draft;
    expect(parsed.draft).toMatchObject({
      kind: 'cassandra',
      contactPoints: [astra.proxy],
      cloudMetadata: astra.metadata,
      keyspace: 'system',
    });
    const { done } = outcome(await h.probe(withLogin(parsed.draft)));
    expect(done, JSON.stringify(outcome(await h.probe(withLogin(parsed.draft))).stages)).toMatchObject({ ok: true });

    profile = (await h.call('connections.profiles.create', { draft: withLogin(parsed.draft) })) as Profile;
    const before = astra.serverNames.length;
    const { client } = await h.area.registry.cassandra(profile.id);
    const row = (await client.execute('SELECT release_version, host_id FROM system.local')).first();
    expect(String(row?.get('release_version'))).toMatch(/^5\.0/);
    expect(String(row?.get('host_id'))).toBe(hostId);
    // The driver asked the metadata service with the bundle's client certificate ...
    expect(astra.clientCerts).toContain('stackdeck-client');
    // ... and reached the node through the proxy, naming it by host id as Astra routes.
    expect(astra.serverNames.slice(before)).toContain(hostId);
    expect(astra.serverNames.slice(before).every((n) => n === hostId)).toBe(true);
  });

  it('a second client on the same routing (a workbench session with another keyspace) goes the same way', async () => {
    const { client } = await h.area.registry.cassandra(profile.id);
    const before = astra.serverNames.length;
    const { authProvider } = (client as unknown as { options: { authProvider: unknown } }).options;
    const sibling = cassandraSiblingClient(client, {
      contactPoints: ['unused'],
      keyspace: 'system_schema',
      authProvider,
    } as ConstructorParameters<typeof cassandraDriver.Client>[0]);
    try {
      await sibling.connect();
      const rs = await sibling.execute('SELECT keyspace_name FROM keyspaces');
      expect(rs.rows.map((r) => String(r.get('keyspace_name')))).toContain('system');
      expect(astra.serverNames.slice(before)).toContain(hostId);
    } finally {
      await sibling.shutdown();
    }
  });

  it('pointing the saved profile at another metadata service refuses to send it the kept password', async () => {
    const id = profile.id;
    const draft = {
      ...imported,
      cloudMetadata: '127.0.0.1:1',
      username: USER.username,
      password: { action: 'keep' },
      tls: { ...imported.tls, key: { action: 'keep' } },
    } as ProfileDraftInput;
    const err = await h.call('connections.profiles.update', { id, draft }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/Astra metadata service changed/);
  });

  it("a metadata service that does not answer fails the connection with the driver's reason, nothing hangs", async () => {
    const draft = (
      (await h.call('connections.profiles.parseBundle', {
        bundleBase64: astraBundle('127.0.0.1:1', astra.proxy),
      })) as Parsed
    ).draft;
    const { done, stages } = outcome(await h.probe(withLogin(draft)));
    expect(done.ok).toBe(false);
    expect(stages.auth?.message).toMatch(/Connection refused at 127\.0\.0\.1:1/);
  });
});
