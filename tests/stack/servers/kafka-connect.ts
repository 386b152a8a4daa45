/**
 * `kafka-connect`: one distributed Kafka Connect worker
 * (`org.apache.kafka.connect.cli.ConnectDistributed`) on the default 4.x broker
 * `kafka` (127.0.0.1:9092), REST on http://127.0.0.1:8083, with the file connectors
 * (connect-file) on its plugin.path. A 384 MiB heap.
 *
 * The worker is Kafka 4.3.1 (tests/stack/kafka-connect/pom.xml -> .stack/kafka-connect/lib),
 * not the broker's 4.4.0: Maven Central has no connect-file 4.4.0, and
 * connect-file 4.3.1 fails on a 4.4 worker (a class it calls moved in 4.4's
 * kafka-clients; the pom says which). connect-file 4.3.1 is resolved on its own
 * (plugins-pom.xml) into the plugin.path directory.
 * Started by `npm test` and `stack:up -- --kafka-connect`, or alone with
 * `--only kafka-connect` once `kafka` answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jdkTool, installMavenJars } from '../maven.js';
import { sleep } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';
import { KAFKA_BOOTSTRAP, probeCluster } from './kafka.js';

export const KAFKA_CONNECT_PORT = 8083;
export const KAFKA_CONNECT_URL = `http://127.0.0.1:${KAFKA_CONNECT_PORT}`;
/** Worker group and internal topics; tests must not create connectors named like these. */
export const KAFKA_CONNECT_GROUP = 'stackdeck-connect';

/** Worker and file connectors; keep in sync with connect.version in tests/stack/kafka-connect/*.xml. */
export const KAFKA_CONNECT_VERSION = '4.3.1';

const POM = fileURLToPath(new URL('../kafka-connect/pom.xml', import.meta.url));
const PLUGINS_POM = fileURLToPath(new URL('../kafka-connect/plugins-pom.xml', import.meta.url));

const home = (root: string): string => join(root, 'kafka-connect');
const libDir = (root: string): string => join(home(root), 'lib');
const pluginsDir = (root: string): string => join(home(root), 'plugins');
const fileConnectorDir = (root: string): string => join(pluginsDir(root), 'connect-file');

function workerProperties(root: string): string {
  const lines = [
    '# Written by tests/stack/servers/kafka-connect.ts on every start; edits are lost.',
    `bootstrap.servers=${KAFKA_BOOTSTRAP}`,
    `group.id=${KAFKA_CONNECT_GROUP}`,
    `listeners=${KAFKA_CONNECT_URL}`,
    'rest.advertised.host.name=127.0.0.1',
    `rest.advertised.port=${KAFKA_CONNECT_PORT}`,
    // Plain strings by default, so a test can compare a topic's records with the
    // lines of the file a source connector read; connectors may override.
    'key.converter=org.apache.kafka.connect.storage.StringConverter',
    'value.converter=org.apache.kafka.connect.storage.StringConverter',
    // The internal topics (one broker: replication factor 1, few partitions).
    `config.storage.topic=_${KAFKA_CONNECT_GROUP}-configs`,
    `offset.storage.topic=_${KAFKA_CONNECT_GROUP}-offsets`,
    `status.storage.topic=_${KAFKA_CONNECT_GROUP}-status`,
    'config.storage.replication.factor=1',
    'offset.storage.replication.factor=1',
    'status.storage.replication.factor=1',
    'offset.storage.partitions=1',
    'status.storage.partitions=1',
    // Source offsets visible (GET /connectors/{name}/offsets) a second after the
    // records, not after the default minute.
    'offset.flush.interval.ms=1000',
    `plugin.path=${pluginsDir(root)}`,
    // Every jar involved (Kafka's own and connect-file) carries ServiceLoader
    // manifests; scanning the whole classpath with reflection would cost ~20 s of boot.
    'plugin.discovery=service_load',
  ];
  return `${lines.join('\n')}\n`;
}

function writeLog4j2(root: string): void {
  const lines = [
    'appender.out.type=Console',
    'appender.out.name=OUT',
    'appender.out.target=SYSTEM_OUT',
    'appender.out.layout.type=PatternLayout',
    'appender.out.layout.pattern=[%d] %p %m (%c)%n',
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.out.ref=OUT',
    // Each client's full config dump at INFO buries the lines that explain a failure.
    'logger.clientconfig.name=org.apache.kafka.clients',
    'logger.clientconfig.level=WARN',
    'logger.common.name=org.apache.kafka.common',
    'logger.common.level=WARN',
    'logger.reflections.name=org.reflections',
    'logger.reflections.level=ERROR',
  ];
  writeFileSync(join(home(root), 'log4j2.properties'), `${lines.join('\n')}\n`);
}

/** The worker gives up if the broker is not there when it boots, so wait for `kafka` first. */
async function waitForBroker(): Promise<void> {
  const deadline = Date.now() + 180_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await probeCluster([KAFKA_BOOTSTRAP], 1, 5_000);
      return;
    } catch (err) {
      last = err;
      await sleep(2_000);
    }
  }
  const why = last instanceof Error ? last.message : String(last);
  throw new Error(`kafka (${KAFKA_BOOTSTRAP}) is not answering, and the Connect worker needs it: ${why}`);
}

async function prepare(o: StackOptions): Promise<void> {
  mkdirSync(home(o.root), { recursive: true });
  writeFileSync(join(home(o.root), 'worker.properties'), workerProperties(o.root));
  writeLog4j2(o.root);
  await waitForBroker();
}

function launch(o: StackOptions): LaunchSpec[] {
  const dir = home(o.root);
  return [
    {
      name: 'kafka-connect',
      command: jdkTool('java'),
      args: [
        '-Xms128m',
        '-Xmx384m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${join(dir, 'logs')}`,
        '-cp',
        join(libDir(o.root), '*'),
        'org.apache.kafka.connect.cli.ConnectDistributed',
        join(dir, 'worker.properties'),
      ],
      cwd: dir,
    },
  ];
}

interface WorkerInfo {
  version?: unknown;
  kafka_cluster_id?: unknown;
}

/** GET / (worker version) and GET /connector-plugins: up means the REST server answers and the file plugin loaded. */
async function probe(_o: StackOptions, timeoutMs: number): Promise<ProbeResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const root = await fetch(`${KAFKA_CONNECT_URL}/`, { signal });
  if (!root.ok) throw new Error(`GET / answered ${root.status}`);
  const info = (await root.json()) as WorkerInfo;
  const plugins = await fetch(`${KAFKA_CONNECT_URL}/connector-plugins`, { signal });
  // 404/503 while the worker is still joining its group.
  if (!plugins.ok) throw new Error(`GET /connector-plugins answered ${plugins.status}`);
  const list = (await plugins.json()) as { class?: unknown }[];
  const hasFile = list.some((p) => p.class === 'org.apache.kafka.connect.file.FileStreamSourceConnector');
  if (!hasFile) throw new Error('the worker answers but FileStreamSourceConnector is not among its plugins');
  return {
    version: typeof info.version === 'string' ? info.version : 'unknown',
    detail: `cluster ${typeof info.kafka_cluster_id === 'string' ? info.kafka_cluster_id : '?'}, ${list.length} plugins`,
  };
}

export const kafkaConnect: ServerDef = {
  name: 'kafka-connect',
  ports: [KAFKA_CONNECT_PORT],
  startTimeoutMs: 180_000,
  stopGraceMs: 20_000,
  enabled: (o) => o.kafkaConnect === true,
  install: async (o) => {
    await installMavenJars({
      name: 'Kafka Connect',
      version: KAFKA_CONNECT_VERSION,
      pom: POM,
      lib: libDir(o.root),
      includeScope: 'runtime',
    });
    await installMavenJars({
      name: 'Kafka Connect file connectors',
      version: KAFKA_CONNECT_VERSION,
      pom: PLUGINS_POM,
      lib: fileConnectorDir(o.root),
      includeScope: 'runtime',
      properties: { excludeTransitive: 'true' },
    });
  },
  prepare,
  launch,
  probe,
  // Its state lives in the broker's internal topics; nothing on disk to clean.
  dataDirs: () => [],
};

export default kafkaConnect;
