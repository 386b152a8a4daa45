/**
 * Schema sampling with `mongodb-schema` (Apache-2.0): `$sample` where the
 * server has it, else the first N documents by `find` (FerretDB 1.24), said in
 * the answer. Fields come out flattened (nested documents and arrays
 * included) with their types' shares and, for numbers, dates and strings, a
 * chart: equal-width histograms, or the most frequent values.
 */
import type { Document } from 'mongodb';
import { parseSchema, type SchemaField as RawField, type SchemaType as RawType } from 'mongodb-schema';
import type { SchemaChart, SchemaField } from '../../shared/contract/mongo/admin';
import type { MethodHandlers } from '../handler';
import { bsonSize, TYPED_READ } from './bson';
import type { MongoConnections } from './conn';
import { mongoCall, timeLeft } from './errors';
import { parseFilterText } from './query';

const BINS = 10;
const TOP = 10;
const MAX_FIELDS = 500;
/** The most BSON bytes a sample holds (then it stops, and says so). */
export const SAMPLE_BYTE_BUDGET = 64 * 1024 * 1024;
const NUMERIC = new Set(['Number', 'Double', 'Int32', 'Long', 'Decimal128']);

function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'object' && v !== null && '_bsontype' in v) {
    const n = Number(String(v));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function fmt(n: number, date: boolean): string {
  if (date) return new Date(n).toISOString();
  return Number.isInteger(n) ? String(n) : n.toPrecision(6).replace(/\.?0+$/, '');
}

export function histogram(type: string, values: readonly unknown[], date: boolean): SchemaChart | null {
  const nums = values.map(numberOf).filter((n): n is number => n !== null);
  if (nums.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const n of nums) {
    if (n < min) min = n;
    if (n > max) max = n;
  }
  const bins = min === max ? 1 : BINS;
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const n of nums) counts[Math.min(bins - 1, Math.floor((n - min) / width))]! += 1;
  return {
    kind: 'histogram',
    type,
    min: fmt(min, date),
    max: fmt(max, date),
    bins: counts.map((count, i) => ({
      from: fmt(min + i * width, date),
      to: fmt(i === bins - 1 ? max : min + (i + 1) * width, date),
      count,
    })),
  };
}

export function topValues(type: string, values: readonly unknown[]): SchemaChart | null {
  if (values.length === 0) return null;
  const counts = new Map<string, number>();
  for (const v of values) {
    const text = String(v).slice(0, 80);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    kind: 'top',
    type,
    distinct: counts.size,
    values: sorted.slice(0, TOP).map(([value, count]) => ({ value, count })),
  };
}

function chartsOf(types: readonly RawType[]): SchemaChart[] {
  const out: SchemaChart[] = [];
  for (const t of types) {
    const values = (t as { values?: unknown[] }).values;
    if (!Array.isArray(values)) continue;
    const chart = NUMERIC.has(t.name)
      ? histogram(t.name, values, false)
      : t.name === 'Date'
        ? histogram(t.name, values, true)
        : t.name === 'String' || t.name === 'Boolean'
          ? topValues(t.name, values)
          : null;
    if (chart) out.push(chart);
  }
  return out;
}

/** The analyzer's nested fields, flattened in document order (documents and arrays of documents descend). */
export function flattenFields(fields: readonly RawField[], out: SchemaField[] = [], depth = 0): SchemaField[] {
  for (const f of fields) {
    if (out.length >= MAX_FIELDS) break;
    out.push({
      path: f.path.join('.'),
      name: f.name,
      depth,
      count: f.count,
      probability: f.probability,
      types: f.types.map((t) => ({ name: t.name, count: t.count, probability: t.probability })),
      charts: chartsOf(f.types),
    });
    for (const t of f.types) {
      if (t.name === 'Document' && 'fields' in t) flattenFields((t as { fields: RawField[] }).fields, out, depth + 1);
      if (t.name === 'Array' && 'types' in t)
        for (const inner of (t as { types: RawType[] }).types)
          if (inner.name === 'Document' && 'fields' in inner)
            flattenFields((inner as { fields: RawField[] }).fields, out, depth + 1);
    }
  }
  return out;
}

export function schemaHandlers(connections: MongoConnections): MethodHandlers<'mongo.schema.analyze'> {
  return {
    async 'mongo.schema.analyze'({ connectionId, db, collection, sampleSize, filter }, ctx) {
      const match = parseFilterText(filter);
      const conn = await connections.get(connectionId);
      const info = await conn.info(ctx);
      const c = conn.client.db(db).collection(collection);
      const started = performance.now();
      const options = { ...TYPED_READ, maxTimeMS: timeLeft(ctx, 60_000), signal: ctx.signal, batchSize: 1000 };
      // Bounded by bytes as well as by count: 10,000 documents of 16 MB each must not all be held.
      const docs: Document[] = [];
      let bytes = 0;
      let cut = false;
      await mongoCall('Sampling documents', ctx, async () => {
        const cursor = info.features.sample
          ? c.aggregate(
              [...(Object.keys(match).length ? [{ $match: match }] : []), { $sample: { size: sampleSize } }],
              options,
            )
          : c.find(match, { ...options, limit: sampleSize });
        try {
          for await (const d of cursor) {
            bytes += bsonSize(d);
            if (bytes > SAMPLE_BYTE_BUDGET && docs.length > 0) {
              cut = true;
              break;
            }
            docs.push(d);
          }
        } finally {
          await cursor.close().catch(() => undefined);
        }
      });
      const schema = await parseSchema(docs, { storeValues: true });
      return {
        sampled: docs.length,
        method: info.features.sample ? 'sample' : 'find',
        note:
          [
            info.features.sample
              ? null
              : `This server has no $sample, so the schema is read from the first ${sampleSize.toLocaleString('en-US')} documents (not a random sample).`,
            cut
              ? `The sample stopped at ${docs.length.toLocaleString('en-US')} documents: they add up to more than ${SAMPLE_BYTE_BUDGET / 2 ** 20} MB.`
              : null,
          ]
            .filter((x) => x !== null)
            .join(' ') || null,
        fields: flattenFields(schema.fields),
        tookMs: performance.now() - started,
      };
    },
  };
}
