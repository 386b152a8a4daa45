import { Cassandra, sql } from '@codemirror/lang-sql';
import { client } from '../../api/client';
import type { CompletionProvider, DiagnosticsProvider } from '../../ui/CodeEditor';

/**
 * The CQL language of the editor: highlighting from @codemirror/lang-sql's
 * Cassandra dialect (keywords only: there is no CQL parser on npm), and
 * completion and diagnostics answered by core, which knows the live schema
 * and lexes CQL with the same lexer that classifies statements for the
 * read-only guard.
 */
export const cqlLanguage = sql({ dialect: Cassandra, upperCaseKeywords: true });

/** Completion of keywords, keyspaces, tables of the editor's keyspace and columns of the table named in the statement. */
export function cqlCompletion(connectionId: string, sessionId: string): CompletionProvider {
  return async ({ text, pos, signal }) => {
    const r = await client.invoke('cassandra.cql.complete', { connectionId, sessionId, text, pos }, { signal });
    return r ? { from: r.from, options: r.options } : null;
  };
}

/** Unterminated strings, comments and statements, from core's lexer. */
export const cqlDiagnostics: DiagnosticsProvider = async (text, signal) => {
  if (text.trim() === '') return [];
  const r = await client.invoke('cassandra.cql.analyze', { text }, { signal });
  return r.diagnostics;
};
