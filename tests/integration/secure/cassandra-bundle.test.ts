/**
 * A Cassandra secure connect bundle built from the stack's test PKI, pointing
 * at the secure twin (`cassandra-secure`, 127.0.0.1:9142): imported through the
 * router like the dialog does, probed, saved (the key goes to the vault, never
 * to the profile file) and used for a real query over mutual TLS.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileDraftInput } from '../../../src/shared/contract/connections';
import cassandraSecure, {
  SECURE_CASSANDRA_PORT as PORT,
  SECURE_CASSANDRA_USER as USER,
} from '../../stack/servers/cassandra-secure.js';
import { pem } from '../../stack/pki.js';
import { writeZip } from '../../support/zip-writer';
import { requireServer, uniqueName } from '../helpers/servers.js';
import { outcome, secureHarness, type SecureHarness } from './harness';

let h: SecureHarness;
beforeAll(async () => {
  await requireServer(cassandraSecure);
  h = await secureHarness();
});
afterAll(async () => {
  await h?.close();
});

function bundleBase64(caPath: string): string {
  const zip = writeZip(
    [
      // A self-managed cluster's bundle: cql_port only (Astra's also names its metadata service's port).
      ['config.json', JSON.stringify({ host: '127.0.0.1', cql_port: PORT, localDC: 'datacenter1' })],
      ['ca.crt', pem(caPath)],
      ['cert', pem(h.pki.files.client.cert)],
      ['key', pem(h.pki.files.client.key)],
    ].map(([name = '', data = '']) => ({ name, data, deflate: true })),
  );
  return zip.toString('base64');
}

type Parsed = { draft: ProfileDraftInput & { tls: Record<string, unknown> }; warnings: string[] };
const withLogin = (d: Parsed['draft']): ProfileDraftInput =>
  ({ ...d, username: USER.username, password: { action: 'set', value: USER.password } }) as ProfileDraftInput;

describe('cassandra secure connect bundle', () => {
  it('imports, probes over TLS with the bundle CA and client certificate, saves the key in the vault, queries', async () => {
    const parsed = (await h.call('connections.profiles.parseBundle', {
      bundleBase64: bundleBase64(h.pki.caCert),
      name: uniqueName('bundle'),
    })) as Parsed;
    expect(parsed.draft).toMatchObject({ kind: 'cassandra', contactPoints: [`127.0.0.1:${PORT}`] });
    expect(parsed.draft.tls).toMatchObject({ enabled: true, key: { action: 'set' } });

    const { stages, done } = outcome(await h.probe(withLogin(parsed.draft)));
    expect(done).toMatchObject({ ok: true, warnings: [] });
    expect(stages.tls?.message).toMatch(/issued by CN=Stackdeck Test CA/);

    const p = (await h.call('connections.profiles.create', { draft: withLogin(parsed.draft) })) as Profile;
    expect(p.tls).toMatchObject({ enabled: true, key: { set: true } });
    const { client } = await h.area.registry.cassandra(p.id);
    const rs = await client.execute('SELECT release_version FROM system.local');
    expect(String(rs.first()?.get('release_version'))).toMatch(/^5\.0/);

    // The key is in the vault: not in any file of the user data directory as plain text.
    const keyLine = pem(h.pki.files.client.key).split('\n')[1] ?? '';
    for (const f of readdirSync(h.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()))
      expect(readFileSync(join(f.parentPath, f.name), 'utf8').includes(keyLine), f.name).toBe(false);
  });

  it('a bundle whose CA did not sign the server certificate fails at the TLS stage', async () => {
    const parsed = (await h.call('connections.profiles.parseBundle', {
      bundleBase64: bundleBase64(h.pki.otherCaCert),
    })) as Parsed;
    const { stages, done } = outcome(await h.probe(withLogin(parsed.draft)));
    expect(done.failedStage).toBe('tls');
    expect(stages.tls?.message).toMatch(/unknown CA/);
  });

  it('a damaged bundle is refused as INVALID_INPUT, and nothing is saved', async () => {
    const before = ((await h.call('connections.profiles.list', {})) as { profiles: unknown[] }).profiles.length;
    await expect(
      h.call('connections.profiles.parseBundle', { bundleBase64: Buffer.from('PK garbage').toString('base64') }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const after = ((await h.call('connections.profiles.list', {})) as { profiles: unknown[] }).profiles.length;
    expect(after).toBe(before);
  });
});
