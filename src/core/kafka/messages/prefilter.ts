/**
 * A sound byte-level pre-check for CEL filters, so most non-matching records
 * skip JSON parsing and evaluation (the dominant search cost).
 *
 * From the expression's AST we collect string literals that every match must
 * contain: terms of a top-level `&&` chain of the form `<key|value path> ==
 * "lit"` (either side) or `<key|value path>.contains|startsWith|endsWith("lit")`.
 * A record whose raw key/value bytes lack such a literal cannot match, as
 * long as the bytes are valid UTF-8 and hold no backslash (JSON escapes could
 * spell the literal differently) and the literal has nothing JSON must
 * escape. Anything else (||, !, other operators) contributes no literal, and
 * the record is evaluated as usual.
 */
import { isUtf8 } from 'node:buffer';
import type { KafkaRecord } from '../protocol/records';

interface AstNode {
  readonly op: string;
  readonly args: unknown;
}

export interface RequiredLiteral {
  readonly field: 'key' | 'value';
  readonly bytes: Buffer;
}

function isNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string';
}

/** 'key' or 'value' when `n` is that variable or a field path under it. */
function rootField(n: unknown): 'key' | 'value' | null {
  let cur = n;
  while (isNode(cur) && cur.op === '.' && Array.isArray(cur.args)) cur = cur.args[0];
  if (isNode(cur) && cur.op === 'id' && (cur.args === 'key' || cur.args === 'value')) return cur.args;
  return null;
}

function stringLiteral(n: unknown): string | null {
  return isNode(n) && n.op === 'value' && typeof n.args === 'string' ? n.args : null;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

export function requiredLiterals(ast: unknown): RequiredLiteral[] {
  if (!isNode(ast) || !Array.isArray(ast.args)) return [];
  const args = ast.args as unknown[];
  const out: Array<{ field: 'key' | 'value'; lit: string }> = [];
  if (ast.op === '&&') return args.flatMap((a) => requiredLiterals(a));
  if (ast.op === '==') {
    const [a, b] = args;
    const field = rootField(a) ?? rootField(b);
    const lit = stringLiteral(b) ?? stringLiteral(a);
    if (field && lit !== null) out.push({ field, lit });
  } else if (ast.op === 'rcall') {
    const [name, receiver, callArgs] = args;
    const field = rootField(receiver);
    const lit = Array.isArray(callArgs) && callArgs.length === 1 ? stringLiteral(callArgs[0]) : null;
    if ((name === 'contains' || name === 'startsWith' || name === 'endsWith') && field && lit !== null)
      out.push({ field, lit });
  }
  return out
    .filter((x) => x.lit !== '' && !NEEDS_ESCAPE.test(x.lit))
    .map((x) => ({ field: x.field, bytes: Buffer.from(x.lit, 'utf8') }));
}

/** True when the record certainly does not match (see the file comment); false means "evaluate it". */
export function cannotMatch(r: KafkaRecord, required: readonly RequiredLiteral[]): boolean {
  for (const req of required) {
    const buf = req.field === 'key' ? r.key : r.value;
    // A null key/value never equals or contains a string (CEL: false or an error, both non-matches).
    if (buf === null) return true;
    if (buf.indexOf(req.bytes) >= 0) continue;
    // Escapes could spell the literal another way; binary data is offered to CEL as hex text.
    if (buf.indexOf(0x5c) >= 0 || !isUtf8(buf)) continue;
    return true;
  }
  return false;
}
