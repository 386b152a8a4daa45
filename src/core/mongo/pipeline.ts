/**
 * Aggregation pipelines in shell syntax: one stage (`{ $match: { a: 1 } }`)
 * or a whole pipeline (`[ { ... }, { ... } ]`), parsed with
 * `mongodb-query-parser` like the query bar (never evaluated). Each stage must
 * be a document with exactly one `$operator` key; an error names the stage and
 * its position, and nothing is sent.
 */
import { STAGE_OPERATORS } from '@mongodb-js/mongodb-constants';
import type { Document } from 'mongodb';
import { parseFilter } from 'mongodb-query-parser';
import type { ServerInfo } from '../../shared/contract/mongo/browse';
import { StackdeckError } from '../../shared/errors';
import { lineColumn } from './bson';
import { UNSUPPORTED } from './errors';
import { normalizeValue } from './query';

const KNOWN_STAGES: ReadonlySet<string> = new Set([
  ...STAGE_OPERATORS.map((s) => s.name as string),
  '$listSessions',
  '$planCacheStats',
  '$currentOp',
  '$changeStream',
]);
/** Stages that write: refused on read-only connections and never run in a preview. */
export const OUTPUT_STAGES: ReadonlySet<string> = new Set(['$out', '$merge']);

interface ParseErrorLike {
  pos?: number;
  message: string;
}

function stageError(index: number | null, message: string, extra: Record<string, string | number | null> = {}) {
  const where = index === null ? 'Pipeline' : `Stage ${index + 1}`;
  return new StackdeckError('INVALID_INPUT', `${where}: ${message} Nothing was sent.`, {
    part: 'pipeline',
    stage: index,
    ...extra,
  });
}

/** `parseFilter` wraps its input as `(\n<input>\n)`; we wrap a pipeline in `{ p: ... }`: both shift offsets. */
function parseWrapped(text: string, prefix: string, index: number | null): unknown {
  try {
    return (parseFilter(`${prefix}${text}\n}`) as { p?: unknown }).p;
  } catch (err) {
    const e = err as ParseErrorLike;
    if (typeof e.pos === 'number') {
      const offset = Math.max(0, Math.min(text.length, e.pos - 2 - prefix.length));
      const { line, column } = lineColumn(text, offset);
      const what = (String(e.message).split(' (')[0] ?? 'Syntax error').trim();
      throw stageError(index, `${what} at line ${line}, column ${column}.`, { offset, line, column });
    }
    const message = err instanceof Error ? err.message : String(err);
    throw stageError(index, `${message.split('\n')[0]}.`);
  }
}

const isDoc = (v: unknown): v is Document =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  typeof (v as { _bsontype?: unknown })._bsontype !== 'string';

/** The operator of a parsed stage, checked: one key, a known `$stage`. */
export function stageOperator(stage: unknown, index: number | null): string {
  if (!isDoc(stage)) throw stageError(index, 'a stage is a document such as { $match: { ... } }.');
  const keys = Object.keys(stage);
  if (keys.length !== 1)
    throw stageError(
      index,
      keys.length === 0
        ? 'the stage is empty; write { $stage: { ... } }.'
        : `a stage has exactly one operator, found ${keys.join(', ')}.`,
    );
  const op = keys[0] ?? '';
  if (!KNOWN_STAGES.has(op))
    throw stageError(index, `${op} is not an aggregation stage.`, { operator: op.slice(0, 100) });
  return op;
}

/** One stage's text (`{ $match: ... }`), parsed and checked. */
export function parseStage(text: string, index: number): { operator: string; stage: Document } {
  if (text.trim() === '') throw stageError(index, 'the stage is empty; write { $stage: { ... } }.');
  const value = parseWrapped(text, '{ p:\n', index);
  const operator = stageOperator(value, index);
  return { operator, stage: normalizeValue(value) as Document };
}

/** A whole pipeline's text (`[ ... ]`); '' is the empty pipeline. */
export function parsePipeline(text: string): { operators: string[]; stages: Document[] } {
  if (text.trim() === '') return { operators: [], stages: [] };
  const value = parseWrapped(text, '{ p:\n', null);
  if (!Array.isArray(value)) throw stageError(null, 'a pipeline is an array of stages: [ { $match: { ... } }, ... ].');
  const operators = value.map((s, i) => stageOperator(s, i));
  return { operators, stages: normalizeValue(value) as Document[] };
}

/** The first stage this server cannot run, with a message that says so; null when all are supported. */
export function unsupportedStage(
  info: ServerInfo,
  operators: readonly string[],
): { index: number; message: string } | null {
  const stages = info.features.aggregationStages;
  if (!stages) return null;
  const index = operators.findIndex((op) => !stages.includes(op));
  if (index < 0) return null;
  const server = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`;
  return {
    index,
    message: `Stage ${index + 1} (${operators[index]}) is ${UNSUPPORTED} (${server}). It supports: ${stages.join(', ')}.`,
  };
}
