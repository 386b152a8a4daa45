import net from 'node:net';
import tls from 'node:tls';
import kafkajs from 'kafkajs';
import type { Admin, ISocketFactory, Kafka, KafkaConfig, SASLOptions, logCreator } from 'kafkajs';
import type { Tunnel } from '../../ssh/tunnel';
import type { ResolvedOf } from '../model';
import { checkMskIam, mskIamProvider } from './msk-iam';
import { checkTokenEndpoint, oauthBearerProvider, oauthClientOf } from './oauth';
import { closeQuietly, nodeTlsOptions, type PingResult, type Timeouts } from './common';

const { Kafka: KafkaClass, logLevel } = kafkajs;

export type KafkaProfileResolved = ResolvedOf<'kafka'>;

/** Where the Connect REST client goes and with what: the profile's `connect` block plus the cluster's TLS. */
export interface ConnectTarget {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly tls: KafkaProfileResolved['tls'];
}

/** Where the Schema Registry client goes and with what: the profile's `schemaRegistry` block plus the cluster's TLS. */
export interface SchemaRegistryTarget {
  readonly url: string;
  readonly auth: KafkaProfileResolved['schemaRegistry']['auth'];
  readonly username: string;
  readonly password: string;
  readonly token: string;
  readonly tls: KafkaProfileResolved['tls'];
}

export interface KafkaLive {
  readonly kafka: Kafka;
  /** Connected admin client shared by the kafka area; producers/consumers are the area's own. */
  readonly admin: Admin;
  /** The Kafka Connect cluster of this connection, secrets resolved (url '' when none); for core/kafka/connect only. */
  readonly connect: ConnectTarget;
  /** The Schema Registry of this connection, secrets resolved (url '' when none); for core/kafka/schemaRegistry only. */
  readonly schemaRegistry: SchemaRegistryTarget;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

/** kafkajs logs to the console by default; route warnings through a sink that never sees secrets. */
export type LogSink = (level: 'warn' | 'error', message: string) => void;

/**
 * kafkajs's own socket factory, plus a record of every socket it opened, so a
 * closed (or abandoned, still connecting) client leaves no socket behind:
 * kafkajs's disconnect does not reach a connection still in its handshake.
 */
export interface SocketTracker {
  readonly sockets: Set<net.Socket>;
  /** Once set, every socket is destroyed, also ones kafkajs opens later (a retry). */
  closed: boolean;
}

export function trackingSocketFactory(tracker: SocketTracker, tunnel?: Tunnel): ISocketFactory {
  const { sockets } = tracker;
  return ({ host, port, ssl, onConnect }) => {
    const socket = tunnel
      ? tunnelledSocket(tunnel, host, port, ssl, onConnect)
      : ssl
        ? tls.connect(Object.assign({ host, port }, net.isIP(host) === 0 ? { servername: host } : {}, ssl), onConnect)
        : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    if (tracker.closed) {
      queueMicrotask(() => socket.destroy(new Error('This Kafka client was closed.')));
      return socket;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
}

/**
 * Through an SSH tunnel every broker address (the bootstrap ones and each one
 * the metadata names) gets its own local forward. kafkajs wants a socket at
 * once, the forward is made asynchronously: the socket is created unconnected
 * and connected when the forward is ready (TLS runs on top, checking the
 * broker's own name).
 */
function tunnelledSocket(
  tunnel: Tunnel,
  host: string,
  port: number,
  ssl: tls.ConnectionOptions | undefined,
  onConnect: () => void,
): net.Socket {
  const raw = new net.Socket();
  tunnel.forward(host, port).then(
    (f) => raw.connect(f.port, f.host),
    (err: unknown) => raw.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  if (!ssl) {
    raw.once('connect', onConnect);
    return raw;
  }
  return tls.connect(Object.assign({ socket: raw }, net.isIP(host) === 0 ? { servername: host } : {}, ssl), onConnect);
}

export function kafkaConfig(
  p: KafkaProfileResolved,
  t: Timeouts,
  log?: LogSink,
  socketFactory?: ISocketFactory,
): KafkaConfig {
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
    ...(p.sasl.mechanism !== 'none' ? { sasl: saslOptions(p, t) } : {}),
    connectionTimeout: t.connectMs,
    authenticationTimeout: t.connectMs,
    requestTimeout: t.requestMs,
    // Without this, a request on a stalled broker connection waits for the socket to die.
    enforceRequestTimeout: true,
    // kafkajs's default is 5 retries with exponential backoff (~30 s before an error surfaces).
    retry: { retries: t.retries, initialRetryTime: 200, maxRetryTime: 2_000, factor: 0.2, multiplier: 2 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: creator,
    ...(socketFactory ? { socketFactory } : {}),
  };
}

function saslOptions(p: KafkaProfileResolved, t: Timeouts): SASLOptions {
  const { username, password } = p.sasl;
  switch (p.sasl.mechanism) {
    case 'oauthbearer':
      // Checked here so a bad endpoint is an INVALID_INPUT before any broker is dialled.
      checkTokenEndpoint(p.sasl.tokenEndpoint);
      return { mechanism: 'oauthbearer', oauthBearerProvider: oauthBearerProvider(oauthClientOf(p), t.connectMs) };
    case 'aws-msk-iam': {
      const o = { region: p.sasl.region, awsProfile: p.sasl.awsProfile };
      checkMskIam(o);
      return { mechanism: 'oauthbearer', oauthBearerProvider: mskIamProvider(o, t.connectMs) };
    }
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      return { mechanism: 'plain', username, password };
  }
}

/**
 * Connects an admin client (this performs the SASL handshake with a seed broker).
 * When `signal` aborts (the connection scope ended, the probe was stopped), every
 * socket the client opened is destroyed at once, also one still connecting.
 */
export async function openKafka(
  p: KafkaProfileResolved,
  t: Timeouts,
  log?: LogSink,
  signal?: AbortSignal,
  tunnel?: Tunnel,
): Promise<KafkaLive> {
  const tracker: SocketTracker = { sockets: new Set(), closed: false };
  const kafka = new KafkaClass(kafkaConfig(p, t, log, trackingSocketFactory(tracker, tunnel)));
  const admin = kafka.admin({ retry: { retries: t.retries, initialRetryTime: 200, maxRetryTime: 2_000 } });
  const destroyAll = (): void => {
    tracker.closed = true;
    for (const s of tracker.sockets) s.destroy();
    tracker.sockets.clear();
  };
  signal?.addEventListener('abort', destroyAll, { once: true });
  try {
    signal?.throwIfAborted();
    await admin.connect();
    signal?.throwIfAborted();
  } catch (err) {
    await closeQuietly(() => admin.disconnect());
    destroyAll();
    throw err;
  }
  return {
    kafka,
    admin,
    connect: { ...p.connect, tls: p.tls },
    schemaRegistry: { ...p.schemaRegistry, tls: p.tls },
    async ping() {
      const cluster = await admin.describeCluster();
      // kafkajs does not expose the broker release; ApiVersions ranges are not a version string.
      return {
        serverVersion: null,
        message: `Cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'unknown'}.`,
      };
    },
    close: async () => {
      await closeQuietly(() => admin.disconnect());
      // Producers and wires of the same kafkajs client opened their sockets through the same factory.
      destroyAll();
    },
  };
}
