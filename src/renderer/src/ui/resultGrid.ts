/** Pure logic behind ResultGrid (unit tested): typed cells, sorting, copying as TSV or JSON. */
import { cellText, displayText, fromJson, isDocValue, toJsonText, type DocValue } from '../../../shared/docValue';

/** A cell as areas pass it: a DocValue, or a plain value (converted with fromJson). `undefined` is a missing field. */
export type Cell = DocValue | string | number | bigint | boolean | null | undefined;

export interface ResultColumn {
  key: string;
  title: string;
  /** The server's type name (shown in the header tooltip; numeric types right-align the column). */
  type?: string;
  width?: number;
}

export { isDocValue, cellText } from '../../../shared/docValue';

/** The cell as a DocValue; undefined stays undefined (a missing field, not null). */
export function toDoc(c: Cell): DocValue | undefined {
  if (c === undefined) return undefined;
  return isDocValue(c) ? c : fromJson(c);
}

const NUMERIC = new Set(['int', 'long', 'double', 'decimal']);
const NUMERIC_TYPE =
  /^(int|integer|bigint|smallint|tinyint|long|float|double|decimal|numeric|varint|counter|number|real)/i;

export function isNumeric(v: DocValue | undefined): boolean {
  return v !== undefined && NUMERIC.has(v.t);
}

/** Right-align a column whose declared type is numeric, or whose first non-null loaded values all are. */
export function numericColumn(col: ResultColumn, index: number, rows: readonly (readonly Cell[])[]): boolean {
  if (col.type !== undefined) return NUMERIC_TYPE.test(col.type);
  let seen = 0;
  for (let r = 0; r < rows.length && seen < 50; r++) {
    const v = toDoc(rows[r]?.[index]);
    if (v === undefined || v.t === 'null') continue;
    if (!isNumeric(v)) return false;
    seen++;
  }
  return seen > 0;
}

function numCompare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return x - y;
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const d = BigInt(a) - BigInt(b);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

const RANK: Record<string, number> = { missing: 0, null: 1 };
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders two cells: missing, then null, then numbers (by value), then everything else by its text. */
export function compareCells(a: DocValue | undefined, b: DocValue | undefined): number {
  const ra = a === undefined ? 0 : (RANK[a.t] ?? (isNumeric(a) ? 2 : 3));
  const rb = b === undefined ? 0 : (RANK[b.t] ?? (isNumeric(b) ? 2 : 3));
  if (ra !== rb) return ra - rb;
  if (a === undefined || b === undefined || ra < 2) return 0;
  if (ra === 2) return numCompare((a as { v: string }).v, (b as { v: string }).v);
  if (a.t === 'bool' && b.t === 'bool') return Number(a.v) - Number(b.v);
  return collator.compare(displayText(a), displayText(b));
}

export type SortState = { key: string; dir: 'asc' | 'desc' } | null;

/** Next sort on a header click: ascending, descending, none. */
export function nextSort(sort: SortState, key: string): SortState {
  if (!sort || sort.key !== key) return { key, dir: 'asc' };
  return sort.dir === 'asc' ? { key, dir: 'desc' } : null;
}

/** Row indices in display order (stable; the loaded rows only). */
export function sortedOrder(
  rows: readonly (readonly Cell[])[],
  colIndex: number,
  dir: 'asc' | 'desc' | null,
): number[] {
  const order = rows.map((_, i) => i);
  if (dir === null || colIndex < 0) return order;
  const keys = rows.map((r) => toDoc(r[colIndex]));
  const sign = dir === 'asc' ? 1 : -1;
  order.sort((x, y) => sign * compareCells(keys[x], keys[y]) || x - y);
  return order;
}

function tsvField(s: string): string {
  return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as TSV with a header line (fields with tabs, newlines or quotes are quoted, as spreadsheets read them). */
export function toTsv(columns: readonly ResultColumn[], rows: readonly (readonly Cell[])[], header = true): string {
  const lines = header ? [columns.map((c) => tsvField(c.title)).join('\t')] : [];
  for (const r of rows) lines.push(columns.map((_, i) => tsvField(cellText(toDoc(r[i])))).join('\t'));
  return lines.join('\n');
}

/** Rows as a JSON array of objects keyed by column key; numbers keep their exact text; missing fields are left out. */
export function toJsonRows(columns: readonly ResultColumn[], rows: readonly (readonly Cell[])[]): string {
  const arr: DocValue = {
    t: 'array',
    v: rows.map((r) => ({
      t: 'object',
      v: columns.flatMap((c, i): [string, DocValue][] => {
        const v = toDoc(r[i]);
        return v === undefined ? [] : [[c.key, v]];
      }),
    })),
  };
  return toJsonText(arr, 2);
}

/** "1,234 rows · 56 ms" */
export function summary(loaded: number, total: number | undefined, tookMs: number | undefined): string {
  const rows =
    total !== undefined && total > loaded
      ? `${loaded.toLocaleString()} of ${total.toLocaleString()} rows`
      : `${loaded.toLocaleString()} ${loaded === 1 ? 'row' : 'rows'}`;
  if (tookMs === undefined) return rows;
  const took = tookMs < 1000 ? `${Math.round(tookMs)} ms` : `${(tookMs / 1000).toFixed(2)} s`;
  return `${rows} · ${took}`;
}
