/**
 * Handlers for the query bar and CRUD (src/shared/contract/mongo/documents.ts).
 * Every query part is parsed and checked before a client is even asked for,
 * so a bad filter sends nothing. Reads keep every BSON type (TYPED_READ).
 */
import type { Document, Filter, MongoClient } from 'mongodb';
import { COUNT_TIME_MS, type CountResult, type DocumentRow } from '../../shared/contract/mongo/documents';
import type { ServerInfo } from '../../shared/contract/mongo/browse';
import { StackdeckError } from '../../shared/errors';
import type { CallContext, MethodHandlers } from '../handler';
import { bsonSize, canonicalText, findTypes, parseEjson, toDocValue, TYPED_READ } from './bson';
import { mongoCall, mongoError, timeLeft, UNSUPPORTED } from './errors';
import { parseFilterText, parseQuery, parseUpdateText } from './query';
import type { MongoConnections } from './conn';

type DocumentMethods =
  | 'mongo.documents.find'
  | 'mongo.documents.count'
  | 'mongo.documents.get'
  | 'mongo.documents.insert'
  | 'mongo.documents.replace'
  | 'mongo.documents.delete'
  | 'mongo.documents.deleteMany'
  | 'mongo.documents.updateMany';

/**
 * A page whose documents add up to more than this (BSON bytes) is not sent
 * whole: it falls back to an `_id`-only projection and the user opens
 * documents one by one (Compass shows nothing there, #1894).
 */
export const PAGE_BYTE_BUDGET = 8 * 1024 * 1024;
/** A count that runs out of time is re-run with this limit to say "more than N". */
const COUNT_FLOOR_LIMIT = 1000;
const CONFLICT_DETAIL_MAX = 256 * 1024;

function isDoc(v: unknown): v is Document {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('_bsontype' in v) && !(v instanceof Date);
}

export function guardTypes(info: ServerInfo, value: unknown, where: string): void {
  if (info.features.unsupportedTypes.length === 0) return;
  const found = findTypes(value, new Set(info.features.unsupportedTypes));
  if (found.size > 0)
    throw new StackdeckError(
      'INVALID_INPUT',
      `${where} contains ${[...found].join(', ')}, which this server (FerretDB ${info.ferretdbVersion ?? ''}) cannot store; ` +
        'sending it would drop the connection. Nothing was sent. Use another type or a MongoDB server.',
      { part: where, unsupported: true },
    );
}

const byId = (id: unknown): Filter<Document> => ({ _id: id }) as Filter<Document>;

function parseId(text: string): unknown {
  return parseEjson(text, 'id');
}

function coll(client: MongoClient, db: string, collection: string) {
  return client.db(db).collection(collection);
}

export function documentHandlers(connections: MongoConnections): MethodHandlers<DocumentMethods> {
  async function countMatches(
    client: MongoClient,
    db: string,
    collection: string,
    filter: Document,
    ctx: CallContext,
  ): Promise<CountResult> {
    const c = coll(client, db, collection);
    if (Object.keys(filter).length === 0) {
      const value = await mongoCall('Counting documents', ctx, () =>
        c.estimatedDocumentCount({ maxTimeMS: timeLeft(ctx, COUNT_TIME_MS) }),
      );
      return { kind: 'estimate', value };
    }
    try {
      const value = await c.countDocuments(filter, { maxTimeMS: timeLeft(ctx, COUNT_TIME_MS), signal: ctx.signal });
      return { kind: 'exact', value };
    } catch (err) {
      const mapped = mongoError(err, 'Counting documents', ctx);
      if (mapped.code !== 'TIMEOUT' || ctx.signal.aborted) throw mapped;
    }
    // Out of time: a bounded count still says "more than N" (or the exact number when it is below the bound).
    try {
      const value = await c.countDocuments(filter, {
        limit: COUNT_FLOOR_LIMIT,
        maxTimeMS: timeLeft(ctx, 1000),
        signal: ctx.signal,
      });
      return value < COUNT_FLOOR_LIMIT ? { kind: 'exact', value } : { kind: 'atLeast', value };
    } catch (err) {
      const mapped = mongoError(err, 'Counting documents', ctx);
      if (mapped.code !== 'TIMEOUT' || ctx.signal.aborted) throw mapped;
      return { kind: 'atLeast', value: 0 };
    }
  }

  return {
    async 'mongo.documents.find'({ connectionId, db, collection, query, page, pageSize }, ctx) {
      const q = parseQuery(query);
      const conn = await connections.get(connectionId);
      const info = await conn.info(ctx);
      if (q.collation && !info.features.collation)
        throw new StackdeckError('SERVER_ERROR', `Collation is ${UNSUPPORTED}. Clear the collation field.`, {
          unsupported: true,
          part: 'collation',
        });
      const started = performance.now();
      const offset = page * pageSize;
      const remaining = q.limit > 0 ? q.limit - offset : Number.POSITIVE_INFINITY;
      const want = Math.max(0, Math.min(pageSize, remaining));
      const sent = {
        filter: canonicalText(q.filter),
        project: q.project ? canonicalText(q.project) : null,
        sort: q.sort ? canonicalText(q.sort) : null,
      };
      if (want === 0) return { documents: [], idOnly: false, note: null, hasMore: false, tookMs: 0, sent };
      // One more than the page tells whether there is a next page, unless the user's limit ends here.
      const fetch = remaining > want ? want + 1 : want;
      const options = (projection: Document | null) => ({
        ...TYPED_READ,
        ...(projection ? { projection } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
        ...(q.collation ? { collation: q.collation } : {}),
        ...(q.hint ? { hint: q.hint } : {}),
        skip: q.skip + offset,
        limit: fetch,
        batchSize: fetch,
        maxTimeMS: timeLeft(ctx, q.maxTimeMS),
        signal: ctx.signal,
      });
      const c = coll(conn.client, db, collection);
      const docs: { doc: Document; bytes: number }[] = [];
      let total = 0;
      let tooLarge = false;
      await mongoCall('Finding documents', ctx, async () => {
        for await (const doc of c.find(q.filter, options(q.project))) {
          const bytes = bsonSize(doc);
          total += bytes;
          if (total > PAGE_BYTE_BUDGET) {
            tooLarge = true;
            break;
          }
          docs.push({ doc, bytes });
        }
      });
      let rows: DocumentRow[];
      let note: string | null = null;
      if (tooLarge) {
        const ids = await mongoCall('Finding documents (_id only)', ctx, () =>
          c.find(q.filter, options({ _id: 1 })).toArray(),
        );
        rows = ids.map((d) => ({ id: '_id' in d ? toDocValue(d._id) : null, doc: toDocValue(d), bytes: null }));
        note = `This page is larger than ${PAGE_BYTE_BUDGET / 1024 / 1024} MB, so only each document's _id is shown. Open a document to see it whole, or add a projection.`;
      } else {
        rows = docs.map(({ doc, bytes }) => ({
          id: '_id' in doc ? toDocValue(doc._id) : null,
          doc: toDocValue(doc),
          bytes,
        }));
      }
      const hasMore = rows.length > want;
      if (hasMore) rows = rows.slice(0, want);
      return { documents: rows, idOnly: tooLarge, note, hasMore, tookMs: performance.now() - started, sent };
    },

    async 'mongo.documents.count'({ connectionId, db, collection, filter }, ctx) {
      const parsed = parseFilterText(filter);
      const { client } = await connections.get(connectionId);
      return countMatches(client, db, collection, parsed, ctx);
    },

    async 'mongo.documents.get'({ connectionId, db, collection, id }, ctx) {
      const _id = parseId(id);
      const { client } = await connections.get(connectionId);
      const doc = await mongoCall('Reading the document', ctx, () =>
        coll(client, db, collection).findOne(byId(_id), {
          ...TYPED_READ,
          maxTimeMS: timeLeft(ctx, 30_000),
          signal: ctx.signal,
        }),
      );
      if (!doc)
        throw new StackdeckError(
          'NOT_FOUND',
          'The document no longer exists (it was deleted or its _id changed). Refresh the list.',
        );
      return { doc: toDocValue(doc), bytes: bsonSize(doc) };
    },

    async 'mongo.documents.insert'({ connectionId, db, collection, text }, ctx) {
      const parsed = parseEjson(text, 'document');
      const docs = Array.isArray(parsed) ? parsed : [parsed];
      if (docs.length === 0)
        throw new StackdeckError('INVALID_INPUT', 'There is nothing to insert: the array is empty.', {
          part: 'document',
        });
      docs.forEach((d, i) => {
        if (!isDoc(d))
          throw new StackdeckError(
            'INVALID_INPUT',
            `Item ${i + 1} is not a document; insert { ... } or an array of them. Nothing was inserted.`,
            { part: 'document', index: i },
          );
      });
      const conn = await connections.get(connectionId);
      guardTypes(await conn.info(ctx), docs, 'document');
      const res = await mongoCall('Inserting documents', ctx, () =>
        coll(conn.client, db, collection).insertMany(docs as Document[], { ordered: true }),
      );
      const ids = Object.keys(res.insertedIds)
        .map(Number)
        .sort((a, b) => a - b)
        .map((k) => toDocValue(res.insertedIds[k]));
      return { insertedCount: res.insertedCount, insertedIds: ids };
    },

    async 'mongo.documents.replace'({ connectionId, db, collection, original, replacement }, ctx) {
      const orig = parseEjson(original, 'original');
      const next = parseEjson(replacement, 'replacement');
      if (!isDoc(orig) || !('_id' in orig))
        throw new StackdeckError('INVALID_INPUT', 'The original must be the document as read, with its _id.', {
          part: 'original',
        });
      if (!isDoc(next))
        throw new StackdeckError('INVALID_INPUT', 'The edited text must be one document { ... }. Nothing was saved.', {
          part: 'replacement',
        });
      if ('_id' in next && canonicalText(next._id) !== canonicalText(orig._id))
        throw new StackdeckError(
          'INVALID_INPUT',
          'The _id of a document cannot change. Clone it to save a copy under a new _id. Nothing was saved.',
          {
            part: 'replacement',
          },
        );
      const conn = await connections.get(connectionId);
      guardTypes(await conn.info(ctx), next, 'replacement');
      // Guarded by the whole original: each top-level field must still hold the value read ($eq, so a stored
      // regex or array compares as a value). A concurrent edit makes the match fail: CONFLICT, not an overwrite.
      const guard: Document = { _id: orig._id };
      for (const [k, v] of Object.entries(orig)) {
        if (k === '_id' || k.includes('.') || k.startsWith('$')) continue;
        guard[k] = { $eq: v };
      }
      const { _id: _drop, ...body } = next;
      const c = coll(conn.client, db, collection);
      const res = await mongoCall('Saving the document', ctx, () => c.replaceOne(guard, body));
      if (res.matchedCount === 0) {
        const current = await mongoCall('Reading the document', ctx, () =>
          c.findOne(byId(orig._id), { ...TYPED_READ, signal: ctx.signal }),
        );
        if (!current)
          throw new StackdeckError(
            'NOT_FOUND',
            'The document was deleted by someone else since you opened it. Nothing was saved.',
          );
        const text = canonicalText(current);
        throw new StackdeckError(
          'CONFLICT',
          'The document was changed by someone else since you opened it, so your edit was not saved. Review the current version and edit again.',
          text.length <= CONFLICT_DETAIL_MAX ? { current: text } : undefined,
        );
      }
      const saved = await mongoCall('Reading the saved document', ctx, () =>
        c.findOne(byId(orig._id), { ...TYPED_READ, signal: ctx.signal }),
      );
      return { doc: toDocValue(saved ?? { _id: orig._id, ...body }) };
    },

    async 'mongo.documents.delete'({ connectionId, db, collection, id }, ctx) {
      const _id = parseId(id);
      const { client } = await connections.get(connectionId);
      const res = await mongoCall('Deleting the document', ctx, () =>
        coll(client, db, collection).deleteOne(byId(_id)),
      );
      return { deletedCount: res.deletedCount };
    },

    async 'mongo.documents.deleteMany'({ connectionId, db, collection, filter }, ctx) {
      const parsed = parseFilterText(filter);
      const { client } = await connections.get(connectionId);
      const res = await mongoCall('Deleting documents', ctx, () => coll(client, db, collection).deleteMany(parsed));
      return { deletedCount: res.deletedCount };
    },

    async 'mongo.documents.updateMany'({ connectionId, db, collection, filter, update }, ctx) {
      const parsed = parseFilterText(filter);
      const u = parseUpdateText(update);
      const conn = await connections.get(connectionId);
      guardTypes(await conn.info(ctx), u, 'update');
      const res = await mongoCall('Updating documents', ctx, () =>
        coll(conn.client, db, collection).updateMany(parsed, u),
      );
      return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
    },
  };
}
