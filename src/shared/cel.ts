/**
 * The CEL environment of Kafka message filters, in one place: core compiles
 * and evaluates filters with it (core/kafka/messages/filter.ts) and the
 * renderer's filter editor checks what the user types with it
 * (features/kafka/messages/cel.ts), so an expression the editor accepts is
 * one core accepts, with the same error positions.
 *
 * @marcbachmann/cel-js is a non-Turing-complete evaluator in plain
 * JavaScript (no eval, Function or vm), so it is safe in both layers.
 */
import { Environment } from '@marcbachmann/cel-js';

/** The variables a filter sees, with the type CEL checks them against. */
export const CEL_FILTER_VARIABLES = [
  { name: 'key', type: 'dyn', doc: 'the key (parsed JSON when it is a JSON object or array, else a string)' },
  { name: 'value', type: 'dyn', doc: 'the value (parsed JSON when it is a JSON object or array, else a string)' },
  { name: 'headers', type: 'map', doc: 'map of header name to string' },
  { name: 'partition', type: 'int', doc: 'int' },
  { name: 'offset', type: 'int', doc: 'int' },
  { name: 'timestamp', type: 'int', doc: 'int, milliseconds since the epoch' },
] as const;

export type CelFilterVariable = (typeof CEL_FILTER_VARIABLES)[number]['name'];

/** Bounds on what one expression may be, so a pasted monster is refused at parse time. */
const LIMITS = { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 };

function createEnv(): Environment {
  let env = new Environment({ limits: LIMITS });
  for (const v of CEL_FILTER_VARIABLES) env = env.registerVariable(v.name, v.type);
  return env;
}

export const celFilterEnv: Environment = createEnv();

export type CelParsed = ReturnType<Environment['parse']>;

/** A parse or type-check problem: message (first line) and its [start, end) character range. */
export interface CelProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

interface CelErrorLike {
  readonly summary?: unknown;
  readonly message?: unknown;
  readonly range?: { start: number; end: number };
  readonly node?: { range?: { start: number; end: number } };
}

function problemOf(expression: string, error: unknown): CelProblem {
  const e = (typeof error === 'object' && error !== null ? error : {}) as CelErrorLike;
  const message =
    typeof e.summary === 'string'
      ? e.summary
      : typeof e.message === 'string'
        ? (e.message.split('\n')[0] ?? 'invalid expression')
        : 'invalid expression';
  const range = e.range ?? e.node?.range ?? { start: 0, end: expression.length };
  return { message: message === '' ? 'invalid expression' : message, start: range.start, end: range.end };
}

export type CelCheck =
  | { readonly ok: true; readonly parsed: CelParsed }
  | { readonly ok: false; readonly problem: CelProblem; readonly notBoolean?: string };

/** Parses and type-checks a filter; a filter must give a bool (or dyn, decided per message). */
export function checkCelFilter(expression: string): CelCheck {
  let parsed: CelParsed;
  try {
    parsed = celFilterEnv.parse(expression);
  } catch (error) {
    return { ok: false, problem: problemOf(expression, error) };
  }
  const checked = parsed.check() as { valid: boolean; type?: string; error?: unknown };
  if (!checked.valid) return { ok: false, problem: problemOf(expression, checked.error) };
  if (checked.type !== undefined && checked.type !== 'bool' && checked.type !== 'dyn') {
    return {
      ok: false,
      notBoolean: checked.type,
      problem: {
        message: `A filter must be true or false; this expression gives a ${checked.type}`,
        start: 0,
        end: expression.length,
      },
    };
  }
  return { ok: true, parsed };
}
