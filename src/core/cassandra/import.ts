import cassandra from 'cassandra-driver';
import type { Client } from 'cassandra-driver';
import type { ImportEvent, ImportFailure } from '../../shared/contract/cassandra';
import { StackdeckError, isStackdeckError } from '../../shared/errors';
import type { CallContext } from '../handler';
import { prepared } from './cql/prepare';
import { parseParam, type TypeInfo } from './cql/values';
import { cassandraError } from './errors';
import { readCsv, type CsvRecord } from './csv';
import { meta, quoteIdent } from './schema';

const { types } = cassandra;

/**
 * CSV into a table. Every value is parsed against its column's CQL type (the
 * prepared INSERT's metadata) before anything is sent, so a bad row is
 * reported with its line and never half-written. Valid rows go out in
 * unlogged batches that each hold one partition (the only kind of batch that
 * is cheap for Cassandra), a few batches at a time; a batch the server
 * refuses is retried row by row so each failing line is named. Empty cells
 * are left unset (no tombstones). Memory: one chunk of rows at a time.
 */

const CHUNK = 500;
const IN_FLIGHT = 4;
const MAX_REPORTED = 200;

export interface ImportInput {
  keyspace: string;
  table: string;
  csv: string;
  mapping?: (string | null)[] | undefined;
  batchSize: number;
  maxErrors: number;
}

interface Row {
  line: number;
  values: unknown[];
  partition: string;
}

export async function importCsv(
  client: Client,
  input: ImportInput,
  ctx: CallContext & { emit(e: ImportEvent): void },
): Promise<void> {
  const records = readCsv(input.csv);
  const header = records.next();
  if (header.done) throw new StackdeckError('INVALID_INPUT', 'The CSV is empty: it needs a header line.');
  const names = header.value.fields.map((f) => f.trim());
  const cols = await meta(
    client,
    'SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
    [input.keyspace, input.table],
    ctx,
    'Reading the table',
  );
  if (cols.length === 0)
    throw new StackdeckError('NOT_FOUND', `Table ${input.keyspace}.${input.table} does not exist.`);
  const known = new Map(cols.map((c) => [String(c.get('column_name')), String(c.get('kind'))]));
  const mapping = input.mapping ?? names.map((n) => (known.has(n) ? n : null));
  if (mapping.length !== names.length)
    throw new StackdeckError(
      'INVALID_INPUT',
      `The mapping names ${mapping.length} columns but the CSV header has ${names.length}.`,
      { where: 'mapping' },
    );
  const targets: { csv: number; column: string }[] = [];
  for (const [i, m] of mapping.entries()) {
    if (m === null) continue;
    if (!known.has(m))
      throw new StackdeckError('INVALID_INPUT', `Column ${m} is not in ${input.keyspace}.${input.table}.`, {
        where: 'mapping',
      });
    if (targets.some((t) => t.column === m))
      throw new StackdeckError('INVALID_INPUT', `Column ${m} is mapped twice.`, { where: 'mapping' });
    targets.push({ csv: i, column: m });
  }
  const keyColumns = [...known].filter(([, k]) => k === 'partition_key' || k === 'clustering').map(([n]) => n);
  const missing = keyColumns.filter((k) => !targets.some((t) => t.column === k));
  if (missing.length > 0)
    throw new StackdeckError(
      'INVALID_INPUT',
      `Every primary key column needs a CSV column: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not mapped.`,
      { where: 'mapping' },
    );
  const partitionIdx = targets.flatMap((t, j) => (known.get(t.column) === 'partition_key' ? [j] : []));
  const keyIdx = new Set(targets.flatMap((t, j) => (keyColumns.includes(t.column) ? [j] : [])));
  const insert = `INSERT INTO ${quoteIdent(input.keyspace)}.${quoteIdent(input.table)} (${targets
    .map((t) => quoteIdent(t.column))
    .join(', ')}) VALUES (${targets.map(() => '?').join(', ')})`;
  let typesOf: TypeInfo[];
  try {
    const m = await prepared(client, insert);
    typesOf = m.columns.map((c) => c.type);
  } catch (err) {
    throw cassandraError(err, 'Preparing the import');
  }

  const total = Math.max(0, countLines(input.csv) - 1);
  const failures: ImportFailure[] = [];
  let rows = 0;
  let written = 0;
  let failed = 0;
  const fail = (line: number, message: string): void => {
    failed++;
    if (failures.length < MAX_REPORTED) failures.push({ line, message });
  };
  const stopped = (): boolean => failed >= input.maxErrors;

  const parse = (r: CsvRecord): Row | null => {
    if (r.unterminated) {
      fail(r.line, 'A quoted field is not closed (a " is missing); this row and the rest of the file were not read.');
      return null;
    }
    if (r.fields.length !== names.length) {
      fail(r.line, `Expected ${names.length} fields as in the header, found ${r.fields.length}.`);
      return null;
    }
    const values: unknown[] = [];
    for (const [j, t] of targets.entries()) {
      const text = r.fields[t.csv] ?? '';
      if (text === '') {
        if (keyIdx.has(j)) {
          fail(r.line, `${t.column} is part of the primary key and cannot be empty.`);
          return null;
        }
        values.push(types.unset);
        continue;
      }
      try {
        values.push(parseParam(text, typesOf[j] as TypeInfo, t.column));
      } catch (err) {
        fail(r.line, isStackdeckError(err) ? err.message.replace(/^Parameter /, '') : String(err));
        return null;
      }
    }
    return { line: r.line, values, partition: partitionIdx.map((j) => r.fields[targets[j]?.csv ?? 0]).join('\u0000') };
  };

  const options = { prepare: true, consistency: types.consistencies.localQuorum, readTimeout: 30_000 };
  const writeRows = async (batch: Row[]): Promise<void> => {
    try {
      if (batch.length === 1) await client.execute(insert, (batch[0] as Row).values, options);
      else
        await client.batch(
          batch.map((r) => ({ query: insert, params: r.values })),
          { ...options, logged: false },
        );
      written += batch.length;
    } catch (err) {
      if (batch.length === 1) {
        fail((batch[0] as Row).line, cassandraError(err, 'Writing the row').message);
        return;
      }
      // Find the rows the server refuses, one by one.
      for (const r of batch) {
        if (ctx.signal.aborted) return;
        await writeRows([r]);
      }
    }
  };
  const flush = async (chunk: Row[]): Promise<void> => {
    const byPartition = new Map<string, Row[]>();
    for (const r of chunk) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r]);
    const batches: Row[][] = [];
    for (const list of byPartition.values())
      for (let i = 0; i < list.length; i += input.batchSize) batches.push(list.slice(i, i + input.batchSize));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, async () => {
        while (next < batches.length && !ctx.signal.aborted) await writeRows(batches[next++] as Row[]);
      }),
    );
  };

  let chunk: Row[] = [];
  for (const r of records) {
    if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', `The import was cancelled after ${written} rows.`);
    rows++;
    const row = parse(r);
    if (row) chunk.push(row);
    if (r.unterminated || stopped()) break;
    if (chunk.length >= CHUNK) {
      await flush(chunk);
      chunk = [];
      ctx.emit({ type: 'progress', rows, written, failed, total });
    }
  }
  if (!stopped()) await flush(chunk);
  if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', `The import was cancelled after ${written} rows.`);
  ctx.emit({ type: 'done', rows, written, failed, failures, stopped: stopped() });
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}
