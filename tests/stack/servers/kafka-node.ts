/**
 * What every KRaft broker of the stack shares, whichever release line runs it
 * (kafka.ts: 4.x, kafka-3.9.ts: 3.9): a combined broker+controller node with a
 * static quorum, storage formatted once with `kafka.tools.StorageTool`, then
 * `kafka.Kafka`, as bin/kafka-server-start.sh does; and the probe.
 *
 * A line (`KafkaJars`) is its own jars directory and its own logging setup:
 * 3.9 logs through log4j 1 (reload4j), 4.x through log4j2, so the two cannot
 * share a lib/ or a log config file.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { jdkTool, installMavenJars } from '../maven.js';
import { readText, runCommand, withDeadline } from '../proc.js';
import type { LaunchSpec, ProbeResult, StackOptions } from '../types.js';

const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;

/** One release line's jars and logging. */
export interface KafkaJars {
  /** For messages: `Kafka 4.4.0`. */
  readonly name: string;
  readonly version: string;
  readonly pom: string;
  /** Maven scope to copy (4.x: runtime; its test-scoped dependencies are not needed). */
  readonly includeScope?: 'runtime';
  lib(root: string): string;
  /** Writes the server's (stdout) and the CLI tools' (stderr, WARN) log config files. */
  writeLogConfig(root: string): void;
  /** The `-D` JVM argument that points the logging framework at the server's or the tools' file. */
  logArg(root: string, who: 'server' | 'tools'): string;
}

export function installJars(jars: KafkaJars, root: string): Promise<void> {
  return installMavenJars({
    name: jars.name,
    version: jars.version,
    pom: jars.pom,
    lib: jars.lib(root),
    ...(jars.includeScope ? { includeScope: jars.includeScope } : {}),
  });
}

/** The command line of a Kafka CLI tool of that line (what bin/kafka-*.sh runs); tool logging to stderr at WARN. */
export function cliCommand(
  jars: KafkaJars,
  mainClass: string,
  args: readonly string[],
  root: string,
): { command: string; args: string[] } {
  return {
    command: jdkTool('java'),
    args: ['-Xmx256m', jars.logArg(root, 'tools'), '-cp', join(jars.lib(root), '*'), mainClass, ...args],
  };
}

export interface KafkaNode {
  /** Process name, also pid/log file name. */
  proc: string;
  id: number;
  port: number;
  controllerPort: number;
  /** Directory holding server.properties. */
  dir: string;
  dataDir: string;
}

/**
 * auto.create.topics.enable=false everywhere: a console must never create a
 * topic because someone browsed or produced to a mistyped name, and tests
 * should create what they use explicitly. `extra` lines come last (a line's own settings).
 */
export function serverProperties(
  node: KafkaNode,
  voters: readonly KafkaNode[],
  replicas: 1 | 3,
  extra: readonly string[],
): string {
  const minIsr = replicas === 3 ? 2 : 1;
  const lines = [
    '# Written by tests/stack/servers/kafka-node.ts on every start; edits are lost.',
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    // Static quorum (KIP-595 voters), as the quickstart configs of both lines.
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
    `min.insync.replicas=${minIsr}`,
    `offsets.topic.replication.factor=${replicas}`,
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    // Consumer-group tests should not wait the default 3 s for a rebalance.
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.retention.hours=168',
    'log.segment.bytes=104857600',
    ...extra,
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

/** Writes each node's server.properties and formats its storage unless meta.properties says it already is. */
export async function prepareNodes(
  o: StackOptions,
  jars: KafkaJars,
  nodes: readonly KafkaNode[],
  idDir: string,
  replicas: 1 | 3,
  extra: readonly string[],
): Promise<void> {
  jars.writeLogConfig(o.root);
  const id = await clusterId(idDir);
  await Promise.all(
    nodes.map(async (node) => {
      mkdirSync(node.dir, { recursive: true });
      const props = join(node.dir, 'server.properties');
      writeFileSync(props, serverProperties(node, nodes, replicas, extra));
      // Formatting twice would fail.
      if (existsSync(join(node.dataDir, 'meta.properties'))) return;
      const { command, args } = cliCommand(jars, 'kafka.tools.StorageTool', ['format', '-t', id, '-c', props], o.root);
      await runCommand(command, args, { timeoutMs: 120_000, what: `kafka StorageTool format for ${node.proc}` });
    }),
  );
}

export function launchNode(o: StackOptions, jars: KafkaJars, node: KafkaNode, heapMb: number): LaunchSpec {
  return {
    name: node.proc,
    command: jdkTool('java'),
    args: [
      // Small heaps: five brokers plus Cassandra and Neo4j share a small machine.
      '-Xms256m',
      `-Xmx${heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djava.awt.headless=true',
      jars.logArg(o.root, 'server'),
      `-Dkafka.logs.dir=${join(node.dir, 'logs')}`,
      '-cp',
      join(jars.lib(o.root), '*'),
      'kafka.Kafka',
      join(node.dir, 'server.properties'),
    ],
    cwd: node.dir,
  };
}

/**
 * describeCluster proves the brokers answer. The Kafka protocol carries no
 * software version; a 3.x broker reports its `inter.broker.protocol.version`
 * (DescribeConfigs), e.g. `3.9-IV0`, the newest metadata version of that
 * build (no patch level). Kafka 4 dropped that config: then `version` says so
 * and the caller (which knows its jars) may say more.
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

/**
 * A 4.x probe: the broker answers, and the version is the jars' (Kafka 4
 * reports none over the wire). A broker that does report one is an older
 * line left on the port (e.g. a 3.9 broker from before the switch to 4.x): say so.
 */
export async function probeKafka4(
  brokers: string[],
  expectBrokers: number,
  version: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const res = await probeCluster(brokers, expectBrokers, timeoutMs);
  if (!res.version.startsWith('unknown'))
    return { ...res, version: `${res.version}, not the ${version} this stack starts here` };
  return { ...res, version: `${version} (jars; Kafka 4 reports no release over the wire)` };
}
