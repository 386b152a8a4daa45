/**
 * The secure twin of Redis (`--secure`): four small redis-server processes
 * from Debian's package (built with TLS), one per TLS case, since a Redis
 * server presents one certificate and one client-certificate policy:
 *
 * | port | certificate           | client certificate |
 * | 6380 | test CA, 127.0.0.1    | not asked          |
 * | 6381 | test CA, 127.0.0.1    | required (test CA) |
 * | 6382 | expired (2020)        | not asked          |
 * | 6383 | for wrong.example     | not asked          |
 *
 * No plain-text port. ACL: `default` is off, so every connection must log in
 * as one of SECURE_REDIS_USERS. A few MB of memory each.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { ensurePki, type PkiName } from '../pki.js';
import { withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';
import { findRedisBin } from './redis.js';

/** Test-only credentials of the secure twin (distinctive, so the secret-leak test can grep for them). */
export const SECURE_REDIS_USERS = {
  admin: { username: 'sd-admin', password: 'sd-redis-admin-Pw-4f1c9e' },
  reader: { username: 'sd-reader', password: 'sd-redis-reader-Pw-82d7ab' },
} as const;

export const SECURE_REDIS_PORTS = { tls: 6380, mtls: 6381, expired: 6382, wronghost: 6383 } as const;
type Variant = keyof typeof SECURE_REDIS_PORTS;
const VARIANTS = Object.keys(SECURE_REDIS_PORTS) as Variant[];
const CERT_OF: Record<Variant, PkiName> = { tls: 'server', mtls: 'server', expired: 'expired', wronghost: 'wronghost' };

const home = (o: StackOptions, v: Variant): string => join(o.root, 'redis-secure', v);
const configPath = (o: StackOptions, v: Variant): string => join(home(o, v), 'redis.conf');

/** One RESP round trip over TLS: AUTH as the admin user, then INFO server. Verification off: the probe checks liveness only. */
function tlsPing(o: StackOptions, v: Variant, timeoutMs: number): Promise<string> {
  const pki = ensurePki(o.root);
  const { username, password } = SECURE_REDIS_USERS.admin;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port: SECURE_REDIS_PORTS[v],
      rejectUnauthorized: false,
      ...(v === 'mtls' ? { cert: readPem(pki.files.client.cert), key: readPem(pki.files.client.key) } : {}),
    });
    let buf = '';
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (err?: Error, value?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? '');
    };
    socket.once('secureConnect', () => {
      socket.write(`AUTH ${username} ${password}\r\nINFO server\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      if (buf.startsWith('-')) done(new Error(buf.trim()));
      const version = /redis_version:([^\r\n]+)\r\n/.exec(buf)?.[1];
      if (version !== undefined) done(undefined, version);
    });
    socket.once('error', (err) => done(err));
  });
}

const readPem = (path: string): string => readFileSync(path, 'utf8');

const redisSecure: ServerDef = {
  name: 'redis-secure',
  ports: VARIANTS.map((v) => SECURE_REDIS_PORTS[v]),
  startTimeoutMs: 20_000,
  stopGraceMs: 15_000,
  enabled: (o) => o.secure === true,

  async install(o) {
    if (findRedisBin('redis-server') === undefined) {
      throw new Error('redis-server not found. Install it with `apt-get install -y redis-server`.');
    }
    ensurePki(o.root);
  },

  async prepare(o) {
    const pki = ensurePki(o.root);
    const { admin, reader } = SECURE_REDIS_USERS;
    for (const v of VARIANTS) {
      mkdirSync(join(home(o, v), 'data'), { recursive: true });
      const cert = pki.files[CERT_OF[v]];
      const lines = [
        '# Written by tests/stack/servers/redis-secure.ts on every start; edits are lost.',
        'bind 127.0.0.1',
        'port 0',
        `tls-port ${SECURE_REDIS_PORTS[v]}`,
        `tls-cert-file ${cert.cert}`,
        `tls-key-file ${cert.key}`,
        `tls-ca-cert-file ${pki.caCert}`,
        `tls-auth-clients ${v === 'mtls' ? 'yes' : 'no'}`,
        'protected-mode yes',
        'daemonize no',
        'supervised no',
        'logfile ""',
        `dir ${join(home(o, v), 'data')}`,
        'save ""',
        'appendonly no',
        'user default off',
        `user ${admin.username} on >${admin.password} ~* &* +@all`,
        `user ${reader.username} on >${reader.password} ~* -@all +@read +ping +info +client +hello +select`,
      ];
      writeFileSync(configPath(o, v), `${lines.join('\n')}\n`, { mode: 0o600 });
    }
  },

  launch(o): LaunchSpec[] {
    const bin = findRedisBin('redis-server') ?? 'redis-server';
    return VARIANTS.map((v) => ({
      name: `redis-secure-${v}`,
      command: bin,
      args: [configPath(o, v)],
      cwd: home(o, v),
    }));
  },

  async probe(o, timeoutMs): Promise<ProbeResult> {
    const versions = await withDeadline(
      Promise.all(VARIANTS.map((v) => tlsPing(o, v, timeoutMs))),
      timeoutMs,
      `redis-secure on ${VARIANTS.map((v) => SECURE_REDIS_PORTS[v]).join(',')}`,
    );
    return {
      version: versions[0] ?? '?',
      detail: `tls ${VARIANTS.map((v) => `${v}:${SECURE_REDIS_PORTS[v]}`).join(' ')}`,
    };
  },

  // Not the PKI: the other secure twins use it too (it is regenerated only when missing).
  dataDirs: (o) => VARIANTS.map((v) => join(home(o, v), 'data')),
};

export default redisSecure;
