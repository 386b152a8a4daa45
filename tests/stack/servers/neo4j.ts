/**
 * Neo4j 5.26 LTS Community, embedded, serving Bolt. Maven Central has the
 * embeddable jars (`org.neo4j:neo4j`, which already depends on the Bolt server
 * `org.neo4j:neo4j-bolt`) but no server distribution, so install resolves
 * those jars into `.stack/neo4j/lib` (tests/stack/neo4j/pom.xml) and compiles
 * a small launcher, tests/stack/neo4j/src/StackdeckNeo4j.java, into
 * `.stack/neo4j/classes`. The launcher builds a DatabaseManagementService on
 * `.stack/neo4j/data` and runs until SIGTERM, shutting the DBMS down cleanly.
 *
 * - Bolt on 127.0.0.1:7687, unencrypted (bolt://). No HTTP/HTTPS connector.
 * - Auth disabled: clients may connect with no credentials or any.
 * - Databases `neo4j` (default) and `system`, as on a fresh server.
 * - Community edition: no multi-database, roles or APOC.
 * - Internal logs (debug.log, query.log) in `.stack/logs/neo4j/`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import { installMavenJars, jdkTool } from '../maven.js';
import { readText, runCommand, withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';

/** Keep in sync with `neo4j.version` in tests/stack/neo4j/pom.xml. */
export const NEO4J_VERSION = '5.26.30';
export const NEO4J_HOST = '127.0.0.1';
export const NEO4J_PORT = 7687;
export const NEO4J_URL = `bolt://${NEO4J_HOST}:${NEO4J_PORT}`;

const SRC_DIR = fileURLToPath(new URL('../neo4j/', import.meta.url));
const POM = join(SRC_DIR, 'pom.xml');
const LAUNCHER_SOURCE = join(SRC_DIR, 'src', 'StackdeckNeo4j.java');
const LAUNCHER_CLASS = 'StackdeckNeo4j';

const home = (root: string): string => join(root, 'neo4j');
const libDir = (root: string): string => join(home(root), 'lib');
const classesDir = (root: string): string => join(home(root), 'classes');
const dataDir = (root: string): string => join(home(root), 'data');
const internalLogsDir = (o: StackOptions): string => join(o.logsDir, 'neo4j');

// --- install ----------------------------------------------------------------

async function installJars(root: string): Promise<void> {
  await installMavenJars({
    name: 'Neo4j',
    version: NEO4J_VERSION,
    pom: POM,
    lib: libDir(root),
    properties: { 'neo4j.version': NEO4J_VERSION },
    includeScope: 'runtime',
  });
}

/** Compile the launcher; redone when its source or the Neo4j version changes. */
async function compileLauncher(root: string): Promise<void> {
  const classes = classesDir(root);
  const marker = join(classes, '.installed');
  const source = readFileSync(LAUNCHER_SOURCE);
  const stamp = `${NEO4J_VERSION} ${createHash('sha256').update(source).digest('hex')}`;
  if ((await readText(marker))?.trim() === stamp) return;
  const tmp = `${classes}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await runCommand(
    jdkTool('javac'),
    ['--release', '17', '-encoding', 'UTF-8', '-d', tmp, '-cp', join(libDir(root), '*'), LAUNCHER_SOURCE],
    { timeoutMs: 5 * 60_000, what: 'javac StackdeckNeo4j.java (needs a JDK, not only a JRE)' },
  );
  rmSync(classes, { recursive: true, force: true });
  renameSync(tmp, classes);
  writeFileSync(marker, `${stamp}\n`);
}

// --- launch -----------------------------------------------------------------

function launch(o: StackOptions): LaunchSpec[] {
  const args = [
    // Small heap for a shared machine; test graphs are tiny. The page cache
    // (64 MiB, set in the launcher) lives off-heap.
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    // From the server.jvm.additional defaults of Neo4j 5's neo4j.conf.
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
    // Die instead of limping on after an OOM; the CLI then reports it.
    '-XX:+ExitOnOutOfMemoryError',
    // Bind Bolt as a plain IPv4 socket on 127.0.0.1.
    '-Djava.net.preferIPv4Stack=true',
    '-cp',
    [classesDir(o.root), join(libDir(o.root), '*')].join(delimiter),
    LAUNCHER_CLASS,
    dataDir(o.root),
    internalLogsDir(o),
    NEO4J_HOST,
    String(NEO4J_PORT),
  ];
  return [{ name: 'neo4j', command: jdkTool('java'), args, cwd: home(o.root) }];
}

// --- probe ------------------------------------------------------------------

/** `CALL dbms.components()` on the default database: Bolt, the query engine and the `neo4j` DB all answer. */
async function probe(_o: StackOptions, timeoutMs: number): Promise<ProbeResult> {
  // No auth token: the driver then sends scheme "none", which the server accepts with auth off.
  const driver = neo4j.driver(NEO4J_URL, undefined, {
    connectionTimeout: Math.min(timeoutMs, 3_000),
    connectionAcquisitionTimeout: timeoutMs,
    maxConnectionPoolSize: 1,
    userAgent: 'stackdeck-stack-probe',
  });
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await withDeadline(
      session.run('CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition'),
      timeoutMs,
      `neo4j at ${NEO4J_URL}`,
    );
    const record = result.records[0];
    if (record === undefined) throw new Error('dbms.components() returned no row');
    const versions: unknown = record.get('versions');
    const version = Array.isArray(versions) && typeof versions[0] === 'string' ? versions[0] : String(versions);
    return { version, detail: `${String(record.get('name'))} ${String(record.get('edition'))}, auth off` };
  } finally {
    await session.close().catch(() => undefined);
    await driver.close().catch(() => undefined);
  }
}

// --- definition -------------------------------------------------------------

const neo4jServer: ServerDef = {
  name: 'neo4j',
  ports: [NEO4J_PORT],
  // ~10 s alone on two cores; much more while Kafka and Cassandra boot too.
  startTimeoutMs: 180_000,
  stopGraceMs: 30_000,
  install: async (o) => {
    await installJars(o.root);
    await compileLauncher(o.root);
  },
  prepare: async (o) => {
    mkdirSync(dataDir(o.root), { recursive: true });
    mkdirSync(internalLogsDir(o), { recursive: true });
  },
  launch,
  probe,
  dataDirs: (o) => [dataDir(o.root)],
};

export default neo4jServer;
