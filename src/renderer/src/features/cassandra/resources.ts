/** Resource ids of Cassandra tabs (no imports: register.ts loads this with the shell). */

/** `ks.table` resource ids: `table:<ks>/<table>`, both parts URI-encoded (names may hold dots). */
export function tableResource(keyspace: string, table: string): string {
  return `table:${encodeURIComponent(keyspace)}/${encodeURIComponent(table)}`;
}

export function parseTableResource(resource: string): { keyspace: string; table: string } | null {
  const m = /^table:([^/]+)\/([^/]+)$/.exec(resource);
  if (!m) return null;
  try {
    return { keyspace: decodeURIComponent(m[1] ?? ''), table: decodeURIComponent(m[2] ?? '') };
  } catch {
    return null;
  }
}

/** CQL's reserved words (as core's schema.ts lists them): a name that is one must be quoted. */
const RESERVED = new Set(
  (
    'add allow alter and apply asc authorize batch begin by columnfamily create delete desc describe drop entries ' +
    'execute from full grant if in index infinity insert into is keyspace limit materialized mbean mbeans modify nan ' +
    'norecursive not null of on or order primary rename replace revoke schema select set table to token truncate ' +
    'unlogged update use using view where with'
  ).split(' '),
);

/** A CQL identifier as written in a statement: quoted unless it is a plain lower-case, unreserved name. */
export function quoteIdent(name: string): string {
  return /^[a-z][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A grid column wide enough for its header (name and type), within bounds. */
export function columnWidth(name: string, type: string): number {
  return Math.max(110, Math.min(360, (name.length + type.length) * 8 + 40));
}
