import { quoteIdent } from './resources';

/**
 * CQL for the schema forms, built from what the user filled in (pure; unit
 * tested). The forms show this text before running it, and run exactly it.
 */

export interface KeyspaceForm {
  name: string;
  strategy: 'SimpleStrategy' | 'NetworkTopologyStrategy';
  /** SimpleStrategy: the replication factor. */
  factor: number;
  /** NetworkTopologyStrategy: factor per data center. */
  datacenters: { name: string; factor: number }[];
  durableWrites: boolean;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function keyspaceReplication(f: KeyspaceForm): string {
  if (f.strategy === 'SimpleStrategy') return `{'class': 'SimpleStrategy', 'replication_factor': ${f.factor}}`;
  const dcs = f.datacenters.filter((d) => d.name.trim() !== '');
  return `{'class': 'NetworkTopologyStrategy'${dcs.map((d) => `, ${lit(d.name.trim())}: ${d.factor}`).join('')}}`;
}

export function createKeyspaceCql(f: KeyspaceForm): string {
  return `CREATE KEYSPACE ${quoteIdent(f.name.trim())} WITH replication = ${keyspaceReplication(f)}${f.durableWrites ? '' : ' AND durable_writes = false'};`;
}

export function alterKeyspaceCql(f: KeyspaceForm): string {
  return `ALTER KEYSPACE ${quoteIdent(f.name.trim())} WITH replication = ${keyspaceReplication(f)} AND durable_writes = ${f.durableWrites};`;
}

export interface ColumnForm {
  name: string;
  type: string;
  role: 'partition' | 'clustering' | 'static' | 'regular';
  order: 'ASC' | 'DESC';
}

export interface TableForm {
  keyspace: string;
  name: string;
  columns: ColumnForm[];
  /** Optional table options, as CQL values: comment text, default TTL seconds. */
  comment: string;
  defaultTtl: number;
}

/** The problems that stop a table form from making valid CQL, in words. */
export function tableProblems(f: TableForm): string[] {
  const out: string[] = [];
  if (!f.name.trim()) out.push('Name the table.');
  const named = f.columns.filter((c) => c.name.trim() !== '');
  if (!named.some((c) => c.role === 'partition')) out.push('Mark at least one column as partition key.');
  const seen = new Set<string>();
  for (const c of named) {
    if (!c.type.trim()) out.push(`Give ${c.name} a type.`);
    if (seen.has(c.name.trim())) out.push(`${c.name} is listed twice.`);
    seen.add(c.name.trim());
  }
  if (named.some((c) => c.role === 'static') && !named.some((c) => c.role === 'clustering'))
    out.push('Static columns need at least one clustering column.');
  return out;
}

export function createTableCql(f: TableForm): string {
  const cols = f.columns.filter((c) => c.name.trim() !== '');
  const pk = cols.filter((c) => c.role === 'partition').map((c) => quoteIdent(c.name.trim()));
  const ck = cols.filter((c) => c.role === 'clustering');
  const key = `${pk.length === 1 ? pk[0] : `(${pk.join(', ')})`}${ck.map((c) => `, ${quoteIdent(c.name.trim())}`).join('')}`;
  const lines = cols.map(
    (c) => `  ${quoteIdent(c.name.trim())} ${c.type.trim()}${c.role === 'static' ? ' STATIC' : ''},`,
  );
  const withs = [
    ...(ck.some((c) => c.order === 'DESC')
      ? [`CLUSTERING ORDER BY (${ck.map((c) => `${quoteIdent(c.name.trim())} ${c.order}`).join(', ')})`]
      : []),
    ...(f.comment.trim() ? [`comment = ${lit(f.comment.trim())}`] : []),
    ...(f.defaultTtl > 0 ? [`default_time_to_live = ${Math.floor(f.defaultTtl)}`] : []),
  ];
  return (
    `CREATE TABLE ${quoteIdent(f.keyspace)}.${quoteIdent(f.name.trim())} (\n${lines.join('\n')}\n  PRIMARY KEY (${key})\n)` +
    (withs.length ? `\nWITH ${withs.join('\n  AND ')}` : '') +
    ';'
  );
}

export type AlterTable =
  | { kind: 'add'; column: string; type: string }
  | { kind: 'drop'; column: string }
  | { kind: 'option'; option: 'comment' | 'default_time_to_live' | 'gc_grace_seconds'; value: string };

export function alterTableCql(keyspace: string, table: string, a: AlterTable): string {
  const t = `${quoteIdent(keyspace)}.${quoteIdent(table)}`;
  switch (a.kind) {
    case 'add':
      return `ALTER TABLE ${t} ADD ${quoteIdent(a.column.trim())} ${a.type.trim()};`;
    case 'drop':
      return `ALTER TABLE ${t} DROP ${quoteIdent(a.column)};`;
    case 'option':
      return `ALTER TABLE ${t} WITH ${a.option} = ${a.option === 'comment' ? lit(a.value) : String(Math.max(0, Math.floor(Number(a.value) || 0)))};`;
  }
}

export function dropCql(what: 'keyspace' | 'table', keyspace: string, table?: string): string {
  return what === 'keyspace'
    ? `DROP KEYSPACE ${quoteIdent(keyspace)};`
    : `DROP TABLE ${quoteIdent(keyspace)}.${quoteIdent(table ?? '')};`;
}
