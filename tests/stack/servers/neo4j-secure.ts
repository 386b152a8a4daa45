/**
 * The secure twin of Neo4j (`--secure`): one JVM running four small embedded
 * DBMSes (tests/stack/neo4j/src/StackdeckNeo4jSecure.java), each with auth on
 * (user `neo4j`, SECURE_NEO4J_PASSWORD) and Bolt over TLS only, since a Neo4j 5
 * DBMS has one Bolt connector with one SSL policy:
 *
 * | port | certificate           | client certificate      |
 * | 7771 | test CA, 127.0.0.1    | not asked (client_auth NONE)    |
 * | 7772 | test CA, 127.0.0.1    | required (client_auth REQUIRE)  |
 * | 7773 | expired (2020)        | not asked               |
 * | 7774 | for wrong.example     | not asked               |
 *
 * The plain Neo4j on 7687 stays as it is (auth off, no TLS), so the other
 * Neo4j tests are untouched. Uses the plain server's jars (`.stack/neo4j/lib`).
 * Memory: one JVM, heap capped at 512 MB, 8 MB page cache per DBMS.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import { jdkTool } from '../maven.js';
import { ensurePki, pkiLayout, type PkiName } from '../pki.js';
import { readText, runCommand, withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';
import neo4jServer, { NEO4J_VERSION } from './neo4j.js';

/** Test-only password of the `neo4j` user (distinctive, so the secret-leak test can grep for it). */
export const SECURE_NEO4J_USER = { username: 'neo4j', password: 'sd-neo4j-Pw-7c2e91' } as const;
export const SECURE_NEO4J_PORTS = { tls: 7771, mtls: 7772, expired: 7773, wronghost: 7774 } as const;
type Variant = keyof typeof SECURE_NEO4J_PORTS;
const VARIANTS = Object.keys(SECURE_NEO4J_PORTS) as Variant[];
const CERT_OF: Record<Variant, PkiName> = { tls: 'server', mtls: 'server', expired: 'expired', wronghost: 'wronghost' };

const SOURCE = fileURLToPath(new URL('../neo4j/src/StackdeckNeo4jSecure.java', import.meta.url));
const CLASS = 'StackdeckNeo4jSecure';
const home = (root: string): string => join(root, 'neo4j-secure');
const classesDir = (root: string): string => join(home(root), 'classes');
const dataRoot = (root: string): string => join(home(root), 'dbms');
/** The plain server's resolved jars. */
const libDir = (root: string): string => join(root, 'neo4j', 'lib');

/** Compiles the launcher; redone when its source or the Neo4j version changes. */
async function compile(root: string): Promise<void> {
  const classes = classesDir(root);
  const marker = join(classes, '.installed');
  const stamp = `${NEO4J_VERSION} ${createHash('sha256').update(readFileSync(SOURCE)).digest('hex')}`;
  if ((await readText(marker))?.trim() === stamp) return;
  const tmp = `${classes}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await runCommand(
    jdkTool('javac'),
    ['--release', '17', '-encoding', 'UTF-8', '-d', tmp, '-cp', join(libDir(root), '*'), SOURCE],
    { timeoutMs: 5 * 60_000, what: 'javac StackdeckNeo4jSecure.java (needs a JDK, not only a JRE)' },
  );
  rmSync(classes, { recursive: true, force: true });
  renameSync(tmp, classes);
  writeFileSync(marker, `${stamp}\n`);
}

/** Bolt over TLS with auth: `getServerInfo` needs a logged-in session. Verification off: liveness only. */
async function probeVariant(o: StackOptions, v: Variant, timeoutMs: number): Promise<string> {
  const pki = ensurePki(o.root);
  const driver = neo4j.driver(
    `bolt://127.0.0.1:${SECURE_NEO4J_PORTS[v]}`,
    neo4j.auth.basic(SECURE_NEO4J_USER.username, SECURE_NEO4J_USER.password),
    {
      encrypted: 'ENCRYPTION_ON',
      trust: 'TRUST_ALL_CERTIFICATES',
      connectionTimeout: Math.min(timeoutMs, 3_000),
      connectionAcquisitionTimeout: timeoutMs,
      maxConnectionPoolSize: 1,
      userAgent: 'stackdeck-stack-probe',
      // A provider: neo4j-driver 6 wraps a plain certificate only for +s URI schemes.
      ...(v === 'mtls'
        ? {
            clientCertificate: {
              getClientCertificate: () => ({ certfile: pki.files.client.cert, keyfile: pki.files.client.key }),
              hasUpdate: () => false,
            },
          }
        : {}),
    },
  );
  try {
    const info = await withDeadline(driver.getServerInfo(), timeoutMs, `neo4j-secure ${v}`);
    return info.agent ?? '?';
  } finally {
    await driver.close().catch(() => undefined);
  }
}

const neo4jSecure: ServerDef = {
  name: 'neo4j-secure',
  ports: VARIANTS.map((v) => SECURE_NEO4J_PORTS[v]),
  startTimeoutMs: 240_000,
  stopGraceMs: 30_000,
  enabled: (o) => o.secure === true,
  install: async (o) => {
    await neo4jServer.install(o);
    await compile(o.root);
    ensurePki(o.root);
  },
  prepare: async (o) => {
    mkdirSync(dataRoot(o.root), { recursive: true });
    for (const v of VARIANTS) mkdirSync(join(o.logsDir, 'neo4j-secure', v), { recursive: true });
  },
  launch(o): LaunchSpec[] {
    // Paths only: `down` and `status` call launch() to map processes to servers, and must not generate a PKI.
    const pki = pkiLayout(o.root);
    const variants = VARIANTS.map((v) => {
      const f = pki.files[CERT_OF[v]];
      return [v, SECURE_NEO4J_PORTS[v], f.cert, f.key, v === 'mtls' ? 'REQUIRE' : 'NONE'].join(':');
    });
    const args = [
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:-OmitStackTraceInFastThrow',
      '-XX:+UnlockExperimentalVMOptions',
      '-XX:+TrustFinalNonStaticFields',
      '-XX:+DisableExplicitGC',
      '-Djdk.nio.maxCachedBufferSize=1024',
      '-Dio.netty.tryReflectionSetAccessible=true',
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/java.io=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '-Dlog4j2.disable.jmx=true',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.net.preferIPv4Stack=true',
      '-cp',
      [classesDir(o.root), join(libDir(o.root), '*')].join(delimiter),
      CLASS,
      dataRoot(o.root),
      join(o.logsDir, 'neo4j-secure'),
      '127.0.0.1',
      pki.caCert,
      ...variants,
    ];
    return [
      {
        name: 'neo4j-secure',
        command: jdkTool('java'),
        args,
        cwd: home(o.root),
        env: { STACKDECK_NEO4J_PASSWORD: SECURE_NEO4J_USER.password },
      },
    ];
  },
  async probe(o, timeoutMs): Promise<ProbeResult> {
    const agents = await withDeadline(
      Promise.all((['tls', 'mtls'] as const).map((v) => probeVariant(o, v, timeoutMs))),
      timeoutMs,
      'neo4j-secure',
    );
    return {
      version: (agents[0] ?? '?').replace('Neo4j/', ''),
      detail: `Bolt+TLS, auth on; ${VARIANTS.map((v) => `${v}:${SECURE_NEO4J_PORTS[v]}`).join(' ')}`,
    };
  },
  dataDirs: (o) => [dataRoot(o.root)],
};

export default neo4jSecure;
