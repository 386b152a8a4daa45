import { z } from 'zod';

/**
 * A document value as a tagged tree, so typed values (64-bit integers,
 * decimals, ObjectIds, dates, binary) cross the core/renderer boundary without
 * loss: numbers travel as their decimal text, binary as base64. Used by Kafka
 * values, MongoDB documents, Neo4j properties, Redis JSON and result grids.
 *
 * This file holds the types, the schema, bytes helpers and navigation;
 * docValueJson.ts parses, docValueText.ts renders, docValue.ts is the one
 * module to import (it re-exports all three).
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

/** int when the integer text fits 32 bits, else long. */
export function intTag(text: string): 'int' | 'long' {
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

/** A key that reads as a bare name in paths and previews (else it is quoted). */
export const IDENT = /^[A-Za-z_$][\w$]*$/;

/** The tags of DocValue. */
export const DOC_TAGS: ReadonlySet<string> = new Set([
  'null',
  'bool',
  'int',
  'long',
  'double',
  'decimal',
  'string',
  'date',
  'objectId',
  'uuid',
  'binary',
  'array',
  'object',
  'other',
]);

/** True for a DocValue (a known tag, and no keys a DocValue does not have), false for plain data such as { t: 'x' }. */
export function isDocValue(x: unknown): x is DocValue {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { t?: unknown }).t;
  if (typeof t !== 'string' || !DOC_TAGS.has(t)) return false;
  return Object.keys(x).every((k) => k === 't' || k === 'v' || k === 'type' || k === 'subtype' || k === 'size');
}
