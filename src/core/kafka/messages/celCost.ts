/**
 * Which CEL filters may run on core's own thread. A filter whose every call is
 * one of a few functions linear in their input (comparisons, arithmetic, field
 * access, `size`, `has`, conversions, `contains`/`startsWith`/`endsWith`, RE2
 * `matches`), with no comprehension macro (`all`, `exists`, `map`, `filter`,
 * `cel.bind`...) and a small expression, costs at most a few passes over one
 * record: it cannot hang core, so it skips the worker's copy of every record
 * (the no-literal search runs ~1.5x faster in-thread). Anything else, and
 * anything this walk does not recognise, runs in the worker with its hard
 * time limit (celSandbox.ts).
 */

/** Calls whose cost is linear in their arguments. `re2matches` is `matches` on RE2 (filter.ts). */
const LINEAR_CALLS: ReadonlySet<string> = new Set([
  'size',
  'has',
  'int',
  'uint',
  'double',
  'string',
  'bool',
  'dyn',
  'type',
  'timestamp',
  'duration',
  'contains',
  'startsWith',
  'endsWith',
  're2matches',
  'lowerAscii',
  'upperAscii',
]);

/** Operators evaluated once per node, each linear in its operands. */
const LINEAR_OPS: ReadonlySet<string> = new Set([
  'id',
  'value',
  '.',
  '[]',
  '?:',
  '&&',
  '||',
  '!_',
  '-_',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
  'list',
  'map',
]);

/** More nodes than this go to the worker whatever they are: cost grows with size. */
export const MAX_IN_THREAD_NODES = 64;

interface AstNode {
  readonly op: string;
  readonly args: unknown;
}

const isNode = (x: unknown): x is AstNode =>
  typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string';

/** True when the filter is safe to evaluate on core's own thread (see the file comment). */
export function runsInThread(ast: unknown): boolean {
  let nodes = 0;
  const ok = (n: unknown): boolean => {
    if (!isNode(n)) return false;
    if (++nodes > MAX_IN_THREAD_NODES) return false;
    const { op, args } = n;
    if (op === 'id' || op === 'value') return true;
    if (op === 'call' || op === 'rcall') {
      if (!Array.isArray(args) || typeof args[0] !== 'string' || !LINEAR_CALLS.has(args[0])) return false;
      const receiver: unknown = op === 'rcall' ? args[1] : undefined;
      const callArgs: unknown = op === 'rcall' ? args[2] : args[1];
      if (op === 'rcall' && !ok(receiver)) return false;
      return Array.isArray(callArgs) && callArgs.every(ok);
    }
    if (!LINEAR_OPS.has(op)) return false;
    if (op === '.') return Array.isArray(args) && ok(args[0]) && typeof args[1] === 'string';
    if (op === '!_' || op === '-_') return ok(args);
    if (op === 'list') return Array.isArray(args) && args.every(ok);
    if (op === 'map') {
      return Array.isArray(args) && args.every((e) => Array.isArray(e) && e.length === 2 && ok(e[0]) && ok(e[1]));
    }
    return Array.isArray(args) && args.every(ok);
  };
  return ok(ast);
}
