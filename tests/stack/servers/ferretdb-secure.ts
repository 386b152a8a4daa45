/**
 * The secure twin of the MongoDB-wire server (`--secure`): FerretDB 1.24
 * (SQLite) with TLS only, one small process (~35 MB) per TLS case, built from
 * the same wrapper module as `mongodb` into its own binary:
 *
 * | port  | certificate        | client certificate          |
 * | 27018 | test CA, 127.0.0.1 | not asked                   |
 * | 27019 | test CA, 127.0.0.1 | required (FerretDB: when a CA file is set) |
 * | 27020 | expired (2020)     | not asked                   |
 * | 27021 | for wrong.example  | not asked                   |
 *
 * What FerretDB 1.24 lacks: authentication with the SQLite backend (any user
 * name and password are accepted), so the Mongo matrix has no wrong-password
 * case; and it cannot ask for a client certificate without requiring it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ensurePki, pkiLayout, type PkiName } from '../pki.js';
import { withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';
import { buildFerretDB, mongoClientOptions } from './ferretdb.js';

export const SECURE_MONGO_PORTS = { tls: 27018, mtls: 27019, expired: 27020, wronghost: 27021 } as const;
type Variant = keyof typeof SECURE_MONGO_PORTS;
const VARIANTS = Object.keys(SECURE_MONGO_PORTS) as Variant[];
const CERT_OF: Record<Variant, PkiName> = { tls: 'server', mtls: 'server', expired: 'expired', wronghost: 'wronghost' };

const home = (o: StackOptions): string => join(o.root, 'mongodb-secure');
const binPath = (o: StackOptions): string => join(home(o), 'bin', 'stackdeck-ferretdb');
const dataDir = (o: StackOptions, v: Variant): string => join(home(o), 'data', v);

/** `ping` over TLS with the driver; verification off (liveness only), the client certificate where required. */
async function ping(o: StackOptions, v: Variant, timeoutMs: number): Promise<string> {
  const pki = ensurePki(o.root);
  const client = new MongoClient(`mongodb://127.0.0.1:${SECURE_MONGO_PORTS[v]}/?directConnection=true`, {
    ...mongoClientOptions(timeoutMs),
    appName: 'stackdeck-stack-probe',
    maxPoolSize: 1,
    tls: true,
    tlsAllowInvalidCertificates: true,
    tlsAllowInvalidHostnames: true,
    ...(v === 'mtls'
      ? { cert: readFileSync(pki.files.client.cert, 'utf8'), key: readFileSync(pki.files.client.key, 'utf8') }
      : {}),
  });
  try {
    const info = (await client.db('admin').command({ buildInfo: 1 })) as { version?: string };
    return info.version ?? '?';
  } finally {
    await client.close().catch(() => undefined);
  }
}

const ferretdbSecure: ServerDef = {
  name: 'mongodb-secure',
  ports: VARIANTS.map((v) => SECURE_MONGO_PORTS[v]),
  startTimeoutMs: 60_000,
  stopGraceMs: 15_000,
  enabled: (o) => o.secure === true,

  async install(o) {
    await buildFerretDB(binPath(o));
    ensurePki(o.root);
  },

  async prepare(o) {
    ensurePki(o.root);
    for (const v of VARIANTS) mkdirSync(dataDir(o, v), { recursive: true });
  },

  launch(o): LaunchSpec[] {
    // Paths only: `down` calls launch() to map processes to servers; prepare() generated the files.
    const pki = pkiLayout(o.root);
    return VARIANTS.map((v) => ({
      name: `mongodb-secure-${v}`,
      command: binPath(o),
      args: [
        '--listen-addr',
        '',
        '--listen-tls',
        `127.0.0.1:${SECURE_MONGO_PORTS[v]}`,
        '--tls-cert-file',
        pki.files[CERT_OF[v]].cert,
        '--tls-key-file',
        pki.files[CERT_OF[v]].key,
        ...(v === 'mtls' ? ['--tls-ca-file', pki.caCert] : []),
        '--state-dir',
        dataDir(o, v),
        '--log-level',
        'warn',
      ],
      cwd: home(o),
    }));
  },

  async probe(o, timeoutMs): Promise<ProbeResult> {
    const versions = await withDeadline(
      Promise.all(VARIANTS.map((v) => ping(o, v, timeoutMs))),
      timeoutMs,
      `mongodb-secure on ${VARIANTS.map((v) => SECURE_MONGO_PORTS[v]).join(',')}`,
    );
    return {
      version: versions[0] ?? '?',
      detail: `TLS ${VARIANTS.map((v) => `${v}:${SECURE_MONGO_PORTS[v]}`).join(' ')}`,
    };
  },

  dataDirs: (o) => [join(home(o), 'data')],
};

export default ferretdbSecure;
