import type { Client, types as DriverTypes } from 'cassandra-driver';
import { StackdeckError } from '../../shared/errors';
import type { ColumnInfo, KeyspaceSummary, TableDetail } from '../../shared/contract/cassandra';
import type { CallContext } from '../handler';
import { cassandraError } from './errors';

/**
 * Schema from `system_schema.*`
 * and `system_virtual_schema.*`, read directly (the driver's metadata loads
 * lazily and drops options), and DDL from the server's own DESCRIBE.
 */

export const SYSTEM_KEYSPACES: ReadonlySet<string> = new Set([
  'system',
  'system_auth',
  'system_distributed',
  'system_schema',
  'system_traces',
  'system_views',
  'system_virtual_schema',
]);

type Row = DriverTypes.Row;

/** Runs a metadata query with the call's deadline as the driver's read timeout. */
export async function meta(
  client: Client,
  cql: string,
  params: unknown[],
  ctx: CallContext,
  operation: string,
): Promise<Row[]> {
  if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', `${operation} was cancelled.`);
  const readTimeout = Math.max(1_000, Math.min(60_000, ctx.deadline - Date.now()));
  try {
    const rs = await client.execute(cql, params, { prepare: params.length > 0, readTimeout, fetchSize: 5_000 });
    return rs.rows;
  } catch (err) {
    throw cassandraError(err, operation);
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const RESERVED = new Set(
  (
    'add allow alter and apply asc authorize batch begin by columnfamily create delete desc describe drop entries ' +
    'execute from full grant if in index infinity insert into is keyspace limit materialized mbean mbeans modify nan ' +
    'norecursive not null of on or order primary rename replace revoke schema select set table to token truncate ' +
    'unlogged update use using view where with'
  ).split(' '),
);

/** Quotes an identifier when CQL needs it (upper case, odd characters, reserved words). */
export function quoteIdent(name: string): string {
  return /^[a-z][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------- keyspaces

export async function listKeyspaces(
  client: Client,
  includeSystem: boolean,
  ctx: CallContext,
): Promise<KeyspaceSummary[]> {
  const op = 'Listing keyspaces';
  const q = (cql: string): Promise<Row[]> => meta(client, cql, [], ctx, op);
  const [ks, tables, views, udts, fns, aggs, idx, vks, vtables] = await Promise.all([
    q('SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces'),
    q('SELECT keyspace_name, table_name FROM system_schema.tables'),
    q('SELECT keyspace_name, view_name FROM system_schema.views'),
    q('SELECT keyspace_name, type_name FROM system_schema.types'),
    q('SELECT keyspace_name, function_name, argument_types FROM system_schema.functions'),
    q('SELECT keyspace_name, aggregate_name, argument_types FROM system_schema.aggregates'),
    q('SELECT keyspace_name, table_name, index_name, kind, options FROM system_schema.indexes'),
    q('SELECT keyspace_name FROM system_virtual_schema.keyspaces').catch(() => [] as Row[]),
    q('SELECT keyspace_name, table_name FROM system_virtual_schema.tables').catch(() => [] as Row[]),
  ]);
  const group = (rows: Row[], col: string, fmt?: (r: Row) => string): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const r of rows) {
      const k = String(r.get('keyspace_name'));
      m.set(k, [...(m.get(k) ?? []), fmt ? fmt(r) : String(r.get(col))]);
    }
    for (const v of m.values()) v.sort();
    return m;
  };
  const sig = (col: string) => (r: Row) =>
    `${String(r.get(col))}(${((r.get('argument_types') as string[] | null) ?? []).join(', ')})`;
  const t = group(tables, 'table_name');
  const vt = group(vtables, 'table_name');
  const v = group(views, 'view_name');
  const ty = group(udts, 'type_name');
  const f = group(fns, '', sig('function_name'));
  const a = group(aggs, '', sig('aggregate_name'));
  const out: KeyspaceSummary[] = [];
  for (const r of ks) {
    const name = String(r.get('keyspace_name'));
    const repl = (r.get('replication') as Record<string, string> | null) ?? {};
    out.push({
      name,
      system: SYSTEM_KEYSPACES.has(name),
      strategy: repl['class'] ?? 'unknown',
      replication: Object.entries(repl)
        .filter(([k]) => k !== 'class')
        .sort(([x], [y]) => x.localeCompare(y)),
      durableWrites: r.get('durable_writes') !== false,
      virtual: false,
      tables: t.get(name) ?? [],
      views: v.get(name) ?? [],
      types: ty.get(name) ?? [],
      functions: f.get(name) ?? [],
      aggregates: a.get(name) ?? [],
      indexes: idx
        .filter((i) => String(i.get('keyspace_name')) === name)
        .map((i) => {
          const opts = (i.get('options') as Record<string, string> | null) ?? {};
          return {
            name: String(i.get('index_name')),
            table: String(i.get('table_name')),
            kind: String(i.get('kind')),
            className: opts['class_name'] ?? null,
          };
        })
        .sort((x, y) => x.name.localeCompare(y.name)),
    });
  }
  for (const r of vks) {
    const name = String(r.get('keyspace_name'));
    out.push({
      name,
      system: true,
      strategy: 'virtual (LocalStrategy)',
      replication: [],
      durableWrites: false,
      virtual: true,
      tables: vt.get(name) ?? [],
      views: [],
      types: [],
      functions: [],
      aggregates: [],
      indexes: [],
    });
  }
  return out.filter((k) => includeSystem || !k.system).sort((x, y) => x.name.localeCompare(y.name));
}

// ---------------------------------------------------------------- DDL and table detail

/** The server's DESCRIBE (Cassandra 4.0+); null when the server does not know the statement. */
async function describeOnServer(client: Client, what: string, ctx: CallContext): Promise<string | null> {
  try {
    const rows = await meta(client, `DESCRIBE ${what}`, [], ctx, `DESCRIBE ${what}`);
    return rows.map((r) => String(r.get('create_statement'))).join('\n\n');
  } catch (err) {
    if (err instanceof StackdeckError && err.code === 'INVALID_INPUT' && /syntax/i.test(err.message)) return null;
    throw err;
  }
}

export async function keyspaceDdl(
  client: Client,
  keyspace: string,
  ctx: CallContext,
): Promise<{ ddl: string; ddlSource: 'server' | 'metadata' }> {
  await requireKeyspace(client, keyspace, ctx);
  const server = await describeOnServer(client, `KEYSPACE ${quoteIdent(keyspace)}`, ctx);
  if (server !== null) return { ddl: server, ddlSource: 'server' };
  const ks = (await listKeyspaces(client, true, ctx)).find((k) => k.name === keyspace);
  if (!ks) throw notFound(`Keyspace ${keyspace}`);
  const parts = [keyspaceCreate(ks)];
  for (const t of ks.tables) parts.push((await describeTable(client, keyspace, t, ctx)).ddl);
  return { ddl: parts.join('\n\n'), ddlSource: 'metadata' };
}

function keyspaceCreate(ks: KeyspaceSummary): string {
  const repl = [['class', ks.strategy], ...ks.replication].map(([k, v]) => `'${k}': '${v}'`).join(', ');
  return `CREATE KEYSPACE ${quoteIdent(ks.name)} WITH replication = {${repl}} AND durable_writes = ${ks.durableWrites};`;
}

const notFound = (what: string): StackdeckError =>
  new StackdeckError('NOT_FOUND', `${what} does not exist (any more). Refresh the schema tree.`);

async function requireKeyspace(client: Client, keyspace: string, ctx: CallContext): Promise<void> {
  const rows = await meta(
    client,
    'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [keyspace],
    ctx,
    'Reading the keyspace',
  );
  if (rows.length > 0) return;
  const v = await meta(
    client,
    'SELECT keyspace_name FROM system_virtual_schema.keyspaces WHERE keyspace_name = ?',
    [keyspace],
    ctx,
    'Reading the keyspace',
  ).catch(() => [] as Row[]);
  if (v.length === 0) throw notFound(`Keyspace ${keyspace}`);
}

const OPTION_COLUMNS = [
  'bloom_filter_fp_chance',
  'caching',
  'comment',
  'compaction',
  'compression',
  'crc_check_chance',
  'default_time_to_live',
  'gc_grace_seconds',
  'max_index_interval',
  'memtable_flush_period_in_ms',
  'min_index_interval',
  'speculative_retry',
  'additional_write_policy',
  'read_repair',
  'cdc',
  'memtable',
];

function optionText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'object' && !(v instanceof Date)) {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{${entries.map(([k, x]) => `'${k}': '${String(x).replace(/'/g, "''")}'`).join(', ')}}`;
  }
  return String(v);
}

export async function describeTable(
  client: Client,
  keyspace: string,
  table: string,
  ctx: CallContext,
): Promise<TableDetail> {
  const op = 'Reading the table';
  const [tRows, vRows, cols, idx] = await Promise.all([
    meta(
      client,
      'SELECT * FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      ctx,
      op,
    ),
    meta(
      client,
      'SELECT * FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?',
      [keyspace, table],
      ctx,
      op,
    ),
    meta(
      client,
      'SELECT column_name, clustering_order, kind, position, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      ctx,
      op,
    ),
    meta(
      client,
      'SELECT index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      ctx,
      op,
    ),
  ]);
  let kind: TableDetail['kind'] = 'table';
  let row = tRows[0] ?? vRows[0];
  let columns = cols;
  if (!tRows[0] && vRows[0]) kind = 'view';
  if (!row) {
    // Virtual tables live in system_virtual_schema.
    const [vt, vc] = await Promise.all([
      meta(
        client,
        'SELECT * FROM system_virtual_schema.tables WHERE keyspace_name = ? AND table_name = ?',
        [keyspace, table],
        ctx,
        op,
      ).catch(() => [] as Row[]),
      meta(
        client,
        'SELECT column_name, clustering_order, kind, position, type FROM system_virtual_schema.columns WHERE keyspace_name = ? AND table_name = ?',
        [keyspace, table],
        ctx,
        op,
      ).catch(() => [] as Row[]),
    ]);
    row = vt[0];
    columns = vc;
    kind = 'virtual';
  }
  if (!row) throw notFound(`Table ${keyspace}.${table}`);
  const rank = { partition_key: 0, clustering: 1, static: 2, regular: 3 } as const;
  const columnInfos: ColumnInfo[] = columns
    .map((c) => {
      const k = String(c.get('kind')) as ColumnInfo['kind'];
      const order = String(c.get('clustering_order')).toUpperCase();
      return {
        name: String(c.get('column_name')),
        kind: k,
        type: String(c.get('type')),
        position: Number(c.get('position')),
        order: k === 'clustering' ? (order === 'DESC' ? 'DESC' : 'ASC') : null,
      } satisfies ColumnInfo;
    })
    .sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position || a.name.localeCompare(b.name));
  const options: [string, string][] = [];
  for (const c of OPTION_COLUMNS) {
    const keys = row.keys();
    if (keys.includes(c)) options.push([c, optionText(row.get(c))]);
  }
  const ident = `${quoteIdent(keyspace)}.${quoteIdent(table)}`;
  const what = kind === 'view' ? `MATERIALIZED VIEW ${ident}` : `TABLE ${ident}`;
  const server = await describeOnServer(client, what, ctx);
  return {
    keyspace,
    name: table,
    kind,
    baseTable: kind === 'view' ? str(row.get('base_table_name')) : null,
    columns: columnInfos,
    options,
    indexes: idx.map((i) => {
      const o = (i.get('options') as Record<string, string> | null) ?? {};
      return { name: String(i.get('index_name')), kind: String(i.get('kind')), target: o['target'] ?? null };
    }),
    ddl: server ?? tableCreate(keyspace, table, columnInfos, options),
    ddlSource: server !== null ? 'server' : 'metadata',
  };
}

/** DDL from system_schema, for servers without DESCRIBE (before 4.0). */
export function tableCreate(keyspace: string, table: string, cols: ColumnInfo[], options: [string, string][]): string {
  const pk = cols.filter((c) => c.kind === 'partition_key').map((c) => quoteIdent(c.name));
  const ck = cols.filter((c) => c.kind === 'clustering');
  const lines = cols.map((c) => `    ${quoteIdent(c.name)} ${c.type}${c.kind === 'static' ? ' static' : ''},`);
  const key = `${pk.length > 1 ? `(${pk.join(', ')})` : (pk[0] ?? '')}${ck.map((c) => `, ${quoteIdent(c.name)}`).join('')}`;
  const withs = [
    ...(ck.length
      ? [`CLUSTERING ORDER BY (${ck.map((c) => `${quoteIdent(c.name)} ${c.order ?? 'ASC'}`).join(', ')})`]
      : []),
    ...options.map(([k, v]) => `${k} = ${v}`),
  ];
  return (
    `CREATE TABLE ${quoteIdent(keyspace)}.${quoteIdent(table)} (\n${lines.join('\n')}\n    PRIMARY KEY (${key})\n)` +
    (withs.length ? ` WITH ${withs.join('\n    AND ')}` : '') +
    ';'
  );
}
