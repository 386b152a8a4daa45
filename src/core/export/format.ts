/**
 * Cell and row encoding of the generic export: CSV (RFC 4180, header row,
 * CRLF-free `\n` line ends, quotes doubled), JSON Lines and a JSON array.
 *
 * Values are what areas have at hand: strings, numbers, booleans, null,
 * bigint, Date, bytes (Uint8Array/Buffer), DocValue tagged trees
 * (src/shared/docValue.ts) and plain objects/arrays. Nothing is lost on the
 * way: 64-bit integers and decimals stay exact (JSON: strings), bytes are
 * base64, dates ISO 8601.
 */

import { cellText as docCellText, isDocValue, type DocValue } from '../../shared/docValue';

export type ExportColumn = { readonly key: string; readonly title?: string };
/** One row: cells in column order, or an object keyed by column key. */
export type ExportRow = readonly unknown[] | Readonly<Record<string, unknown>>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A spreadsheet would run a cell starting with these as a formula (CSV injection); `'` makes it text. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

type Tagged = DocValue & { v?: unknown };

const isTagged = (v: object): v is Tagged => isDocValue(v);

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * A JSON-safe plain value: exact integers beyond 2^53 and decimals as strings,
 * bytes as base64, dates as ISO text, DocValue trees unwrapped.
 */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isTagged(value)) {
    switch (value.t) {
      case 'null':
        return null;
      case 'bool':
        return value.v === true;
      case 'double': {
        const n = Number(value.v);
        return Number.isFinite(n) ? n : String(value.v);
      }
      // 'int' can hold arbitrary-precision integers (Cassandra's varint): exact text beyond 2^53.
      case 'int':
      case 'long': {
        const n = Number(value.v);
        return Number.isSafeInteger(n) ? n : String(value.v);
      }
      case 'array':
        return Array.isArray(value.v) ? value.v.map(plain) : [];
      case 'object':
        return Array.isArray(value.v)
          ? Object.fromEntries((value.v as [string, unknown][]).map(([k, v]) => [k, plain(v)]))
          : {};
      default:
        // decimal, string, date, objectId, uuid, binary (base64), other: their text.
        return typeof value.v === 'string' ? value.v : String(value.v);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out;
}

/** The text of one CSV cell before quoting: '' for null; nested values as compact JSON; a DocValue as a grid copies it. */
export function cellText(value: unknown): string {
  if (isDocValue(value)) return docCellText(value);
  const p = plain(value);
  if (p === null) return '';
  if (typeof p === 'string') return p;
  if (typeof p === 'number' || typeof p === 'boolean') return String(p);
  return JSON.stringify(p);
}

export function cellsOf(row: ExportRow, columns: readonly ExportColumn[]): unknown[] {
  if (Array.isArray(row)) return columns.map((_, i) => (row as readonly unknown[])[i]);
  const rec = row as Readonly<Record<string, unknown>>;
  return columns.map((c) => rec[c.key]);
}

export function csvHeader(columns: readonly ExportColumn[], guard: boolean): string {
  return `${columns.map((c) => csvQuote(guard ? guardFormula(c.title ?? c.key) : (c.title ?? c.key))).join(',')}\n`;
}

const NUMERIC_TAGS = new Set(['int', 'long', 'double', 'decimal']);

function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  return typeof v === 'object' && v !== null && isTagged(v) && NUMERIC_TAGS.has(v.t);
}

export function csvLine(row: ExportRow, columns: readonly ExportColumn[], guard: boolean): string {
  return `${cellsOf(row, columns)
    .map((v) => {
      const text = cellText(v);
      // Typed numbers ("-5", a negative long) are data, not formulas; everything else is guarded.
      return csvQuote(guard && !isNumeric(v) ? guardFormula(text) : text);
    })
    .join(',')}\n`;
}

/**
 * A JSON line. With no columns, an object row is written as it is: the area
 * has made it JSON-ready (e.g. MongoDB's Extended JSON, where a missing field
 * must stay missing rather than become null).
 */
export function jsonObject(row: ExportRow, columns: readonly ExportColumn[]): string {
  if (columns.length === 0 && !Array.isArray(row)) return JSON.stringify(row);
  const cells = cellsOf(row, columns);
  const obj: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    obj[c.key] = plain(cells[i]);
  });
  return JSON.stringify(obj);
}
