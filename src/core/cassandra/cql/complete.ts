import { identName, lex, splitStatements, statementAt, type Token } from './lexer';

/**
 * Schema-aware CQL completion and lexical diagnostics, from core's lexer.
 * CQL has no table aliases or joins, so "the table of the statement" is the
 * identifier after FROM, INTO, UPDATE or TABLE.
 */

export interface SchemaSource {
  keyspaces(): Promise<string[]>;
  tables(keyspace: string): Promise<string[]>;
  columns(keyspace: string, table: string): Promise<{ name: string; type: string; kind: string }[]>;
}

export interface CompletionOption {
  label: string;
  type: string;
  detail?: string;
  apply?: string;
}

export const CQL_KEYWORDS = (
  'SELECT FROM WHERE AND INSERT INTO VALUES UPDATE SET DELETE USING TTL TIMESTAMP BATCH BEGIN APPLY UNLOGGED ' +
  'CREATE ALTER DROP TRUNCATE TABLE KEYSPACE KEYSPACES TABLES TYPE INDEX CUSTOM MATERIALIZED VIEW FUNCTION AGGREGATE ' +
  'IF NOT EXISTS PRIMARY KEY WITH REPLICATION DURABLE_WRITES CLUSTERING ORDER BY ASC DESC LIMIT PER PARTITION ALLOW FILTERING ' +
  'DISTINCT JSON IN CONTAINS IS NULL TOKEN USE DESCRIBE LIST ROLES USERS GRANT REVOKE ON TO ADD RENAME STATIC FROZEN ' +
  'GROUP CAST AS LIKE OR REPLACE RETURNS CALLED INPUT LANGUAGE STYPE SFUNC FINALFUNC INITCOND SCHEMA CLUSTER'
).split(' ');

export const CQL_TYPES = (
  'ascii bigint blob boolean counter date decimal double duration float inet int smallint text time timestamp ' +
  'timeuuid tinyint uuid varchar varint list set map tuple frozen vector'
).split(' ');

export const CQL_FUNCTIONS = (
  'now uuid token ttl writetime maxwritetime count min max sum avg toJson fromJson toDate toTimestamp toUnixTimestamp ' +
  'currentTimestamp currentDate currentTime currentTimeUUID minTimeuuid maxTimeuuid blobAsText textAsBlob ' +
  'mask_null mask_default mask_replace mask_inner mask_outer mask_hash similarity_cosine similarity_euclidean ' +
  'similarity_dot_product collection_count collection_min collection_max collection_sum collection_avg'
).split(' ');

const significant = (t: Token): boolean => t.type !== 'ws' && t.type !== 'comment';
const w = (t: Token | undefined): string => (t?.type === 'ident' ? t.text.toUpperCase() : '');

/** The keyspace and table the statement names after FROM / INTO / UPDATE / TABLE, if any. */
export function statementTable(
  tokens: readonly Token[],
  currentKeyspace: string | null,
): { keyspace: string; table: string } | null {
  for (let i = 0; i < tokens.length; i++) {
    const k = w(tokens[i]);
    if (k !== 'FROM' && k !== 'INTO' && k !== 'UPDATE' && k !== 'TABLE') continue;
    let j = i + 1;
    // UPDATE / TABLE may be followed by IF [NOT] EXISTS in DDL
    while (['IF', 'NOT', 'EXISTS'].includes(w(tokens[j]))) j++;
    const a = tokens[j];
    if (!a || (a.type !== 'ident' && a.type !== 'quotedIdent')) continue;
    if (tokens[j + 1]?.text === '.' && tokens[j + 2] && ['ident', 'quotedIdent'].includes(tokens[j + 2]!.type))
      return { keyspace: identName(a), table: identName(tokens[j + 2]!) };
    if (currentKeyspace) return { keyspace: currentKeyspace, table: identName(a) };
  }
  return null;
}

const quoteIfNeeded = (n: string): string => (/^[a-z][a-z0-9_]*$/.test(n) ? n : `"${n.replace(/"/g, '""')}"`);

export async function complete(
  text: string,
  pos: number,
  currentKeyspace: string | null,
  schema: SchemaSource,
): Promise<{ from: number; options: CompletionOption[] } | null> {
  const tokens = lex(text);
  const here = tokens.find((t) => t.from < pos && pos <= t.to);
  if (here && (here.type === 'string' || here.type === 'dollarString' || here.type === 'comment')) return null;
  const word = here && (here.type === 'ident' || here.type === 'quotedIdent') ? here : undefined;
  const from = word ? word.from : pos;
  const prefix = word ? text.slice(word.from, pos).replace(/^"/, '').toLowerCase() : '';
  const before = tokens.filter((t) => significant(t) && t.to <= from);
  const prev = before[before.length - 1];
  const prev2 = before[before.length - 2];
  const statements = splitStatements(text);
  const stmt = statementAt(statements, pos);
  const stmtTokens = stmt ? stmt.tokens : [];
  const options: CompletionOption[] = [];
  const add = (labels: string[], type: string, detail?: string): void => {
    for (const l of labels)
      if (l.toLowerCase().startsWith(prefix)) options.push({ label: l, type, ...(detail ? { detail } : {}) });
  };
  const keyspaces = await schema.keyspaces();
  // ks.<table>
  if (prev?.text === '.' && prev2 && (prev2.type === 'ident' || prev2.type === 'quotedIdent')) {
    const ks = identName(prev2);
    if (keyspaces.includes(ks)) {
      add((await schema.tables(ks)).map(quoteIfNeeded), 'table', ks);
      return options.length ? { from, options } : null;
    }
  }
  const p = w(prev);
  if (p === 'USE' || p === 'KEYSPACE') {
    add(keyspaces.map(quoteIfNeeded), 'keyspace');
    return options.length ? { from, options } : null;
  }
  if (p === 'FROM' || p === 'INTO' || p === 'UPDATE' || p === 'TABLE' || p === 'TRUNCATE') {
    if (currentKeyspace) add((await schema.tables(currentKeyspace)).map(quoteIfNeeded), 'table', currentKeyspace);
    add(keyspaces.map(quoteIfNeeded), 'keyspace');
    return options.length ? { from, options } : null;
  }
  const target = statementTable(stmtTokens, currentKeyspace);
  if (target) {
    const cols = await schema.columns(target.keyspace, target.table).catch(() => []);
    for (const c of cols)
      if (c.name.toLowerCase().startsWith(prefix))
        options.push({
          label: quoteIfNeeded(c.name),
          type: 'property',
          detail: `${c.type} · ${c.kind.replace('_', ' ')}`,
        });
  }
  const ddl = ['CREATE', 'ALTER'].includes(w(stmtTokens[0]));
  if (ddl) add(CQL_TYPES, 'type');
  add(CQL_FUNCTIONS, 'function');
  add(
    CQL_KEYWORDS.filter((k) => (prefix ? true : k !== '')),
    'keyword',
  );
  if (!target && prefix) add(keyspaces.map(quoteIfNeeded), 'keyspace');
  return options.length ? { from, options: options.slice(0, 300) } : null;
}

const STATEMENT_START = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'USE',
  'DESCRIBE',
  'BEGIN',
  'GRANT',
  'REVOKE',
]);

export interface Diagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Unterminated strings, quoted identifiers and comments; a statement without ; that is followed by another. */
export function diagnose(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of lex(text)) {
    if (!t.unterminated) continue;
    const what =
      t.type === 'comment'
        ? 'Unterminated comment: close it with */.'
        : t.type === 'quotedIdent'
          ? 'Unterminated quoted identifier: close it with ".'
          : t.type === 'dollarString'
            ? 'Unterminated $$ string: close it with $$.'
            : "Unterminated string: close it with '.";
    out.push({ from: t.from, to: Math.min(t.to, t.from + 200), severity: 'error', message: what });
  }
  const statements = splitStatements(text);
  for (const s of statements) {
    if (s.tokens.some((t) => t.unterminated)) continue;
    if (s.kind === 'unknown' && s.problem && /batch|BATCH/.test(s.problem))
      out.push({ from: s.from, to: s.to, severity: 'error', message: s.problem });
  }
  // CQL has no sub-queries: a statement keyword starting a line inside a statement means a missing ;
  for (const s of statements) {
    if (s.tokens.some((t) => t.unterminated) || w(s.tokens[0]) === 'BEGIN') continue;
    for (const t of s.tokens.slice(1)) {
      if (!STATEMENT_START.has(w(t))) continue;
      const lineStart = text.lastIndexOf('\n', t.from - 1);
      if (lineStart >= s.from && /^\s*$/.test(text.slice(lineStart + 1, t.from)))
        out.push({
          from: s.from,
          to: t.from,
          severity: 'error',
          message: `Unterminated statement: add ; before "${t.text}" on the next line.`,
        });
    }
  }
  return out;
}
