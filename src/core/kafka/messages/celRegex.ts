/**
 * CEL `matches` with RE2 semantics, in linear time (issue #8). CEL specifies
 * RE2 for `matches`; the evaluator we use (@marcbachmann/cel-js) calls
 * JavaScript's backtracking `RegExp`, where `"a"*34 + "!"` against
 * `^(a+)+$` blocks the thread for minutes. Its built-in overload cannot be
 * replaced, so we register `string.re2matches(string)` backed by re2js (a
 * pure-JS RE2 port) and rewrite each `.matches(` call of the user's
 * expression to it, at the exact position the parser reports: string literals
 * that happen to contain ".matches(" are untouched. Constant patterns are
 * compiled up front, so one RE2 does not accept (a backreference, a
 * lookahead) is reported with its position before anything is read.
 */
import { RE2JS } from 're2js';
import { celFilterEnv, type CelParsed } from '../../../shared/cel';
import { StackdeckError } from '../../../shared/errors';

export const RE2_MATCHES = 're2matches';

interface Node {
  readonly op: string;
  readonly args: unknown;
  readonly start?: number;
  readonly end?: number;
}

const isNode = (x: unknown): x is Node =>
  typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string';

/** Compiled patterns, bounded: an expression holds at most a few, but dynamic ones vary per record. */
const cache = new Map<string, RE2JS>();
const CACHE_MAX = 256;

function compile(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = RE2JS.compile(pattern);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, re);
  }
  return re;
}

/** The handler of `string.re2matches(string): bool`: true when the pattern matches anywhere in the text (CEL semantics). */
export function re2Matches(text: string, pattern: string): boolean {
  let re: RE2JS;
  try {
    re = compile(pattern);
  } catch (err) {
    throw new Error(`Invalid regular expression (RE2 syntax): ${err instanceof Error ? err.message : String(err)}`);
  }
  return re.matcher(text).find();
}

function walk(n: unknown, visit: (node: Node) => void, depth = 0): void {
  if (depth > 256) return;
  if (Array.isArray(n)) {
    for (const x of n) walk(x, visit, depth + 1);
    return;
  }
  if (!isNode(n)) return;
  visit(n);
  if (Array.isArray(n.args) || isNode(n.args)) walk(n.args, visit, depth + 1);
  else if (typeof n.args === 'object' && n.args !== null)
    for (const v of Object.values(n.args as Record<string, unknown>)) walk(v, visit, depth + 1);
}

/**
 * The expression with every `.matches(` call renamed to the RE2 function, or
 * the same text when it has none. Throws INVALID_INPUT (with position) for a
 * constant pattern RE2 does not accept.
 */
export function linearRegexExpression(expression: string, ast: unknown): string {
  const names: number[] = [];
  walk(ast, (node) => {
    if (node.op !== 'rcall' || !Array.isArray(node.args) || node.args[0] !== 'matches') return;
    const receiver = node.args[1] as Node | undefined;
    const pattern = (node.args[2] as unknown[] | undefined)?.[0];
    if (isNode(pattern) && pattern.op === 'value' && typeof pattern.args === 'string') {
      try {
        compile(pattern.args);
      } catch (err) {
        const at = pattern.start ?? 0;
        const why = err instanceof Error ? err.message : String(err);
        throw new StackdeckError(
          'INVALID_INPUT',
          `The regular expression at position ${at + 1} is not supported: ${why}. CEL uses RE2 syntax (no backreferences or lookaround). Nothing was read.`,
          { position: at, end: pattern.end ?? at },
        );
      }
    }
    // The method name follows the receiver: `<receiver> . matches (`.
    const from = receiver?.end ?? node.start ?? 0;
    const m = /^\s*\.\s*(matches)\s*\(/.exec(expression.slice(from));
    if (m) names.push(from + m[0].indexOf('matches'));
  });
  if (names.length === 0) return expression;
  let out = expression;
  for (const at of names.sort((a, b) => b - a)) out = `${out.slice(0, at)}${RE2_MATCHES}${out.slice(at + 7)}`;
  return out;
}

/** The filter environment plus the RE2 function (a clone: the renderer's checking environment stays as it is). */
const linearEnv = celFilterEnv.clone().registerFunction(`string.${RE2_MATCHES}(string): bool`, re2Matches);

/**
 * A checked expression, compiled for evaluation with RE2 behind every
 * `matches`: the same parse when it has none, else the rewritten text parsed
 * and checked in the environment that knows the RE2 function.
 */
export function withLinearRegex(expression: string, parsed: CelParsed): CelParsed {
  const linear = linearRegexExpression(expression, (parsed as { ast?: unknown }).ast);
  if (linear === expression) return parsed;
  const again = linearEnv.parse(linear);
  again.check();
  return again;
}
