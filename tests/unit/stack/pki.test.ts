/**
 * The secure stack's test PKI (tests/stack/pki.ts), generated into a temporary
 * root: every certificate is what the matrix tests rely on (who signed it, for
 * which names, valid when), and a second call changes nothing (servers started
 * earlier keep matching the files).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePki, type Pki } from '../../stack/pki.js';

const root = mkdtempSync(join(tmpdir(), 'stackdeck-pki-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let pki: Pki;
const cert = (name: keyof Pki['files']): X509Certificate => new X509Certificate(readFileSync(pki.files[name].cert));

describe('test PKI', () => {
  it('generates the CA, server, wrong-host, expired and client certificates and a second CA', () => {
    pki = ensurePki(root);
    const ca = cert('ca');
    const other = cert('other-ca');
    expect(ca.ca).toBe(true);
    expect(other.ca).toBe(true);
    expect(ca.subject).toContain('CN=Stackdeck Test CA');

    const server = cert('server');
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 86_400_000);

    const wrong = cert('wronghost');
    expect(wrong.verify(ca.publicKey)).toBe(true);
    expect(wrong.checkIP('127.0.0.1')).toBeUndefined();
    expect(wrong.checkHost('localhost')).toBeUndefined();
    expect(wrong.checkHost('wrong.example')).toBe('wrong.example');

    const expired = cert('expired');
    expect(expired.verify(ca.publicKey)).toBe(true);
    expect(expired.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());

    const client = cert('client');
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    expect(cert('other-client').verify(other.publicKey)).toBe(true);
    expect(cert('other-client').verify(ca.publicKey)).toBe(false);
  });

  it('is idempotent, and regenerates a set with a file missing as a whole', () => {
    const before = statSync(pki.files.ca.cert).mtimeMs;
    const caText = readFileSync(pki.caCert, 'utf8');
    ensurePki(root);
    expect(statSync(pki.files.ca.cert).mtimeMs).toBe(before);
    expect(readFileSync(pki.caCert, 'utf8')).toBe(caText);

    unlinkSync(pki.files.client.key);
    ensurePki(root);
    const newCa = new X509Certificate(readFileSync(pki.caCert));
    expect(readFileSync(pki.caCert, 'utf8')).not.toBe(caText);
    // Everything chains to the new CA, not a mix of old and new.
    expect(cert('server').verify(newCa.publicKey)).toBe(true);
    expect(cert('client').verify(newCa.publicKey)).toBe(true);
  });
});
