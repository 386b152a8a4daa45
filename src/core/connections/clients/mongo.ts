import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { ResolvedOf } from '../model';
import { checkStoredMongoUri } from '../uri';
import { closeQuietly, nodeTlsOptions, within, type PingResult, type Timeouts } from './common';

export type MongoProfileResolved = ResolvedOf<'mongo'>;

export interface MongoLive {
  readonly client: MongoClient;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

/** The URI (topology only: never credentials) and the options object that carries auth, TLS and deadlines. */
export function mongoSettings(p: MongoProfileResolved, t: Timeouts): { uri: string; options: MongoClientOptions } {
  let uri: string;
  const options: MongoClientOptions = {
    appName: 'Stackdeck',
    serverSelectionTimeoutMS: t.connectMs,
    connectTimeoutMS: t.connectMs,
    // The driver's default 0 lets a stalled socket hang a call forever.
    socketTimeoutMS: t.socketMs,
    // Under load the pool would otherwise queue a checkout until serverSelectionTimeoutMS... per attempt.
    waitQueueTimeoutMS: t.requestMs,
    maxPoolSize: 10,
    maxIdleTimeMS: 60_000,
    retryReads: t.retries > 0,
    retryWrites: t.retries > 0,
  };
  if (p.endpoint.mode === 'uri') {
    // Stored URIs were checked on save; check again, the file may have been edited by hand.
    checkStoredMongoUri(p.endpoint.uri);
    uri = p.endpoint.uri;
  } else {
    uri = `mongodb://${p.endpoint.hosts.join(',')}/`;
    if (p.endpoint.replicaSet) options.replicaSet = p.endpoint.replicaSet;
    if (p.endpoint.directConnection) options.directConnection = true;
  }
  if (p.username) {
    options.auth = { username: p.username, password: p.password };
    if (p.authSource) options.authSource = p.authSource;
    if (p.authMechanism !== 'default') options.authMechanism = p.authMechanism;
  }
  const tls = nodeTlsOptions(p.tls);
  if (tls) {
    const { rejectUnauthorized, ...rest } = tls;
    Object.assign(options, rest, { tls: true });
    if (rejectUnauthorized === false) {
      options.tlsAllowInvalidCertificates = true;
      options.tlsAllowInvalidHostnames = true;
    }
  } else if (p.endpoint.mode === 'uri' && p.endpoint.uri.startsWith('mongodb+srv:')) {
    // mongodb+srv turns TLS on by default; the profile's TLS switch is the authority.
    options.tls = false;
  }
  return { uri, options };
}

/** Connects; with credentials the driver authenticates (and pings) before this resolves. */
export async function openMongo(p: MongoProfileResolved, t: Timeouts): Promise<MongoLive> {
  const { uri, options } = mongoSettings(p, t);
  const client = new MongoClient(uri, options);
  try {
    await client.connect();
  } catch (err) {
    await closeQuietly(() => client.close(true));
    throw err;
  }
  return {
    client,
    ping: () => pingMongo(client, t),
    close: () => closeQuietly(() => client.close(true)),
  };
}

export async function pingMongo(client: MongoClient, t: Timeouts): Promise<PingResult> {
  const admin = client.db('admin');
  await within(admin.command({ ping: 1 }), t.requestMs, 'The ping');
  const info = await within(admin.command({ buildInfo: 1 }), t.requestMs, 'buildInfo').catch(() => null);
  const version = typeof info?.version === 'string' ? info.version : null;
  // FerretDB answers buildInfo with the MongoDB version it emulates plus its own.
  const ferret = typeof info?.ferretdbVersion === 'string' ? info.ferretdbVersion : null;
  const serverVersion = version ? `MongoDB ${version}${ferret ? ` (FerretDB ${ferret})` : ''}` : null;
  return { serverVersion, message: 'ping answered' };
}
