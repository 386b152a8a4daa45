/**
 * The default Kafka 4.x broker (`kafka`, 127.0.0.1:9092, tests/stack/servers/kafka.ts),
 * its CLI tools, and one live KIP-848 member on it: the 4.x console consumer
 * from the stack's jars with group.protocol=consumer (kafkajs has no KIP-848).
 * tests/stack is outside the e2e TypeScript project, so the jars are found here
 * by the directory name tests/support/kafka-brokers.ts gives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { KAFKA_BOOTSTRAP, KAFKA_STACK_DIR } from '../../support/kafka-brokers';

export { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';
const HOME = fileURLToPath(new URL(`../../../.stack/${KAFKA_STACK_DIR}`, import.meta.url));
const java = (): string => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** Runs a 4.x CLI tool (e.g. `org.apache.kafka.tools.ConfigCommand`, kafka-configs.sh) to its end; its stdout. */
export function kafkaCliSync(mainClass: string, args: readonly string[]): string {
  const res = spawnSync(
    java(),
    [
      '-Xmx256m',
      `-Dlog4j2.configurationFile=${join(HOME, 'tools-log4j2.properties')}`,
      '-cp',
      join(HOME, 'lib', '*'),
      mainClass,
      ...args,
    ],
    { timeout: 60_000, encoding: 'utf8' },
  );
  return res.stdout;
}

export function newClient4(clientId: string): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: [KAFKA_BOOTSTRAP],
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
  const props = ['group.protocol=consumer', `client.id=${o.clientId}`, `group.instance.id=${o.instanceId}`];
  const child = spawn(
    java(),
    [
      '-Xmx128m',
      `-Dlog4j2.configurationFile=${join(HOME, 'tools-log4j2.properties')}`,
      '-cp',
      join(HOME, 'lib', '*'),
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server',
      KAFKA_BOOTSTRAP,
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
