/**
 * The `kafka-4` broker (Kafka 4.4 on 127.0.0.1:9192, tests/stack/servers/kafka-4.ts)
 * and one live KIP-848 member on it: the 4.4 console consumer from the stack's
 * jars with group.protocol=consumer (kafkajs has no KIP-848). Self-contained
 * because tests/stack is outside the e2e TypeScript project.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';

export const KAFKA_4_BOOTSTRAP = '127.0.0.1:9192';
const HOME = fileURLToPath(new URL('../../../.stack/kafka-4', import.meta.url));

export function newClient4(clientId: string): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: [KAFKA_4_BOOTSTRAP],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
}

/** Starts the member; the returned function stops it (SIGTERM, then SIGKILL after 15 s) and waits for its exit. */
export function startKip848Member(o: {
  groupId: string;
  topic: string;
  clientId: string;
  instanceId: string;
}): () => Promise<void> {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const props = ['group.protocol=consumer', `client.id=${o.clientId}`, `group.instance.id=${o.instanceId}`];
  const child = spawn(
    java,
    [
      '-Xmx128m',
      `-Dlog4j2.configurationFile=${join(HOME, 'tools-log4j2.properties')}`,
      '-cp',
      join(HOME, 'lib', '*'),
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server',
      KAFKA_4_BOOTSTRAP,
      '--topic',
      o.topic,
      '--group',
      o.groupId,
      '--from-beginning',
      ...props.flatMap((p) => ['--consumer-property', p]),
      '--consumer-property',
      'auto.commit.interval.ms=200',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
}
