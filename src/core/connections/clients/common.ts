import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { ResolvedTls } from '../model';

/**
 * Deadlines for a driver. Driver defaults are often infinite or minutes long
 * (ioredis retries forever, MongoDB's socketTimeoutMS is 0, kafkajs retries with
 * backoff for ~30 s), so every factory sets these explicitly.
 */
export interface Timeouts {
  /** TCP + TLS + handshake/authentication. */
  connectMs: number;
  /** One request (metadata-sized; areas pass their own longer deadlines for queries). */
  requestMs: number;
  /** Driver-level retries of a failed request; small, since the user is waiting. */
  retries: number;
  /**
   * Backstop for a socket waiting on a reply (MongoDB socketTimeoutMS, Cassandra
   * readTimeout). Longer than requestMs because areas run queries with their own,
   * longer server-side limits (maxTimeMS, ...); never 0 (= wait forever).
   */
  socketMs: number;
}

/** Live clients: short connect, metadata-sized requests, a couple of retries. */
export const CLIENT_TIMEOUTS: Timeouts = { connectMs: 5_000, requestMs: 10_000, retries: 2, socketMs: 120_000 };

/** The probe: one deadline for everything, no retries (a retry would hide the failing stage). */
export function probeTimeouts(stageMs: number): Timeouts {
  return { connectMs: stageMs, requestMs: stageMs, retries: 0, socketMs: stageMs };
}

export interface PingResult {
  serverVersion: string | null;
  /** What the ping saw, for the probe's stage message. */
  message: string;
}

/** Node TLS options from a profile's TLS section; undefined when TLS is off. */
export function nodeTlsOptions(tls: ResolvedTls, host?: string): ConnectionOptions | undefined {
  if (!tls.enabled) return undefined;
  const servername = tls.serverName || (host && isIP(host) === 0 ? host : undefined);
  return {
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
    ...(tls.keyPassphrase ? { passphrase: tls.keyPassphrase } : {}),
    ...(servername ? { servername } : {}),
    // Only ever from the explicit profile flag (URI imports refuse the equivalents).
    rejectUnauthorized: !tls.insecureSkipVerify,
  };
}

/** Waits for `promise` but never longer than `ms`; rejects with an ETIMEDOUT error naming `what`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(`${what} did not finish within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function timeoutError(message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

/** Best-effort close that cannot hang a caller (drivers' close can wait on a dead socket). */
export async function closeQuietly(close: () => Promise<unknown>, ms = 3_000): Promise<void> {
  await within(close(), ms, 'Closing the client').catch(() => undefined);
}
