/**
 * The test PKI of the secure stack, generated with Debian's `openssl` into
 * `.stack/pki` on first use (git-ignored, never committed). Node's crypto can
 * make keys but not X.509 certificates, hence the CLI.
 *
 * - `ca`: the test CA that signs everything below.
 * - `server`: for 127.0.0.1 / localhost (what the secure servers present).
 * - `wronghost`: a valid CA-signed certificate for `wrong.example` only.
 * - `expired`: for 127.0.0.1 / localhost, valid only in 2020.
 * - `client`: a client certificate (clientAuth) for mutual TLS.
 * - `other-ca` + `other-client`: a second CA nobody trusts, and a client cert it signed.
 *
 * Idempotent: a complete set (same layout version) is left alone, so servers
 * started earlier keep matching the files. EC P-256 keys: fast to generate,
 * accepted by Redis (OpenSSL), the JVM and Node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LAYOUT = 'stackdeck-test-pki v1';

export interface Pki {
  dir: string;
  caCert: string;
  otherCaCert: string;
  /** `{ cert, key }` file paths per certificate name. */
  files: Record<PkiName, { cert: string; key: string }>;
}

export type PkiName = 'ca' | 'server' | 'wronghost' | 'expired' | 'client' | 'other-ca' | 'other-client';
const NAMES: readonly PkiName[] = ['ca', 'server', 'wronghost', 'expired', 'client', 'other-ca', 'other-client'];

export const pkiDir = (root: string): string => join(root, 'pki');

/** The file paths of the PKI under `<root>/pki`, without generating anything (for launch specs). */
export function pkiLayout(root: string): Pki {
  return layout(pkiDir(root));
}

function layout(dir: string): Pki {
  const files = Object.fromEntries(
    NAMES.map((n) => [n, { cert: join(dir, `${n}.crt`), key: join(dir, `${n}.key`) }]),
  ) as Pki['files'];
  return { dir, caCert: files.ca.cert, otherCaCert: files['other-ca'].cert, files };
}

/** The PKI under `<root>/pki`, generated when missing or incomplete. */
export function ensurePki(root: string): Pki {
  const dir = pkiDir(root);
  const pki = layout(dir);
  const marker = join(dir, 'LAYOUT');
  const complete =
    existsSync(marker) &&
    readFileSync(marker, 'utf8').trim() === LAYOUT &&
    NAMES.every((n) => existsSync(pki.files[n].cert) && existsSync(pki.files[n].key));
  if (complete) return pki;

  // Partial leftovers (an interrupted run) are regenerated as a whole so every cert chains to the same CA.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const key = (name: PkiName): void =>
    ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);

  const ca = (name: 'ca' | 'other-ca', cn: string): void => {
    key(name);
    ssl(
      'req',
      '-x509',
      '-new',
      '-key',
      `${name}.key`,
      '-sha256',
      '-days',
      '3650',
      '-subj',
      `/O=Stackdeck tests/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      `${name}.crt`,
    );
  };
  ca('ca', 'Stackdeck Test CA');
  ca('other-ca', 'Stackdeck Untrusted CA');

  // `openssl ca` (not `x509 -req`) because only it can set an arbitrary validity window (the expired cert).
  const sign = (
    name: PkiName,
    issuer: 'ca' | 'other-ca',
    cn: string,
    ext: string[],
    window?: [string, string],
  ): void => {
    key(name);
    ssl('req', '-new', '-key', `${name}.key`, '-subj', `/O=Stackdeck tests/CN=${cn}`, '-out', `${name}.csr`);
    const db = join(dir, `${issuer}-db`);
    mkdirSync(db, { recursive: true });
    if (!existsSync(join(db, 'index.txt'))) writeFileSync(join(db, 'index.txt'), '');
    const conf = [
      '[ca]',
      'default_ca = test',
      '[test]',
      `database = ${join(db, 'index.txt')}`,
      `new_certs_dir = ${db}`,
      'rand_serial = yes',
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      'copy_extensions = none',
      '[any]',
      'O = optional',
      'CN = supplied',
      '[ext]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      ...ext,
    ].join('\n');
    writeFileSync(join(dir, `${name}.cnf`), `${conf}\n`);
    ssl(
      'ca',
      '-batch',
      '-notext',
      '-config',
      `${name}.cnf`,
      '-extensions',
      'ext',
      '-cert',
      `${issuer}.crt`,
      '-keyfile',
      `${issuer}.key`,
      ...(window ? ['-startdate', window[0], '-enddate', window[1]] : ['-days', '3650']),
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
    );
    rmSync(join(dir, `${name}.csr`));
    rmSync(join(dir, `${name}.cnf`));
  };
  const serverExt = ['extendedKeyUsage = serverAuth', 'subjectAltName = DNS:localhost,IP:127.0.0.1'];
  sign('server', 'ca', 'localhost', serverExt);
  sign('wronghost', 'ca', 'wrong.example', ['extendedKeyUsage = serverAuth', 'subjectAltName = DNS:wrong.example']);
  sign('expired', 'ca', 'localhost', serverExt, ['20200101000000Z', '20200201000000Z']);
  sign('client', 'ca', 'stackdeck-client', ['extendedKeyUsage = clientAuth']);
  sign('other-client', 'other-ca', 'stackdeck-client', ['extendedKeyUsage = clientAuth']);
  writeFileSync(marker, `${LAYOUT}\n`);
  return pki;
}

/** The PEM text of one file of the PKI (for test profiles: what a user would paste). */
export function pem(path: string): string {
  return readFileSync(path, 'utf8');
}
