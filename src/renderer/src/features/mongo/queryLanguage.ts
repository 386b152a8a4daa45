/**
 * The query bar's language: JavaScript highlighting (shell syntax is a JS
 * object literal), completion of query and stage operators
 * (`@mongodb-js/mongodb-constants`) and of the field names sampled from the
 * collection. Nothing here evaluates the text: core parses it.
 */
import { javascript } from '@codemirror/lang-javascript';
import { ACCUMULATORS, EXPRESSION_OPERATORS, QUERY_OPERATORS, STAGE_OPERATORS } from '@mongodb-js/mongodb-constants';
import type { CompletionOption, CompletionProvider } from '../../ui/codeEditorTypes';

export const shellLanguage = javascript();

type Named = { readonly name: string; readonly description?: string };
const options = (list: readonly Named[], type: string): CompletionOption[] =>
  list.map((o) => ({ label: o.name, type, ...(o.description ? { detail: o.description.slice(0, 60) } : {}) }));

const QUERY_OPS = options(QUERY_OPERATORS as readonly Named[], 'keyword');
const STAGE_OPS = options(STAGE_OPERATORS as readonly Named[], 'keyword');
const EXPR_OPS = [
  ...options(EXPRESSION_OPERATORS as readonly Named[], 'function'),
  ...options(ACCUMULATORS as readonly Named[], 'function'),
];
const BSON_CALLS: CompletionOption[] = [
  'ObjectId',
  'ISODate',
  'NumberLong',
  'NumberInt',
  'NumberDecimal',
  'UUID',
  'Timestamp',
  'BinData',
  'MinKey',
  'MaxKey',
].map((label) => ({ label, type: 'class', apply: `${label}()` }));

/** Completion over `fields` (dotted paths) and the operators of `kind`. */
export function queryCompletion(fields: () => readonly string[], kind: 'query' | 'stage'): CompletionProvider {
  return async ({ text, pos, explicit }) => {
    const before = text.slice(0, pos);
    const word = /[$\w.]*$/.exec(before)?.[0] ?? '';
    if (!explicit && word === '') return null;
    const from = pos - word.length;
    // Inside quotes after a `$`: a field reference in an expression ("$price").
    const quoted = /["']\$[\w.]*$/.test(before);
    if (quoted) {
      const w = word.replace(/^\$/, '');
      return { from: pos - w.length, options: fields().map((f) => ({ label: f, type: 'property' })) };
    }
    if (word.startsWith('$')) {
      const stageStart = kind === 'stage' && /^\s*\{\s*\$?[\w]*$/.test(before);
      return { from, options: stageStart ? STAGE_OPS : kind === 'stage' ? [...EXPR_OPS, ...QUERY_OPS] : QUERY_OPS };
    }
    return {
      from,
      options: [...fields().map((f) => ({ label: f, type: 'property', detail: 'field' })), ...BSON_CALLS],
    };
  };
}
