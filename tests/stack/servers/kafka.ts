/**
 * Kafka 4.x in KRaft mode from Maven Central jars (no Kafka tarball):
 * `tests/stack/kafka-4/pom.xml` resolves kafka_2.13 + kafka-tools + log4j2 into
 * `.stack/kafka-4/lib`. The default broker line of the stack (the newest 4.x
 * release Maven Central serves); kafka-3.9.ts keeps one 3.9 broker beside it.
 *
 * Two definitions share those jars (each with data of its own under .stack/kafka-4/):
 * - `kafka`: one combined broker+controller, PLAINTEXT 9092, controller 9093.
 * - `kafka-3`: three combined nodes (ids 1..3) on 19092/29092/39092 with
 *   controllers on 19093/29093/39093, replication factor 3, min ISR 2. Only
 *   started on request (`--kafka-brokers 3` or `--only kafka-3`).
 * kafka-secure.ts runs these jars too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackPaths } from '../paths.js';
import type { ServerDef, StackOptions } from '../types.js';
import {
  KAFKA_3_BROKERS,
  KAFKA_BOOTSTRAP,
  KAFKA_PORT,
  KAFKA_STACK_DIR,
  KAFKA_VERSION,
} from '../../support/kafka-brokers.js';
import {
  cliCommand,
  installJars,
  launchNode,
  prepareNodes,
  probeKafka4,
  type KafkaJars,
  type KafkaNode,
} from './kafka-node.js';

export { KAFKA_VERSION, KAFKA_BOOTSTRAP } from '../../support/kafka-brokers.js';
export { newClusterId, probeCluster } from './kafka-node.js';

const DEFAULT_ROOT = stackPaths().root;

/** Main classes of the 4.x command-line tools (what bin/kafka-*.sh run in 4.x; most moved to kafka-tools). */
export const KAFKA_CLI = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  configs: 'org.apache.kafka.tools.ConfigCommand',
  getOffsetShell: 'org.apache.kafka.tools.GetOffsetShell',
  metadataQuorum: 'org.apache.kafka.tools.MetadataQuorumCommand',
  brokerApiVersions: 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  features: 'org.apache.kafka.tools.FeatureCommand',
} as const;

const home = (root: string): string => join(root, KAFKA_STACK_DIR);
export const kafkaLibDir = (root: string = DEFAULT_ROOT): string => join(home(root), 'lib');
const serverLog4j = (root: string): string => join(home(root), 'log4j2.properties');
const toolsLog4j = (root: string): string => join(home(root), 'tools-log4j2.properties');

function writeLog4j2(root: string): void {
  const appender = (target: 'SYSTEM_OUT' | 'SYSTEM_ERR'): string[] => [
    'appender.out.type=Console',
    'appender.out.name=OUT',
    `appender.out.target=${target}`,
    'appender.out.layout.type=PatternLayout',
    'appender.out.layout.pattern=[%d] %p %m (%c)%n',
  ];
  const server = [
    ...appender('SYSTEM_OUT'),
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.out.ref=OUT',
    // Per-request and state-change chatter drowns the lines that explain a failure.
    'logger.request.name=kafka.request.logger',
    'logger.request.level=WARN',
    'logger.state.name=state.change.logger',
    'logger.state.level=WARN',
    'logger.cleaner.name=kafka.log.LogCleaner',
    'logger.cleaner.level=WARN',
  ];
  const tools = [...appender('SYSTEM_ERR'), 'rootLogger.level=WARN', 'rootLogger.appenderRef.out.ref=OUT'];
  mkdirSync(home(root), { recursive: true });
  writeFileSync(serverLog4j(root), `${server.join('\n')}\n`);
  writeFileSync(toolsLog4j(root), `${tools.join('\n')}\n`);
}

/** The 4.x jars, also used by kafka-secure and (for its CLI) the tests. */
export const KAFKA_JARS: KafkaJars = {
  name: 'Kafka',
  version: KAFKA_VERSION,
  pom: fileURLToPath(new URL('../kafka-4/pom.xml', import.meta.url)),
  includeScope: 'runtime',
  lib: kafkaLibDir,
  writeLogConfig: writeLog4j2,
  logArg: (root, who) => `-Dlog4j2.configurationFile=${who === 'server' ? serverLog4j(root) : toolsLog4j(root)}`,
};

/** `java -cp` value for the 4.x jars. Requires `stack:up` (install) first. */
export function kafkaCliClasspath(root: string = DEFAULT_ROOT): string {
  return join(kafkaLibDir(root), '*');
}

/**
 * The command line for a Kafka CLI tool, like `bin/kafka-consumer-groups.sh`:
 * `kafkaCliCommand(KAFKA_CLI.consumerGroups, ['--bootstrap-server', KAFKA_BOOTSTRAP, '--list'])`.
 * Tool logging goes to stderr at WARN so stdout holds only the tool's output.
 */
export function kafkaCliCommand(
  mainClass: string,
  args: string[],
  root: string = DEFAULT_ROOT,
): { command: string; args: string[] } {
  return cliCommand(KAFKA_JARS, mainClass, args, root);
}

/**
 * 4.x-only settings: KIP-848 groups (the default in 4.x, stated so a test's
 * premise is visible here), and short KIP-848 sessions: a static member that
 * stopped keeps its place until the session times out (45 s by default), and
 * tests delete their groups afterwards.
 */
export const KAFKA_4_EXTRA: readonly string[] = [
  'share.coordinator.state.topic.replication.factor=1',
  'share.coordinator.state.topic.min.isr=1',
  'group.coordinator.rebalance.protocols=classic,consumer',
  'group.consumer.min.session.timeout.ms=6000',
  'group.consumer.session.timeout.ms=6000',
  'group.consumer.min.heartbeat.interval.ms=1000',
  'group.consumer.heartbeat.interval.ms=2000',
];

// Data under .stack/kafka-4/, never a 3.9 broker's old log dir (.stack/kafka, .stack/kafka-3).
function singleNode(o: StackOptions): KafkaNode {
  const dir = join(home(o.root), 'kafka');
  return { proc: 'kafka', id: 1, port: KAFKA_PORT, controllerPort: KAFKA_PORT + 1, dir, dataDir: join(dir, 'data') };
}

const threeDir = (o: StackOptions): string => join(home(o.root), 'kafka-3');

function threeNodes(o: StackOptions): KafkaNode[] {
  return [1, 2, 3].map((id) => ({
    proc: `kafka-3-broker-${id}`,
    id,
    port: id * 10_000 + 9092,
    controllerPort: id * 10_000 + 9093,
    dir: join(threeDir(o), `broker-${id}`),
    dataDir: join(threeDir(o), 'data', `broker-${id}`),
  }));
}

// The three-node quorum needs replicated share-state topics; the single node's extras say 1.
const THREE_EXTRA = KAFKA_4_EXTRA.map((l) =>
  l.startsWith('share.coordinator.state.topic.replication.factor')
    ? 'share.coordinator.state.topic.replication.factor=3'
    : l.startsWith('share.coordinator.state.topic.min.isr')
      ? 'share.coordinator.state.topic.min.isr=2'
      : l,
);

export const kafka: ServerDef = {
  name: 'kafka',
  ports: [KAFKA_PORT, KAFKA_PORT + 1],
  startTimeoutMs: 120_000,
  stopGraceMs: 30_000,
  install: (o) => installJars(KAFKA_JARS, o.root),
  prepare: (o) => prepareNodes(o, KAFKA_JARS, [singleNode(o)], singleNode(o).dir, 1, KAFKA_4_EXTRA),
  launch: (o) => [launchNode(o, KAFKA_JARS, singleNode(o), 512)],
  probe: (_o, timeoutMs) => probeKafka4([KAFKA_BOOTSTRAP], 1, KAFKA_VERSION, timeoutMs),
  dataDirs: (o) => [singleNode(o).dataDir],
};

export const kafka3: ServerDef = {
  name: 'kafka-3',
  ports: [19092, 29092, 39092, 19093, 29093, 39093],
  startTimeoutMs: 150_000,
  // Stopping all three at once makes each wait for a controller quorum that is
  // itself shutting down; bounded here, after which `down` uses SIGKILL.
  stopGraceMs: 30_000,
  enabled: (o) => o.kafkaBrokers === 3,
  install: (o) => installJars(KAFKA_JARS, o.root),
  prepare: (o) => prepareNodes(o, KAFKA_JARS, threeNodes(o), threeDir(o), 3, THREE_EXTRA),
  launch: (o) => threeNodes(o).map((n) => launchNode(o, KAFKA_JARS, n, 512)),
  probe: (_o, timeoutMs) => probeKafka4([...KAFKA_3_BROKERS], 3, KAFKA_VERSION, timeoutMs),
  dataDirs: (o) => [join(threeDir(o), 'data')],
};

export default kafka;
