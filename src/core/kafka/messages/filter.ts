/**
 * Message filters: plain "contains" and CEL. CEL is parsed and type-checked
 * by @marcbachmann/cel-js, a non-Turing-complete evaluator: nothing here
 * evaluates user input as code (no eval, Function or vm; see kafka-ui
 * CVE-2023-52251). Every path that filters (search, tail, export) compiles
 * through `compileFilter`, so errors are reported, with their position,
 * before any read starts.
 */
import { checkCelFilter, type CelProblem } from '../../../shared/cel';
import type { MessageFilter } from '../../../shared/contract/kafka/messages';
import { isUtf8 } from 'node:buffer';
import { StackdeckError } from '../../../shared/errors';
import type { KafkaRecord } from '../protocol/records';
import { withLinearRegex } from './celRegex';
import { utf8OrNull } from './convert';
import { fieldExtractor, namedFields, NOT_AN_OBJECT } from './extract';
import { cannotMatch, requiredLiterals } from './prefilter';

export interface Matcher {
  test(r: KafkaRecord): boolean;
  /** Records the expression failed on (missing field, wrong type): counted as non-matches (records the byte pre-check ruled out are not evaluated, so not counted). */
  readonly evalErrors: number;
}

/** Values larger than this are offered to CEL as a string, not parsed as JSON (per-record cost bound). */
const MAX_JSON_PARSE_BYTES = 1024 * 1024;
/** One evaluation taking longer than this stops the search: the expression is too costly for the data. */
const MAX_EVAL_MS = 500;
/**
 * Every this many evaluations one is timed (the first included): reading the
 * clock twice per message was a tenth of a no-literal search's cost, and an
 * expression too costly for the data is slow on most messages, so sampling
 * still stops it on the first one.
 */
const TIME_EVERY = 16;

/** Line and column (1-based) of a character index in `text`. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, index));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function celInvalid(expression: string, problem: CelProblem): StackdeckError {
  // "Unexpected token: &&" would be masked by the secret scrubber ("token: ..."); say it without the colon.
  const summary = problem.message.replace(/\btoken:\s*/gi, 'token ').replace(/\.$/, '');
  const { line, column } = lineColumn(expression, problem.start);
  return new StackdeckError(
    'INVALID_INPUT',
    `The CEL expression is not valid at line ${line}, column ${column}: ${summary}. Nothing was read. Variables: key, value, headers, partition, offset, timestamp.`,
    { position: problem.start, end: problem.end, line, column },
  );
}

type Evaluate = ((ctx: Record<string, unknown>) => unknown) & { readonly ast?: unknown };

/** Parses and type-checks a CEL expression; INVALID_INPUT with position when it is not a valid boolean expression. */
export function compileCel(expression: string): Evaluate {
  const checked = checkCelFilter(expression);
  // RE2 behind `matches` (celRegex.ts): the expression as evaluated has each call renamed.
  if (checked.ok) return withLinearRegex(expression, checked.parsed) as unknown as Evaluate;
  if (checked.notBoolean !== undefined) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The CEL expression gives a ${checked.notBoolean}, not true/false; a filter must be a condition (e.g. value.status == "failed"). Nothing was read.`,
      { position: 0, line: 1, column: 1 },
    );
  }
  throw celInvalid(expression, checked.problem);
}

function text(buf: Buffer | null): string | null {
  if (buf === null) return null;
  // Binary data is offered as lowercase hex so CEL can still compare it.
  return utf8OrNull(buf) ?? buf.toString('hex');
}

function jsonOrText(buf: Buffer | null): unknown {
  if (buf === null) return null;
  const s = text(buf);
  if (s === null || buf.length > MAX_JSON_PARSE_BYTES) return s;
  const first = s.trimStart()[0];
  // Only objects and arrays: a bare number or word stays a string, which is what users compare against.
  if (first !== '{' && first !== '[') return s;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

type FieldExtractor = ReturnType<typeof fieldExtractor>;

/**
 * What CEL sees as `key` or `value`: with an extractor (the expression reads
 * only some top-level fields), just those fields of a JSON object, which is
 * the same to the expression as the full parse and much cheaper; else the
 * full `jsonOrText`.
 */
function jsonFor(buf: Buffer | null, extract: FieldExtractor | null): unknown {
  if (buf === null) return null;
  if (extract === null || buf.length > MAX_JSON_PARSE_BYTES || !isUtf8(buf)) return jsonOrText(buf);
  const fields = extract(buf);
  return fields === NOT_AN_OBJECT ? jsonOrText(buf) : fields;
}

function extractorFor(ast: unknown, variable: 'key' | 'value'): FieldExtractor | null {
  const names = namedFields(ast, variable);
  return names === null ? null : fieldExtractor(names);
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export interface FilterOptions {
  /** Read only the fields the expression names from key/value (default true; false parses every value in full: the reference the tests and bench compare against). */
  readonly fieldExtraction?: boolean;
}

function celMatcher(expression: string, options: FilterOptions): Matcher {
  const evaluate = compileCel(expression);
  const required = requiredLiterals(evaluate.ast);
  // Build only the variables the expression names, and of key/value only the fields it reads:
  // parsing every value as JSON is the dominant cost.
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(expression);
  const [useKey, useValue, useHeaders] = [uses('key'), uses('value'), uses('headers')];
  const [usePartition, useOffset, useTimestamp] = [uses('partition'), uses('offset'), uses('timestamp')];
  const extraction = options.fieldExtraction ?? true;
  const keyFields = extraction ? extractorFor(evaluate.ast, 'key') : null;
  const valueFields = extraction ? extractorFor(evaluate.ast, 'value') : null;
  const state = { evalErrors: 0, evaluated: 0 };
  const ctx: Record<string, unknown> = {
    key: null,
    value: null,
    headers: NO_HEADERS,
    partition: 0n,
    offset: 0n,
    timestamp: 0n,
  };
  return {
    get evalErrors() {
      return state.evalErrors;
    },
    test(r) {
      if (required.length > 0 && cannotMatch(r, required)) return false;
      // One activation object for the whole scan (evaluation is synchronous and keeps no reference).
      ctx.key = useKey ? jsonFor(r.key, keyFields) : null;
      ctx.value = useValue ? jsonFor(r.value, valueFields) : null;
      ctx.headers = useHeaders ? Object.fromEntries(r.headers.map((h) => [h.key, text(h.value) ?? ''])) : NO_HEADERS;
      ctx.partition = usePartition ? BigInt(r.partition) : 0n;
      ctx.offset = useOffset ? BigInt(r.offset) : 0n;
      ctx.timestamp = useTimestamp ? BigInt(Math.trunc(r.timestamp)) : 0n;
      const timed = state.evaluated++ % TIME_EVERY === 0;
      const started = timed ? performance.now() : 0;
      let result: unknown;
      try {
        result = evaluate(ctx);
      } catch {
        state.evalErrors++;
        return false;
      }
      if (timed && performance.now() - started > MAX_EVAL_MS) {
        throw new StackdeckError(
          'INVALID_INPUT',
          `The CEL expression took over ${MAX_EVAL_MS} ms on one message (partition ${r.partition}, offset ${r.offset}); simplify it.`,
        );
      }
      return result === true;
    },
  };
}

function containsMatcher(f: Extract<MessageFilter, { kind: 'contains' }>): Matcher {
  const needle = f.caseSensitive ? f.text : f.text.toLowerCase();
  const needleBytes = Buffer.from(f.text, 'utf8');
  const inKey = f.in.includes('key');
  const inValue = f.in.includes('value');
  const inHeaders = f.in.includes('headers');
  const has = (buf: Buffer | null): boolean => {
    if (buf === null) return false;
    // Case-sensitive: compare bytes, no decoding at all.
    if (f.caseSensitive) return buf.indexOf(needleBytes) >= 0;
    return buf.toString('utf8').toLowerCase().includes(needle);
  };
  const hasText = (s: string): boolean => (f.caseSensitive ? s.includes(needle) : s.toLowerCase().includes(needle));
  return {
    evalErrors: 0,
    test(r) {
      if (inKey && has(r.key)) return true;
      if (inValue && has(r.value)) return true;
      if (inHeaders) return r.headers.some((h) => hasText(h.key) || has(h.value));
      return false;
    },
  };
}

/** Compiles a filter once; throws INVALID_INPUT (with the CEL position) before anything is read. */
export function compileFilter(filter: MessageFilter, options: FilterOptions = {}): Matcher {
  switch (filter.kind) {
    case 'none':
      return { evalErrors: 0, test: () => true };
    case 'contains':
      return containsMatcher(filter);
    case 'cel':
      return celMatcher(filter.expression, options);
  }
}
