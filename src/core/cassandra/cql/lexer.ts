/**
 * A CQL lexer, statement splitter and classifier. There is no CQL parser on
 * npm, and the read-only guard must not be a regex on the first word: this
 * lexes the whole text the way Cassandra's Lexer.g does for everything that
 * matters to splitting and classification (strings with '' escapes, $$ strings,
 * quoted identifiers with "" escapes, --, // and block comments, numbers, blobs),
 * then groups tokens into statements at top-level semicolons, keeping
 * BEGIN BATCH ... APPLY BATCH together.
 */

export type TokenType =
  | 'ws'
  | 'comment'
  | 'string'
  | 'dollarString'
  | 'quotedIdent'
  | 'ident'
  | 'number'
  | 'blob'
  | 'uuid'
  | 'semicolon'
  | 'punct'
  | 'param'
  | 'unknown';

export interface Token {
  readonly type: TokenType;
  readonly from: number;
  readonly to: number;
  readonly text: string;
  /** A string, quoted identifier or block comment that reaches the end of the text. */
  readonly unterminated?: true;
}

const IDENT_START = /[A-Za-z]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const HEX = /[0-9A-Fa-f]/;
const UUID_RE = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/;

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (type: TokenType, from: number, to: number, unterminated = false): void => {
    tokens.push(
      unterminated
        ? { type, from, to, text: text.slice(from, to), unterminated: true }
        : { type, from, to, text: text.slice(from, to) },
    );
  };
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      while (i < n && /[\s]/.test(text[i] as string)) i++;
      push('ws', start, i);
    } else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      while (i < n && text[i] !== '\n') i++;
      push('comment', start, i);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        push('comment', start, n, true);
        i = n;
      } else {
        i = end + 2;
        push('comment', start, i);
      }
    } else if (c === "'" || c === '"') {
      // '' inside a string and "" inside a quoted identifier are escaped quotes.
      i++;
      let closed = false;
      while (i < n) {
        if (text[i] === c) {
          if (text[i + 1] === c) {
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        i++;
      }
      push(c === "'" ? 'string' : 'quotedIdent', start, i, !closed);
    } else if (c === '$' && next === '$') {
      const end = text.indexOf('$$', i + 2);
      if (end < 0) {
        push('dollarString', start, n, true);
        i = n;
      } else {
        i = end + 2;
        push('dollarString', start, i);
      }
    } else if (c === '0' && (next === 'x' || next === 'X') && HEX.test(text[i + 2] ?? '')) {
      i += 2;
      while (i < n && HEX.test(text[i] as string)) i++;
      push('blob', start, i);
    } else if (HEX.test(c) && UUID_RE.test(text.slice(i, i + 36)) && !IDENT_PART.test(text[i + 36] ?? '')) {
      i += 36;
      push('uuid', start, i);
    } else if (IDENT_START.test(c)) {
      while (i < n && IDENT_PART.test(text[i] as string)) i++;
      push('ident', start, i);
    } else if (DIGIT.test(c) || (c === '-' && DIGIT.test(next ?? '')) || (c === '.' && DIGIT.test(next ?? ''))) {
      i++;
      while (i < n && /[0-9.eE]/.test(text[i] as string)) {
        if ((text[i] === 'e' || text[i] === 'E') && (text[i + 1] === '-' || text[i + 1] === '+')) i++;
        i++;
      }
      // Durations like 1h30m and identifiers that start like numbers stay one token.
      while (i < n && IDENT_PART.test(text[i] as string)) i++;
      push('number', start, i);
    } else if (c === ';') {
      i++;
      push('semicolon', start, i);
    } else if (c === '?') {
      i++;
      push('param', start, i);
    } else if (c === ':' && IDENT_START.test(next ?? '')) {
      i++;
      while (i < n && IDENT_PART.test(text[i] as string)) i++;
      push('param', start, i);
    } else if ('(),.*=<>!+-[]{}:%/'.includes(c)) {
      i++;
      if ((c === '<' || c === '>' || c === '!') && text[i] === '=') i++;
      push('punct', start, i);
    } else {
      i++;
      push('unknown', start, i);
    }
  }
  return tokens;
}

export type StatementKind = 'select' | 'use' | 'describe' | 'list' | 'write' | 'schema' | 'other' | 'unknown';

export interface Statement {
  /** Offsets into the text, from the first significant token to the end of the terminating semicolon (if any). */
  readonly from: number;
  readonly to: number;
  readonly text: string;
  /** Tokens without whitespace and comments. */
  readonly tokens: readonly Token[];
  readonly terminated: boolean;
  readonly kind: StatementKind;
  /** Why the statement could not be classified, or what is wrong with it lexically. */
  readonly problem: string | null;
}

const READ_KINDS: ReadonlySet<StatementKind> = new Set(['select', 'use', 'describe', 'list']);

/** Statements a read-only connection may run. */
export function isReadStatement(kind: StatementKind): boolean {
  return READ_KINDS.has(kind);
}

const significant = (t: Token): boolean => t.type !== 'ws' && t.type !== 'comment';
const word = (t: Token | undefined): string => (t && t.type === 'ident' ? t.text.toUpperCase() : '');

/** Splits into statements at top-level semicolons; BEGIN ... BATCH keeps its inner semicolons until APPLY BATCH. */
export function splitStatements(text: string): Statement[] {
  const all = lex(text);
  const out: Statement[] = [];
  let current: Token[] = [];
  let inBatch = false;
  const flush = (end: number, terminated: boolean): void => {
    if (current.length === 0) return;
    const from = (current[0] as Token).from;
    out.push(makeStatement(text, from, end, current, terminated));
    current = [];
    inBatch = false;
  };
  for (let k = 0; k < all.length; k++) {
    const t = all[k] as Token;
    if (!significant(t)) {
      // An unterminated block comment swallows the rest: keep it as a problem of the current (or a new) statement.
      if (t.unterminated) current.push(t);
      continue;
    }
    if (t.type === 'semicolon') {
      if (inBatch) {
        current.push(t);
        continue;
      }
      if (current.length === 0) continue; // stray ;
      current.push(t);
      flush(t.to, true);
      continue;
    }
    if (current.length === 0 && word(t) === 'BEGIN') inBatch = true;
    if (inBatch && word(t) === 'BATCH') {
      const prev = lastSignificant(current);
      if (word(prev) === 'APPLY') inBatch = false;
    }
    current.push(t);
  }
  if (current.length > 0) flush((current[current.length - 1] as Token).to, false);
  return out;
}

function lastSignificant(tokens: readonly Token[]): Token | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (significant(t)) return t;
  }
  return undefined;
}

function makeStatement(text: string, from: number, to: number, tokens: Token[], terminated: boolean): Statement {
  const sig = tokens.filter(significant);
  const broken = tokens.find((t) => t.unterminated);
  let kind: StatementKind;
  let problem: string | null = null;
  if (broken) {
    kind = 'unknown';
    problem =
      broken.type === 'comment'
        ? 'This block comment is not closed with */.'
        : broken.type === 'quotedIdent'
          ? 'This quoted identifier is not closed with ".'
          : broken.type === 'dollarString'
            ? 'This $$ string is not closed with $$.'
            : "This string is not closed with '.";
  } else {
    ({ kind, problem } = classify(sig));
  }
  return { from, to, text: text.slice(from, to), tokens: sig, terminated, kind, problem };
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE']);

function classify(sig: readonly Token[]): { kind: StatementKind; problem: string | null } {
  const first = word(sig[0]);
  switch (first) {
    case 'SELECT':
      return { kind: 'select', problem: null };
    case 'USE':
      return { kind: 'use', problem: null };
    case 'DESCRIBE':
    case 'DESC':
      return { kind: 'describe', problem: null };
    case 'LIST':
      return { kind: 'list', problem: null };
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'TRUNCATE':
      return { kind: 'write', problem: null };
    case 'BEGIN':
      return classifyBatch(sig);
    case 'CREATE':
    case 'ALTER':
    case 'DROP':
      return { kind: 'schema', problem: null };
    case 'GRANT':
    case 'REVOKE':
    case 'ADD':
    case 'REMOVE':
      return { kind: 'other', problem: null };
    default:
      return {
        kind: 'unknown',
        problem:
          sig.length === 0
            ? 'Empty statement.'
            : `"${(sig[0] as Token).text.slice(0, 40)}" does not start a CQL statement Stackdeck knows.`,
      };
  }
}

/**
 * BEGIN [UNLOGGED | COUNTER] BATCH [USING ...] dml; dml; ... APPLY BATCH.
 * Every batch writes; the inner statements are checked too, so anything that is
 * not INSERT, UPDATE or DELETE inside makes the batch unclassifiable.
 */
function classifyBatch(sig: readonly Token[]): { kind: StatementKind; problem: string | null } {
  let i = 1;
  if (word(sig[i]) === 'UNLOGGED' || word(sig[i]) === 'COUNTER' || word(sig[i]) === 'LOGGED') i++;
  if (word(sig[i]) !== 'BATCH') return { kind: 'unknown', problem: 'BEGIN must be followed by BATCH.' };
  i++;
  // USING TIMESTAMP n
  if (word(sig[i]) === 'USING') {
    if (word(sig[i + 1]) !== 'TIMESTAMP' || sig[i + 2]?.type !== 'number')
      return { kind: 'unknown', problem: 'BEGIN BATCH USING must be followed by TIMESTAMP and a number.' };
    i += 3;
  }
  let expectStart = true;
  for (; i < sig.length; i++) {
    const t = sig[i] as Token;
    if (t.type === 'semicolon') {
      expectStart = true;
      continue;
    }
    if (!expectStart) continue;
    expectStart = false;
    const w = word(t);
    if (w === 'APPLY') {
      if (word(sig[i + 1]) !== 'BATCH') return { kind: 'unknown', problem: 'APPLY must be followed by BATCH.' };
      return { kind: 'write', problem: null };
    }
    if (!DML.has(w))
      return {
        kind: 'unknown',
        problem: `A batch may only hold INSERT, UPDATE and DELETE; found "${t.text.slice(0, 40)}".`,
      };
  }
  return { kind: 'unknown', problem: 'This batch has no APPLY BATCH.' };
}

/** The statement containing `pos` (or the one just before it), for "run the statement under the cursor". */
export function statementAt(statements: readonly Statement[], pos: number): Statement | undefined {
  let best: Statement | undefined;
  for (const s of statements) {
    if (s.from <= pos) best = s;
    if (pos <= s.to) return pos >= s.from ? s : (best ?? s);
  }
  return best;
}

/** Unquotes a CQL identifier token: "Mixed" keeps case, plain ones are lower-cased as Cassandra does. */
export function identName(t: Token): string {
  if (t.type === 'quotedIdent') return t.text.slice(1, -1).replace(/""/g, '"');
  return t.text.toLowerCase();
}
