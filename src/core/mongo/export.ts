/**
 * `mongo.documents.export`: a find or a pipeline streamed through the generic
 * export (exportRows). JSON formats write each document whole as Extended
 * JSON (a missing field stays missing); CSV flattens nested fields with dots
 * into the chosen columns (by default the paths of the first documents).
 */
import { BSON, type Document } from 'mongodb';
import { exportRows } from '../export';
import type { AreaEnv } from '../area';
import type { StreamHandlers } from '../handler';
import { guardPipelineWrites } from './aggregate';
import { TYPED_READ } from './bson';
import type { MongoConnections } from './conn';
import { mongoCall, mongoError } from './errors';
import { parsePipeline } from './pipeline';
import { parseQuery } from './query';
import { StackdeckError } from '../../shared/errors';
import { OUTPUT_STAGES } from './pipeline';

/** Documents read to choose the CSV columns when the user chose none. */
const COLUMN_SAMPLE = 1000;
const MAX_COLUMNS = 500;

const isPlain = (v: unknown): v is Document =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !('_bsontype' in v);

/** `{ a: { b: 1 } }` to `{ 'a.b': 1 }`; arrays and BSON values stay whole (one cell). */
export function flatten(
  doc: Document,
  prefix = '',
  out: Record<string, unknown> = {},
  depth = 0,
): Record<string, unknown> {
  for (const [k, v] of Object.entries(doc)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlain(v) && depth < 20 && Object.keys(v).length > 0) flatten(v, key, out, depth + 1);
    else out[key] = v;
  }
  return out;
}

/** A CSV cell: strings and numbers as they are, other BSON values as their relaxed Extended JSON text. */
function csvCell(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
    return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && '_bsontype' in v) {
    const t = (v as { _bsontype: string })._bsontype;
    if (t === 'ObjectId') return (v as BSON.ObjectId).toHexString();
    if (t === 'Int32' || t === 'Double') return (v as unknown as { value: number }).value;
    // Typed cells keep 64-bit integers and decimals exact (and exempt from the formula guard).
    if (t === 'Long' || t === 'Decimal128') return { t: t === 'Long' ? 'long' : 'decimal', v: String(v) };
  }
  return BSON.EJSON.stringify(v as Document, { relaxed: true });
}

export function exportHandlers(connections: MongoConnections, env: AreaEnv): StreamHandlers<'mongo.documents.export'> {
  return {
    async 'mongo.documents.export'(input, ctx) {
      const { connectionId, db, collection, source } = input;
      const q = source.kind === 'find' ? parseQuery(source.query) : null;
      const p = source.kind === 'aggregate' ? parsePipeline(source.pipeline) : null;
      const conn = await connections.get(connectionId);
      if (p) {
        guardPipelineWrites(conn.profile.readOnly === true, p.operators);
        const out = p.operators.find((op) => OUTPUT_STAGES.has(op));
        if (out)
          throw new StackdeckError(
            'INVALID_INPUT',
            `A pipeline with ${out} writes instead of returning documents; remove it to export.`,
          );
      }
      const c = conn.client.db(db).collection(collection);
      const open = () =>
        q
          ? c.find(q.filter, {
              ...TYPED_READ,
              ...(q.project ? { projection: q.project } : {}),
              ...(q.sort ? { sort: q.sort } : {}),
              ...(q.hint ? { hint: q.hint } : {}),
              ...(q.collation ? { collation: q.collation } : {}),
              skip: q.skip,
              ...(q.limit > 0 ? { limit: q.limit } : {}),
              batchSize: 1000,
              // No maxTimeMS: it counts the cursor's whole server time, and a large export legitimately
              // runs longer than a query's limit. The user's Cancel (ctx.signal) ends it instead.
              signal: ctx.signal,
            })
          : c.aggregate(p?.stages ?? [], { ...TYPED_READ, batchSize: 1000, signal: ctx.signal });

      const csv = input.format === 'csv';
      let columns: { key: string }[] = [];
      if (csv) {
        let fields = input.fields;
        if (fields.length === 0) {
          const seen = new Set<string>();
          const cursor = open().limit(COLUMN_SAMPLE);
          try {
            await mongoCall('Reading the columns', ctx, async () => {
              for await (const d of cursor)
                for (const k of Object.keys(flatten(d))) if (seen.size < MAX_COLUMNS) seen.add(k);
            });
          } finally {
            await cursor.close().catch(() => undefined);
          }
          fields = [...seen];
        }
        columns = fields.map((key) => ({ key }));
      }
      const relaxed = input.ejson === 'relaxed';
      const cursor = open();
      ctx.signal.addEventListener('abort', () => void cursor.close().catch(() => undefined), { once: true });
      async function* rows(): AsyncIterable<Record<string, unknown>> {
        try {
          for await (const d of cursor) {
            if (csv) {
              const flat = flatten(d);
              const row: Record<string, unknown> = {};
              for (const { key } of columns) row[key] = csvCell(flat[key]);
              yield row;
            } else yield BSON.EJSON.serialize(d, { relaxed }) as Record<string, unknown>;
          }
        } catch (err) {
          throw mongoError(err, 'Reading documents for the export', ctx);
        } finally {
          await cursor.close().catch(() => undefined);
        }
      }
      const done = await exportRows({
        userDataDir: env.userDataDir,
        baseName: `${db}.${collection}`,
        format: input.format,
        columns,
        rows: rows(),
        signal: ctx.signal,
        limit: input.limit,
        csvFormulaGuard: input.csvFormulaGuard,
        onProgress: (pr) => ctx.emit({ type: 'progress', ...pr, total: null }),
      });
      ctx.emit({ type: 'done', ...done });
    },
  };
}
