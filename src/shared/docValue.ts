import { z } from 'zod';

/**
 * A document value as a tagged tree, so typed values (64-bit integers,
 * decimals, ObjectIds, dates, binary) cross the core/renderer boundary without
 * loss: numbers travel as their decimal text, binary as base64. Used by Kafka
 * values, MongoDB documents, Neo4j properties, Redis JSON and result grids.
 */
export type DocValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int' | 'long' | 'double' | 'decimal'; v: string }
  | { t: 'string'; v: string }
  | { t: 'date'; v: string /* ISO 8601 */ }
  | { t: 'objectId' | 'uuid'; v: string }
  | { t: 'binary'; v: string /* base64 */; subtype?: number; size: number }
  | { t: 'array'; v: DocValue[] }
  | { t: 'object'; v: [string, DocValue][] }
  | { t: 'other'; type: string; v: string };

export type DocType = DocValue['t'];
export type DocPath = readonly (string | number)[];

/** The zod schema of DocValue, for contract outputs. */
export const DocValueSchema: z.ZodType<DocValue> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('null') }),
    z.object({ t: z.literal('bool'), v: z.boolean() }),
    z.object({ t: z.enum(['int', 'long', 'double', 'decimal']), v: z.string() }),
    z.object({ t: z.literal('string'), v: z.string() }),
    z.object({ t: z.literal('date'), v: z.string() }),
    z.object({ t: z.enum(['objectId', 'uuid']), v: z.string() }),
    z.object({
      t: z.literal('binary'),
      v: z.string(),
      subtype: z.number().int().optional(),
      size: z.number().int().nonnegative(),
    }),
    z.object({ t: z.literal('array'), v: z.array(DocValueSchema) }),
    z.object({ t: z.literal('object'), v: z.array(z.tuple([z.string(), DocValueSchema])) }),
    z.object({ t: z.literal('other'), type: z.string(), v: z.string() }),
  ]),
) as z.ZodType<DocValue>;

export const NULL: DocValue = { t: 'null' };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function intTag(text: string): 'int' | 'long' {
  const n = Number(text);
  return n >= INT32_MIN && n <= INT32_MAX ? 'int' : 'long';
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** Decodes at most `max` bytes of base64 (enough for a preview without decoding a large value). */
export function base64ToBytes(b64: string, max = Infinity): Uint8Array {
  const clean = b64.replace(/[^A-Za-z0-9+/]/g, '');
  const total = Math.floor((clean.length * 3) / 4);
  const n = Math.min(total, max);
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = 0; i < clean.length && o < n; i += 4) {
    const a = B64.indexOf(clean[i] ?? 'A');
    const b = B64.indexOf(clean[i + 1] ?? 'A');
    const c = clean[i + 2] === undefined ? 0 : B64.indexOf(clean[i + 2] ?? 'A');
    const d = clean[i + 3] === undefined ? 0 : B64.indexOf(clean[i + 3] ?? 'A');
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < n) out[o++] = (v >> 16) & 255;
    if (o < n && clean[i + 2] !== undefined) out[o++] = (v >> 8) & 255;
    if (o < n && clean[i + 3] !== undefined) out[o++] = v & 255;
  }
  return o === n ? out : out.subarray(0, o);
}

/** Lower-case hex with a space every byte, for at most `maxBytes` bytes of a binary value. */
export function binaryHex(v: Extract<DocValue, { t: 'binary' }>, maxBytes = 32): string {
  const bytes = base64ToBytes(v.v, maxBytes);
  let out = '';
  for (const b of bytes) out += (out ? ' ' : '') + b.toString(16).padStart(2, '0');
  return v.size > bytes.length ? `${out} …` : out;
}

/**
 * Any JavaScript value to a DocValue: what JSON.parse, MessagePack or a
 * driver returns. Integers become int (32-bit) or long, other numbers double,
 * bigint long, Date date, bytes binary, Map and plain objects object.
 */
export function fromJson(value: unknown): DocValue {
  if (value === null || value === undefined) return NULL;
  switch (typeof value) {
    case 'boolean':
      return { t: 'bool', v: value };
    case 'number':
      if (Number.isInteger(value) && Number.isSafeInteger(value)) return { t: intTag(String(value)), v: String(value) };
      return { t: 'double', v: String(value) };
    case 'bigint':
      return { t: 'long', v: value.toString() };
    case 'string':
      return { t: 'string', v: value };
    case 'object':
      break;
    default:
      return { t: 'other', type: typeof value, v: String(value) };
  }
  if (Array.isArray(value)) return { t: 'array', v: value.map(fromJson) };
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? { t: 'other', type: 'Date', v: 'Invalid Date' }
      : { t: 'date', v: value.toISOString() };
  if (value instanceof Uint8Array) return { t: 'binary', v: bytesToBase64(value), size: value.length };
  if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    return { t: 'binary', v: bytesToBase64(bytes), size: bytes.length };
  }
  if (value instanceof Map) return { t: 'object', v: [...value].map(([k, v]) => [String(k), fromJson(v)]) };
  return { t: 'object', v: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]) };
}

export class JsonDocError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Parses JSON text straight into a DocValue, keeping every number's exact text
 * (JSON.parse rounds integers above 2^53): integers become int or long,
 * anything with a fraction or exponent double. Throws JsonDocError on bad JSON.
 */
export function parseJsonDoc(text: string): DocValue {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonDocError(`${what} at position ${i}`, i);
  };
  const str = (): string => {
    // text[i] is the opening quote
    const start = ++i;
    let simple = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        i += 2;
        continue;
      }
      if (c < 32) fail('Control character in a string');
      i++;
    }
    if (i >= n) fail('Unterminated string');
    const raw = text.slice(start, i);
    i++;
    if (simple) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return fail('Bad escape in a string');
    }
  };
  const NUM = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const value = (depth: number): DocValue => {
    if (depth > 2000) fail('Nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, DocValue][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'object', v: entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expected a property name');
        const k = str();
        ws();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        entries.push([k, value(depth + 1)]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'object', v: entries };
        }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: DocValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'array', v: items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'array', v: items };
        }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return { t: 'string', v: str() };
    if (text.startsWith('true', i)) {
      i += 4;
      return { t: 'bool', v: true };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { t: 'bool', v: false };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return NULL;
    }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) return fail('Unexpected character');
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return { t: intTag(m[0]), v: m[0] };
    return { t: 'double', v: m[0] };
  };
  const result = value(0);
  ws();
  if (i < n) fail('Unexpected text after the value');
  return result;
}

/** The badge shown for a value's type. */
export function typeLabel(v: DocValue): string {
  switch (v.t) {
    case 'objectId':
      return 'ObjectId';
    case 'uuid':
      return 'UUID';
    case 'other':
      return v.type;
    default:
      return v.t;
  }
}

export function isContainer(v: DocValue): v is Extract<DocValue, { t: 'array' | 'object' }> {
  return v.t === 'array' || v.t === 'object';
}

export function childCount(v: DocValue): number {
  return v.t === 'array' || v.t === 'object' ? v.v.length : 0;
}

/** The child at `key` (an array index or an object key; the first match for a duplicated key). */
export function childAt(v: DocValue, key: string | number): DocValue | undefined {
  if (v.t === 'array') return typeof key === 'number' ? v.v[key] : undefined;
  if (v.t === 'object') return v.v.find(([k]) => k === String(key))?.[1];
  return undefined;
}

export function getAt(v: DocValue, path: DocPath): DocValue | undefined {
  let cur: DocValue | undefined = v;
  for (const k of path) {
    if (cur === undefined) return undefined;
    cur = childAt(cur, k);
  }
  return cur;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A path as code: `items[0].name`, `headers["content-type"]` (the form CEL and JavaScript both read). */
export function formatPath(path: DocPath, root = ''): string {
  let out = root;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (IDENT.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** A path in MongoDB dot notation: `items.0.name`. */
export function dotPath(path: DocPath): string {
  return path.map(String).join('.');
}

function scalarText(v: DocValue): string {
  switch (v.t) {
    case 'null':
      return 'null';
    case 'bool':
      return String(v.v);
    case 'string':
      return v.v;
    case 'binary':
      return `${binaryHex(v, 16)} (${v.size} bytes)`;
    case 'array':
    case 'object':
      return '';
    default:
      return v.v;
  }
}

/** The value as a user reads it (strings unquoted): what a grid cell shows. */
export function displayText(v: DocValue): string {
  return isContainer(v) ? preview(v) : scalarText(v);
}

/**
 * A one-line preview, cut at `max` characters: `{ id: 1, name: "a", … }`,
 * `[3 items] [1, 2, 3]`. Walks only as much of the value as it prints.
 */
export function preview(v: DocValue, max = 120): string {
  let out = '';
  let full = false;
  const add = (s: string): void => {
    if (full) return;
    if (out.length + s.length > max) {
      out += s.slice(0, Math.max(0, max - out.length));
      full = true;
    } else out += s;
  };
  const walk = (x: DocValue, depth: number): void => {
    if (full) return;
    switch (x.t) {
      case 'string':
        add(JSON.stringify(x.v.length > max ? x.v.slice(0, max) : x.v));
        return;
      case 'array':
        if (depth > 2 && x.v.length > 0) return add(`[${x.v.length}]`);
        add('[');
        x.v.forEach((c, i) => {
          if (full) return;
          if (i > 0) add(', ');
          walk(c, depth + 1);
        });
        add(']');
        return;
      case 'object':
        if (depth > 2 && x.v.length > 0) return add('{…}');
        add('{');
        x.v.forEach(([k, c], i) => {
          if (full) return;
          add(i > 0 ? ', ' : ' ');
          add(IDENT.test(k) ? k : JSON.stringify(k));
          add(': ');
          walk(c, depth + 1);
        });
        add(x.v.length > 0 ? ' }' : '}');
        return;
      case 'date':
      case 'objectId':
      case 'uuid':
        return add(`${typeLabel(x)}(${x.v})`);
      case 'binary':
        return add(`Binary(${x.size} bytes)`);
      case 'long':
      case 'decimal':
        return add(x.v);
      default:
        return add(scalarText(x));
    }
  };
  walk(v, 0);
  return full ? `${out}…` : out;
}

/**
 * Plain JSON (what "copy value" gives): numbers keep their exact text (a long
 * above 2^53 stays exact), dates and ids are strings, binary is base64.
 * Non-finite doubles (NaN, Infinity) become strings, as JSON has no such numbers.
 */
export function toJsonText(v: DocValue, indent = 2): string {
  const pad = (d: number): string => (indent > 0 ? `\n${' '.repeat(indent * d)}` : '');
  const sep = indent > 0 ? ': ' : ':';
  const parts: string[] = [];
  const walk = (x: DocValue, d: number): void => {
    switch (x.t) {
      case 'null':
        parts.push('null');
        return;
      case 'bool':
        parts.push(String(x.v));
        return;
      case 'int':
      case 'long':
      case 'double':
      case 'decimal':
        parts.push(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(x.v) ? x.v : JSON.stringify(x.v));
        return;
      case 'array':
        if (x.v.length === 0) return void parts.push('[]');
        parts.push('[');
        x.v.forEach((c, i) => {
          parts.push(i > 0 ? `,${pad(d + 1)}` : pad(d + 1));
          walk(c, d + 1);
        });
        parts.push(`${pad(d)}]`);
        return;
      case 'object':
        if (x.v.length === 0) return void parts.push('{}');
        parts.push('{');
        x.v.forEach(([k, c], i) => {
          parts.push(i > 0 ? `,${pad(d + 1)}` : pad(d + 1));
          parts.push(JSON.stringify(k) + sep);
          walk(c, d + 1);
        });
        parts.push(`${pad(d)}}`);
        return;
      default:
        parts.push(JSON.stringify(x.v));
    }
  };
  walk(v, 0);
  return parts.join('');
}

/**
 * MongoDB Extended JSON v2 (canonical): `{"$numberLong": "…"}`, `{"$oid": …}`,
 * `{"$date": {"$numberLong": …}}`, `{"$binary": {…}}`, so typed values survive a copy into a shell.
 */
export function toExtendedJson(v: DocValue): unknown {
  switch (v.t) {
    case 'null':
      return null;
    case 'bool':
      return v.v;
    case 'string':
      return v.v;
    case 'int':
      return { $numberInt: v.v };
    case 'long':
      return { $numberLong: v.v };
    case 'double':
      return { $numberDouble: v.v };
    case 'decimal':
      return { $numberDecimal: v.v };
    case 'date': {
      const ms = Date.parse(v.v);
      return Number.isNaN(ms) ? { $date: v.v } : { $date: { $numberLong: String(ms) } };
    }
    case 'objectId':
      return { $oid: v.v };
    case 'uuid':
      return { $uuid: v.v };
    case 'binary':
      return { $binary: { base64: v.v, subType: (v.subtype ?? 0).toString(16).padStart(2, '0') } };
    case 'array':
      return v.v.map(toExtendedJson);
    case 'object':
      return Object.fromEntries(v.v.map(([k, c]) => [k, toExtendedJson(c)]));
    case 'other':
      return { [`$${v.type}`]: v.v };
  }
}

/** Plain JavaScript for code that needs it (a long beyond 2^53 becomes a bigint, dates Date objects). */
export function toJs(v: DocValue): unknown {
  switch (v.t) {
    case 'null':
      return null;
    case 'bool':
      return v.v;
    case 'int':
    case 'double':
      return Number(v.v);
    case 'long': {
      const n = Number(v.v);
      return Number.isSafeInteger(n) ? n : BigInt(v.v);
    }
    case 'date':
      return new Date(v.v);
    case 'binary':
      return base64ToBytes(v.v);
    case 'array':
      return v.v.map(toJs);
    case 'object':
      return Object.fromEntries(v.v.map(([k, c]) => [k, toJs(c)]));
    default:
      return v.v;
  }
}

/** Field paths of a value, depth first, at most `limit` (for completion: `value.user.id`, `value.items`). */
export function fieldPaths(v: DocValue, limit = 500, maxDepth = 6): DocPath[] {
  const out: DocPath[] = [];
  const walk = (x: DocValue, path: (string | number)[], depth: number): void => {
    if (out.length >= limit || depth > maxDepth) return;
    if (x.t === 'object') {
      for (const [k, c] of x.v) {
        if (out.length >= limit) return;
        const p = [...path, k];
        out.push(p);
        walk(c, p, depth + 1);
      }
    } else if (x.t === 'array' && x.v.length > 0 && x.v[0] !== undefined) {
      // Arrays: the shape of the first element, under [0].
      walk(x.v[0], [...path, 0], depth + 1);
    }
  };
  walk(v, [], 0);
  return out;
}
