/**
 * Fixtures for the Kafka 4.x-only tests (KIP-848 groups, finalized features)
 * against the default 4.x broker `kafka` (127.0.0.1:9092): a kafkajs client, a
 * live KIP-848 group member, and the 4.x CLI (`kafka-consumer-groups.sh` =
 * ConsumerGroupCommand from the same jars) whose tables the tests compare with
 * field by field. kafkajs has no KIP-848, so the member is the 4.x console
 * consumer with `group.protocol=consumer`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import kafkajs from 'kafkajs';
import type { Kafka as KafkaClient } from 'kafkajs';
import { KAFKA_BOOTSTRAP, KAFKA_CLI, kafkaCliCommand } from '../../stack/servers/kafka.js';
import { runProcess } from '../kafka-groups/helpers';

const { Kafka, logLevel } = kafkajs;

export function newClient4(clientId = 'stackdeck-kafka4-it'): KafkaClient {
  return new Kafka({
    clientId,
    brokers: [KAFKA_BOOTSTRAP],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
}

export function runCli4(
  mainClass: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runProcess(kafkaCliCommand(mainClass, args), `${mainClass} ${args.join(' ')}`, timeoutMs);
}

/** One live KIP-848 member (console consumer, auto-commit every 200 ms); `stop()` ends it and waits. */
export interface Kip848Member {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export function startKip848Member(opts: {
  groupId: string;
  topic: string;
  clientId: string;
  instanceId: string;
}): Kip848Member {
  const { command, args } = kafkaCliCommand(KAFKA_CLI.consoleConsumer, [
    '--bootstrap-server',
    KAFKA_BOOTSTRAP,
    '--topic',
    opts.topic,
    '--group',
    opts.groupId,
    '--from-beginning',
    '--consumer-property',
    'group.protocol=consumer',
    '--consumer-property',
    `client.id=${opts.clientId}`,
    '--consumer-property',
    `group.instance.id=${opts.instanceId}`,
    '--consumer-property',
    'auto.commit.interval.ms=200',
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      if (stderr.includes('Exception')) process.stderr.write(`kip848 member stderr: ${stderr}\n`);
    },
  };
}

/** Whitespace-separated CLI table rows keyed by header (values never contain spaces in these tables). */
export function parseTable(stdout: string, firstHeader = 'GROUP'): Array<Record<string, string>> {
  const lines = stdout.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith(`${firstHeader} `));
  if (at < 0) return [];
  const header = (lines[at] ?? '').split(/\s+/);
  return lines
    .slice(at + 1)
    .filter((l) => l.length > 0)
    .map((l) => {
      const cells = l.split(/\s+/);
      return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
    });
}

export async function consumerGroupsCli(args: string[]): Promise<string> {
  const res = await runCli4(KAFKA_CLI.consumerGroups, ['--bootstrap-server', KAFKA_BOOTSTRAP, ...args]);
  if (res.code !== 0) throw new Error(`ConsumerGroupCommand ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
  return res.stdout;
}

/** The CLI's assignment cell: `topic:0,1,2` per topic, `;`-joined (ConsumerGroupCommand), `-` when none. */
export function assignmentCell(a: ReadonlyArray<{ topic: string; partitions: number[] }> | null): string {
  if (!a || a.length === 0) return '-';
  return a.map((t) => `${t.topic}:${t.partitions.join(',')}`).join(';');
}
