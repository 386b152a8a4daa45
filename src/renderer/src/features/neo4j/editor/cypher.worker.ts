/**
 * Neo4j's own Cypher language service (@neo4j-cypher/language-support: an
 * ANTLR parser, 6.6 MB, ~1.4 s to its first answer) off the main thread, so
 * typing never waits for it. It completes and lints against the live schema
 * the page sends (`schema`), and answers requests one at a time; the page
 * ignores answers it no longer wants.
 */
import { autocomplete, lintCypherQuery, type DbSchema } from '@neo4j-cypher/language-support';
import {
  MAX_COMPLETIONS,
  type CypherCompletion,
  type CypherDiagnostic,
  type CypherReply,
  type CypherRequest,
} from './protocol';

let schema: DbSchema = {};

// vscode-languageserver CompletionItemKind numbers, as the service uses them.
const KIND: Record<number, string> = {
  2: 'method', // procedures
  3: 'function',
  5: 'property', // fields
  6: 'variable',
  10: 'property',
  12: 'constant', // databases
  14: 'keyword',
  25: 'type', // labels and relationship types
  7: 'type',
  13: 'enum',
  20: 'enum',
};

const post = (m: CypherReply) => (self as unknown as Worker).postMessage(m);

function severity(s: number | undefined): CypherDiagnostic['severity'] {
  return s === 1 || s === undefined ? 'error' : s === 2 ? 'warning' : 'info';
}

self.onmessage = (e: MessageEvent<CypherRequest>) => {
  const m = e.data;
  if (m.type === 'schema') {
    schema = m.schema;
    return;
  }
  try {
    if (m.type === 'complete') {
      const items: CypherCompletion[] = autocomplete(m.text, schema, {
        caretPosition: m.pos,
        manual: m.manual,
        consoleCommandsEnabled: true,
      })
        .slice(0, MAX_COMPLETIONS)
        .map((c) => ({
          label: c.label,
          type: KIND[c.kind ?? 14] ?? 'text',
          ...(c.signature ? { detail: c.signature } : c.detail ? { detail: c.detail } : {}),
          ...(c.insertText && c.insertText !== c.label ? { insert: c.insertText } : {}),
        }));
      post({ type: 'complete', id: m.id, items });
    } else {
      const { diagnostics } = lintCypherQuery(m.text, schema, { consoleCommandsEnabled: true });
      post({
        type: 'lint',
        id: m.id,
        diagnostics: diagnostics.map((d) => ({
          from: d.offsets.start,
          to: Math.max(d.offsets.end, d.offsets.start + 1),
          severity: severity(d.severity),
          message: typeof d.message === 'string' ? d.message : d.message.value,
        })),
      });
    }
  } catch (err) {
    post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
};
