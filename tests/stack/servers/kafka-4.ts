/**
 * `kafka-4`: one Kafka 4.x broker (KRaft combined broker+controller) beside the
 * default 3.9 `kafka`, so the 4.x-only features (KIP-848 consumer groups,
 * ConsumerGroupDescribe, newer metadata.version / group.version features) are
 * tested against a real broker. PLAINTEXT 9192, controller 9193, a 384 MiB heap.
 *
 * Its own jars (`tests/stack/kafka-4/pom.xml` -> `.stack/kafka-4/lib`): 4.x logs
 * through log4j2, so the server and the CLI tools get log4j2 properties files
 * instead of the 3.9 log4j 1 ones. Started by `npm test` and by
 * `stack:up -- --kafka-4` (or `--only kafka-4`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackPaths } from '../paths.js';
import { jdkTool, installMavenJars } from '../maven.js';
import { readText, runCommand } from '../proc.js';
import type { LaunchSpec, ServerDef, StackOptions } from '../types.js';
import { newClusterId, probeCluster } from './kafka.js';

/** Keep in sync with `kafka.version` in tests/stack/kafka-4/pom.xml. */
export const KAFKA_4_VERSION = '4.4.0';
export const KAFKA_4_PORT = 9192;
export const KAFKA_4_CONTROLLER_PORT = 9193;
export const KAFKA_4_BOOTSTRAP = `127.0.0.1:${KAFKA_4_PORT}`;

const POM = fileURLToPath(new URL('../kafka-4/pom.xml', import.meta.url));
const DEFAULT_ROOT = stackPaths().root;

/** Main classes of the 4.x command-line tools (what bin/kafka-*.sh run in 4.x). */
export const KAFKA_4_CLI = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  features: 'org.apache.kafka.tools.FeatureCommand',
} as const;

const home = (root: string): string => join(root, 'kafka-4');
const libDir = (root: string): string => join(home(root), 'lib');
const dataDir = (root: string): string => join(home(root), 'data');
const toolsLog4j = (root: string): string => join(home(root), 'tools-log4j2.properties');

/** Like kafkaCliCommand in kafka.ts, for the 4.x jars: tool logging to stderr at WARN. */
export function kafka4CliCommand(
  mainClass: string,
  args: string[],
  root: string = DEFAULT_ROOT,
): { command: string; args: string[] } {
  return {
    command: jdkTool('java'),
    args: [
      '-Xmx256m',
      `-Dlog4j2.configurationFile=${toolsLog4j(root)}`,
      '-cp',
      join(libDir(root), '*'),
      mainClass,
      ...args,
    ],
  };
}

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
  writeFileSync(join(home(root), 'log4j2.properties'), `${server.join('\n')}\n`);
  writeFileSync(toolsLog4j(root), `${tools.join('\n')}\n`);
}

function serverProperties(root: string): string {
  const lines = [
    '# Written by tests/stack/servers/kafka-4.ts on every start; edits are lost.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${KAFKA_4_CONTROLLER_PORT}`,
    `listeners=PLAINTEXT://127.0.0.1:${KAFKA_4_PORT},CONTROLLER://127.0.0.1:${KAFKA_4_CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_4_PORT}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir(root)}`,
    // As on `kafka`: never create a topic because of a mistyped name.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // KIP-848 groups (the default in 4.x, stated so a test's premise is visible here).
    'group.coordinator.rebalance.protocols=classic,consumer',
    // A static KIP-848 member that stopped keeps its place until the session times
    // out (45 s by default); tests delete their groups afterwards, so keep it short.
    'group.consumer.min.session.timeout.ms=6000',
    'group.consumer.session.timeout.ms=6000',
    'group.consumer.min.heartbeat.interval.ms=1000',
    'group.consumer.heartbeat.interval.ms=2000',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.retention.hours=168',
    'log.segment.bytes=104857600',
  ];
  return `${lines.join('\n')}\n`;
}

async function prepare(o: StackOptions): Promise<void> {
  writeLog4j2(o.root);
  const dir = home(o.root);
  const props = join(dir, 'server.properties');
  writeFileSync(props, serverProperties(o.root));
  // meta.properties marks formatted storage; formatting twice would fail.
  if (existsSync(join(dataDir(o.root), 'meta.properties'))) return;
  const idFile = join(dir, 'cluster-id');
  let id = (await readText(idFile))?.trim();
  if (!id) {
    id = newClusterId();
    writeFileSync(idFile, `${id}\n`);
  }
  const { command, args } = kafka4CliCommand('kafka.tools.StorageTool', ['format', '-t', id, '-c', props], o.root);
  await runCommand(command, args, { timeoutMs: 120_000, what: 'kafka-4 StorageTool format' });
}

function launch(o: StackOptions): LaunchSpec[] {
  const dir = home(o.root);
  return [
    {
      name: 'kafka-4',
      command: jdkTool('java'),
      args: [
        '-Xms256m',
        '-Xmx384m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${join(dir, 'logs')}`,
        '-cp',
        join(libDir(o.root), '*'),
        'kafka.Kafka',
        join(dir, 'server.properties'),
      ],
      cwd: dir,
    },
  ];
}

export const kafka4: ServerDef = {
  name: 'kafka-4',
  ports: [KAFKA_4_PORT, KAFKA_4_CONTROLLER_PORT],
  startTimeoutMs: 120_000,
  stopGraceMs: 30_000,
  enabled: (o) => o.kafka4 === true,
  install: (o) =>
    installMavenJars({
      name: 'Kafka 4',
      version: KAFKA_4_VERSION,
      pom: POM,
      lib: libDir(o.root),
      includeScope: 'runtime',
    }),
  prepare,
  launch,
  // Kafka 4 has no inter.broker.protocol.version to read a release from: the jars' version is what runs.
  probe: async (_o, timeoutMs) => ({
    ...(await probeCluster([KAFKA_4_BOOTSTRAP], 1, timeoutMs)),
    version: `${KAFKA_4_VERSION} (jars; Kafka 4 reports no release over the wire)`,
  }),
  dataDirs: (o) => [dataDir(o.root)],
};

export default kafka4;
