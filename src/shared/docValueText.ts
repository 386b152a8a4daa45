/** DocValue as text: grid cells, one-line previews, JSON, Extended JSON, plain JavaScript. */
import { type DocValue, IDENT, base64ToBytes, binaryHex, typeLabel, isContainer } from './docValueBase';

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

/**
 * A value as the text of one cell, for copying (TSV) and CSV export alike:
 * scalars as shown, nested values as compact JSON (exact numbers), binary as
 * base64, null and missing as empty.
 */
export function cellText(v: DocValue | undefined): string {
  if (v === undefined || v.t === 'null') return '';
  if (isContainer(v)) return toJsonText(v, 0);
  if (v.t === 'binary') return v.v;
  return displayText(v);
}
