/** Messages between the Cypher editor and its language worker (Neo4j's language service). */
import type { DbSchema } from '@neo4j-cypher/language-support';

export type CypherRequest =
  | { type: 'schema'; schema: DbSchema }
  | { type: 'complete'; id: number; text: string; pos: number; manual: boolean }
  | { type: 'lint'; id: number; text: string };

export interface CypherCompletion {
  label: string;
  /** CodeMirror completion type (drives the icon). */
  type: string;
  detail?: string;
  insert?: string;
}

export interface CypherDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export type CypherReply =
  | { type: 'complete'; id: number; items: CypherCompletion[] }
  | { type: 'lint'; id: number; diagnostics: CypherDiagnostic[] }
  | { type: 'failed'; id: number; message: string };

/** Options offered at most per request: the popup is filtered by CodeMirror as the user types on. */
export const MAX_COMPLETIONS = 500;
