import cassandra from 'cassandra-driver';
import type { Client } from 'cassandra-driver';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DumpEvent, DumpSummary, RestoreEvent } from '../../shared/contract/cassandra';
import { StackdeckError, isStackdeckError } from '../../shared/errors';
import type { CallContext } from '../handler';
import { identName, splitStatements, type Statement } from './cql/lexer';
import { prepared } from './cql/prepare';
import { parseJsonCell, type TypeInfo } from './cql/values';
import { cassandraError } from './errors';
import { exportTable } from './export';
import { keyspaceDdl, listKeyspaces, meta, quoteIdent } from './schema';

const { types } = cassandra;

/**
 * Dump and restore of a keyspace (AxonOps #1062). A dump is one folder under
 * `<userDataDir>/cassandra-dumps/<id>/`: `schema.cql` (the server's DESCRIBE
 * KEYSPACE), one JSON Lines file per table (written by the token-range export,
 * so values are exact: big integers and decimals as text, blobs as base64)
 * and `manifest.json`. Restore runs the DDL with the keyspace renamed (by
 * core's lexer, never a text replace), then inserts every row with values
 * parsed against the target column types; rows that fail are reported with
 * their file line. Restore only creates a new keyspace: it refuses one that
 * exists, so it can never overwrite data.
 */

const DIR = 'cassandra-dumps';
const MAX_REPORTED = 200;
const IN_FLIGHT = 32;

interface Manifest {
  keyspace: string;
  createdAt: string;
  tables: { name: string; rows: number; file: string }[];
}

const dumpsDir = (userDataDir: string): string => join(userDataDir, DIR);

export async function dumpKeyspace(
  client: Client,
  userDataDir: string,
  keyspace: string,
  ctx: CallContext & { emit(e: DumpEvent): void },
): Promise<void> {
  const ks = (await listKeyspaces(client, true, ctx)).find((k) => k.name === keyspace);
  if (!ks || ks.virtual) throw new StackdeckError('NOT_FOUND', `Keyspace ${keyspace} does not exist (or is virtual).`);
  const { ddl } = await keyspaceDdl(client, keyspace, ctx);
  const dumpId = randomUUID();
  const final = join(dumpsDir(userDataDir), dumpId);
  const work = `${final}.partial`;
  await mkdir(work, { recursive: true });
  try {
    await writeFile(join(work, 'schema.cql'), ddl);
    const manifest: Manifest = { keyspace, createdAt: new Date().toISOString(), tables: [] };
    for (const [i, table] of ks.tables.entries()) {
      const done = await exportTable(
        client,
        userDataDir,
        {
          keyspace,
          table,
          parallel: 4,
          pageSize: 1_000,
          format: 'jsonl',
          csvFormulaGuard: false,
          limit: 10_000_000,
          dir: work,
        },
        {
          ...ctx,
          emit: (p) => ctx.emit({ type: 'progress', table, rows: p.rows, tablesDone: i, tables: ks.tables.length }),
        },
      );
      manifest.tables.push({ name: table, rows: done.rows, file: basename(done.path) });
    }
    await writeFile(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await rename(work, final);
    ctx.emit({ type: 'done', dump: summary(dumpId, final, manifest) });
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

function summary(dumpId: string, path: string, m: Manifest): DumpSummary {
  return {
    dumpId,
    keyspace: m.keyspace,
    createdAt: m.createdAt,
    path,
    tables: m.tables.map((t) => ({ name: t.name, rows: t.rows })),
  };
}

async function readManifest(userDataDir: string, dumpId: string): Promise<{ path: string; manifest: Manifest }> {
  if (!/^[0-9a-f-]{36}$/.test(dumpId)) throw new StackdeckError('INVALID_INPUT', 'Not a dump id.', { where: 'dumpId' });
  const path = join(dumpsDir(userDataDir), dumpId);
  try {
    return { path, manifest: JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as Manifest };
  } catch {
    throw new StackdeckError('NOT_FOUND', 'That dump does not exist (any more) on this machine.');
  }
}

export async function listDumps(userDataDir: string): Promise<DumpSummary[]> {
  const names = await readdir(dumpsDir(userDataDir)).catch(() => [] as string[]);
  const out: DumpSummary[] = [];
  for (const n of names) {
    if (n.endsWith('.partial')) continue;
    const found = await readManifest(userDataDir, n).catch(() => null);
    if (found) out.push(summary(n, found.path, found.manifest));
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The DDL with every reference to `from` as a keyspace (CREATE KEYSPACE x, x.name) renamed to `to`. */
export function renameKeyspace(statement: Statement, from: string, to: string): string {
  const s = statement;
  let out = '';
  let at = s.from;
  const sig = s.tokens;
  for (const [i, t] of sig.entries()) {
    if (t.type !== 'ident' && t.type !== 'quotedIdent') continue;
    if (identName(t) !== from) continue;
    const prev = sig[i - 1]?.text.toUpperCase();
    const next = sig[i + 1]?.text;
    const prev2 = sig[i - 2]?.text.toUpperCase();
    const keyspaceName = prev === 'KEYSPACE' || (prev === 'EXISTS' && prev2 === 'NOT');
    if (next !== '.' && !keyspaceName) continue;
    out += s.text.slice(at - s.from, t.from - s.from) + quoteIdent(to);
    at = t.to;
  }
  return out + s.text.slice(at - s.from);
}

export async function restoreKeyspace(
  client: Client,
  userDataDir: string,
  input: { dumpId: string; targetKeyspace: string },
  ctx: CallContext & { emit(e: RestoreEvent): void },
): Promise<void> {
  const { path, manifest } = await readManifest(userDataDir, input.dumpId);
  const target = input.targetKeyspace;
  const exists = await meta(
    client,
    'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [target],
    ctx,
    'Checking the target keyspace',
  );
  if (exists.length > 0)
    throw new StackdeckError(
      'CONFLICT',
      `Keyspace ${target} already exists. Restore creates a new keyspace; pick a name that is not taken (or drop it first).`,
    );
  const ddl = await readFile(join(path, 'schema.cql'), 'utf8');
  const statements = splitStatements(ddl);
  for (const s of statements) {
    if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The restore was cancelled.');
    const cql = renameKeyspace(s, manifest.keyspace, target);
    try {
      await client.execute(cql, [], { readTimeout: 60_000 });
    } catch (err) {
      throw cassandraError(err, `Creating the schema (${cql.slice(0, 80)})`);
    }
  }
  const failures: { table: string; line: number; message: string }[] = [];
  const tables: { name: string; written: number; failed: number }[] = [];
  for (const t of manifest.tables) {
    const r = await restoreTable(client, target, t.name, join(path, t.file), ctx, (line, message) => {
      if (failures.length < MAX_REPORTED) failures.push({ table: t.name, line, message });
    });
    tables.push({ name: t.name, ...r });
  }
  ctx.emit({ type: 'done', keyspace: target, statements: statements.length, tables, failures });
}

async function restoreTable(
  client: Client,
  keyspace: string,
  table: string,
  file: string,
  ctx: CallContext & { emit(e: RestoreEvent): void },
  fail: (line: number, message: string) => void,
): Promise<{ written: number; failed: number }> {
  const cols = await meta(
    client,
    'SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
    [keyspace, table],
    ctx,
    'Reading the restored table',
  );
  const names = cols.map((c) => String(c.get('column_name')));
  let written = 0;
  let failed = 0;
  if (cols.some((c) => String(c.get('type')) === 'counter')) {
    fail(0, 'Counter tables cannot be written with INSERT; their rows were not restored.');
    return { written, failed: 0 };
  }
  const insert = `INSERT INTO ${quoteIdent(keyspace)}.${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  const typesOf = (await prepared(client, insert)).columns.map((c) => c.type);
  const pending = new Set<Promise<void>>();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The restore was cancelled.');
    if (text.trim() === '') continue;
    let params: unknown[];
    try {
      const row = JSON.parse(text) as Record<string, unknown>;
      params = names.map((n, i) =>
        row[n] === null || row[n] === undefined ? types.unset : parseJsonCell(row[n], typesOf[i] as TypeInfo, n),
      );
    } catch (err) {
      failed++;
      fail(line, isStackdeckError(err) ? err.message : 'Not a JSON object.');
      continue;
    }
    const at = line;
    const p: Promise<void> = client
      .execute(insert, params, { prepare: true, consistency: types.consistencies.localQuorum })
      .then(
        () => {
          written++;
        },
        (err: unknown) => {
          failed++;
          fail(at, cassandraError(err, 'Writing the row').message);
        },
      )
      .finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
    if (line % 1_000 === 0) ctx.emit({ type: 'progress', table, written, failed });
  }
  await Promise.all(pending);
  return { written, failed };
}
