/**
 * Incremental parsers of the import formats: text arrives in chunks (split
 * anywhere, even inside a record), records come out with the line they start
 * on. JSON Lines splits on newlines; a JSON array is cut into its top-level
 * elements by tracking strings and nesting; CSV (RFC 4180) handles quotes,
 * doubled quotes and newlines inside quotes. Values are Extended JSON
 * (EJSON.parse) or typed CSV cells; nothing is evaluated.
 */
import { BSON, type Document } from 'mongodb';
import type { CsvColumnType } from '../../shared/contract/mongo/transfer';

export interface RawRecord {
  line: number;
  text?: string;
  cells?: string[];
}

export interface RecordSplitter {
  push(chunk: string, last: boolean): RawRecord[];
}

export function jsonLinesSplitter(): RecordSplitter {
  let rest = '';
  let line = 0;
  return {
    push(chunk, last) {
      const text = rest + chunk;
      const parts = text.split('\n');
      rest = last ? '' : (parts.pop() ?? '');
      const out: RawRecord[] = [];
      for (const p of parts) {
        line++;
        const t = p.replace(/\r$/, '');
        if (t.trim() !== '') out.push({ line, text: t });
      }
      return out;
    },
  };
}

/** Top-level elements of `[ ... ]`, without holding more than one element's text. */
export function jsonArraySplitter(): RecordSplitter {
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  let line = 1;
  let startLine = 1;
  return {
    push(chunk, last) {
      const out: RawRecord[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk[i] ?? '';
        if (ch === '\n') line++;
        if (!started) {
          if (ch === '[') started = true;
          else if (!/\s/.test(ch) && ch !== '\uFEFF')
            throw new SyntaxError(`line ${line}: a JSON import file is an array [ { ... }, ... ]`);
          continue;
        }
        if (ended) {
          if (!/\s/.test(ch)) throw new SyntaxError(`line ${line}: text after the end of the array`);
          continue;
        }
        if (inString) {
          current += ch;
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
          continue;
        }
        if (depth === 0 && (ch === ',' || ch === ']')) {
          if (current.trim() !== '') out.push({ line: startLine, text: current });
          current = '';
          if (ch === ']') ended = true;
          continue;
        }
        if (current.trim() === '' && !/\s/.test(ch)) startLine = line;
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
        current += ch;
      }
      if (last && !ended) {
        if (current.trim() !== '') out.push({ line: startLine, text: current });
        if (started)
          throw Object.assign(new SyntaxError(`line ${line}: the array is not closed with ]`), { records: out });
      }
      return out;
    },
  };
}

export function csvSplitter(): RecordSplitter {
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  let quotePending = false;
  let line = 1;
  let rowLine = 1;
  let any = false;
  return {
    push(chunk, last) {
      const out: RawRecord[] = [];
      const endRow = (): void => {
        row.push(field);
        if (row.length > 1 || row[0] !== '') out.push({ line: rowLine, cells: row });
        row = [];
        field = '';
        any = false;
      };
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk[i] ?? '';
        if (quotePending) {
          quotePending = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          inQuotes = false;
        }
        if (inQuotes) {
          if (ch === '"') quotePending = true;
          else {
            if (ch === '\n') line++;
            field += ch;
          }
          continue;
        }
        if (!any) {
          rowLine = line;
          any = true;
        }
        if (ch === '"' && field === '') inQuotes = true;
        else if (ch === ',') {
          row.push(field);
          field = '';
        } else if (ch === '\n') {
          line++;
          endRow();
        } else if (ch !== '\r') field += ch;
      }
      if (last && (any || field !== '' || row.length > 0)) endRow();
      return out;
    },
  };
}

const INT32 = /^-?\d{1,10}$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The type "auto" picks for a cell: what a person reading the CSV would expect. */
export function detectType(cell: string): CsvColumnType {
  if (cell === '') return 'auto';
  if (INT32.test(cell) && Math.abs(Number(cell)) <= 2147483647) return 'int';
  if (/^-?\d+$/.test(cell)) return Number.isSafeInteger(Number(cell)) ? 'long' : 'string';
  if (NUMBER.test(cell)) return 'double';
  if (cell === 'true' || cell === 'false') return 'boolean';
  if (ISO_DATE.test(cell) && !Number.isNaN(Date.parse(cell))) return 'date';
  return 'string';
}

/** One CSV cell as a BSON value of the chosen type; undefined leaves the field out (an empty cell). */
export function csvValue(cell: string, type: CsvColumnType): unknown {
  const t = type === 'auto' ? detectType(cell) : type;
  if (cell === '' && t !== 'string') return undefined;
  switch (t) {
    case 'ignore':
      return undefined;
    case 'auto':
    case 'string':
      return cell;
    case 'int':
      if (!INT32.test(cell) || Math.abs(Number(cell)) > 2147483647)
        throw new Error(`"${cell.slice(0, 40)}" is not a 32-bit integer`);
      return new BSON.Int32(Number(cell));
    case 'long':
      if (!/^-?\d+$/.test(cell)) throw new Error(`"${cell.slice(0, 40)}" is not an integer`);
      return BSON.Long.fromString(cell);
    case 'number':
    case 'double':
      if (!NUMBER.test(cell)) throw new Error(`"${cell.slice(0, 40)}" is not a number`);
      return new BSON.Double(Number(cell));
    case 'boolean':
      if (cell !== 'true' && cell !== 'false') throw new Error(`"${cell.slice(0, 40)}" is not true or false`);
      return cell === 'true';
    case 'date': {
      const ms = Date.parse(cell);
      if (Number.isNaN(ms)) throw new Error(`"${cell.slice(0, 40)}" is not a date`);
      return new Date(ms);
    }
    case 'objectId':
      if (!/^[0-9a-fA-F]{24}$/.test(cell)) throw new Error(`"${cell.slice(0, 40)}" is not an ObjectId`);
      return new BSON.ObjectId(cell);
  }
}

/** `{ 'a.b': 1 }` to `{ a: { b: 1 } }` (CSV headers with dots are nested fields, as exported). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let at: Document = doc;
  for (const p of parts.slice(0, -1)) {
    const next = at[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next) || '_bsontype' in next) at[p] = {};
    at = at[p] as Document;
  }
  at[parts[parts.length - 1] ?? path] = value;
}

export function csvDocument(
  header: readonly string[],
  cells: readonly string[],
  types: Readonly<Record<string, CsvColumnType>>,
): Document {
  if (cells.length > header.length) throw new Error(`the row has ${cells.length} cells, the header ${header.length}`);
  const doc: Document = {};
  header.forEach((name, i) => {
    const cell = cells[i] ?? '';
    let v: unknown;
    try {
      v = csvValue(cell, types[name] ?? 'auto');
    } catch (err) {
      throw new Error(`column ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (v !== undefined) setPath(doc, name, v);
  });
  return doc;
}

export function jsonDocument(text: string): Document {
  const v = BSON.EJSON.parse(text, { relaxed: false }) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a document { ... }');
  return v as Document;
}
