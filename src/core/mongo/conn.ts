/**
 * Per-connection facts about the server: version, topology and what it
 * supports. FerretDB answers buildInfo with `ferretdbVersion` and, in 1.x,
 * `ferretdbFeatures.aggregationStages`; a real MongoDB supports what its
 * version has. Cached per driver client (a new client after an edit asks again).
 */
import type { Document, MongoClient } from 'mongodb';
import type { ServerInfo } from '../../shared/contract/mongo/browse';
import type { CallContext } from '../handler';
import type { ClientRegistry, MongoHandle } from '../connections';
import { mongoCall } from './errors';

export interface MongoConn {
  readonly client: MongoClient;
  readonly profile: MongoHandle['profile'];
  /** The connection's scope: per-connection state (open imports) ends with it. */
  readonly scope: MongoHandle['scope'];
  info(ctx: CallContext): Promise<ServerInfo>;
}

/** Types FerretDB 1.24 cannot store: sending one drops the connection, so core refuses them first. */
const FERRET_UNSUPPORTED_TYPES = ['Decimal128', 'MinKey', 'MaxKey', 'Code'];

export function describeServer(build: Document, hello: Document | null): ServerInfo {
  const version = typeof build.version === 'string' ? build.version : 'unknown';
  const ferret = typeof build.ferretdbVersion === 'string' ? build.ferretdbVersion : null;
  const stagesRaw = (build.ferretdbFeatures as { aggregationStages?: unknown } | undefined)?.aggregationStages;
  const stages = Array.isArray(stagesRaw) ? stagesRaw.filter((s): s is string => typeof s === 'string') : null;
  const major = Number(version.split('.')[0]) || 0;
  const has = (stage: string): boolean => (stages ? stages.includes(stage) : true);
  const setName = typeof hello?.setName === 'string' ? hello.setName : null;
  const topology: ServerInfo['topology'] = !hello
    ? 'unknown'
    : hello.msg === 'isdbgrid'
      ? 'sharded'
      : setName
        ? 'replicaSet'
        : 'standalone';
  return {
    version,
    ferretdbVersion: ferret,
    topology,
    setName,
    features: {
      aggregationStages: stages,
      sample: has('$sample'),
      lookup: has('$lookup'),
      facet: has('$facet'),
      collation: ferret === null,
      views: ferret === null,
      timeseries: ferret === null && major >= 5,
      indexStats: has('$indexStats'),
      changeStreams: ferret === null && topology !== 'standalone',
      transactions: ferret === null && topology !== 'standalone',
      unsupportedTypes: ferret === null ? [] : FERRET_UNSUPPORTED_TYPES,
    },
  };
}

export class MongoConnections {
  private readonly infos = new WeakMap<MongoClient, Promise<ServerInfo>>();

  constructor(private readonly registry: ClientRegistry) {}

  async get(connectionId: string): Promise<MongoConn> {
    const { client, profile, scope } = await this.registry.mongo(connectionId);
    return {
      client,
      profile,
      scope,
      info: (ctx) => {
        let cached = this.infos.get(client);
        if (!cached) {
          cached = mongoCall('Reading the server version', ctx, async () => {
            const admin = client.db('admin');
            const build = await admin.command({ buildInfo: 1 }, { signal: ctx.signal });
            const hello = await admin.command({ hello: 1 }, { signal: ctx.signal }).catch(() => null);
            return describeServer(build, hello);
          });
          this.infos.set(client, cached);
          cached.catch(() => this.infos.delete(client));
        }
        return cached;
      },
    };
  }
}
