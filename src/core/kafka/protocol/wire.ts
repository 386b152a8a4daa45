/**
 * KafkaWire: typed Kafka requests over kafkajs's broker connections.
 *
 * Each request module (apiVersions.ts, describeLogDirs.ts, fetch.ts, ...)
 * describes its API as an ApiSpec: key, the version range we implement, the
 * first flexible version, and encode/decode for a given version. `call` picks
 * the highest version both sides support (from the ApiVersions map kafkajs
 * negotiated on connect), frames it and sends it through the target broker's
 * kafkajs connection pool.
 *
 * Framing: kafkajs writes request header v1 (api key, version, correlation id,
 * client id). A flexible version (KIP-482) needs request header v2, which only
 * appends an empty TAGGED_FIELDS section, so we write that first in the body;
 * and its response header v1 carries TAGGED_FIELDS after the correlation id,
 * which kafkajs has already consumed, so we skip them first when decoding.
 * ApiVersions is the exception: its response header is always v0.
 */
import type { Kafka } from 'kafkajs';
import { StackdeckError, isStackdeckError } from '../../../shared/errors';
import { toStackdeckError } from '../../errors';
import { bounded, deadlineOf, throwIfDone, type CallOptions } from './call';
import { Reader, Writer } from './codec';
import { KafkaProtocolError } from './errors';
import {
  checkBroker,
  clusterFromKafka,
  isConnectionError,
  kafkajsErrorName,
  type KjsBroker,
  type KjsCluster,
} from './internals';

export interface ApiSpec<I, O> {
  readonly apiKey: number;
  readonly name: string;
  /** Lowest and highest version this module can encode and decode. */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version (Infinity if none we implement). */
  readonly flexibleFrom: number;
  /** True only for ApiVersions, whose response header stays v0 even when flexible. */
  readonly responseHeaderV0?: boolean;
  encode(w: Writer, version: number, input: I): void;
  decode(r: Reader, version: number): O;
}

export interface CallResult<O> {
  readonly value: O;
  readonly version: number;
  readonly nodeId: number;
}

export interface WireCallOptions extends CallOptions {
  /** Per-request socket timeout; defaults to the time left until the deadline. */
  readonly requestTimeoutMs?: number;
}

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export interface KafkaWireOptions {
  /** How long kafkajs caches its broker list. */
  readonly metadataMaxAgeMs?: number;
}

export class KafkaWire {
  private connecting: Promise<void> | null = null;

  /** Constructor injection: tests or the connection registry pass a kafkajs Cluster (see internals.ts). */
  constructor(private readonly cluster: KjsCluster) {}

  static fromKafka(kafka: Kafka, options: KafkaWireOptions = {}): KafkaWire {
    return new KafkaWire(clusterFromKafka(kafka, options.metadataMaxAgeMs));
  }

  /** Connects to a seed broker and loads the broker list; shared among concurrent callers. */
  async connect(opts: CallOptions = {}): Promise<void> {
    this.connecting ??= (async () => {
      await this.cluster.connect();
      await this.cluster.refreshMetadata();
    })().catch((e: unknown) => {
      this.connecting = null;
      throw e;
    });
    try {
      await bounded(this.connecting, { ...opts, deadline: deadlineOf(opts) }, 'Connecting to Kafka');
    } catch (e) {
      throw wireError(e, 'Connecting to Kafka');
    }
  }

  async disconnect(): Promise<void> {
    this.connecting = null;
    await this.cluster.disconnect();
  }

  /** Broker ids kafkajs knows from its last metadata refresh. */
  brokerIds(): number[] {
    return this.cluster
      .getNodeIds()
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Reloads kafkajs's broker list (after a broker was added, replaced or went away). */
  async refreshBrokers(opts: CallOptions = {}): Promise<void> {
    await this.connect(opts);
    await bounded(
      this.cluster.refreshMetadata(),
      { ...opts, deadline: deadlineOf(opts) },
      'Refreshing the Kafka broker list',
    );
  }

  private async broker(nodeId: number, opts: CallOptions): Promise<KjsBroker> {
    await this.connect(opts);
    const find = async (): Promise<KjsBroker> => checkBroker(await this.cluster.findBroker({ nodeId }));
    try {
      return await bounded(find(), opts, `Connecting to broker ${nodeId}`);
    } catch (e) {
      // kafkajs refreshes its broker list before rethrowing BrokerNotFound; one retry picks up a new broker.
      if (kafkajsErrorName(e) === 'KafkaJSBrokerNotFound')
        return bounded(find(), opts, `Connecting to broker ${nodeId}`);
      throw e;
    }
  }

  /** The version range broker `nodeId` supports for `apiKey`, or null when it lacks the API. */
  async versionRange(nodeId: number, apiKey: number, opts: CallOptions = {}): Promise<VersionRange | null> {
    const b = await this.broker(nodeId, opts);
    const v = b.versions?.[String(apiKey)];
    return v === undefined ? null : { min: v.minVersion, max: v.maxVersion };
  }

  /** Any reachable broker, trying them in random order. */
  async anyBrokerId(opts: CallOptions = {}): Promise<number> {
    await this.connect(opts);
    const ids = this.brokerIds().sort(() => Math.random() - 0.5);
    let last: unknown;
    for (const id of ids) {
      try {
        await this.broker(id, opts);
        return id;
      } catch (e) {
        if (isStackdeckError(e)) throw e; // cancelled or deadline
        last = e;
      }
    }
    throw wireError(
      last ?? new StackdeckError('UNREACHABLE', 'No Kafka broker is known.'),
      'Finding a reachable Kafka broker',
    );
  }

  /**
   * Sends one request to broker `target` ('any' = a reachable broker) with the
   * best common version. Errors: StackdeckError for cancellation, deadline and
   * unsupported versions; kafkajs errors (connection, request timeout) pass
   * through unchanged so callers can decide to refresh metadata and retry;
   * wrap them with wireError() at the public boundary.
   */
  async call<I, O>(
    target: number | 'any',
    spec: ApiSpec<I, O>,
    input: I,
    opts: WireCallOptions = {},
  ): Promise<CallResult<O>> {
    throwIfDone(opts, spec.name);
    const nodeId = target === 'any' ? await this.anyBrokerId(opts) : target;
    const broker = await this.broker(nodeId, opts);
    const range = broker.versions?.[String(spec.apiKey)];
    const version = range === undefined ? -1 : Math.min(spec.maxVersion, range.maxVersion);
    if (range === undefined || version < spec.minVersion || version < range.minVersion) {
      const has = range === undefined ? 'does not support it' : `supports v${range.minVersion}-v${range.maxVersion}`;
      throw new StackdeckError(
        'SERVER_ERROR',
        `Broker ${nodeId} cannot serve ${spec.name}: Stackdeck needs v${spec.minVersion}-v${spec.maxVersion} and the broker ${has}. Upgrade the broker.`,
        { api: spec.name, apiKey: spec.apiKey, brokerId: nodeId },
      );
    }
    const flexible = version >= spec.flexibleFrom;
    const left = opts.deadline === undefined ? undefined : Math.max(1, opts.deadline - Date.now());
    const requestTimeout = opts.requestTimeoutMs ?? left;
    const sent = broker.connectionPool.send({
      request: {
        apiKey: spec.apiKey,
        apiVersion: version,
        apiName: spec.name,
        encode: async () => {
          const w = new Writer(flexible);
          w.tags(); // request header v2 tail (no-op when not flexible)
          spec.encode(w, version, input);
          const buf = w.encoder.buffer;
          return { buffer: buf, buf };
        },
      },
      response: {
        decode: async (payload: Buffer) => {
          const r = new Reader(payload, flexible);
          if (!spec.responseHeaderV0) r.tags(); // response header v1 tail
          return spec.decode(r, version);
        },
        parse: async (decoded: unknown) => decoded,
      },
      ...(requestTimeout === undefined ? {} : { requestTimeout }),
      logResponseError: false,
    });
    // `decode` above produced the value; the cast only restores the type kafkajs erased.
    const value = (await bounded(sent, opts, `${spec.name} to broker ${nodeId}`)) as O;
    return { value, version, nodeId };
  }
}

/** Translates anything thrown below into a StackdeckError for the public boundary. */
export function wireError(e: unknown, operation: string): StackdeckError {
  if (isStackdeckError(e)) return e;
  if (e instanceof KafkaProtocolError) return e.toStackdeck();
  return toStackdeckError(e, { operation });
}

export { isConnectionError };
