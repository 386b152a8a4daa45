/**
 * Kafka 3.9 in KRaft mode from Maven Central jars (no Kafka tarball, no
 * ZooKeeper). `tests/stack/kafka/pom.xml` resolves kafka_2.13 + kafka-tools +
 * a log4j binding into `.stack/kafka/lib`; we format storage with
 * `kafka.tools.StorageTool` and run `kafka.Kafka`, as bin/kafka-server-start.sh does.
 *
 * Two definitions share those jars:
 * - `kafka`: one combined broker+controller, PLAINTEXT 9092, controller 9093.
 * - `kafka-3`: three combined nodes (ids 1..3) on 19092/29092/39092 with
 *   controllers on 19093/29093/39093, replication factor 3, min ISR 2. Only
 *   started on request (`--kafka-brokers 3` or `--only kafka-3`).
 *
 * auto.create.topics.enable=false on both: a console must never create a
 * topic because someone browsed or produced to a mistyped name, and tests
 * should create what they use explicitly.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { stackPaths } from '../paths.js';
import { jdkTool, installMavenJars } from '../maven.js';
import { readText, runCommand, withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, ServerDef, StackOptions } from '../types.js';

const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;

/** Keep in sync with `kafka.version` in tests/stack/kafka/pom.xml. */
export const KAFKA_VERSION = '3.9.2';

const POM = fileURLToPath(new URL('../kafka/pom.xml', import.meta.url));
const DEFAULT_ROOT = stackPaths().root;

/**
 * Main classes of the Kafka command-line tools in 3.9 (what bin/kafka-*.sh run).
 * Several moved from core (`kafka.*`) to tools (`org.apache.kafka.tools.*`)
 * across 3.x; these are the 3.9 locations.
 */
export const KAFKA_CLI = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleProducer: 'kafka.tools.ConsoleProducer',
  configs: 'kafka.admin.ConfigCommand',
  getOffsetShell: 'org.apache.kafka.tools.GetOffsetShell',
  metadataQuorum: 'org.apache.kafka.tools.MetadataQuorumCommand',
  brokerApiVersions: 'kafka.admin.BrokerApiVersionsCommand',
} as const;

const home = (root: string): string => join(root, 'kafka');
export const kafkaLibDir = (root: string = DEFAULT_ROOT): string => join(home(root), 'lib');

/** `java -cp` value for the Kafka jars, e.g. to run a KAFKA_CLI class. Requires `stack:up` (install) first. */
export function kafkaCliClasspath(root: string = DEFAULT_ROOT): string {
  return join(kafkaLibDir(root), '*');
}

/**
 * The command line for a Kafka CLI tool, like `bin/kafka-consumer-groups.sh`:
 * `kafkaCliCommand(KAFKA_CLI.consumerGroups, ['--bootstrap-server', '127.0.0.1:9092', '--list'])`.
 * Tool logging goes to stderr at WARN so stdout holds only the tool's output.
 */
export function kafkaCliCommand(
  mainClass: string,
  args: string[],
  root: string = DEFAULT_ROOT,
): { command: string; args: string[] } {
  return {
    command: jdkTool('java'),
    args: [
      '-Xmx256m',
      `-Dlog4j.configuration=file:${join(home(root), 'tools-log4j.properties')}`,
      '-cp',
      kafkaCliClasspath(root),
      mainClass,
      ...args,
    ],
  };
}

// --- install ----------------------------------------------------------------

async function installJars(root: string): Promise<void> {
  await installMavenJars({ name: 'Kafka', version: KAFKA_VERSION, pom: POM, lib: kafkaLibDir(root) });
}

/** The broker's and the CLI tools' log4j files (stdout / stderr); also used by kafka-secure. */
export function writeLog4j(root: string): void {
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
  writeFileSync(join(home(root), 'log4j.properties'), `${server.join('\n')}\n`);
  writeFileSync(join(home(root), 'tools-log4j.properties'), `${tools.join('\n')}\n`);
}

// --- configuration ----------------------------------------------------------

interface Node {
  /** Process name, also pid/log file name. */
  proc: string;
  id: number;
  port: number;
  controllerPort: number;
  /** Directory holding server.properties. */
  dir: string;
  dataDir: string;
}

function singleNode(o: StackOptions): Node {
  const dir = home(o.root);
  return { proc: 'kafka', id: 1, port: 9092, controllerPort: 9093, dir, dataDir: join(dir, 'data') };
}

function threeNodes(o: StackOptions): Node[] {
  const dir = join(o.root, 'kafka-3');
  return [1, 2, 3].map((id) => ({
    proc: `kafka-3-broker-${id}`,
    id,
    port: id * 10_000 + 9092,
    controllerPort: id * 10_000 + 9093,
    dir: join(dir, `broker-${id}`),
    dataDir: join(dir, 'data', `broker-${id}`),
  }));
}

function serverProperties(node: Node, voters: Node[], replicas: 1 | 3): string {
  const lines = [
    '# Written by tests/stack/servers/kafka.ts on every start; edits are lost.',
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    // Static quorum (KIP-595 voters), like the 3.9 quickstart configs.
    `controller.quorum.voters=${voters.map((v) => `${v.id}@127.0.0.1:${v.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${node.dataDir}`,
    'auto.create.topics.enable=false',
    'num.partitions=1',
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${replicas === 3 ? 2 : 1}`,
    `offsets.topic.replication.factor=${replicas}`,
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${replicas === 3 ? 2 : 1}`,
    // Consumer-group tests should not wait the default 3 s for a rebalance.
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=4',
    // Let `--clean`-free reuse of .stack keep disk use in check.
    'log.retention.hours=168',
    'log.segment.bytes=104857600',
    'delete.topic.enable=true',
  ];
  return `${lines.join('\n')}\n`;
}

/** A Kafka cluster id: a random 16-byte UUID in URL-safe base64, as `kafka-storage random-uuid` prints. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka's Uuid.randomUuid() avoids a leading '-' (it would parse as a CLI flag).
    if (!id.startsWith('-')) return id;
  }
}

/** The same cluster id across restarts and `--clean`: stored beside (not inside) the data. */
async function clusterId(dir: string): Promise<string> {
  const file = join(dir, 'cluster-id');
  const existing = (await readText(file))?.trim();
  if (existing) return existing;
  const id = newClusterId();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${id}\n`);
  return id;
}

async function prepareNodes(o: StackOptions, nodes: Node[], idDir: string, replicas: 1 | 3): Promise<void> {
  writeLog4j(o.root);
  const id = await clusterId(idDir);
  await Promise.all(
    nodes.map(async (node) => {
      mkdirSync(node.dir, { recursive: true });
      const props = join(node.dir, 'server.properties');
      writeFileSync(props, serverProperties(node, nodes, replicas));
      // meta.properties marks formatted storage; formatting twice would fail.
      if (existsSync(join(node.dataDir, 'meta.properties'))) return;
      await runCommand(
        jdkTool('java'),
        [
          '-Xmx256m',
          `-Dlog4j.configuration=file:${join(home(o.root), 'tools-log4j.properties')}`,
          '-cp',
          kafkaCliClasspath(o.root),
          'kafka.tools.StorageTool',
          'format',
          '-t',
          id,
          '-c',
          props,
        ],
        { timeoutMs: 120_000, what: `kafka StorageTool format for ${node.proc}` },
      );
    }),
  );
}

function launchNode(o: StackOptions, node: Node): LaunchSpec {
  return {
    name: node.proc,
    command: jdkTool('java'),
    args: [
      // Small heap: three brokers plus Cassandra and Neo4j share a small machine.
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(home(o.root), 'log4j.properties')}`,
      `-Dkafka.logs.dir=${join(node.dir, 'logs')}`,
      '-cp',
      kafkaCliClasspath(o.root),
      'kafka.Kafka',
      join(node.dir, 'server.properties'),
    ],
    cwd: node.dir,
  };
}

// --- probe ------------------------------------------------------------------

/**
 * describeCluster proves the brokers answer; the version comes from the
 * broker too: the Kafka protocol carries no software version, so we read the
 * broker's `inter.broker.protocol.version` (DescribeConfigs). Its value is the
 * newest metadata version that broker build supports, e.g. `3.9-IV0` for any
 * 3.9.x, so the patch level is not visible over the wire (our jars are
 * KAFKA_VERSION). Kafka 4 dropped that config; then we say so.
 */
export async function probeCluster(brokers: string[], expectBrokers: number, timeoutMs: number): Promise<ProbeResult> {
  const kafka = new Kafka({
    clientId: 'stackdeck-stack-probe',
    brokers,
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin: Admin = kafka.admin({ retry: { retries: 0 } });
  const work = async (): Promise<ProbeResult> => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length < expectBrokers) {
      throw new Error(`${cluster.brokers.length}/${expectBrokers} brokers registered so far`);
    }
    const ids = cluster.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.BROKER, name: String(ids[0]), configNames: ['inter.broker.protocol.version'] },
      ],
    });
    const ibp = configs.resources[0]?.configEntries.find(
      (e) => e.configName === 'inter.broker.protocol.version',
    )?.configValue;
    const line = ibp ? /^(\d+\.\d+)/.exec(ibp)?.[1] : undefined;
    const version =
      ibp && line ? `${line} (broker protocol ${ibp})` : 'unknown (broker reports no inter.broker.protocol.version)';
    return {
      version,
      detail: `cluster ${cluster.clusterId}, broker${ids.length > 1 ? 's' : ''} ${ids.join(',')}, controller ${cluster.controller ?? '?'}`,
    };
  };
  try {
    return await withDeadline(work(), timeoutMs, `kafka at ${brokers.join(',')}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// --- definitions ------------------------------------------------------------

export const kafka: ServerDef = {
  name: 'kafka',
  ports: [9092, 9093],
  startTimeoutMs: 90_000,
  stopGraceMs: 30_000,
  install: (o) => installJars(o.root),
  prepare: (o) => prepareNodes(o, [singleNode(o)], home(o.root), 1),
  launch: (o) => [launchNode(o, singleNode(o))],
  probe: (_o, timeoutMs) => probeCluster(['127.0.0.1:9092'], 1, timeoutMs),
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
  install: (o) => installJars(o.root),
  prepare: (o) => prepareNodes(o, threeNodes(o), join(o.root, 'kafka-3'), 3),
  launch: (o) => threeNodes(o).map((n) => launchNode(o, n)),
  probe: (_o, timeoutMs) => probeCluster(['127.0.0.1:19092', '127.0.0.1:29092', '127.0.0.1:39092'], 3, timeoutMs),
  dataDirs: (o) => [join(o.root, 'kafka-3', 'data')],
};

export default kafka;
