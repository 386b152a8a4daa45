import { Redis } from 'ioredis';
import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import { openCassandra } from '../clients/cassandra';
import { closeQuietly, type PingResult, type Timeouts } from '../clients/common';
import { openKafka } from '../clients/kafka';
import { openMongo } from '../clients/mongo';
import { neo4jAuth, neo4jConfig, neo4jUri, pingNeo4j, verifyNeo4jAuth } from '../clients/neo4j';
import { pingRedis, redisOptions } from '../clients/redis';
import type { ResolvedProfile } from '../model';
import type { Tunnel } from '../../ssh/tunnel';

/**
 * The driver half of the probe: the same client configuration the registry uses
 * (so a passing probe means the real client will connect), opened in two steps
 * so authentication and the first real request are reported separately.
 */
export interface DriverProbe {
  /** Whether the profile has credentials; without them the auth stage is skipped. */
  readonly hasCredentials: boolean;
  /** Opens the client; with credentials this is where the server accepts or refuses them. */
  connect(): Promise<string>;
  /** A real round trip: ping / metadata, with the server version where the protocol reports one. */
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

interface Opened {
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

/** For drivers whose connect already authenticates: open once, ping the opened client. */
function simple(hasCredentials: boolean, open: (signal: AbortSignal) => Promise<Opened>, what: string): DriverProbe {
  let live: Opened | undefined;
  let closed = false;
  // Closing while open() still runs (cancel, deadline, the profile went away) stops the connect itself where the driver allows it.
  const stop = new AbortController();
  return {
    hasCredentials,
    async connect() {
      const opened = await open(stop.signal);
      // The stage may have timed out (and closed us) while open() was still running.
      if (closed) await opened.close();
      else live = opened;
      return hasCredentials ? `Credentials accepted (${what}).` : `Connected (${what}).`;
    },
    async ping() {
      if (!live) throw new Error('not connected');
      return live.ping();
    },
    async close() {
      closed = true;
      stop.abort();
      await live?.close();
    },
  };
}

/** `tunnel`: the profile was already pointed at its forwards; Kafka and Cassandra map discovered addresses through it. */
export function driverProbe(p: ResolvedProfile, t: Timeouts, tunnel?: Tunnel): DriverProbe {
  switch (p.kind) {
    case 'kafka':
      return simple(
        p.sasl.mechanism !== 'none',
        (signal) => openKafka(p, t, undefined, signal, tunnel),
        `SASL ${p.sasl.mechanism.toUpperCase()}`,
      );
    case 'mongo':
      return simple(
        p.username !== '',
        () => openMongo(p, t),
        p.authMechanism === 'default' ? 'default mechanism' : p.authMechanism,
      );
    case 'cassandra':
      return simple(p.username !== '', () => openCassandra(p, t, tunnel), 'password authenticator');
    case 'neo4j':
      return neo4jProbe(p, t);
    case 'redis':
      return redisProbe(p, t);
  }
}

function neo4jProbe(p: Extract<ResolvedProfile, { kind: 'neo4j' }>, t: Timeouts): DriverProbe {
  let driver: Driver | undefined;
  let cleanup: () => Promise<void> = async () => undefined;
  const open = async () => {
    if (driver) return driver;
    const built = await neo4jConfig(p, t);
    cleanup = built.cleanup;
    driver = neo4j.driver(neo4jUri(p), neo4jAuth(p), built.config);
    return driver;
  };
  return {
    hasCredentials: p.username !== '',
    async connect() {
      await verifyNeo4jAuth(await open(), p.database);
      return p.username ? `Credentials accepted for ${p.username}.` : 'Connected without authentication.';
    },
    async ping() {
      return pingNeo4j(await open(), p.database);
    },
    async close() {
      if (driver) await closeQuietly(() => (driver as Driver).close());
      await cleanup();
    },
  };
}

/** Redis authenticates explicitly here (not inside ioredis's connect), so a refused password is the auth stage's result. */
function redisProbe(p: Extract<ResolvedProfile, { kind: 'redis' }>, t: Timeouts): DriverProbe {
  const redis = new Redis(redisOptions(p, t, { withAuth: false, reconnects: 0 }));
  redis.on('error', () => undefined);
  let connected: Promise<void> | undefined;
  const open = () => (connected ??= redis.connect());
  return {
    hasCredentials: p.password !== '',
    async connect() {
      await open();
      if (!p.password) return 'Connected.';
      await (p.username ? redis.auth(p.username, p.password) : redis.auth(p.password));
      return `Credentials accepted${p.username ? ` for ${p.username}` : ''}.`;
    },
    async ping() {
      await open();
      return pingRedis(redis);
    },
    async close() {
      redis.disconnect();
    },
  };
}
