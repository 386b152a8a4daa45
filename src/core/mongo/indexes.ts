/**
 * Index management (src/shared/contract/mongo/admin.ts): list with type,
 * options, size (collStats.indexSizes) and usage ($indexStats, where the
 * server has it), create from a shell-syntax key pattern, drop with the name
 * typed. Options a server lacks (FerretDB 1.24: TTL, partial, hidden, text)
 * come back as "not supported by this server".
 */
import { BSON, type Document } from 'mongodb';
import type { IndexInfo } from '../../shared/contract/mongo/admin';
import { StackdeckError } from '../../shared/errors';
import type { MethodHandlers } from '../handler';
import type { MongoConnections } from './conn';
import { mongoCall, mongoError, timeLeft } from './errors';
import { parseFilterText } from './query';
import { parseFilter } from 'mongodb-query-parser';

type IndexMethods = 'mongo.indexes.list' | 'mongo.indexes.create' | 'mongo.indexes.drop';

const KEY_KINDS = new Set(['text', '2dsphere', '2d', 'hashed', 'geoHaystack']);

function keyKind(v: unknown): string {
  if (typeof v === 'string') return v;
  const n = Number(typeof v === 'object' && v !== null ? String(v) : v);
  return n < 0 ? '-1' : '1';
}

export function describeIndex(
  spec: Document,
  size: number | null,
  usage: { ops: number; since: string } | null,
): IndexInfo {
  const key = (spec.key ?? {}) as Document;
  const fields = Object.entries(key).map(([field, v]) => ({ field, kind: keyKind(v) }));
  const special = fields.find((f) => KEY_KINDS.has(f.kind));
  const wildcard = fields.some((f) => f.field === '$**' || f.field.endsWith('.$**'));
  const type = special ? special.kind : wildcard ? 'wildcard' : fields.length > 1 ? 'compound' : 'single';
  const keys = `{ ${fields.map((f) => `${/^[A-Za-z_$][\w$]*$/.test(f.field) ? f.field : JSON.stringify(f.field)}: ${KEY_KINDS.has(f.kind) ? JSON.stringify(f.kind) : f.kind}`).join(', ')} }`;
  const ttl = typeof spec.expireAfterSeconds === 'number' ? spec.expireAfterSeconds : null;
  return {
    name: String(spec.name),
    keys,
    fields,
    type,
    unique: spec.unique === true,
    sparse: spec.sparse === true,
    hidden: spec.hidden === true,
    ttlSeconds: ttl,
    partialFilter: spec.partialFilterExpression ? BSON.EJSON.stringify(spec.partialFilterExpression) : null,
    size,
    usage: usage?.ops ?? null,
    usageSince: usage?.since ?? null,
  };
}

/** A key pattern in shell syntax: values 1, -1 or an index kind ("text", "2dsphere", "hashed"). */
export function parseKeys(text: string): Document {
  let value: unknown;
  try {
    value = parseFilter(text);
  } catch (err) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `Index keys: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}. Nothing was sent.`,
      { part: 'keys' },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0)
    throw new StackdeckError(
      'INVALID_INPUT',
      'Index keys: write the key pattern as { field: 1 } (or -1, "text", "2dsphere", "hashed"). Nothing was sent.',
      { part: 'keys' },
    );
  for (const [k, v] of Object.entries(value as Document)) {
    const ok = v === 1 || v === -1 || (typeof v === 'string' && KEY_KINDS.has(v));
    if (!ok)
      throw new StackdeckError(
        'INVALID_INPUT',
        `Index keys: ${k} must be 1, -1, "text", "2dsphere", "2d" or "hashed". Nothing was sent.`,
        { part: 'keys', path: k },
      );
  }
  return value as Document;
}

export function indexHandlers(connections: MongoConnections): MethodHandlers<IndexMethods> {
  return {
    async 'mongo.indexes.list'({ connectionId, db, collection }, ctx) {
      const conn = await connections.get(connectionId);
      const c = conn.client.db(db).collection(collection);
      const specs = await mongoCall('Listing indexes', ctx, () => c.listIndexes().toArray());
      const stats = await conn.client
        .db(db)
        .command({ collStats: collection }, { signal: ctx.signal })
        .catch(() => null);
      const sizes = (stats?.indexSizes ?? {}) as Record<string, unknown>;
      const info = await conn.info(ctx);
      const usage = new Map<string, { ops: number; since: string }>();
      if (info.features.indexStats) {
        try {
          const rows = await c
            .aggregate([{ $indexStats: {} }], { maxTimeMS: timeLeft(ctx, 5000), signal: ctx.signal })
            .toArray();
          for (const r of rows) {
            const acc = r.accesses as { ops?: unknown; since?: unknown } | undefined;
            usage.set(String(r.name), {
              ops: Number(acc?.ops ?? 0),
              since: acc?.since instanceof Date ? acc.since.toISOString() : String(acc?.since ?? ''),
            });
          }
        } catch (err) {
          const mapped = mongoError(err, 'Reading index usage', ctx);
          if (mapped.code === 'CANCELLED' || mapped.code === 'TIMEOUT') throw mapped;
        }
      }
      return {
        indexes: specs.map((s) => {
          const size = sizes[String(s.name)];
          return describeIndex(
            s,
            typeof size === 'number' ? size : size ? Number(String(size)) : null,
            usage.get(String(s.name)) ?? null,
          );
        }),
        usageSupported: info.features.indexStats,
      };
    },

    async 'mongo.indexes.create'({ connectionId, db, collection, keys, options }, ctx) {
      const key = parseKeys(keys);
      const partial = options.partialFilterExpression?.trim() ? parseFilterText(options.partialFilterExpression) : null;
      const collation = options.collation?.trim() ? parseFilterText(options.collation) : null;
      const conn = await connections.get(connectionId);
      const name = await mongoCall('Creating the index', ctx, () =>
        conn.client
          .db(db)
          .collection(collection)
          .createIndex(key, {
            ...(options.name ? { name: options.name } : {}),
            ...(options.unique ? { unique: true } : {}),
            ...(options.sparse ? { sparse: true } : {}),
            ...(options.hidden ? { hidden: true } : {}),
            ...(options.expireAfterSeconds !== undefined ? { expireAfterSeconds: options.expireAfterSeconds } : {}),
            ...(partial ? { partialFilterExpression: partial } : {}),
            ...(collation ? { collation: collation as { locale: string } } : {}),
          }),
      );
      return { name };
    },

    async 'mongo.indexes.drop'({ connectionId, db, collection, name, confirmName }, ctx) {
      if (confirmName !== name)
        throw new StackdeckError('INVALID_INPUT', `Type the index name (${name}) to drop it. Nothing was dropped.`, {
          part: 'confirmName',
        });
      if (name === '_id_')
        throw new StackdeckError('INVALID_INPUT', 'The _id index cannot be dropped.', { part: 'name' });
      const conn = await connections.get(connectionId);
      await mongoCall('Dropping the index', ctx, () => conn.client.db(db).collection(collection).dropIndex(name));
      return { dropped: true };
    },
  };
}
