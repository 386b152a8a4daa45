/**
 * Shared fixtures for the consumer-group integration tests: a kafkajs client
 * for the local broker, topic/produce/consume helpers that build real groups
 * with real committed offsets, and a runner for the Kafka CLI
 * (`kafka-consumer-groups.sh`, i.e. ConsumerGroupCommand from the stack jars)
 * whose --describe table we compare with, number for number.
 */
import { spawn } from 'node:child_process';
import kafkajs from 'kafkajs';
import type { Admin, Consumer, Kafka as KafkaClient } from 'kafkajs';
import kafkaServer, { KAFKA_CLI, kafkaCliCommand } from '../../stack/servers/kafka.js';
import { kafka39, kafka39CliCommand } from '../../stack/servers/kafka-3.9.js';
import type { ServerDef } from '../../stack/types.js';
import { KAFKA_39_BOOTSTRAP, KAFKA_BOOTSTRAP, type KafkaLine } from '../../support/kafka-brokers.js';
import { eventually } from '../helpers/servers.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

/** The default 4.x broker; the helpers below take another bootstrap (the 3.9 broker) where a suite runs on both. */
export const BOOTSTRAP = KAFKA_BOOTSTRAP;

/** The stack server of a release line, for requireServer. */
export const serverOf = (line: KafkaLine): ServerDef => (line.server === 'kafka-3.9' ? kafka39 : kafkaServer);

export function newClient(clientId = 'stackdeck-groups-it', bootstrap = BOOTSTRAP): KafkaClient {
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // kafkajs retries for minutes by default; a test should fail in seconds.
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
}

export async function createTopic(admin: Admin, topic: string, numPartitions: number): Promise<void> {
  // No time retention: the tests write records with timestamps years old (timestamp resets), which the
  // broker's retention check (every 5 min) would otherwise delete in the middle of a test.
  await admin.createTopics({
    topics: [{ topic, numPartitions, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
    waitForLeaders: true,
  });
  // The broker's metadata cache catches up a moment after the controller commits (KRaft).
  await eventually(`metadata for ${topic}`, async () => {
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    return md.topics[0]?.partitions.length === numPartitions ? true : undefined;
  });
}

export async function deleteTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const mine = topics.filter((t) => existing.has(t));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
}

/** Produces `counts[p]` messages to partition p, with timestamps `baseTs + i * stepMs` (i = offset). */
export async function produce(
  client: KafkaClient,
  topic: string,
  counts: number[],
  baseTs = Date.now(),
  stepMs = 1,
): Promise<void> {
  const producer = client.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: counts.flatMap((n, partition) =>
        Array.from({ length: n }, (_, i) => ({
          partition,
          value: `m-${partition}-${i}`,
          timestamp: String(baseTs + i * stepMs),
        })),
      ),
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * A real consumer group member: subscribes from the beginning, commits after
 * each message until partition p has `targets[p]` messages committed (0 = never
 * commits there), then pauses that partition. Resolves `ready` once all targets
 * are met; `consumer` stays connected until `stop()`.
 */
export async function startConsumer(
  client: KafkaClient,
  groupId: string,
  topic: string,
  targets: number[],
): Promise<{ consumer: Consumer; ready: Promise<void>; stop: () => Promise<void> }> {
  const consumer = client.consumer({
    groupId,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const done = new Array<number>(targets.length).fill(0);
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => {
    resolveReady = r;
  });
  const check = (): void => {
    if (targets.every((t, p) => (done[p] ?? 0) >= t)) resolveReady();
  };
  check();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const target = targets[partition] ?? 0;
      if ((done[partition] ?? 0) < target) {
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
        done[partition] = (done[partition] ?? 0) + 1;
        check();
      }
      if ((done[partition] ?? 0) >= target) consumer.pause([{ topic, partitions: [partition] }]);
    },
  });
  return { consumer, ready, stop: () => consumer.disconnect() };
}

/** Builds an Empty group with `targets[p]` committed messages per partition (a real consumer that then leaves). */
export async function makeEmptyGroup(
  client: KafkaClient,
  groupId: string,
  topic: string,
  targets: number[],
): Promise<void> {
  const c = await startConsumer(client, groupId, topic, targets);
  try {
    await withTimeout(c.ready, 30_000, `consumer of ${groupId} to commit ${targets.join('/')}`);
  } finally {
    await c.stop();
  }
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

// --- the Kafka CLI ------------------------------------------------------------

/** Runs a command to its end and collects its output; SIGKILL and a rejection after `timeoutMs`. */
export function runProcess(
  cmd: { command: string; args: string[] },
  label: string,
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A CLI tool from the jars of the broker's own release line (the 3.9 tools for the 3.9 broker, else 4.x). */
export function runCli(
  mainClass: string,
  args: string[],
  timeoutMs = 60_000,
  bootstrap = BOOTSTRAP,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = bootstrap === KAFKA_39_BOOTSTRAP ? kafka39CliCommand : kafkaCliCommand;
  return runProcess(command(mainClass, args), `${mainClass} ${args.join(' ')}`, timeoutMs);
}

export interface CliRow {
  group: string;
  topic: string;
  partition: number;
  /** null where the CLI prints "-". */
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  consumerId: string | null;
}

const dash = (s: string | undefined): number | null => (s === undefined || s === '-' ? null : Number(s));

/** `kafka-consumer-groups.sh --bootstrap-server ... --describe --group G`, parsed. */
export async function cliDescribe(groupId: string, bootstrap = BOOTSTRAP): Promise<CliRow[]> {
  const res = await runCli(
    KAFKA_CLI.consumerGroups,
    ['--bootstrap-server', bootstrap, '--describe', '--group', groupId],
    60_000,
    bootstrap,
  );
  if (res.code !== 0)
    throw new Error(`ConsumerGroupCommand --describe failed (${res.code}): ${res.stderr || res.stdout}`);
  return parseTable(res.stdout).map((c) => ({
    group: c.GROUP ?? '',
    topic: c.TOPIC ?? '',
    partition: Number(c.PARTITION),
    currentOffset: dash(c['CURRENT-OFFSET']),
    logEndOffset: dash(c['LOG-END-OFFSET']),
    lag: dash(c.LAG),
    consumerId: c['CONSUMER-ID'] === '-' ? null : (c['CONSUMER-ID'] ?? null),
  }));
}

/** `--reset-offsets ... --dry-run` (the default), parsed: partition -> NEW-OFFSET. */
export async function cliResetDryRun(groupId: string, topic: string, mode: string[]): Promise<Map<number, number>> {
  const res = await runCli(KAFKA_CLI.consumerGroups, [
    '--bootstrap-server',
    BOOTSTRAP,
    '--reset-offsets',
    '--group',
    groupId,
    '--topic',
    topic,
    ...mode,
    '--dry-run',
  ]);
  if (res.code !== 0)
    throw new Error(`ConsumerGroupCommand --reset-offsets failed (${res.code}): ${res.stderr || res.stdout}`);
  return new Map(parseTable(res.stdout).map((c) => [Number(c.PARTITION), Number(c['NEW-OFFSET'])]));
}

export async function cliListGroups(): Promise<string[]> {
  const res = await runCli(KAFKA_CLI.consumerGroups, ['--bootstrap-server', BOOTSTRAP, '--list']);
  if (res.code !== 0) throw new Error(`ConsumerGroupCommand --list failed (${res.code}): ${res.stderr}`);
  return res.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * The table after the GROUP header, read as a stream of whitespace-separated
 * cells: the 3.9 reset output prints its rows with printf and no newline, so
 * rows cannot be told apart by lines. No cell in our tests contains a space.
 */
function parseTable(stdout: string): Array<Record<string, string>> {
  const tokens = stdout.split(/\s+/).filter(Boolean);
  const at = tokens.indexOf('GROUP');
  if (at < 0) return [];
  let width = 0;
  while (at + width < tokens.length && /^[A-Z][A-Z-]*$/.test(tokens[at + width] ?? '')) width++;
  const header = tokens.slice(at, at + width);
  const rows: Array<Record<string, string>> = [];
  for (let i = at + width; i + width <= tokens.length; i += width) {
    rows.push(Object.fromEntries(header.map((h, j) => [h, tokens[i + j] ?? ''])));
  }
  return rows;
}
