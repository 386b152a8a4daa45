import cassandra from 'cassandra-driver';
import type { Client, types as DriverTypes } from 'cassandra-driver';
import type { ExportFormat } from '../../shared/contract/exports';
import { StackdeckError } from '../../shared/errors';
import type { CallContext } from '../handler';
import { exportRows, type ExportColumn, type ExportResult } from '../export';
import { cassandraError } from './errors';
import type { Statement } from './cql/lexer';
import { consistencyFor, planStatements, resultColumns, resultRows, type CqlRunner, type RunRequest } from './cql/run';
import type { CqlSessions } from './sessions';
import { meta, quoteIdent } from './schema';

const { types } = cassandra;

/**
 * A whole table to a file, read by token ranges: the ring is cut into equal
 * ranges and each is paged with the driver's pageState
 * (`WHERE token(pk) > ? AND token(pk) <= ?`), the way the bulk loaders
 * (dsbulk, Spark's connector) read a table, so no single query scans
 * everything and a slow range never holds the rest. Up to `parallel` ranges
 * are read at once, each with at most one page buffered ahead of the writer,
 * so memory is bounded by parallel x pageSize rows whatever the table's size.
 * Rows reach the file in token order.
 */

const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;

/** A token range (from, to]; the first range also includes `from` itself (the ring's minimum token). */
export interface TokenRange {
  from: bigint;
  to: bigint;
  first: boolean;
}

/** Cuts the Murmur3 ring into `count` equal ranges that together cover every token exactly once. */
export function splitRing(count: number): TokenRange[] {
  const n = BigInt(Math.max(1, count));
  const span = MAX_TOKEN - MIN_TOKEN;
  const out: TokenRange[] = [];
  let from = MIN_TOKEN;
  for (let i = 1n; i <= n; i++) {
    const to = i === n ? MAX_TOKEN : MIN_TOKEN + (span * i) / n;
    out.push({ from, to, first: i === 1n });
    from = to;
  }
  return out;
}

interface TableShape {
  columns: string[];
  partitionKey: string[];
  partitioner: string | null;
}

async function tableShape(client: Client, keyspace: string, table: string, ctx: CallContext): Promise<TableShape> {
  const [cols, local] = await Promise.all([
    meta(
      client,
      'SELECT column_name, kind, position FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      ctx,
      'Reading the table',
    ),
    meta(client, "SELECT partitioner FROM system.local WHERE key = 'local'", [], ctx, 'Reading the table'),
  ]);
  if (cols.length === 0)
    throw new StackdeckError('NOT_FOUND', `Table ${keyspace}.${table} does not exist (or is a virtual table).`);
  const rank: Record<string, number> = { partition_key: 0, clustering: 1, static: 2, regular: 3 };
  const sorted = cols
    .map((c) => ({ name: String(c.get('column_name')), kind: String(c.get('kind')), pos: Number(c.get('position')) }))
    .sort((a, b) => (rank[a.kind] ?? 4) - (rank[b.kind] ?? 4) || a.pos - b.pos || a.name.localeCompare(b.name));
  return {
    columns: sorted.map((c) => c.name),
    partitionKey: sorted.filter((c) => c.kind === 'partition_key').map((c) => c.name),
    partitioner: (local[0]?.get('partitioner') as string | undefined) ?? null,
  };
}

type Page = { rs: DriverTypes.ResultSet } | null;

/** Pages of one query, with the next page requested as soon as one is handed out (one page of read-ahead). */
function pages(run: (pageState: string | undefined) => Promise<DriverTypes.ResultSet>): () => Promise<Page> {
  let done = false;
  const fetch = async (state: string | undefined): Promise<Page> => ({ rs: await run(state) });
  let pending: Promise<Page> = fetch(undefined);
  // A read-ahead that nobody awaits (the export was cancelled) must not reject unhandled.
  pending.catch(() => undefined);
  return async () => {
    if (done) return null;
    const page = await pending;
    const next = page?.rs.pageState ?? null;
    if (next === null) {
      done = true;
      pending = Promise.resolve(null);
    } else {
      pending = fetch(next);
      pending.catch(() => undefined);
    }
    return page;
  };
}

export interface TableExportInput {
  keyspace: string;
  table: string;
  parallel: number;
  pageSize: number;
  format: ExportFormat;
  csvFormulaGuard: boolean;
  limit: number;
  /** Another folder than the exports folder (keyspace dumps). */
  dir?: string;
}

/** The rows of a table in token order, `parallel` ranges in flight. */
async function* tableRows(
  client: Client,
  shape: TableShape,
  input: TableExportInput,
  ctx: CallContext,
  readTimeout: number,
): AsyncGenerator<unknown[]> {
  const ident = `${quoteIdent(input.keyspace)}.${quoteIdent(input.table)}`;
  const select = shape.columns.map(quoteIdent).join(', ');
  const token = `token(${shape.partitionKey.map(quoteIdent).join(', ')})`;
  const options = (pageState: string | undefined) => ({
    prepare: true,
    fetchSize: input.pageSize,
    readTimeout,
    consistency: types.consistencies.localOne,
    isIdempotent: true,
    ...(pageState ? { pageState } : {}),
  });
  const execute = (cql: string, params: unknown[]) => (pageState: string | undefined) => {
    if (ctx.signal.aborted) return Promise.reject(new StackdeckError('CANCELLED', 'The export was cancelled.'));
    return client.execute(cql, params, options(pageState)).catch((err: unknown) => {
      throw cassandraError(err, `Reading ${input.keyspace}.${input.table}`);
    });
  };
  // Token ranges exist for Murmur3 only here; other partitioners are read as one paged scan.
  const murmur = shape.partitioner?.endsWith('Murmur3Partitioner') ?? false;
  const readers: (() => Promise<Page>)[] = [];
  const ranges = murmur ? splitRing(Math.max(16, input.parallel * 8)) : [];
  const start = (i: number): (() => Promise<Page>) => {
    const r = ranges[i] as TokenRange;
    const cql = `SELECT ${select} FROM ${ident} WHERE ${token} ${r.first ? '>=' : '>'} ? AND ${token} <= ?`;
    return pages(execute(cql, [types.Long.fromString(r.from.toString()), types.Long.fromString(r.to.toString())]));
  };
  if (!murmur) readers.push(pages(execute(`SELECT ${select} FROM ${ident}`, [])));
  const count = murmur ? ranges.length : 1;
  for (let i = 0; i < count; i++) {
    if (murmur) for (let j = readers.length; j < Math.min(count, i + input.parallel); j++) readers.push(start(j));
    const next = readers[i] as () => Promise<Page>;
    for (;;) {
      const page = await next();
      if (!page) break;
      for (const row of resultRows(page.rs, Infinity)) yield row;
    }
    // Let the finished reader's pages be collected.
    readers[i] = async () => null;
  }
}

export async function exportTable(
  client: Client,
  userDataDir: string,
  input: TableExportInput,
  ctx: CallContext & { emit(e: { type: 'progress'; rows: number; bytes: number; total: number | null }): void },
): Promise<ExportResult> {
  const shape = await tableShape(client, input.keyspace, input.table, ctx);
  const columns: ExportColumn[] = shape.columns.map((key) => ({ key }));
  const readTimeout = 30_000;
  return exportRows({
    userDataDir,
    baseName: `${input.keyspace}.${input.table}`,
    format: input.format,
    columns,
    rows: tableRows(client, shape, input, ctx, readTimeout),
    signal: ctx.signal,
    limit: input.limit,
    csvFormulaGuard: input.csvFormulaGuard,
    onProgress: (p) => ctx.emit({ type: 'progress', ...p, total: null }),
    ...(input.dir ? { dir: input.dir } : {}),
  });
}

/** Every page of one SELECT (as the editor would run it: its session, consistency and parameters) to a file. */
export async function exportQuery(
  runner: CqlRunner,
  sessions: CqlSessions,
  userDataDir: string,
  req: RunRequest & { format: ExportFormat; csvFormulaGuard: boolean; limit: number },
  ctx: CallContext & { emit(e: { type: 'progress'; rows: number; bytes: number; total: number | null }): void },
): Promise<ExportResult> {
  const { client, handle } = await sessions.get(req.connectionId, req.sessionId);
  const statements = planStatements(req.text, handle.profile.readOnly);
  const s = statements[0] as Statement;
  if (statements.length !== 1 || s.kind !== 'select')
    throw new StackdeckError('INVALID_INPUT', 'Export works on one SELECT statement; select it and export again.', {
      where: 'text',
    });
  const consistency = consistencyFor(s, req.options);
  const opts = { ...req.options, trace: false };
  const first = await runner.execute(client, s.text, { options: opts, params: req.params }, consistency, ctx);
  async function* rows(): AsyncGenerator<unknown[]> {
    let rs = first;
    for (;;) {
      for (const row of resultRows(rs, Infinity)) yield row;
      if (!rs.pageState) return;
      rs = await runner.execute(
        client,
        s.text,
        { options: opts, params: req.params, pageState: rs.pageState },
        consistency,
        ctx,
      );
    }
  }
  return exportRows({
    userDataDir,
    baseName: 'cql-result',
    format: req.format,
    columns: resultColumns(first).map((c) => ({ key: c.name })),
    rows: rows(),
    signal: ctx.signal,
    limit: req.limit,
    csvFormulaGuard: req.csvFormulaGuard,
    onProgress: (p) => ctx.emit({ type: 'progress', ...p, total: null }),
  });
}
