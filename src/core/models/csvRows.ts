/**
 * Rows of a CSV file as request bodies for a load test (or a drift reference):
 * the header names the columns, every feature of the service's schema must be
 * one of them, values are converted to the feature's type. Bounded: the first
 * MAX_ROWS rows of a file of at most MAX_BYTES.
 */
import { open } from 'node:fs/promises';
import type { ParsedServiceSchema } from '../../shared/contract/models';
import { StackdeckError } from '../../shared/errors';

export const MAX_ROWS = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

type Feature = ParsedServiceSchema['features'][number];

/** RFC 4180 fields of one record, starting at `from`; returns the fields and where the next record starts. */
function parseRecord(text: string, from: number): { fields: string[]; next: number } {
  const fields: string[] = [];
  let i = from;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new StackdeckError('INVALID_INPUT', 'The CSV file has a quoted field that never ends.');
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    fields.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    return { fields, next: i };
  }
}

function convert(raw: string, f: Feature, line: number): string | number | boolean {
  const v = raw.trim();
  const bad = (what: string): never => {
    throw new StackdeckError('INVALID_INPUT', `CSV line ${line}, column "${f.name}": "${v}" is not ${what}.`, {
      line,
      column: f.name,
    });
  };
  switch (f.type) {
    case 'string':
      return raw;
    case 'boolean':
      if (/^(true|1|yes)$/i.test(v)) return true;
      if (/^(false|0|no)$/i.test(v)) return false;
      return bad('a boolean');
    case 'integer':
      return /^-?\d+$/.test(v) ? Number(v) : bad('an integer');
    case 'number': {
      const n = v === '' ? NaN : Number(v);
      return Number.isFinite(n) ? n : bad('a number');
    }
  }
}

/** The rows of `path` as JSON objects with the schema's features (other columns are left out). */
export async function readCsvRows(
  path: string,
  features: readonly Feature[],
): Promise<Array<Record<string, string | number | boolean>>> {
  const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new StackdeckError('NOT_FOUND', `Cannot open ${path}: ${e.code ?? e.message}.`);
  });
  let text: string;
  try {
    const buf = Buffer.alloc(MAX_BYTES);
    const { bytesRead } = await handle.read(buf, 0, MAX_BYTES, 0);
    text = buf.subarray(0, bytesRead).toString('utf8');
    // A file cut at MAX_BYTES keeps only its whole records.
    if (bytesRead === MAX_BYTES) text = text.slice(0, text.lastIndexOf('\n') + 1);
  } finally {
    await handle.close();
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const head = parseRecord(text, 0);
  const columns = head.fields.map((h) => h.trim());
  const index = features.map((f) => columns.indexOf(f.name));
  const missing = features.filter((_, k) => index[k]! < 0).map((f) => f.name);
  if (missing.length > 0)
    throw new StackdeckError(
      'INVALID_INPUT',
      `The CSV header has no column for ${missing.map((m) => `"${m}"`).join(', ')} (it has ${columns.map((c) => `"${c}"`).join(', ')}).`,
      { missing: missing.join(', ') },
    );
  const rows: Array<Record<string, string | number | boolean>> = [];
  let at = head.next;
  let line = 2;
  while (at < text.length && rows.length < MAX_ROWS) {
    const { fields, next } = parseRecord(text, at);
    at = next;
    if (fields.length === 1 && fields[0] === '') {
      line++;
      continue; // blank line
    }
    const row: Record<string, string | number | boolean> = {};
    features.forEach((f, k) => {
      const raw = fields[index[k]!];
      if (raw === undefined)
        throw new StackdeckError('INVALID_INPUT', `CSV line ${line} has too few columns.`, { line });
      row[f.name] = convert(raw, f, line);
    });
    rows.push(row);
    line++;
  }
  if (rows.length === 0) throw new StackdeckError('INVALID_INPUT', `${path} has a header but no rows.`);
  return rows;
}
