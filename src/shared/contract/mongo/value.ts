/**
 * Typed BSON values as they cross the boundary: the shared `DocValue` tree
 * (src/shared/docValue.ts), plus the Extended JSON mapping of MongoDB types.
 *
 * Nothing is lost on the way: a Long stays a Long (as a decimal string), a
 * Double stays a Double (its shortest round-trip text), a Decimal128 keeps its
 * digits, a Date its millisecond, a Binary its subtype. BSON types that have no
 * tag of their own travel as `other` with a stable `type` and a text `v`:
 *
 * | type          | v                                   |
 * | ------------- | ----------------------------------- |
 * | `regex`       | `/pattern/flags`                    |
 * | `timestamp`   | `Timestamp({ t: 5, i: 1 })`         |
 * | `minKey`      | `MinKey()`                          |
 * | `maxKey`      | `MaxKey()`                          |
 * | `javascript`  | the code                            |
 * | `symbol`      | the symbol text                     |
 * | `undefined`   | `undefined`                         |
 * | `dbref`, ...  | canonical Extended JSON of the value |
 */
export { DocValueSchema, type DocValue } from '../../docValue';
import type { DocValue } from '../../docValue';

export type EjsonMode = 'canonical' | 'relaxed';

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

function uuidToBase64(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  let bin = '';
  for (let i = 0; i + 1 < hex.length; i += 2) bin += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(bin);
}

/** Canonical text of a double: integers keep a ".0" so the value reads (and re-parses) as a double. */
export function doubleText(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return `${n}.0`;
  return String(n);
}

const TIMESTAMP_TEXT = /^Timestamp\(\{ t: (\d+), i: (\d+) \}\)$/;

export function timestampText(t: number, i: number): string {
  return `Timestamp({ t: ${t}, i: ${i} })`;
}

export function parseTimestampText(v: string): { t: number; i: number } | null {
  const m = TIMESTAMP_TEXT.exec(v);
  return m ? { t: Number(m[1]), i: Number(m[2]) } : null;
}

export function regexText(pattern: string, options: string): string {
  return `/${pattern}/${options}`;
}

export function parseRegexText(v: string): { pattern: string; options: string } | null {
  const end = v.lastIndexOf('/');
  if (!v.startsWith('/') || end <= 0) return null;
  return { pattern: v.slice(1, end), options: v.slice(end + 1) };
}

const YEAR_MS_MIN = Date.UTC(1970, 0, 1);
const YEAR_MS_MAX = Date.UTC(10000, 0, 1);

/**
 * The value as Extended JSON v2 (what `EJSON.parse` reads back to the same
 * BSON types). Canonical keeps every type; relaxed turns numbers that fit into
 * JSON numbers and dates into ISO strings, as mongosh and Compass show them.
 */
export function toEjson(value: DocValue, mode: EjsonMode = 'canonical'): unknown {
  const relaxed = mode === 'relaxed';
  switch (value.t) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return value.v;
    case 'int':
      return relaxed ? Number(value.v) : { $numberInt: value.v };
    case 'long': {
      const n = Number(value.v);
      return relaxed && Number.isSafeInteger(n) ? n : { $numberLong: value.v };
    }
    case 'double': {
      const n = Number(value.v);
      return relaxed && Number.isFinite(n) ? n : { $numberDouble: value.v };
    }
    case 'decimal':
      return { $numberDecimal: value.v };
    case 'date': {
      const ms = Date.parse(value.v);
      if (relaxed && ms >= YEAR_MS_MIN && ms < YEAR_MS_MAX) return { $date: value.v };
      return { $date: { $numberLong: String(ms) } };
    }
    case 'objectId':
      return { $oid: value.v };
    case 'uuid':
      return relaxed ? { $uuid: value.v } : { $binary: { base64: uuidToBase64(value.v), subType: '04' } };
    case 'binary':
      return { $binary: { base64: value.v, subType: hex2(value.subtype ?? 0) } };
    case 'array':
      return value.v.map((item) => toEjson(item, mode));
    case 'object':
      return Object.fromEntries(value.v.map(([k, item]) => [k, toEjson(item, mode)]));
    case 'other':
      return otherToEjson(value.type, value.v);
  }
}

function otherToEjson(type: string, v: string): unknown {
  switch (type) {
    case 'regex': {
      const re = parseRegexText(v);
      return { $regularExpression: { pattern: re?.pattern ?? v, options: re?.options ?? '' } };
    }
    case 'timestamp': {
      const ts = parseTimestampText(v);
      return { $timestamp: { t: ts?.t ?? 0, i: ts?.i ?? 0 } };
    }
    case 'minKey':
      return { $minKey: 1 };
    case 'maxKey':
      return { $maxKey: 1 };
    case 'javascript':
      return { $code: v };
    case 'symbol':
      return { $symbol: v };
    case 'undefined':
      return { $undefined: true };
    default:
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
  }
}

/** Extended JSON text of a value (indented), e.g. for the JSON view and the editor. */
export function ejsonText(value: DocValue, mode: EjsonMode = 'relaxed', indent = 2): string {
  return JSON.stringify(toEjson(value, mode), null, indent);
}

/** The top-level field of an object value, or undefined. */
export function fieldOf(value: DocValue, name: string): DocValue | undefined {
  return value.t === 'object' ? value.v.find(([k]) => k === name)?.[1] : undefined;
}

/** A one-line preview of a value for tables (bounded length). */
export function previewText(value: DocValue, max = 120): string {
  const clip = (s: string): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  switch (value.t) {
    case 'null':
      return 'null';
    case 'bool':
      return String(value.v);
    case 'int':
    case 'double':
      return value.v;
    case 'long':
      return `NumberLong(${value.v})`;
    case 'decimal':
      return `NumberDecimal("${value.v}")`;
    case 'string':
      return clip(value.v);
    case 'date':
      return value.v;
    case 'objectId':
      return `ObjectId("${value.v}")`;
    case 'uuid':
      return `UUID("${value.v}")`;
    case 'binary':
      return `Binary(${value.size} bytes, subtype ${value.subtype ?? 0})`;
    case 'array':
      return `Array(${value.v.length})`;
    case 'object':
      return clip(`{ ${value.v.map(([k]) => k).join(', ')} }`);
    case 'other':
      return clip(value.v);
  }
}
