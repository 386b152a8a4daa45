/**
 * Cassandra secure connect bundles: a zip built here from a test PKI (the same
 * layout as an Astra bundle: config.json, ca.crt, cert, key) becomes a draft
 * with mutual TLS whose key is a secret to set; damaged, oversized and
 * mismatched bundles are refused with a clear INVALID_INPUT.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFromSecureBundle } from '../../../../src/core/connections/bundle/secure-bundle';
import { MAX_ENTRY_BYTES, readZip } from '../../../../src/core/connections/bundle/zip';
import { StackdeckError } from '../../../../src/shared/errors';
import { ensurePki, pem, type Pki } from '../../../stack/pki.js';
import { writeZip, type ZipEntry } from '../../../support/zip-writer';

const root = mkdtempSync(join(tmpdir(), 'stackdeck-bundle-'));
let pki: Pki;
beforeAll(() => {
  pki = ensurePki(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = { host: 'db-1234.example.net', port: 29080, cql_port: 29042, keyspace: 'shop', localDC: 'dc-1' };
function bundle(over: Partial<Record<string, string | null>> = {}, deflate = true): Buffer {
  const files: Record<string, string | null> = {
    'config.json': JSON.stringify(config),
    'ca.crt': pem(pki.caCert),
    cert: pem(pki.files.client.cert),
    key: pem(pki.files.client.key),
    ...over,
  };
  return writeZip(
    Object.entries(files)
      .filter((e): e is [string, string] => e[1] !== null)
      .map(([name, data]): ZipEntry => ({ name, data, deflate })),
  );
}

function refused(fn: () => unknown): StackdeckError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StackdeckError);
    expect((err as StackdeckError).code).toBe('INVALID_INPUT');
    return err as StackdeckError;
  }
  throw new Error('expected a refusal');
}

describe('secure connect bundle', () => {
  it.each([
    ['deflated', true],
    ['stored', false],
  ])('a %s bundle becomes a Cassandra draft with mutual TLS and the key as a secret', (_n, deflate) => {
    const { draft, warnings } = draftFromSecureBundle(bundle({}, deflate), 'Astra shop');
    expect(warnings).toEqual([]);
    expect(draft).toMatchObject({
      kind: 'cassandra',
      name: 'Astra shop',
      contactPoints: ['db-1234.example.net:29042'],
      cloudMetadata: 'db-1234.example.net:29080',
      localDataCenter: 'dc-1',
      keyspace: 'shop',
      tls: {
        enabled: true,
        insecureSkipVerify: false,
        ca: pem(pki.caCert),
        cert: pem(pki.files.client.cert),
        key: { action: 'set', value: pem(pki.files.client.key) },
      },
    });
  });

  it("a self-managed cluster's bundle (cql_port only) names no metadata service", () => {
    const own = JSON.stringify({ host: '10.0.0.5', cql_port: 9142, localDC: 'dc-1' });
    expect(draftFromSecureBundle(bundle({ 'config.json': own })).draft).toMatchObject({
      contactPoints: ['10.0.0.5:9142'],
      cloudMetadata: '',
    });
  });

  it('reads files inside a top-level folder too', () => {
    const zip = writeZip([
      { name: 'bundle/', data: '' },
      { name: 'bundle/config.json', data: JSON.stringify(config) },
      { name: 'bundle/ca.crt', data: pem(pki.caCert) },
      { name: 'bundle/cert', data: pem(pki.files.client.cert) },
      { name: 'bundle/key', data: pem(pki.files.client.key) },
    ]);
    expect(draftFromSecureBundle(zip).draft).toMatchObject({ contactPoints: ['db-1234.example.net:29042'] });
  });

  it('warns about a missing data centre and an invalid keyspace', () => {
    const { draft, warnings } = draftFromSecureBundle(
      bundle({ 'config.json': JSON.stringify({ host: 'h.example', cql_port: 9142, keyspace: 'bad-name' }) }),
    );
    expect(draft).toMatchObject({ localDataCenter: 'datacenter1', keyspace: '' });
    expect(warnings.join(' ')).toMatch(/no data centre.*not a valid keyspace/);
  });

  it('refuses what is not a bundle, with what is wrong', () => {
    expect(refused(() => draftFromSecureBundle(Buffer.from('not a zip at all, just text'))).message).toMatch(
      /not a zip/,
    );
    expect(refused(() => draftFromSecureBundle(bundle({ 'config.json': null }))).message).toMatch(/no config\.json/);
    expect(refused(() => draftFromSecureBundle(bundle({ 'config.json': '{' }))).message).toMatch(/not valid JSON/);
    expect(refused(() => draftFromSecureBundle(bundle({ key: null }))).message).toMatch(/lacks ca\.crt, cert or key/);
    expect(refused(() => draftFromSecureBundle(bundle({ 'ca.crt': 'garbage' }))).message).toMatch(/ca\.crt is not/);
    expect(refused(() => draftFromSecureBundle(bundle({ key: pem(pki.files['other-client'].key) }))).message).toMatch(
      /does not belong to its cert/,
    );
    expect(
      refused(() => draftFromSecureBundle(bundle({ 'config.json': JSON.stringify({ host: 'h', cql_port: 0 }) })))
        .message,
    ).toMatch(/cql_port/);
  });

  it('bounds memory: a zip bomb entry and an oversized bundle are refused', () => {
    const bomb = writeZip([{ name: 'config.json', data: Buffer.alloc(MAX_ENTRY_BYTES * 8, 0x20), deflate: true }]);
    expect(bomb.length).toBeLessThan(MAX_ENTRY_BYTES);
    expect(refused(() => draftFromSecureBundle(bomb)).message).toMatch(/larger than/);
    expect(refused(() => draftFromSecureBundle(Buffer.alloc(2 * 1024 * 1024))).message).toMatch(/a few KB/);
    const many = writeZip(Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, data: 'x' })));
    expect(() => readZip(many)).toThrow(/40 entries/);
  });
});
