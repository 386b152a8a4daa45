/**
 * `kafka-3.9`: one Kafka 3.9 broker (KRaft combined broker+controller) beside
 * the default 4.x `kafka`, so the line most production clusters still run
 * stays tested: the group-less reader, lag and protocol extension suites run
 * against both. PLAINTEXT 9192, controller 9193, a 384 MiB heap.
 *
 * Its own jars (`tests/stack/kafka-3.9/pom.xml` -> `.stack/kafka-3.9/lib`):
 * 3.9 logs through log4j 1 (reload4j), so the server and the CLI tools get
 * log4j 1 properties files. Started by `npm test` and by
 * `stack:up -- --kafka-3.9` (or `--only kafka-3.9`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackPaths } from '../paths.js';
import type { ServerDef, StackOptions } from '../types.js';
import {
  KAFKA_39_BOOTSTRAP,
  KAFKA_39_PORT,
  KAFKA_39_STACK_DIR,
  KAFKA_39_VERSION,
} from '../../support/kafka-brokers.js';
import {
  cliCommand,
  installJars,
  launchNode,
  prepareNodes,
  probeCluster,
  type KafkaJars,
  type KafkaNode,
} from './kafka-node.js';

export { KAFKA_39_BOOTSTRAP, KAFKA_39_VERSION } from '../../support/kafka-brokers.js';

const DEFAULT_ROOT = stackPaths().root;

/**
 * Main classes of the 3.9 command-line tools: several moved from core
 * (`kafka.*`) to tools (`org.apache.kafka.tools.*`) across 3.x and 4.0;
 * these are the 3.9 locations.
 */
export const KAFKA_39_CLI = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleProducer: 'kafka.tools.ConsoleProducer',
  configs: 'kafka.admin.ConfigCommand',
  getOffsetShell: 'org.apache.kafka.tools.GetOffsetShell',
  metadataQuorum: 'org.apache.kafka.tools.MetadataQuorumCommand',
  brokerApiVersions: 'kafka.admin.BrokerApiVersionsCommand',
} as const;

const home = (root: string): string => join(root, KAFKA_39_STACK_DIR);
const serverLog4j = (root: string): string => join(home(root), 'log4j.properties');
const toolsLog4j = (root: string): string => join(home(root), 'tools-log4j.properties');

function writeLog4j(root: string): void {
  // Everything to stdout, which the stack CLI sends to .stack/logs/<proc>.log.
  const server = [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    // Per-request and state-change chatter drowns the lines that explain a failure.
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.kafka.controller=INFO',
    'log4j.logger.org.apache.kafka.raft=INFO',
    'log4j.logger.kafka.log.LogCleaner=WARN',
  ];
  const tools = [
    'log4j.rootLogger=WARN, stderr',
    'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stderr.Target=System.err',
    'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
  ];
  mkdirSync(home(root), { recursive: true });
  writeFileSync(serverLog4j(root), `${server.join('\n')}\n`);
  writeFileSync(toolsLog4j(root), `${tools.join('\n')}\n`);
}

const JARS: KafkaJars = {
  name: 'Kafka 3.9',
  version: KAFKA_39_VERSION,
  pom: fileURLToPath(new URL('../kafka-3.9/pom.xml', import.meta.url)),
  lib: (root) => join(home(root), 'lib'),
  writeLogConfig: writeLog4j,
  logArg: (root, who) => `-Dlog4j.configuration=file:${who === 'server' ? serverLog4j(root) : toolsLog4j(root)}`,
};

/** Like kafkaCliCommand in kafka.ts, for the 3.9 jars (KAFKA_39_CLI class names). */
export function kafka39CliCommand(
  mainClass: string,
  args: string[],
  root: string = DEFAULT_ROOT,
): { command: string; args: string[] } {
  return cliCommand(JARS, mainClass, args, root);
}

function node(o: StackOptions): KafkaNode {
  const dir = home(o.root);
  return {
    proc: 'kafka-3.9',
    id: 1,
    port: KAFKA_39_PORT,
    controllerPort: KAFKA_39_PORT + 1,
    dir,
    dataDir: join(dir, 'data'),
  };
}

export const kafka39: ServerDef = {
  name: 'kafka-3.9',
  ports: [KAFKA_39_PORT, KAFKA_39_PORT + 1],
  startTimeoutMs: 120_000,
  stopGraceMs: 30_000,
  enabled: (o) => o.kafka39 === true,
  install: (o) => installJars(JARS, o.root),
  prepare: (o) => prepareNodes(o, JARS, [node(o)], home(o.root), 1, ['delete.topic.enable=true']),
  launch: (o) => [launchNode(o, JARS, node(o), 384)],
  // A 3.9 broker reports its line (inter.broker.protocol.version), so the probe reads it from the broker;
  // one that reports none is a 4.x broker left on the port (the 4.x slot before the switch): say so.
  probe: async (_o, timeoutMs) => {
    const res = await probeCluster([KAFKA_39_BOOTSTRAP], 1, timeoutMs);
    return res.version.startsWith('unknown')
      ? {
          ...res,
          version: `Kafka 4.x (no inter.broker.protocol.version), not the ${KAFKA_39_VERSION} this stack starts here`,
        }
      : res;
  },
  dataDirs: (o) => [node(o).dataDir],
};

export default kafka39;
