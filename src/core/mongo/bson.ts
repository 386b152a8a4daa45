/**
 * BSON values (as the driver returns them with `promoteValues: false`, so
 * Int32 and Double keep their wrappers) to the typed DocValue tree, and
 * Extended JSON text back to BSON for writes. Type names are read from
 * `_bsontype`, so values from any bson 4-7 copy convert the same.
 */
import { BSON, type Document } from 'mongodb';

const { EJSON } = BSON;
import { doubleText, regexText, timestampText, type DocValue } from '../../shared/contract/mongo/value';
import { StackdeckError } from '../../shared/errors';

/** Driver options that keep every BSON type as its own class (nothing promoted to a JS number or RegExp). */
export const TYPED_READ = {
  promoteValues: false,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: true,
} as const;

interface BsonLike {
  _bsontype: string;
}
const isBson = (v: unknown): v is BsonLike =>
  typeof v === 'object' && v !== null && typeof (v as { _bsontype?: unknown })._bsontype === 'string';

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function uuidText(bytes: Uint8Array): string {
  const h = hexOf(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function numberText(n: number): DocValue {
  // A promoted JS number (from a caller that did not ask for typed reads): integers in int32 range are Int32 in BSON.
  if (Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 && !Object.is(n, -0))
    return { t: 'int', v: String(n) };
  return { t: 'double', v: doubleText(n) };
}

function dateValue(d: Date): DocValue {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return { t: 'other', type: 'date', v: 'Invalid Date' };
  try {
    return { t: 'date', v: d.toISOString() };
  } catch {
    return { t: 'other', type: 'date', v: JSON.stringify({ $date: { $numberLong: String(ms) } }) };
  }
}

export function toDocValue(value: unknown): DocValue {
  if (value === null) return { t: 'null' };
  if (value === undefined) return { t: 'other', type: 'undefined', v: 'undefined' };
  switch (typeof value) {
    case 'boolean':
      return { t: 'bool', v: value };
    case 'string':
      return { t: 'string', v: value };
    case 'number':
      return numberText(value);
    case 'bigint':
      return { t: 'long', v: value.toString() };
    default:
      break;
  }
  if (value instanceof Date) return dateValue(value);
  if (Array.isArray(value)) return { t: 'array', v: value.map(toDocValue) };
  if (value instanceof RegExp) return { t: 'other', type: 'regex', v: regexText(value.source, value.flags) };
  if (isBson(value)) return bsonValue(value);
  if (value instanceof Uint8Array)
    return { t: 'binary', v: Buffer.from(value).toString('base64'), subtype: 0, size: value.length };
  if (typeof value === 'object') {
    return { t: 'object', v: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toDocValue(v)]) };
  }
  return { t: 'other', type: typeof value, v: String(value) };
}

function bsonValue(value: BsonLike): DocValue {
  const any = value as unknown as Record<string, unknown> & { toString(): string };
  switch (value._bsontype) {
    case 'Int32':
      return { t: 'int', v: String((any as unknown as { value: number }).value) };
    case 'Double':
      return { t: 'double', v: doubleText((any as unknown as { value: number }).value) };
    case 'Long':
      return { t: 'long', v: any.toString() };
    case 'Decimal128':
      return { t: 'decimal', v: any.toString() };
    case 'ObjectId':
    case 'ObjectID':
      return { t: 'objectId', v: (any as unknown as { toHexString(): string }).toHexString() };
    case 'Binary': {
      const bin = value as unknown as { sub_type: number; buffer: Uint8Array; position: number };
      const bytes = bin.buffer.subarray(0, bin.position);
      if (bin.sub_type === 4 && bytes.length === 16) return { t: 'uuid', v: uuidText(bytes) };
      return { t: 'binary', v: Buffer.from(bytes).toString('base64'), subtype: bin.sub_type, size: bytes.length };
    }
    case 'BSONRegExp': {
      const re = value as unknown as { pattern: string; options: string };
      return { t: 'other', type: 'regex', v: regexText(re.pattern, re.options) };
    }
    case 'Timestamp': {
      const ts = value as unknown as { t: number; i: number };
      return { t: 'other', type: 'timestamp', v: timestampText(ts.t, ts.i) };
    }
    case 'MinKey':
      return { t: 'other', type: 'minKey', v: 'MinKey()' };
    case 'MaxKey':
      return { t: 'other', type: 'maxKey', v: 'MaxKey()' };
    case 'Code': {
      const code = value as unknown as { code: string; scope: Document | null };
      if (code.scope) return { t: 'other', type: 'javascriptWithScope', v: EJSON.stringify(value, { relaxed: false }) };
      return { t: 'other', type: 'javascript', v: code.code };
    }
    case 'BSONSymbol':
    case 'Symbol':
      return { t: 'other', type: 'symbol', v: String((any as unknown as { value: string }).value) };
    case 'DBRef':
      return { t: 'other', type: 'dbref', v: EJSON.stringify(value, { relaxed: false }) };
    default:
      return { t: 'other', type: value._bsontype, v: EJSON.stringify(value, { relaxed: false }) };
  }
}

/** BSON size of a document in bytes. */
export function bsonSize(doc: Document): number {
  return BSON.calculateObjectSize(doc);
}

/**
 * Parses Extended JSON text (relaxed or canonical) to BSON values. Plain JSON
 * numbers become Int32 when integral and in range, else Double, as mongosh does.
 */
export function parseEjson(text: string, where: string): unknown {
  try {
    return EJSON.parse(text, { relaxed: false });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : null;
    const lc = offset === null ? null : lineColumn(text, offset);
    throw new StackdeckError(
      'INVALID_INPUT',
      `${where} is not valid Extended JSON${lc ? ` (line ${lc.line}, column ${lc.column})` : ''}: ${message}. Nothing was sent.`,
      { part: where, offset, line: lc?.line ?? null, column: lc?.column ?? null },
    );
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** Canonical Extended JSON text of a BSON value (lossless; what the UI sends back for guarded writes). */
export function canonicalText(value: unknown): string {
  return EJSON.stringify(value as Document, { relaxed: false });
}

/** The BSON types in `value` that this server cannot store, by display name (e.g. FerretDB's Decimal128). */
export function findTypes(
  value: unknown,
  names: ReadonlySet<string>,
  found = new Set<string>(),
  depth = 0,
): Set<string> {
  if (depth > 200 || value === null || typeof value !== 'object') return found;
  if (isBson(value)) {
    if (names.has(value._bsontype)) found.add(value._bsontype);
    return found;
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof Uint8Array) return found;
  for (const v of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>))
    findTypes(v, names, found, depth + 1);
  return found;
}
