/**
 * Handlers for the server, databases and collections
 * (src/shared/contract/mongo/browse.ts).
 */
import type { Document } from 'mongodb';
import type { CollectionSummary } from '../../shared/contract/mongo/browse';
import { StackdeckError } from '../../shared/errors';
import type { MethodHandlers } from '../handler';
import { canonicalText } from './bson';
import { mongoCall, UNSUPPORTED } from './errors';
import type { MongoConnections } from './conn';

type BrowseMethods =
  | 'mongo.server.info'
  | 'mongo.databases.list'
  | 'mongo.databases.stats'
  | 'mongo.databases.create'
  | 'mongo.databases.drop'
  | 'mongo.collections.list'
  | 'mongo.collections.stats'
  | 'mongo.collections.create'
  | 'mongo.collections.drop';

const num = (v: unknown): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && '_bsontype' in v) return Number(String(v));
  return 0;
};

function confirmed(name: string, typed: string, what: string): void {
  if (typed !== name)
    throw new StackdeckError(
      'INVALID_INPUT',
      `To drop the ${what} "${name}", type its name exactly. Nothing was dropped.`,
      { part: 'confirmName' },
    );
}

export function summarizeCollection(info: Document): CollectionSummary {
  const options = (info.options ?? {}) as Document;
  const type = info.type === 'view' ? 'view' : info.type === 'timeseries' ? 'timeseries' : 'collection';
  return {
    name: String(info.name),
    type,
    capped: options.capped === true,
    readOnly: (info.info as Document | undefined)?.readOnly === true,
    viewOn: typeof options.viewOn === 'string' ? options.viewOn : null,
    pipeline: Array.isArray(options.pipeline) ? canonicalText(options.pipeline) : null,
  };
}

export function browseHandlers(connections: MongoConnections): MethodHandlers<BrowseMethods> {
  return {
    async 'mongo.server.info'({ connectionId }, ctx) {
      const conn = await connections.get(connectionId);
      return conn.info(ctx);
    },

    async 'mongo.databases.list'({ connectionId }, ctx) {
      const { client } = await connections.get(connectionId);
      const res = await mongoCall('Listing databases', ctx, () =>
        client.db('admin').command({ listDatabases: 1 }, { signal: ctx.signal }),
      );
      const dbs = Array.isArray(res.databases) ? (res.databases as Document[]) : [];
      return {
        databases: dbs
          .map((d) => ({
            name: String(d.name),
            sizeOnDisk: d.sizeOnDisk === undefined ? null : num(d.sizeOnDisk),
            empty: d.empty === true,
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    async 'mongo.databases.stats'({ connectionId, db }, ctx) {
      const { client } = await connections.get(connectionId);
      const s = await mongoCall(`Reading stats of database ${db}`, ctx, () =>
        client.db(db).command({ dbStats: 1 }, { signal: ctx.signal }),
      );
      return {
        name: db,
        collections: num(s.collections),
        views: num(s.views),
        objects: num(s.objects),
        dataSize: num(s.dataSize),
        storageSize: num(s.storageSize),
        indexes: num(s.indexes),
        indexSize: num(s.indexSize),
      };
    },

    async 'mongo.databases.create'({ connectionId, db, collection }, ctx) {
      const { client } = await connections.get(connectionId);
      await mongoCall(`Creating database ${db}`, ctx, () => client.db(db).createCollection(collection));
      return { db, collection };
    },

    async 'mongo.databases.drop'({ connectionId, db, confirmName }, ctx) {
      confirmed(db, confirmName, 'database');
      if (['admin', 'local', 'config'].includes(db))
        throw new StackdeckError(
          'INVALID_INPUT',
          `The ${db} database belongs to the server; Stackdeck does not drop it.`,
        );
      const { client } = await connections.get(connectionId);
      const dropped = await mongoCall(`Dropping database ${db}`, ctx, () => client.db(db).dropDatabase());
      return { dropped };
    },

    async 'mongo.collections.list'({ connectionId, db }, ctx) {
      const { client } = await connections.get(connectionId);
      const infos = await mongoCall(`Listing collections of ${db}`, ctx, () =>
        client.db(db).listCollections({}, { signal: ctx.signal }).toArray(),
      );
      return {
        collections: infos.map((i) => summarizeCollection(i)).sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    async 'mongo.collections.stats'({ connectionId, db, collection }, ctx) {
      const { client } = await connections.get(connectionId);
      const s = await mongoCall(`Reading stats of ${db}.${collection}`, ctx, () =>
        client.db(db).command({ collStats: collection }, { signal: ctx.signal }),
      );
      const count = num(s.count);
      const size = num(s.size);
      return {
        name: collection,
        count,
        size,
        storageSize: num(s.storageSize),
        // FerretDB leaves avgObjSize out of collStats: derive it as MongoDB defines it.
        avgObjSize: s.avgObjSize !== undefined ? num(s.avgObjSize) : count > 0 ? Math.round(size / count) : 0,
        indexCount: num(s.nindexes),
        indexSize: num(s.totalIndexSize),
        capped: s.capped === true,
      };
    },

    async 'mongo.collections.create'({ connectionId, db, collection, options }, ctx) {
      const conn = await connections.get(connectionId);
      const info = await conn.info(ctx);
      if (options.timeseries && !info.features.timeseries)
        throw new StackdeckError('SERVER_ERROR', `Time series collections are ${UNSUPPORTED}.`, { unsupported: true });
      if (options.capped && !options.size)
        throw new StackdeckError('INVALID_INPUT', 'A capped collection needs a size in bytes.', { part: 'size' });
      const opts: Document = {};
      if (options.capped) {
        opts.capped = true;
        opts.size = options.size;
        if (options.max) opts.max = options.max;
      }
      if (options.timeseries) opts.timeseries = options.timeseries;
      await mongoCall(`Creating collection ${db}.${collection}`, ctx, () =>
        conn.client.db(db).createCollection(collection, opts),
      );
      return { db, collection };
    },

    async 'mongo.collections.drop'({ connectionId, db, collection, confirmName }, ctx) {
      confirmed(collection, confirmName, 'collection');
      const { client } = await connections.get(connectionId);
      const dropped = await mongoCall(`Dropping collection ${db}.${collection}`, ctx, () =>
        client.db(db).collection(collection).drop(),
      );
      return { dropped };
    },
  };
}
