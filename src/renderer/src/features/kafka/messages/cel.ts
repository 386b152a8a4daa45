/**
 * The CEL filter box's language support, all in the renderer: highlighting
 * (a small StreamLanguage), completion of the variables and of the field paths
 * seen in the topic's newest values, and diagnostics from the same CEL parser
 * and type checker core uses (@marcbachmann/cel-js, with the same variables as
 * core/kafka/messages/filter.ts), so an error is underlined as you type.
 */
import { Environment } from '@marcbachmann/cel-js';
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import type {
  CompletionOption,
  CompletionProvider,
  DiagnosticsProvider,
  EditorDiagnostic,
} from '../../../ui/codeEditorTypes';

export const CEL_VARIABLES: readonly CompletionOption[] = [
  { label: 'value', type: 'variable', detail: 'the value (parsed JSON when it is JSON, else a string)' },
  { label: 'key', type: 'variable', detail: 'the key (string, or parsed JSON)' },
  { label: 'headers', type: 'variable', detail: 'map of header name to string' },
  { label: 'partition', type: 'variable', detail: 'int' },
  { label: 'offset', type: 'variable', detail: 'int' },
  { label: 'timestamp', type: 'variable', detail: 'int, milliseconds since the epoch' },
];

const FUNCTIONS: readonly CompletionOption[] = [
  { label: 'has', type: 'function', detail: 'has(value.field): the field is present', apply: 'has(' },
  { label: 'size', type: 'function', detail: 'size(list | map | string)', apply: 'size(' },
  { label: 'int', type: 'function', detail: 'int(x): convert to int', apply: 'int(' },
  { label: 'string', type: 'function', detail: 'string(x): convert to string', apply: 'string(' },
  { label: 'double', type: 'function', detail: 'double(x): convert to double', apply: 'double(' },
  { label: 'true', type: 'keyword' },
  { label: 'false', type: 'keyword' },
  { label: 'null', type: 'keyword' },
  { label: 'in', type: 'keyword' },
];

const METHODS: readonly CompletionOption[] = [
  { label: 'contains', type: 'method', detail: 'string.contains(s)', apply: 'contains(' },
  { label: 'startsWith', type: 'method', detail: 'string.startsWith(s)', apply: 'startsWith(' },
  { label: 'endsWith', type: 'method', detail: 'string.endsWith(s)', apply: 'endsWith(' },
  { label: 'matches', type: 'method', detail: 'string.matches(re2)', apply: 'matches(' },
  { label: 'exists', type: 'method', detail: 'list.exists(x, predicate)', apply: 'exists(' },
  { label: 'all', type: 'method', detail: 'list.all(x, predicate)', apply: 'all(' },
];

const env = new Environment({
  limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
})
  .registerVariable('key', 'dyn')
  .registerVariable('value', 'dyn')
  .registerVariable('headers', 'map')
  .registerVariable('partition', 'int')
  .registerVariable('offset', 'int')
  .registerVariable('timestamp', 'int');

interface CelErrorLike {
  summary?: unknown;
  message?: unknown;
  range?: { start: number; end: number };
  node?: { range?: { start: number; end: number } };
}

function toDiagnostic(text: string, error: unknown): EditorDiagnostic {
  const e = (typeof error === 'object' && error !== null ? error : {}) as CelErrorLike;
  const message =
    typeof e.summary === 'string'
      ? e.summary
      : typeof e.message === 'string'
        ? (e.message.split('\n')[0] ?? 'invalid expression')
        : 'invalid expression';
  const range = e.range ?? e.node?.range ?? { start: 0, end: text.length };
  let from = Math.max(0, Math.min(range.start, text.length));
  let to = Math.max(from, Math.min(range.end, text.length));
  // An error at the very end (an unfinished expression) still gets a visible mark: the last character.
  if (to === from) {
    if (from >= text.length && text.length > 0) from = text.length - 1;
    to = Math.min(text.length, from + 1);
  }
  return { from, to, severity: 'error', message };
}

/** Parse and type-check errors of a CEL filter, with their positions; none for an empty box. */
export function celProblems(text: string): EditorDiagnostic[] {
  if (text.trim() === '') return [];
  let parsed: ReturnType<typeof env.parse>;
  try {
    parsed = env.parse(text);
  } catch (error) {
    return [toDiagnostic(text, error)];
  }
  const checked = parsed.check() as { valid: boolean; type?: string; error?: unknown };
  if (!checked.valid) return [toDiagnostic(text, checked.error)];
  if (checked.type !== undefined && checked.type !== 'bool' && checked.type !== 'dyn') {
    return [
      {
        from: 0,
        to: text.length,
        severity: 'error',
        message: `A filter must be true or false; this expression is ${checked.type}.`,
      },
    ];
  }
  return [];
}

export const celDiagnostics: DiagnosticsProvider = async (text) => celProblems(text);

/** A field path seen in the data, as its segments from the variable: ['value', 'user', 'id']. */
export type SeenPath = readonly (string | number)[];

const IDENT = /^[A-Za-z_][\w]*$/;

/**
 * Completion: variables, functions and keywords at the start of a word; after
 * `value.` / `value.user.` (or `key.`, `headers.`), the field names seen at
 * that path in the newest messages; after any other `.`, the string and list methods.
 */
export function celCompletion(paths: () => readonly SeenPath[]): CompletionProvider {
  return async ({ text, pos, explicit }) => {
    const before = text.slice(0, pos);
    // Inside a string literal: nothing to complete.
    const quotes = (before.match(/(?<!\\)"/g) ?? []).length;
    if (quotes % 2 === 1) return null;
    const m = /((?:[A-Za-z_]\w*(?:\[\d+\])?\.)+)([A-Za-z_]\w*)?$/.exec(before);
    if (!m) {
      const w = /[A-Za-z_]\w*$/.exec(before)?.[0] ?? '';
      if (w === '' && !explicit) return null;
      return { from: pos - w.length, options: [...CEL_VARIABLES, ...FUNCTIONS] };
    }
    const chain = (m[1] ?? '').slice(0, -1);
    const word = m[2] ?? '';
    // `chain.word|`: the parent is the chain.
    const segments = chain
      .split('.')
      .flatMap((s) => s.split(/\[(\d+)\]/).filter((x) => x !== ''))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const seen = new Map<string, CompletionOption>();
    for (const p of paths()) {
      if (p.length !== segments.length + 1) continue;
      if (!segments.every((s, i) => p[i] === s)) continue;
      const last = p[p.length - 1];
      if (typeof last !== 'string' || seen.has(last)) continue;
      seen.set(last, {
        label: last,
        type: 'property',
        detail: 'seen in the newest messages',
        ...(IDENT.test(last) ? {} : { apply: `["${last.replace(/"/g, '\\"')}"]` }),
      });
    }
    const options = [...seen.values(), ...METHODS];
    // A non-identifier field must replace the dot too: value["content-type"].
    return { from: pos - word.length, options };
  };
}

/** Segments of every field path in a value (and key) tree, prefixed with the variable name. */
export function withRoot(
  root: 'value' | 'key' | 'headers',
  paths: readonly (readonly (string | number)[])[],
): SeenPath[] {
  return paths.map((p) => [root, ...p]);
}

const celParser: StreamParser<{ inString: string | null }> = {
  name: 'cel',
  startState: () => ({ inString: null }),
  token(stream, state) {
    if (state.inString) {
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '\\') stream.next();
        else if (ch === state.inString) {
          state.inString = null;
          break;
        }
      }
      return 'string';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    const ch = stream.peek();
    if (ch === '"' || ch === "'") {
      state.inString = stream.next() ?? null;
      return celParser.token(stream, state);
    }
    if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?u?/)) return 'number';
    if (stream.match(/^(true|false|null|in)\b/)) return 'keyword';
    if (stream.match(/^(key|value|headers|partition|offset|timestamp)\b/)) return 'variableName.special';
    if (stream.match(/^[A-Za-z_]\w*(?=\s*\()/)) return 'function';
    if (stream.match(/^[A-Za-z_]\w*/)) return 'propertyName';
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||[<>!+\-*/%?:])/)) return 'operator';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '//' } },
};

export const celLanguage = StreamLanguage.define(celParser);
