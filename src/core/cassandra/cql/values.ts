import cassandra from 'cassandra-driver';
import { StackdeckError } from '../../../shared/errors';
import type { CqlValue } from '../../../shared/contract/cassandra';

/**
 * Driver values to typed `CqlValue`s (exact: integers and decimals as strings,
 * blobs as base64 with size, collections nested) and bound-parameter text to
 * driver values, both directed by the CQL type the server reports.
 */

const { types } = cassandra;
const dt = types.dataTypes;

/** The driver's column type descriptor: `{ code, info }`, recursive for collections, tuples and UDTs. */
export interface TypeInfo {
  code: number;
  type?: unknown;
  info?: unknown;
  customTypeName?: string;
}

/** Largest blob or string kept in a cell; longer values are cut and flagged (the full value needs a narrower query). */
export const MAX_CELL_BYTES = 64 * 1024;

const SCALAR_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(dt)
    .filter(([, code]) => typeof code === 'number')
    .map(([n, code]) => [code, n]),
) as Record<number, string>;
// varchar is an alias Cassandra reports as text.
SCALAR_NAMES[dt.varchar] = 'text';

const CUSTOM_NAMES: Record<string, string> = {
  'org.apache.cassandra.db.marshal.DurationType': 'duration',
};

/** The CQL spelling of a driver type, e.g. `map<text, frozen<list<int>>>`. */
export function typeName(t: TypeInfo | undefined): string {
  if (!t) return 'unknown';
  switch (t.code) {
    case dt.custom: {
      const info = typeof t.info === 'string' ? t.info : '';
      if (CUSTOM_NAMES[info]) return CUSTOM_NAMES[info];
      const vec = /^org\.apache\.cassandra\.db\.marshal\.VectorType\((.*),\s*(\d+)\)$/.exec(info);
      if (vec) return `vector<${marshalName(vec[1] ?? '')}, ${vec[2]}>`;
      if (t.customTypeName === 'vector') {
        const i = t.info as { dimensions?: number; subtype?: TypeInfo } | undefined;
        return `vector<${typeName(i?.subtype)}, ${i?.dimensions ?? '?'}>`;
      }
      return `'${info}'`;
    }
    case dt.list:
      return `list<${typeName(t.info as TypeInfo)}>`;
    case dt.set:
      return `set<${typeName(t.info as TypeInfo)}>`;
    case dt.map: {
      const [k, v] = (t.info as TypeInfo[] | undefined) ?? [];
      return `map<${typeName(k)}, ${typeName(v)}>`;
    }
    case dt.tuple:
      return `tuple<${((t.info as TypeInfo[] | undefined) ?? []).map(typeName).join(', ')}>`;
    case dt.udt: {
      const info = t.info as { name?: string } | undefined;
      return info?.name ?? 'udt';
    }
    default:
      return SCALAR_NAMES[t.code] ?? `type ${t.code}`;
  }
}

function marshalName(cls: string): string {
  const short = cls.replace(/^org\.apache\.cassandra\.db\.marshal\./, '');
  const map: Record<string, string> = {
    FloatType: 'float',
    DoubleType: 'double',
    Int32Type: 'int',
    LongType: 'bigint',
    UTF8Type: 'text',
  };
  return map[short] ?? short;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Floats are 32-bit: print the shortest decimal that reads back as the same float, as cqlsh does. */
function floatText(x: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

function numberText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/** Keeps at most MAX_CELL_BYTES; `size` stays the full length, so the UI can tell a cut value. */
function blob(buf: Buffer, max: number): CqlValue {
  const kept = buf.length > max ? buf.subarray(0, max) : buf;
  return { t: 'binary', v: kept.toString('base64'), size: buf.length };
}

/** A driver Long as exact text; BigInt arithmetic is several times faster than Long's own toString (it divides by 10 in 64-bit pieces). */
function longText(value: unknown): string {
  const l = value as { high?: unknown; low?: unknown };
  if (typeof l.high === 'number' && typeof l.low === 'number')
    return BigInt.asIntN(64, (BigInt(l.high) << 32n) | BigInt(l.low >>> 0)).toString();
  return String(value);
}

function text(s: string, max: number): CqlValue {
  return { t: 'string', v: s.length > max ? s.slice(0, max) : s };
}

/**
 * Converts one driver value of CQL type `t` (null and undefined are both a null cell).
 * Text and blobs are cut at `max` for screens; exports pass Infinity so nothing is lost.
 */
export function toCqlValue(value: unknown, t: TypeInfo | undefined, max: number = MAX_CELL_BYTES): CqlValue {
  if (value === null || value === undefined) return { t: 'null' };
  const code = t?.code ?? -1;
  switch (code) {
    case dt.ascii:
    case dt.text:
    case dt.varchar:
      return text(String(value), max);
    case dt.boolean:
      return { t: 'bool', v: value === true };
    case dt.int:
    case dt.smallint:
    case dt.tinyint:
    case dt.varint:
      return { t: 'int', v: String(value) };
    case dt.bigint:
    case dt.counter:
      return { t: 'long', v: longText(value) };
    case dt.float:
      return { t: 'double', v: typeof value === 'number' ? floatText(value) : String(value) };
    case dt.double:
      return { t: 'double', v: typeof value === 'number' ? numberText(value) : String(value) };
    case dt.decimal:
      return { t: 'decimal', v: String(value) };
    case dt.timestamp:
      return value instanceof Date && !Number.isNaN(value.getTime())
        ? { t: 'date', v: value.toISOString() }
        : { t: 'other', type: 'timestamp', v: String(value) };
    case dt.uuid:
      return { t: 'uuid', v: String(value) };
    case dt.timeuuid:
      return { t: 'other', type: 'timeuuid', v: String(value) };
    case dt.inet:
      return { t: 'other', type: 'inet', v: String(value) };
    case dt.date:
      return { t: 'other', type: 'date', v: String(value) };
    case dt.time:
      return { t: 'other', type: 'time', v: String(value) };
    case dt.blob:
      return Buffer.isBuffer(value) ? blob(value, max) : { t: 'other', type: 'blob', v: String(value) };
    case dt.list:
    case dt.set: {
      const items = Array.isArray(value) ? value : value instanceof Set ? [...(value as Set<unknown>)] : [];
      return { t: 'array', v: items.map((x) => toCqlValue(x, t?.info as TypeInfo, max)) };
    }
    case dt.map: {
      const [kt, vt] = (t?.info as TypeInfo[] | undefined) ?? [];
      const entries: [unknown, unknown][] =
        value instanceof Map ? [...(value as Map<unknown, unknown>)] : isObject(value) ? Object.entries(value) : [];
      return { t: 'object', v: entries.map(([k, v]) => [keyText(k, kt), toCqlValue(v, vt, max)]) };
    }
    case dt.tuple: {
      const elems = isObject(value) && Array.isArray(value.elements) ? (value.elements as unknown[]) : [];
      const ts = (t?.info as TypeInfo[] | undefined) ?? [];
      return { t: 'array', v: elems.map((x, i) => toCqlValue(x, ts[i], max)) };
    }
    case dt.udt: {
      const fields = ((t?.info as { fields?: { name: string; type: TypeInfo }[] } | undefined)?.fields ?? []).map(
        (f) => [f.name, f.type] as const,
      );
      const obj = isObject(value) ? value : {};
      return { t: 'object', v: fields.map(([n, ft]) => [n, toCqlValue(obj[n], ft, max)]) };
    }
    default:
      return untyped(value, t, max);
  }
}

/** Custom types (duration, vector) and anything else: by the value's class. */
function untyped(value: unknown, t: TypeInfo | undefined, max: number): CqlValue {
  const name = typeName(t);
  if (value instanceof types.Duration) return { t: 'other', type: 'duration', v: value.toString() };
  if (isObject(value) && Array.isArray(value.elements) && name.startsWith('vector')) {
    return {
      t: 'array',
      v: (value.elements as unknown[]).map((x) =>
        typeof x === 'number' ? { t: 'double', v: floatText(x) } : toCqlValue(x, undefined, max),
      ),
    };
  }
  if (Buffer.isBuffer(value)) return blob(value, max);
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (typeof value === 'number') return { t: 'double', v: numberText(value) };
  if (typeof value === 'string') return text(value, max);
  return { t: 'other', type: name, v: String(value) };
}

function keyText(k: unknown, t: TypeInfo | undefined): string {
  const v = toCqlValue(k, t);
  if (v.t === 'null') return 'null';
  if (v.t === 'binary') return `0x${Buffer.from(v.v, 'base64').toString('hex')}`;
  if ('v' in v && typeof v.v === 'string') return v.v;
  return String(k);
}

// ---------------------------------------------------------------- parameters

function bad(where: string, type: string, why: string): StackdeckError {
  return new StackdeckError('INVALID_INPUT', `Parameter ${where} (${type}): ${why}`, { where, type });
}

/**
 * Parses a parameter's text as CQL type `t`. Scalars are typed as in cqlsh
 * (numbers, true/false, ISO timestamps, 0x blobs, uuids); collections, tuples
 * and UDTs take JSON (arrays, objects) whose leaves are parsed the same way.
 */
export function parseParam(textValue: string, t: TypeInfo, where: string): unknown {
  return fromLoose(textValue.trim(), t, where);
}

/**
 * Parses a value as Stackdeck's exports write it in JSON (src/core/export: plain values, exact
 * numbers as strings, blobs as base64) back into a driver value of CQL type `t`.
 */
export function parseJsonCell(v: unknown, t: TypeInfo, where: string): unknown {
  if (t.code === dt.blob && typeof v === 'string') return Buffer.from(v, 'base64');
  return fromLoose(typeof v === 'string' ? v.trim() : v, t, where);
}

function fromLoose(v: unknown, t: TypeInfo, where: string): unknown {
  const type = typeName(t);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const need = (ok: boolean, why: string): void => {
    if (!ok) throw bad(where, type, why);
  };
  switch (t.code) {
    case dt.ascii:
    case dt.text:
    case dt.varchar:
      return typeof v === 'string' ? v : s;
    case dt.boolean:
      need(/^(true|false)$/i.test(s), 'expected true or false.');
      return s.toLowerCase() === 'true';
    case dt.int:
    case dt.smallint:
    case dt.tinyint: {
      need(/^-?\d+$/.test(s), 'expected a whole number.');
      const n = Number(s);
      const [lo, hi] =
        t.code === dt.int ? [-2147483648, 2147483647] : t.code === dt.smallint ? [-32768, 32767] : [-128, 127];
      need(n >= lo && n <= hi, `expected a number between ${lo} and ${hi}.`);
      return n;
    }
    case dt.bigint:
    case dt.counter:
      need(/^-?\d+$/.test(s), 'expected a whole number.');
      need(BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n, 'out of the 64-bit range.');
      return types.Long.fromString(s);
    case dt.varint:
      need(/^-?\d+$/.test(s), 'expected a whole number.');
      return types.Integer.fromString(s);
    case dt.decimal:
      need(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s), 'expected a decimal number.');
      return types.BigDecimal.fromString(s);
    case dt.float:
    case dt.double:
      need(/^(-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|NaN|-?Infinity)$/.test(s), 'expected a number.');
      return Number(s);
    case dt.timestamp: {
      const d = /^-?\d+$/.test(s) ? new Date(Number(s)) : new Date(s);
      need(!Number.isNaN(d.getTime()), 'expected an ISO date-time (2026-01-31T12:00:00Z) or epoch milliseconds.');
      return d;
    }
    case dt.uuid:
      need(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), 'expected a UUID.');
      return types.Uuid.fromString(s);
    case dt.timeuuid:
      need(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), 'expected a version-1 UUID.');
      return types.TimeUuid.fromString(s);
    case dt.inet:
      try {
        return types.InetAddress.fromString(s);
      } catch {
        throw bad(where, type, 'expected an IPv4 or IPv6 address.');
      }
    case dt.date:
      need(/^-?\d{4,}-\d{2}-\d{2}$/.test(s), 'expected a date like 2026-01-31.');
      return types.LocalDate.fromString(s);
    case dt.time:
      need(/^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(s), 'expected a time like 13:45:00.123.');
      return types.LocalTime.fromString(s.length === 5 ? `${s}:00` : s);
    case dt.blob:
      need(/^0x([0-9a-f]{2})*$/i.test(s), 'expected hex bytes like 0xcafe.');
      return Buffer.from(s.slice(2), 'hex');
    case dt.list:
    case dt.set: {
      const arr = json(v, where, type);
      need(Array.isArray(arr), 'expected a JSON array, e.g. [1, 2].');
      return (arr as unknown[]).map((x, i) => fromLoose(x, t.info as TypeInfo, `${where}[${i}]`));
    }
    case dt.map: {
      const obj = json(v, where, type);
      need(isObject(obj) && !Array.isArray(obj), 'expected a JSON object, e.g. {"a": 1}.');
      const [kt, vt] = t.info as TypeInfo[];
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(obj as Record<string, unknown>)) {
        if (kt && kt.code !== dt.text && kt.code !== dt.varchar && kt.code !== dt.ascii)
          fromLoose(k, kt, `${where}.${k}`);
        out[k] = fromLoose(x, vt as TypeInfo, `${where}.${k}`);
      }
      return out;
    }
    case dt.tuple: {
      const arr = json(v, where, type);
      const ts = t.info as TypeInfo[];
      need(Array.isArray(arr) && arr.length === ts.length, `expected a JSON array of ${ts.length} values.`);
      return new types.Tuple(...(arr as unknown[]).map((x, i) => fromLoose(x, ts[i] as TypeInfo, `${where}[${i}]`)));
    }
    case dt.udt: {
      const obj = json(v, where, type);
      need(isObject(obj) && !Array.isArray(obj), 'expected a JSON object of the type’s fields.');
      const fields = (t.info as { fields: { name: string; type: TypeInfo }[] }).fields;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(obj as Record<string, unknown>)) {
        const f = fields.find((ff) => ff.name === k);
        need(f !== undefined, `the type has no field "${k}".`);
        out[k] = fromLoose(x, (f as { type: TypeInfo }).type, `${where}.${k}`);
      }
      return out;
    }
    default:
      if (type === 'duration') {
        try {
          return types.Duration.fromString(s);
        } catch {
          throw bad(where, type, 'expected a duration like 1h30m or P1DT2H.');
        }
      }
      if (type.startsWith('vector')) {
        const arr = json(v, where, type);
        need(
          Array.isArray(arr) && (arr as unknown[]).every((x) => typeof x === 'number'),
          'expected a JSON array of numbers.',
        );
        return new types.Vector(new Float32Array(arr as number[]));
      }
      throw bad(where, type, 'this type cannot be bound from text yet; write the value into the statement instead.');
  }
}

function json(v: unknown, where: string, type: string): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw bad(where, type, 'expected JSON.');
  }
}
