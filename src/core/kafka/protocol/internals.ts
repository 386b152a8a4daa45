/**
 * The kafkajs 2.2.4 internals the protocol layer stands on, typed and checked
 * once at runtime. Nothing untyped leaves this file.
 *
 * kafkajs (unmaintained since 2023) lacks DescribeLogDirs, IncrementalAlterConfigs,
 * assign(), and a ListOffsets with a caller-chosen isolation level. Its network
 * layer is solid (SASL, TLS, reconnects, per-connection request queue, request
 * timeouts), so we borrow a kafkajs `Cluster` built with exactly the settings of
 * the connection's `Kafka` client and send our own requests through each
 * broker's `connectionPool.send`, the entry point kafkajs's own Broker methods use.
 *
 * The cluster comes from the client's private factory (a Symbol-keyed
 * closure, `private:Kafka:createCluster`) rather than `new Cluster(...)` from
 * `kafkajs/src/cluster`: the factory already holds the client's brokers, SSL,
 * SASL, socket factory, logger, timeouts and retry policy, so there is one
 * place (the connection registry) that configures a Kafka connection.
 * src/core/kafka/groups/wire/cluster.ts borrows it the same way.
 */
import type { Kafka } from 'kafkajs';
import { StackdeckError } from '../../../shared/errors';

/** What kafkajs's Connection.send expects: the request (encoded lazily) and how to decode the response. */
export interface KjsProtocolRequest {
  request: {
    apiKey: number;
    apiVersion: number;
    apiName: string;
    encode: () => Promise<{ buffer: Buffer; buf: Buffer }>;
  };
  response: { decode: (payload: Buffer) => Promise<unknown>; parse: (decoded: unknown) => Promise<unknown> };
  /** Per-request timeout; kafkajs uses max(this, the client's requestTimeout). */
  requestTimeout?: number;
  logResponseError?: boolean;
}

export interface KjsBroker {
  nodeId: number | string | null;
  /** The ApiVersions map kafkajs negotiated on connect: apiKey -> range. */
  versions: Record<string, { minVersion: number; maxVersion: number } | undefined> | null;
  connectionPool: {
    host: string;
    port: number;
    /**
     * Two connections per broker: index 1 carries Fetch (apiKey 1), index 0
     * everything else, so a long-poll fetch never delays an admin request.
     */
    send: (req: KjsProtocolRequest) => Promise<unknown>;
  };
}

export interface KjsCluster {
  connect: () => Promise<void>;
  disconnect: () => Promise<void>;
  /** Refreshes kafkajs's broker list (and its target topics, which we never set: so brokers only). */
  refreshMetadata: () => Promise<void>;
  getNodeIds: () => Array<number | string>;
  findBroker: (q: { nodeId: number | string }) => Promise<KjsBroker>;
}

type CreateCluster = (opts: {
  metadataMaxAge: number;
  allowAutoTopicCreation: boolean;
  maxInFlightRequests: number | null;
  instrumentationEmitter: null;
  isolationLevel?: number;
}) => unknown;

function isFn(v: unknown): v is (...args: never[]) => unknown {
  return typeof v === 'function';
}

const INCOMPATIBLE = 'This kafkajs build does not expose the internals Stackdeck uses; Stackdeck needs kafkajs 2.2.x.';

/** A kafkajs Cluster configured like `kafka`'s own admin/producer, with auto topic creation off. */
export function clusterFromKafka(kafka: Kafka, metadataMaxAgeMs = 60_000): KjsCluster {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory: unknown = sym === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[sym];
  if (!isFn(factory)) throw new StackdeckError('SERVER_ERROR', INCOMPATIBLE);
  const cluster: unknown = (factory as CreateCluster)({
    metadataMaxAge: metadataMaxAgeMs,
    // A console must never create a topic because someone browsed a mistyped name.
    allowAutoTopicCreation: false,
    maxInFlightRequests: null,
    instrumentationEmitter: null,
  });
  return checkCluster(cluster);
}

/** Runtime shape check, so a kafkajs upgrade that moved things fails loudly here and not mid-read. */
export function checkCluster(value: unknown): KjsCluster {
  if (typeof value !== 'object' || value === null) throw new StackdeckError('SERVER_ERROR', INCOMPATIBLE);
  const rec = value as Record<string, unknown>;
  for (const m of ['connect', 'disconnect', 'refreshMetadata', 'getNodeIds', 'findBroker']) {
    if (!isFn(rec[m])) throw new StackdeckError('SERVER_ERROR', `${INCOMPATIBLE} (Cluster.${m} missing)`);
  }
  return value as KjsCluster;
}

export function checkBroker(value: unknown): KjsBroker {
  const rec = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const pool = rec?.connectionPool;
  if (rec === undefined || typeof pool !== 'object' || pool === null || !isFn((pool as Record<string, unknown>).send)) {
    throw new StackdeckError('SERVER_ERROR', `${INCOMPATIBLE} (Broker.connectionPool.send missing)`);
  }
  return value as KjsBroker;
}

/** kafkajs error names we branch on (they carry `name`, and protocol errors a `type`). */
export function kafkajsErrorName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Network-level failures after which the target broker may be gone or replaced: refresh metadata and retry elsewhere. */
export function isConnectionError(e: unknown): boolean {
  const name = kafkajsErrorName(e);
  return (
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSConnectionClosedError' ||
    name === 'KafkaJSBrokerNotFound' ||
    name === 'KafkaJSRequestTimeoutError' ||
    name === 'KafkaJSLockTimeout' ||
    name === 'KafkaJSNumberOfRetriesExceeded'
  );
}
