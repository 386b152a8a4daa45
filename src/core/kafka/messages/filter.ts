/**
 * Message filters: plain "contains" and CEL. CEL is parsed and type-checked
 * by @marcbachmann/cel-js, a non-Turing-complete evaluator: nothing here
 * evaluates user input as code (no eval, Function or vm; see kafka-ui
 * CVE-2023-52251). Every path that filters (search, tail, export) compiles
 * through `compileFilter`, so errors are reported, with their position,
 * before any read starts.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { MessageFilter } from '../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../shared/errors';
import type { KafkaRecord } from '../protocol/records';
import { linearRegexExpression, re2Matches, RE2_MATCHES } from './celRegex';
import { utf8OrNull } from './convert';
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

const env = new Environment({
  limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
})
  .registerVariable('key', 'dyn')
  .registerVariable('value', 'dyn')
  .registerVariable('headers', 'map')
  .registerVariable('partition', 'int')
  .registerVariable('offset', 'int')
  .registerVariable('timestamp', 'int')
  // RE2 (linear time) behind `matches`; see celRegex.ts.
  .registerFunction(`string.${RE2_MATCHES}(string): bool`, re2Matches);

interface CelErrorLike {
  readonly summary?: unknown;
  readonly message?: unknown;
  readonly range?: { start: number; end: number };
}

/** Line and column (1-based) of a character index in `text`. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, index));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function celInvalid(expression: string, error: unknown): StackdeckError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as CelErrorLike;
  const raw =
    typeof e.summary === 'string'
      ? e.summary
      : typeof e.message === 'string'
        ? (e.message.split('\n')[0] ?? '')
        : 'invalid expression';
  // "Unexpected token: &&" would be masked by the secret scrubber ("token: ..."); say it without the colon.
  const summary = raw.replace(/\btoken:\s*/gi, 'token ').replace(/\.$/, '');
  const start = e.range?.start ?? 0;
  const { line, column } = lineColumn(expression, start);
  return new StackdeckError(
    'INVALID_INPUT',
    `The CEL expression is not valid at line ${line}, column ${column}: ${summary}. Nothing was read. Variables: key, value, headers, partition, offset, timestamp.`,
    { position: start, end: e.range?.end ?? start, line, column },
  );
}

type Evaluate = ((ctx: Record<string, unknown>) => unknown) & { readonly ast?: unknown };

/** Parses and type-checks a CEL expression; INVALID_INPUT with position when it is not a valid boolean expression. */
export function compileCel(expression: string): Evaluate {
  let parsed: ReturnType<typeof env.parse>;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw celInvalid(expression, error);
  }
  const checked = parsed.check() as { valid: boolean; type?: string; error?: unknown };
  if (!checked.valid) throw celInvalid(expression, checked.error);
  const linear = linearRegexExpression(expression, (parsed as { ast?: unknown }).ast);
  if (linear !== expression) {
    parsed = env.parse(linear);
    parsed.check();
  }
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The CEL expression gives a ${String(checked.type)}, not true/false; a filter must be a condition (e.g. value.status == "failed"). Nothing was read.`,
      {
        position: 0,
        line: 1,
        column: 1,
      },
    );
  }
  return parsed as unknown as Evaluate;
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

function celMatcher(expression: string): Matcher {
  const evaluate = compileCel(expression);
  const required = requiredLiterals(evaluate.ast);
  // Build only the variables the expression names: parsing every value as JSON is the dominant cost.
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(expression);
  const [useKey, useValue, useHeaders] = [uses('key'), uses('value'), uses('headers')];
  const state = { evalErrors: 0 };
  return {
    get evalErrors() {
      return state.evalErrors;
    },
    test(r) {
      if (required.length > 0 && cannotMatch(r, required)) return false;
      const ctx: Record<string, unknown> = {
        key: useKey ? jsonOrText(r.key) : null,
        value: useValue ? jsonOrText(r.value) : null,
        headers: useHeaders ? Object.fromEntries(r.headers.map((h) => [h.key, text(h.value) ?? ''])) : {},
        partition: BigInt(r.partition),
        offset: BigInt(r.offset),
        timestamp: BigInt(Math.trunc(r.timestamp)),
      };
      const started = performance.now();
      let result: unknown;
      try {
        result = evaluate(ctx);
      } catch {
        state.evalErrors++;
        return false;
      }
      if (performance.now() - started > MAX_EVAL_MS) {
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
export function compileFilter(filter: MessageFilter): Matcher {
  switch (filter.kind) {
    case 'none':
      return { evalErrors: 0, test: () => true };
    case 'contains':
      return containsMatcher(filter);
    case 'cel':
      return celMatcher(filter.expression);
  }
}
