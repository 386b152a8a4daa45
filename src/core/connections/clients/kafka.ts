import kafkajs from 'kafkajs';
import type { Admin, Kafka, KafkaConfig, SASLOptions, logCreator } from 'kafkajs';
import type { ResolvedOf } from '../model';
import { closeQuietly, nodeTlsOptions, type PingResult, type Timeouts } from './common';

const { Kafka: KafkaClass, logLevel } = kafkajs;

export type KafkaProfileResolved = ResolvedOf<'kafka'>;

export interface KafkaLive {
  readonly kafka: Kafka;
  /** Connected admin client shared by the kafka area; producers/consumers are the area's own. */
  readonly admin: Admin;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

/** kafkajs logs to the console by default; route warnings through a sink that never sees secrets. */
export type LogSink = (level: 'warn' | 'error', message: string) => void;

export function kafkaConfig(p: KafkaProfileResolved, t: Timeouts, log?: LogSink): KafkaConfig {
  const ssl = nodeTlsOptions(p.tls);
  const creator: logCreator = () => (entry) => {
    if (!log) return;
    // Only the message text: the entry's extra fields can include broker request payloads.
    if (entry.level === logLevel.ERROR) log('error', `kafkajs: ${entry.log.message}`);
    else if (entry.level === logLevel.WARN) log('warn', `kafkajs: ${entry.log.message}`);
  };
  return {
    clientId: p.clientId,
    brokers: p.brokers,
    ...(ssl ? { ssl } : {}),
    ...(p.sasl.mechanism !== 'none' ? { sasl: saslOptions(p) } : {}),
    connectionTimeout: t.connectMs,
    authenticationTimeout: t.connectMs,
    requestTimeout: t.requestMs,
    // Without this, a request on a stalled broker connection waits for the socket to die.
    enforceRequestTimeout: true,
    // kafkajs's default is 5 retries with exponential backoff (~30 s before an error surfaces).
    retry: { retries: t.retries, initialRetryTime: 200, maxRetryTime: 2_000, factor: 0.2, multiplier: 2 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: creator,
  };
}

function saslOptions(p: KafkaProfileResolved): SASLOptions {
  const { username, password } = p.sasl;
  switch (p.sasl.mechanism) {
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      return { mechanism: 'plain', username, password };
  }
}

/** Connects an admin client (this performs the SASL handshake with a seed broker). */
export async function openKafka(p: KafkaProfileResolved, t: Timeouts, log?: LogSink): Promise<KafkaLive> {
  const kafka = new KafkaClass(kafkaConfig(p, t, log));
  const admin = kafka.admin({ retry: { retries: t.retries, initialRetryTime: 200, maxRetryTime: 2_000 } });
  try {
    await admin.connect();
  } catch (err) {
    await closeQuietly(() => admin.disconnect());
    throw err;
  }
  return {
    kafka,
    admin,
    async ping() {
      const cluster = await admin.describeCluster();
      // kafkajs does not expose the broker release; ApiVersions ranges are not a version string.
      return {
        serverVersion: null,
        message: `Cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'unknown'}.`,
      };
    },
    close: () => closeQuietly(() => admin.disconnect()),
  };
}
