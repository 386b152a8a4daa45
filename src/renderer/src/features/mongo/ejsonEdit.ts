/**
 * Document text for editing and sending back without losing a type. The
 * core reads it with `EJSON.parse(text, { relaxed: false })`, where a plain
 * integer becomes Int32 and a plain fraction a Double; so an Int32 is written
 * as a number, a Double as a number only when it has a fraction (5.0 would
 * come back as Int32), a Long always as `$numberLong`, dates as `$date` ISO
 * text, and every other type in canonical Extended JSON.
 */
import { toEjson, type DocValue } from '../../../../shared/contract/mongo/value';

export function editableValue(v: DocValue): unknown {
  switch (v.t) {
    case 'int':
      return Number(v.v);
    case 'double': {
      const n = Number(v.v);
      return Number.isFinite(n) && !Number.isInteger(n) && String(n) === v.v ? n : { $numberDouble: v.v };
    }
    case 'long':
      return { $numberLong: v.v };
    case 'date':
    case 'uuid':
      return toEjson(v, 'relaxed');
    case 'array':
      return v.v.map(editableValue);
    case 'object':
      return Object.fromEntries(v.v.map(([k, item]) => [k, editableValue(item)]));
    default:
      return toEjson(v, 'canonical');
  }
}

export function editableText(v: DocValue): string {
  return JSON.stringify(editableValue(v), null, 2);
}

/** Lossless text of a value (what guarded writes and `documents.get` take). */
export function canonicalText(v: DocValue): string {
  return JSON.stringify(toEjson(v, 'canonical'));
}

/** The document with its `_id` removed (for clone). */
export function withoutId(v: DocValue): DocValue {
  return v.t === 'object' ? { t: 'object', v: v.v.filter(([k]) => k !== '_id') } : v;
}

export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
}

const DIFF_MAX_LINES = 3000;

/** A line diff (longest common subsequence); null when the texts are too long to diff here. */
export function lineDiff(before: string, after: string): DiffLine[] | null {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > DIFF_MAX_LINES || b.length > DIFF_MAX_LINES) return null;
  const m = a.length;
  const n = b.length;
  const table = Array.from({ length: m + 1 }, () => new Uint16Array(n + 1));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) out.push({ kind: 'del', text: a[i++]! });
    else out.push({ kind: 'add', text: b[j++]! });
  }
  while (i < m) out.push({ kind: 'del', text: a[i++]! });
  while (j < n) out.push({ kind: 'add', text: b[j++]! });
  return out;
}
