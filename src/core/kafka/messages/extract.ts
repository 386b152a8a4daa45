/**
 * Field extraction for CEL filters: when an expression reads a JSON variable
 * only as `value.a`, `value.b.c` or `value["a-b"]`, the filter needs the
 * top-level fields a and b, not the whole parsed value. `extractFields` checks
 * the bytes are one valid JSON object (the full JSON grammar, no allocation)
 * and parses only the named fields' values, so the evaluator sees exactly what
 * `JSON.parse` would have given at those fields; every other shape (arrays,
 * invalid JSON, odd whitespace, deep nesting) goes to the full path
 * (NOT_AN_OBJECT), so results are identical to parsing every value in full.
 */

interface AstNode {
  readonly op: string;
  readonly args: unknown;
}

function isNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string';
}

const isVar = (n: unknown, name: string): boolean => isNode(n) && n.op === 'id' && n.args === name;

/**
 * The top-level field names the expression reads from `variable`, or null
 * when it uses the variable any other way (`size(value)`, `value[key]`,
 * `value.exists(...)`, `"a" in value`...) and so needs it whole. An empty set
 * means the variable is not read at all.
 */
export function namedFields(ast: unknown, variable: 'key' | 'value'): ReadonlySet<string> | null {
  const names = new Set<string>();
  let whole = false;
  const walk = (n: unknown): void => {
    if (whole) return;
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    if (!isNode(n)) return;
    if (isVar(n, variable)) {
      whole = true;
      return;
    }
    const args = n.args;
    if (Array.isArray(args) && isVar(args[0], variable)) {
      const field = args[1];
      if (n.op === '.' && typeof field === 'string') {
        names.add(field);
        return;
      }
      if (n.op === '[]' && isNode(field) && field.op === 'value' && typeof field.args === 'string') {
        names.add(field.args);
        return;
      }
    }
    walk(args);
  };
  walk(ast);
  // An own "__proto__" property cannot be made by assignment; leave that rare case to JSON.parse.
  if (whole || names.has('__proto__')) return null;
  return names;
}

// Byte codes.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Nesting deeper than this goes to JSON.parse (which has no such limit) instead of growing our stack. */
const MAX_DEPTH = 256;

/** Thrown inside the scanner: the bytes are not what the fast path handles; use the full path. */
const BAIL = Symbol('bail');
const EMPTY = new Uint8Array(0);

/** What an extractor returns for bytes that are not one valid JSON object: the caller parses them in full. */
export const NOT_AN_OBJECT: unique symbol = Symbol('not a JSON object');

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

class Scanner {
  pos = 0;
  /** Set by `string()`: the string held a backslash escape. */
  escaped = false;
  b: Uint8Array = EMPTY;

  reset(b: Uint8Array): void {
    this.b = b;
    this.pos = 0;
  }

  ws(): void {
    const b = this.b;
    while (this.pos < b.length && isWs(b[this.pos] as number)) this.pos++;
  }

  /** A string starting at pos (a quote); leaves pos after the closing quote. */
  string(): void {
    const b = this.b;
    const n = b.length;
    let p = this.pos + 1;
    this.escaped = false;
    for (;;) {
      // The hot loop: most bytes are plain text (0x20-0x7f except " and \, or UTF-8 continuation bytes).
      let c = 0;
      while (p < n) {
        c = b[p] as number;
        if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
        p++;
      }
      if (p >= n || c < 0x20) throw BAIL;
      if (c === QUOTE) break;
      this.escaped = true;
      const e = b[p + 1];
      if (e === 0x75) {
        // \uXXXX
        for (let i = 2; i < 6; i++) if (!isHex(b[p + i] ?? 0)) throw BAIL;
        p += 6;
      } else if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        // \" \\ \/ \b \f \n \r \t
        p += 2;
      } else throw BAIL;
    }
    this.pos = p + 1;
  }

  number(): void {
    const b = this.b;
    let p = this.pos;
    if (b[p] === MINUS) p++;
    if (b[p] === ZERO) p++;
    else if (isDigit(b[p] ?? 0)) while (isDigit(b[p] ?? 0)) p++;
    else throw BAIL;
    if (b[p] === 0x2e) {
      p++;
      if (!isDigit(b[p] ?? 0)) throw BAIL;
      while (isDigit(b[p] ?? 0)) p++;
    }
    if (b[p] === 0x65 || b[p] === 0x45) {
      p++;
      if (b[p] === 0x2b || b[p] === MINUS) p++;
      if (!isDigit(b[p] ?? 0)) throw BAIL;
      while (isDigit(b[p] ?? 0)) p++;
    }
    this.pos = p;
  }

  literal(word: string): void {
    const b = this.b;
    for (let i = 0; i < word.length; i++) if (b[this.pos + i] !== word.charCodeAt(i)) throw BAIL;
    this.pos += word.length;
  }

  /** Any JSON value at pos (after whitespace); leaves pos after it. */
  value(depth: number): void {
    const c = this.b[this.pos];
    if (c === QUOTE) this.string();
    else if (c === LBRACE) this.object(depth + 1, null);
    else if (c === LBRACKET) this.array(depth + 1);
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else this.number();
  }

  array(depth: number): void {
    if (depth > MAX_DEPTH) throw BAIL;
    const b = this.b;
    this.pos++;
    this.ws();
    if (b[this.pos] === RBRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth);
      this.ws();
      const c = b[this.pos];
      this.pos++;
      if (c === RBRACKET) return;
      if (c !== COMMA) throw BAIL;
      this.ws();
    }
  }

  /**
   * An object at pos. With `wanted` (the top level), records in `starts`/`ends`
   * the value range of each wanted field, by index in `wanted` (the last
   * occurrence wins, as in JSON.parse).
   */
  object(depth: number, wanted: Wanted | null): void {
    if (depth > MAX_DEPTH) throw BAIL;
    const b = this.b;
    this.pos++;
    this.ws();
    if (b[this.pos] === RBRACE) {
      this.pos++;
      return;
    }
    for (;;) {
      if (b[this.pos] !== QUOTE) throw BAIL;
      const keyStart = this.pos;
      this.string();
      const keyEnd = this.pos;
      const keyEscaped = this.escaped;
      this.ws();
      if (b[this.pos] !== COLON) throw BAIL;
      this.pos++;
      this.ws();
      const valueStart = this.pos;
      this.value(depth);
      if (wanted) {
        const i = wanted.indexOf(b, keyStart, keyEnd, keyEscaped);
        if (i >= 0) {
          wanted.starts[i] = valueStart;
          wanted.ends[i] = this.pos;
        }
      }
      this.ws();
      const c = b[this.pos];
      this.pos++;
      if (c === RBRACE) return;
      if (c !== COMMA) throw BAIL;
      this.ws();
    }
  }
}

/** The wanted field names as UTF-8 bytes, and where each was found in the current record (-1: absent). */
class Wanted {
  readonly names: string[];
  readonly bytes: Uint8Array[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  constructor(names: ReadonlySet<string>) {
    this.names = [...names];
    this.bytes = this.names.map((n) => new TextEncoder().encode(n));
    this.starts = new Int32Array(this.names.length).fill(-1);
    this.ends = new Int32Array(this.names.length);
  }

  /** Index of the key between the quotes at [start, end), or -1. Compares bytes: no string is made per key. */
  indexOf(b: Uint8Array, start: number, end: number, escaped: boolean): number {
    if (escaped) {
      // Escaped keys ("i\u0064") mean what JSON.parse says they mean.
      const key = JSON.parse(decoder.decode(b.subarray(start, end))) as string;
      return this.names.indexOf(key);
    }
    const len = end - start - 2;
    outer: for (let i = 0; i < this.bytes.length; i++) {
      const w = this.bytes[i] as Uint8Array;
      if (w.length !== len) continue;
      for (let j = 0; j < len; j++) if (w[j] !== b[start + 1 + j]) continue outer;
      return i;
    }
    return -1;
  }
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A validated value's bytes as JSON.parse would give them (cheap paths for numbers and plain strings). */
function parseValue(b: Uint8Array, start: number, end: number): unknown {
  const c = b[start] as number;
  if (c === MINUS || isDigit(c)) {
    // Short integers (the common id, count, amount): exact without making a string.
    if (end - start <= 15) {
      let n = 0;
      let i = c === MINUS ? start + 1 : start;
      for (; i < end && isDigit(b[i] as number); i++) n = n * 10 + ((b[i] as number) - ZERO);
      if (i === end) return c === MINUS ? -n : n;
    }
    return Number(decoder.decode(b.subarray(start, end)));
  }
  if (c === 0x74) return true;
  if (c === 0x66) return false;
  if (c === 0x6e) return null;
  if (c === QUOTE && b.subarray(start + 1, end - 1).indexOf(BACKSLASH) < 0)
    return decoder.decode(b.subarray(start + 1, end - 1));
  return JSON.parse(decoder.decode(b.subarray(start, end))) as unknown;
}

/**
 * An extractor of the named top-level fields of a JSON object, made once per
 * filter. It returns an object holding just those fields that are present
 * (valid UTF-8 is the caller's check), or NOT_AN_OBJECT for anything that is
 * not exactly one valid JSON object between JSON whitespace (the caller then
 * parses in full, which decides what it is).
 */
export function fieldExtractor(names: ReadonlySet<string>): (bytes: Uint8Array) => unknown {
  const wanted = new Wanted(names);
  const s = new Scanner();
  return (bytes) => {
    s.reset(bytes);
    let end = -1;
    try {
      s.ws();
      if (bytes[s.pos] === LBRACE) {
        wanted.starts.fill(-1);
        s.object(1, wanted);
        s.ws();
        end = s.pos;
      }
    } catch (e) {
      if (e !== BAIL) throw e;
    } finally {
      // Do not keep the record (a view into a whole fetch response) alive until the next one.
      s.reset(EMPTY);
    }
    if (end !== bytes.length) return NOT_AN_OBJECT;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < wanted.names.length; i++) {
      const start = wanted.starts[i] as number;
      if (start >= 0) out[wanted.names[i] as string] = parseValue(bytes, start, wanted.ends[i] as number);
    }
    return out;
  };
}
