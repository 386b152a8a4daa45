/**
 * The query bar's parts, parsed from shell syntax with `mongodb-query-parser`
 * (Compass's parser, past the CVE-2024-6376 fix) and checked before anything is
 * sent. Nothing here evaluates user text: the parser walks an AST and builds
 * only BSON values. Every problem is an INVALID_INPUT naming the part and,
 * where known, the position (offset, line, column) or the path in the document.
 */
import { QUERY_OPERATORS } from '@mongodb-js/mongodb-constants';
import { BSON, type CollationOptions, type Document } from 'mongodb';
import { parseCollation, parseFilter, parseProject, parseSort } from 'mongodb-query-parser';
import { RE2JS } from 're2js';
import type { QueryText } from '../../shared/contract/mongo/documents';
import { StackdeckError } from '../../shared/errors';
import { lineColumn } from './bson';

export type QueryPart = 'filter' | 'project' | 'sort' | 'collation' | 'hint' | 'update' | 'pipeline' | 'document';

const QUERY_OPS: ReadonlySet<string> = new Set(QUERY_OPERATORS.map((o) => o.name));
/** Operators that appear at the top of a filter (not under a field). */
const TOP_LEVEL_OPS: ReadonlySet<string> = new Set([
  '$and',
  '$or',
  '$nor',
  '$expr',
  '$text',
  '$where',
  '$comment',
  '$jsonSchema',
  '$sampleRate',
]);
/** Operators under a field that are not in the constants' list but are valid. */
const FIELD_OPS_EXTRA: ReadonlySet<string> = new Set(['$options', '$geometry', '$maxDistance', '$minDistance']);

function invalid(part: QueryPart, message: string, extra: Record<string, string | number | null> = {}): StackdeckError {
  return new StackdeckError('INVALID_INPUT', `${label(part)}: ${message} Nothing was sent.`, { part, ...extra });
}

function label(part: QueryPart): string {
  return part === 'project' ? 'Projection' : part.charAt(0).toUpperCase() + part.slice(1);
}

interface ParseErrorLike {
  pos?: number;
  loc?: { line: number; column: number };
  message: string;
}

/** mongodb-query-parser parses `(\n<input>\n)`: offsets and lines are shifted by that prefix. */
const WRAP_PREFIX = 2;

function positionError(part: QueryPart, text: string, err: unknown): StackdeckError {
  const e = err as ParseErrorLike;
  if (typeof e.pos === 'number') {
    const offset = Math.max(0, Math.min(text.length, e.pos - WRAP_PREFIX));
    const { line, column } = lineColumn(text, offset);
    const what = (e.message.split(' (')[0] ?? 'Syntax error').trim();
    return invalid(part, `${what} at line ${line}, column ${column}.`, { offset, line, column });
  }
  const message = err instanceof Error ? err.message : String(err);
  // BSON constructors (ObjectId("zz"), UUID(...)) throw without a position: point at the first call with bad input.
  if (/hex string|ObjectId|UUID|uuid/i.test(message)) {
    const at = findBadObjectId(text);
    if (at) {
      const { line, column } = lineColumn(text, at.offset);
      return invalid(
        part,
        `${at.call} is not a valid ObjectId (24 hex characters) at line ${line}, column ${column}.`,
        {
          offset: at.offset,
          line,
          column,
        },
      );
    }
  }
  return invalid(part, `${message.split('\n')[0]}.`);
}

function findBadObjectId(text: string): { offset: number; call: string } | null {
  const re = /ObjectId\(\s*(["'])([^"']*)\1\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!/^[0-9a-fA-F]{24}$/.test(m[2] ?? '')) return { offset: m.index, call: m[0] };
  }
  return null;
}

function isPlainDoc(v: unknown): v is Document {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof RegExp) &&
    typeof (v as { _bsontype?: unknown })._bsontype !== 'string'
  );
}

/** Runs one of the parser's functions and insists on a document: an empty result for non-empty input is an error. */
function parseDocument(part: QueryPart, text: string, parse: (s: string) => unknown): Document | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw positionError(part, text, err);
  }
  if (!isPlainDoc(value)) {
    // The parser answers '' for input it refuses (code, not data): never pass that on as "no filter".
    throw invalid(part, 'this is not a document. Write it as { field: value, ... } in shell syntax.');
  }
  return normalizeRegex(value) as Document;
}

/** Parsed shell values as sent: `/ab+c/i` literals become BSONRegExp (see normalizeRegex). */
export function normalizeValue(value: unknown): unknown {
  return normalizeRegex(value);
}

/** JS RegExp literals (from `/ab+c/i`) become BSONRegExp, so flags and the exact pattern travel as written. */
function normalizeRegex(value: unknown, depth = 0): unknown {
  if (depth > 200) return value;
  if (value instanceof RegExp) return new BSON.BSONRegExp(value.source, value.flags.replace(/[gyd]/g, ''));
  if (Array.isArray(value)) return value.map((v) => normalizeRegex(v, depth + 1));
  if (isPlainDoc(value)) {
    const out: Document = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeRegex(v, depth + 1);
    return out;
  }
  return value;
}

/** A regex is invalid only if neither JavaScript's engine nor RE2 (closer to PCRE's syntax) accepts it. */
function checkRegex(pattern: string, path: string): void {
  try {
    new RegExp(pattern);
    return;
  } catch {
    // fall through to RE2
  }
  try {
    RE2JS.compile(pattern);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw invalid('filter', `the regular expression at ${path} is invalid (${why}).`, { path });
  }
}

/** Walks a parsed filter: unknown operators and invalid regexes are reported with their path. */
export function checkFilter(filter: Document, path = ''): void {
  for (const [key, value] of Object.entries(filter)) {
    const here = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) {
      if (!TOP_LEVEL_OPS.has(key)) {
        const hint = QUERY_OPS.has(key) ? ` ${key} goes under a field: { field: { ${key}: ... } }.` : '';
        throw invalid('filter', `unknown top-level operator ${key} at ${here}.${hint}`, { path: here });
      }
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || value.length === 0)
          throw invalid('filter', `${key} needs a non-empty array of filters at ${here}.`, { path: here });
        value.forEach((sub, i) => {
          if (!isPlainDoc(sub)) throw invalid('filter', `${here}[${i}] must be a filter document.`, { path: here });
          checkFilter(sub, `${here}[${i}]`);
        });
      }
      continue;
    }
    checkFieldValue(value, here);
  }
}

function checkFieldValue(value: unknown, path: string): void {
  if (value instanceof BSON.BSONRegExp) return checkRegex(value.pattern, path);
  if (!isPlainDoc(value)) return;
  const keys = Object.keys(value);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return; // an embedded document compared by equality
  if (ops.length !== keys.length)
    throw invalid('filter', `${path} mixes operators and fields; use either { $op: ... } or a plain document.`, {
      path,
    });
  for (const op of ops) {
    const here = `${path}.${op}`;
    if (!QUERY_OPS.has(op) && !FIELD_OPS_EXTRA.has(op))
      throw invalid('filter', `unknown operator ${op} at ${here}.`, { path: here });
    const v = value[op];
    if (op === '$regex') {
      if (typeof v === 'string') checkRegex(v, here);
      else if (v instanceof BSON.BSONRegExp) checkRegex(v.pattern, here);
      else throw invalid('filter', `$regex at ${here} must be a string or /regex/.`, { path: here });
    } else if (op === '$not') {
      checkFieldValue(v, here);
    } else if (op === '$elemMatch' && isPlainDoc(v)) {
      const sub = Object.keys(v);
      if (sub.length > 0 && sub.every((k) => k.startsWith('$') && !TOP_LEVEL_OPS.has(k))) checkFieldValue(v, here);
      else checkFilter(v, here);
    } else if ((op === '$in' || op === '$nin' || op === '$all') && !Array.isArray(v)) {
      throw invalid('filter', `${op} at ${here} needs an array.`, { path: here });
    }
  }
}

/** Inclusion and exclusion cannot be mixed (except for _id), as MongoDB says. */
export function checkProjection(project: Document): void {
  let include: string | null = null;
  let exclude: string | null = null;
  for (const [key, value] of Object.entries(project)) {
    if (key === '_id') continue;
    const raw = typeof value === 'object' && value !== null && '_bsontype' in value ? Number(String(value)) : value;
    if (raw === 0 || raw === false) exclude ??= key;
    else if (raw === 1 || raw === true) include ??= key;
    else if (isPlainDoc(value) && Object.keys(value).some((k) => ['$slice', '$elemMatch', '$meta'].includes(k))) {
      // neutral: allowed with either
    } else include ??= key;
  }
  if (include !== null && exclude !== null)
    throw invalid(
      'project',
      `it mixes inclusion (${include}) and exclusion (${exclude}). Use only 1s or only 0s (except for _id).`,
      { path: exclude },
    );
}

export function checkSort(sort: Document): void {
  for (const [key, value] of Object.entries(sort)) {
    const n = typeof value === 'object' && value !== null && '_bsontype' in value ? Number(String(value)) : value;
    if (n === 1 || n === -1) continue;
    if (isPlainDoc(value) && '$meta' in value) continue;
    throw invalid('sort', `${key} must be 1 (ascending) or -1 (descending).`, { path: key });
  }
}

export interface ParsedQuery {
  filter: Document;
  project: Document | null;
  sort: Document | null;
  collation: CollationOptions | null;
  hint: Document | string | null;
  skip: number;
  limit: number;
  maxTimeMS: number;
}

export function parseFilterText(text: string): Document {
  const filter = parseDocument('filter', text, parseFilter) ?? {};
  checkFilter(filter);
  return filter;
}

export function parseQuery(q: QueryText): ParsedQuery {
  const filter = parseFilterText(q.filter);
  const project = parseDocument('project', q.project, parseProject);
  if (project) checkProjection(project);
  const sort = parseDocument('sort', q.sort, parseSort);
  if (sort) checkSort(sort);
  const collation = parseDocument('collation', q.collation, parseCollation);
  if (collation && typeof collation.locale !== 'string')
    throw invalid('collation', 'a collation needs a locale, e.g. { locale: "en", strength: 2 }.');
  let hint: Document | string | null = null;
  const h = q.hint.trim();
  if (h !== '') {
    if (/^["'][^"']+["']$/.test(h)) hint = h.slice(1, -1);
    else if (/^[\w.$-]+$/.test(h) && !h.startsWith('{')) hint = h;
    else hint = parseDocument('hint', h, parseSort);
  }
  return {
    filter,
    project,
    sort,
    collation: collation as CollationOptions | null,
    hint,
    skip: q.skip,
    limit: q.limit,
    maxTimeMS: q.maxTimeMS,
  };
}

/** An update: a document of update operators, or an aggregation pipeline (array of stages). */
export function parseUpdateText(text: string): Document | Document[] {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = parseFilter(trimmed.startsWith('[') ? `{ u: ${trimmed} }` : trimmed);
  } catch (err) {
    throw positionError('update', text, err);
  }
  if (trimmed.startsWith('[')) {
    const stages = isPlainDoc(value) ? (value.u as unknown) : null;
    if (!Array.isArray(stages) || !stages.every(isPlainDoc))
      throw invalid('update', 'a pipeline update is an array of stages: [ { $set: { ... } } ].');
    return normalizeRegex(stages) as Document[];
  }
  if (!isPlainDoc(value) || Object.keys(value).length === 0)
    throw invalid('update', 'write the update as { $set: { field: value } } (or a pipeline in [ ]).');
  const bad = Object.keys(value).find((k) => !k.startsWith('$'));
  if (bad)
    throw invalid('update', `${bad} is not an update operator. Use { $set: { ${bad}: ... } } to change a field.`, {
      path: bad,
    });
  return normalizeRegex(value) as Document;
}
