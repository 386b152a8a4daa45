/**
 * `mongo.collections.sizes`: collStats of the collections shown in the tree,
 * four at a time so a database with many collections does not flood the
 * server. A collection whose stats fail (a view, a permission) gets nulls.
 */
import type { MethodHandlers } from '../handler';
import type { MongoConnections } from './conn';
import { mongoError } from './errors';

const CONCURRENCY = 4;

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'object' && v !== null ? Number(String(v)) : NaN;
  return Number.isFinite(n) ? n : null;
};

export function sizeHandlers(connections: MongoConnections): MethodHandlers<'mongo.collections.sizes'> {
  return {
    async 'mongo.collections.sizes'({ connectionId, db, names }, ctx) {
      const { client } = await connections.get(connectionId);
      const out = names.map((name) => ({
        name,
        count: null as number | null,
        size: null as number | null,
        indexCount: null as number | null,
      }));
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < names.length) {
          const i = next++;
          const row = out[i];
          if (!row) continue;
          try {
            const s = await client.db(db).command({ collStats: row.name }, { signal: ctx.signal });
            row.count = num(s.count);
            row.size = num(s.size);
            row.indexCount = num(s.nindexes);
          } catch (err) {
            const mapped = mongoError(err, 'Reading collection sizes', ctx);
            if (mapped.code === 'CANCELLED' || mapped.code === 'TIMEOUT' || mapped.code === 'UNREACHABLE') throw mapped;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, names.length) }, worker));
      return { sizes: out };
    },
  };
}
