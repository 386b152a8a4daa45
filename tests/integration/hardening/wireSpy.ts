/**
 * An oracle for "no further fetch is sent and no socket stays open" that does
 * not trust the code under test: it watches every TCP socket of this process
 * that talks to a Kafka port and parses the Kafka request frames written on it
 * (4-byte size, then int16 api key), counting requests by api key. Sockets of
 * the test's own fixture client are marked (see `fixtureKafka`) and ignored, so
 * what is counted is what core sent to the broker.
 */
import net from 'node:net';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { BROKERS } from '../kafka/support';

const { Kafka: KafkaClient, logLevel } = kafkajs;

const FIXTURE = Symbol('stackdeck-test-fixture-socket');
export const KAFKA_PORTS = new Set([9092, 19092, 29092, 39092]);
export const API_FETCH = 1;

interface Tracked {
  pending: Buffer;
  remotePort: number;
}

export interface WireSpy {
  /** Requests with this api key written by core so far. */
  count(apiKey: number): number;
  /** The response byte limit (max_bytes) of every Fetch core sent, in order. */
  fetchMaxBytes(): number[];
  /** Core's sockets to a Kafka port that are not closed. */
  openSockets(): number;
  /**
   * Lets `after` more Fetch requests through, then holds every later one unsent
   * (the reader waits on the broker as on a slow link), so a test can end a
   * connection while a scan is certainly still running. Returns how many are held.
   */
  holdFetches(after: number): () => number;
  /** Sends what is held to the sockets still open, and stops holding. */
  releaseFetches(): void;
  restore(): void;
}

type Marked = net.Socket & { [FIXTURE]?: true };

export function spyOnKafkaWire(ports: ReadonlySet<number> = KAFKA_PORTS): WireSpy {
  const proto = net.Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const original = proto.write;
  const tracked = new Map<net.Socket, Tracked>();
  const counts = new Map<number, number>();
  const fetchMaxBytes: number[] = [];
  let allowance = Number.POSITIVE_INFINITY;
  const held: Array<{ socket: net.Socket; args: unknown[] }> = [];
  proto.write = function patched(this: Marked, ...args: unknown[]): boolean {
    let fetches = 0;
    const port = this.remotePort;
    if (!this[FIXTURE] && port !== undefined && ports.has(port)) {
      let t = tracked.get(this);
      if (!t) {
        t = { pending: Buffer.alloc(0), remotePort: port };
        tracked.set(this, t);
      }
      const chunk = args[0];
      const buf =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof args[1] === 'string' ? (args[1] as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array);
      t.pending = Buffer.concat([t.pending, buf]);
      while (t.pending.length >= 6) {
        const size = t.pending.readInt32BE(0);
        if (t.pending.length < 4 + size) break;
        const apiKey = t.pending.readInt16BE(4);
        counts.set(apiKey, (counts.get(apiKey) ?? 0) + 1);
        if (apiKey === API_FETCH) {
          fetches++;
          // Fetch v4-v11 (header v1): key, version, correlation id, client id; then replica id,
          // max wait, min bytes, max bytes.
          const clientIdLength = t.pending.readInt16BE(4 + 8);
          const at = 4 + 10 + Math.max(0, clientIdLength) + 12;
          if (at + 4 <= 4 + size) fetchMaxBytes.push(t.pending.readInt32BE(at));
        }
        t.pending = t.pending.subarray(4 + size);
      }
    }
    if (fetches > 0 && allowance <= 0) {
      held.push({ socket: this, args });
      return true;
    }
    allowance -= fetches;
    return original.apply(this, args);
  };
  return {
    count: (apiKey) => counts.get(apiKey) ?? 0,
    fetchMaxBytes: () => [...fetchMaxBytes],
    openSockets: () => [...tracked.keys()].filter((s) => !s.destroyed && !s.closed).length,
    holdFetches: (after) => {
      allowance = after;
      return () => held.length;
    },
    releaseFetches: () => {
      allowance = Number.POSITIVE_INFINITY;
      for (const { socket, args } of held.splice(0)) if (!socket.destroyed) original.apply(socket, args);
    },
    restore: () => {
      proto.write = original;
    },
  };
}

/** A kafkajs client for test setup (topics, produce) whose sockets the spy ignores. */
export function fixtureKafka(): Kafka {
  return new KafkaClient({
    clientId: 'stackdeck-it-fixture',
    brokers: BROKERS,
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
    socketFactory: ({ host, port, onConnect }) => {
      const socket = net.connect({ host, port }, onConnect) as Marked;
      socket.setKeepAlive(true, 60_000);
      socket[FIXTURE] = true;
      return socket;
    },
  });
}

/** Waits until `check` holds (polling), or fails after `ms` with `what`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
