/**
 * Apache Cassandra 5.0, single node, from Maven Central jars (no tarball):
 * `tests/stack/cassandra/pom.xml` resolves `org.apache.cassandra:cassandra-all`
 * with its runtime dependencies into `.stack/cassandra/lib`, and we run
 * `org.apache.cassandra.service.CassandraDaemon` on Java 17 the way
 * bin/cassandra + conf/cassandra-env.sh would, minus JMX.
 *
 * - CQL native transport on 127.0.0.1:9042; internode (gossip) on
 *   127.0.0.1:7000, which nothing but the node itself uses. No Thrift (5.0 has none).
 * - No JMX port, so `nodetool` cannot connect; cluster facts are in CQL
 *   (system.local, system.peers_v2, system_views.*).
 * - AllowAllAuthenticator/AllowAllAuthorizer: no credentials (dev stack on loopback).
 * - SimpleSnitch: data centre `datacenter1`, rack `rack1`.
 * - Config: `tests/stack/cassandra/cassandra.yaml` used in place (it has no
 *   paths); all data under `.stack/cassandra/data` via -Dcassandra.storagedir.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from 'cassandra-driver';
import { installMavenJars, jdkTool } from '../maven.js';
import { withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';

/** Keep in sync with `cassandra.version` in tests/stack/cassandra/pom.xml. */
export const CASSANDRA_VERSION = '5.0.9';
export const CASSANDRA_HOST = '127.0.0.1';
export const CASSANDRA_PORT = 9042;
/** What SimpleSnitch (cassandra.yaml) calls the one data centre; drivers need it as localDataCenter. */
export const CASSANDRA_DATACENTER = 'datacenter1';
/** `host:port` as cassandra-driver `contactPoints` wants it. */
export const CASSANDRA_CONTACT_POINT = `${CASSANDRA_HOST}:${CASSANDRA_PORT}`;

const CONF_DIR = fileURLToPath(new URL('../cassandra/', import.meta.url));
const POM = join(CONF_DIR, 'pom.xml');
/** The single node's config; cassandra-3 derives its nodes' configs from it. */
export const CASSANDRA_YAML = join(CONF_DIR, 'cassandra.yaml');
const YAML = CASSANDRA_YAML;
const LOGBACK = join(CONF_DIR, 'logback.xml');

export const cassandraHome = (root: string): string => join(root, 'cassandra');
const libDir = (root: string): string => join(cassandraHome(root), 'lib');
const storageDir = (root: string): string => join(cassandraHome(root), 'data');
/** Trigger jars (none); the default, $CASSANDRA_HOME/conf/triggers, does not exist here. */
export const triggersDir = (root: string): string => join(cassandraHome(root), 'triggers');

/**
 * The JPMS flags of Cassandra 5.0's `conf/jvm17-server.options` ("### JPMS"
 * section), reproduced because the Maven artifact ships no conf/ directory.
 * Without them Cassandra fails on Java 17 reaching into JDK internals (jamm,
 * Chronicle, Netty, the UDF sandbox, the JMX/RMI bits). Update from that file
 * when moving to a new Cassandra minor.
 */
const JVM17_MODULE_FLAGS: readonly string[] = [
  '-Djdk.attach.allowAttachSelf=true',
  '--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED',
  '--add-exports=java.sql/java.sql=ALL-UNNAMED',
  '--add-exports=java.base/java.lang.ref=ALL-UNNAMED',
  '--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.module=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.math=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.module=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED',
  '--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
];

// --- install ----------------------------------------------------------------

export async function installCassandra(o: StackOptions): Promise<void> {
  await installMavenJars({
    name: 'Cassandra',
    version: CASSANDRA_VERSION,
    pom: POM,
    lib: libDir(o.root),
    properties: { 'cassandra.version': CASSANDRA_VERSION },
    includeScope: 'runtime',
    verify: (dir) => {
      if (jammJar(dir) === undefined)
        throw new Error(`Cassandra install: no jamm jar among the resolved jars in ${dir}`);
    },
  });
}

/** Cassandra measures object sizes with jamm, which must run as a javaagent. */
function jammJar(dir: string): string | undefined {
  const name = readdirSync(dir).find((f) => /^jamm-[\d.]+\.jar$/.test(f));
  return name === undefined ? undefined : join(dir, name);
}

// --- launch -----------------------------------------------------------------

/** What differs between the single node and the nodes of `cassandra-3`. */
export interface CassandraJvm {
  /** -Xms/-Xmx, e.g. `512m`. */
  heap: string;
  /** The cassandra.yaml to run with. */
  yaml: string;
  /** -Dcassandra.storagedir: data, commitlog, hints, saved caches. */
  storage: string;
  /** -Dcassandra.ring_delay_ms: 0 for a lone node (nobody to wait for). */
  ringDelayMs: number;
}

/** The `java` command line of one Cassandra node (shared with cassandra-3.ts). */
export function cassandraJavaArgs(o: StackOptions, jvm: CassandraJvm): string[] {
  const lib = libDir(o.root);
  const jamm = jammJar(lib);
  if (jamm === undefined) throw new Error(`Cassandra is not installed (no jamm jar in ${lib})`);
  return [
    // Half the stock 1 GiB for the single node: plenty for test data with the
    // small memtables in cassandra.yaml, and the machine also runs Kafka, Neo4j
    // and a browser. No -XX:+AlwaysPreTouch (stock option): it would commit the
    // whole heap before start-up and slow the boot.
    `-Xms${jvm.heap}`,
    `-Xmx${jvm.heap}`,
    // G1 settings from jvm17-server.options, except G1HeapRegionSize=16m,
    // which is meant for multi-GiB heaps (it would leave 32 regions here).
    '-XX:+UseG1GC',
    '-XX:+ParallelRefProcEnabled',
    '-XX:MaxTenuringThreshold=1',
    '-XX:MaxGCPauseMillis=300',
    '-XX:InitiatingHeapOccupancyPercent=70',
    // Die instead of limping on after an OOM (a StartupChecks warning otherwise).
    '-XX:+ExitOnOutOfMemoryError',
    // jvm-server.options: assertions on, except in Chronicle (audit/FQL), which
    // runs out of memory by design with them.
    '-ea',
    '-da:net.openhft...',
    '-Djava.net.preferIPv4Stack=true',
    ...JVM17_MODULE_FLAGS,
    // Netty options from jvm17-server.options.
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dio.netty.allocator.useCacheForAllThreads=true',
    '-Dio.netty.allocator.maxOrder=11',
    `-javaagent:${jamm}`,
    `-Dcassandra.config=${pathToFileURL(jvm.yaml).href}`,
    // Without it CassandraDaemon closes stdout/stderr after start-up and the
    // stack CLI's log file goes quiet.
    '-Dcassandra-foreground=yes',
    `-Dcassandra.storagedir=${jvm.storage}`,
    `-Dcassandra.triggers_dir=${triggersDir(o.root)}`,
    `-Dlogback.configurationFile=${LOGBACK}`,
    // A seed has nobody to wait for at its first start: skip the gossip settle
    // polling (5 s at least). Ring delay (30 s stock) is how long a joining
    // node waits to hear the ring; 0 on a lone node, where there is none.
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    `-Dcassandra.ring_delay_ms=${jvm.ringDelayMs}`,
    '-cp',
    join(lib, '*'),
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}

function launch(o: StackOptions): LaunchSpec[] {
  const args = cassandraJavaArgs(o, { heap: '512m', yaml: YAML, storage: storageDir(o.root), ringDelayMs: 0 });
  return [{ name: 'cassandra', command: jdkTool('java'), args, cwd: cassandraHome(o.root) }];
}

// --- probe ------------------------------------------------------------------

/** `SELECT release_version FROM system.local`: the version the node itself reports. */
async function probe(_o: StackOptions, timeoutMs: number): Promise<ProbeResult> {
  const client = new Client({
    contactPoints: [CASSANDRA_CONTACT_POINT],
    localDataCenter: CASSANDRA_DATACENTER,
    socketOptions: { connectTimeout: Math.min(timeoutMs, 3_000), readTimeout: timeoutMs },
    // A probe needs no schema metadata; skipping it makes connecting cheaper.
    isMetadataSyncEnabled: false,
    pooling: { warmup: false },
  });
  try {
    const rs = await withDeadline(
      client.execute('SELECT release_version, cluster_name, data_center, rack FROM system.local'),
      timeoutMs,
      `cassandra at ${CASSANDRA_CONTACT_POINT}`,
    );
    const row = rs.first();
    if (row === null || row === undefined) throw new Error('system.local returned no row');
    return {
      version: String(row.get('release_version')),
      detail: `cluster "${String(row.get('cluster_name'))}", ${String(row.get('data_center'))}/${String(row.get('rack'))}`,
    };
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

// --- definition -------------------------------------------------------------

const cassandra: ServerDef = {
  name: 'cassandra',
  // 7000 is internode gossip, listed so a clash is reported before launch.
  ports: [CASSANDRA_PORT, 7000],
  // ~10 s alone; far more while Kafka and Neo4j boot on the same two cores.
  startTimeoutMs: 180_000,
  // Shutdown drains and flushes memtables; a few seconds normally.
  stopGraceMs: 60_000,
  install: installCassandra,
  prepare: async (o) => {
    mkdirSync(storageDir(o.root), { recursive: true });
    mkdirSync(triggersDir(o.root), { recursive: true });
  },
  launch,
  probe,
  dataDirs: (o) => [storageDir(o.root)],
};

export default cassandra;
