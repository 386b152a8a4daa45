/**
 * The CEL filter box's language support, all in the renderer: highlighting
 * (a small StreamLanguage), completion of the variables and of the field paths
 * seen in the topic's newest values, and diagnostics from the same CEL
 * environment core compiles filters with (src/shared/cel.ts), so an error is
 * underlined as you type, where core would report it.
 */
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import type {
  CompletionOption,
  CompletionProvider,
  DiagnosticsProvider,
  EditorDiagnostic,
} from '../../../ui/codeEditorTypes';
import { CEL_FILTER_VARIABLES, checkCelFilter } from '../../../../../shared/cel';

export const CEL_VARIABLES: readonly CompletionOption[] = CEL_FILTER_VARIABLES.map((v) => ({
  label: v.name,
  type: 'variable',
  detail: v.doc,
}));

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

/** Parse and type-check errors of a CEL filter, with their positions; none for an empty box. */
export function celProblems(text: string): EditorDiagnostic[] {
  if (text.trim() === '') return [];
  const checked = checkCelFilter(text);
  if (checked.ok) return [];
  let from = Math.max(0, Math.min(checked.problem.start, text.length));
  let to = Math.max(from, Math.min(checked.problem.end, text.length));
  // An error at the very end (an unfinished expression) still gets a visible mark: the last character.
  if (to === from) {
    if (from >= text.length && text.length > 0) from = text.length - 1;
    to = Math.min(text.length, from + 1);
  }
  return [{ from, to, severity: 'error', message: checked.problem.message }];
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
