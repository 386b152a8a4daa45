import cassandra from 'cassandra-driver';
import type { Client, types as DriverTypes } from 'cassandra-driver';
import {
  DEFAULT_READ_CONSISTENCY,
  DEFAULT_WRITE_CONSISTENCY,
  type Consistency,
  type CqlValue,
  type FetchAllEvent,
  type ParamValue,
  type ResultColumn,
  type RunOptions,
  type RunOutput,
  type StatementResult,
} from '../../../shared/contract/cassandra';
import { StackdeckError, isStackdeckError } from '../../../shared/errors';
import type { CallContext } from '../../handler';
import { cassandraError } from '../errors';
import { meta } from '../schema';
import type { CqlSessions } from '../sessions';
import { identName, isReadStatement, splitStatements, type Statement } from './lexer';
import { bindParams } from './prepare';
import { readTrace } from './trace';
import { toCqlValue, typeName, type TypeInfo } from './values';

export { prepareParams } from './prepare';
export { readTrace } from './trace';

const { types } = cassandra;

export interface RunRequest {
  connectionId: string;
  sessionId: string;
  text: string;
  options: RunOptions;
  params?: ParamValue[] | undefined;
  pageState?: string | undefined;
}

const consistencyCode = (c: Consistency): number => {
  const map: Record<Consistency, number> = {
    ANY: types.consistencies.any,
    ONE: types.consistencies.one,
    TWO: types.consistencies.two,
    THREE: types.consistencies.three,
    QUORUM: types.consistencies.quorum,
    ALL: types.consistencies.all,
    LOCAL_QUORUM: types.consistencies.localQuorum,
    EACH_QUORUM: types.consistencies.eachQuorum,
    LOCAL_ONE: types.consistencies.localOne,
  };
  return map[c];
};

/** Reads run at LOCAL_ONE, everything else at LOCAL_QUORUM, unless the run says otherwise. */
export function consistencyFor(s: Statement, options: RunOptions): Consistency {
  return options.consistency ?? (isReadStatement(s.kind) ? DEFAULT_READ_CONSISTENCY : DEFAULT_WRITE_CONSISTENCY);
}

/** Parses and checks the whole text before anything runs: lexical problems and read-only refusals stop the run. */
export function planStatements(text: string, readOnly: boolean): Statement[] {
  const statements = splitStatements(text);
  if (statements.length === 0)
    throw new StackdeckError('INVALID_INPUT', 'There is no statement to run (only whitespace or comments).', {
      where: 'text',
    });
  for (const s of statements) {
    const lexical = s.tokens.some((t) => t.unterminated) || /not closed/.test(s.problem ?? '');
    if (lexical)
      throw new StackdeckError('INVALID_INPUT', `${s.problem ?? 'Unterminated text.'} Nothing was run.`, {
        where: 'text',
        from: s.from,
      });
  }
  if (readOnly) {
    for (const s of statements) {
      if (!isReadStatement(s.kind)) {
        const what =
          s.kind === 'unknown'
            ? `Stackdeck could not classify "${s.text.slice(0, 60)}"${s.problem ? ` (${s.problem})` : ''}`
            : `"${s.text.slice(0, 60)}" is a ${s.kind === 'write' ? 'write' : s.kind === 'schema' ? 'schema change' : 'statement that changes the server'}`;
        throw new StackdeckError(
          'READ_ONLY',
          `This connection is read-only: ${what}. Only SELECT, USE, DESCRIBE and LIST run here; nothing was run. ` +
            'Edit the connection to allow writes.',
          { from: s.from, kind: s.kind },
        );
      }
    }
  }
  return statements;
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new StackdeckError('CANCELLED', 'The query was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(
        new StackdeckError(
          'CANCELLED',
          'The query was cancelled. A statement already sent may still complete on the server.',
        ),
      );
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function resultColumns(rs: DriverTypes.ResultSet): ResultColumn[] {
  return (rs.columns ?? []).map((c) => {
    const col = c as { name: string; type: TypeInfo; table?: string };
    return { name: col.name, type: typeName(col.type), table: col.table ?? null };
  });
}

/** The rows as typed values; `max` cuts long text and blobs (screens), Infinity keeps them whole (exports). */
export function resultRows(rs: DriverTypes.ResultSet, max?: number): CqlValue[][] {
  const cols = (rs.columns ?? []) as unknown as { name: string; type: TypeInfo }[];
  return (rs.rows ?? []).map((row) =>
    cols.map((c) => toCqlValue((row as unknown as Record<string, unknown>)[c.name], c.type, max)),
  );
}

/** USE ks / USE "Ks": the keyspace named, checked against the schema. */
async function useKeyspace(client: Client, s: Statement, ctx: CallContext): Promise<string> {
  const target = s.tokens[1];
  if (!target || (target.type !== 'ident' && target.type !== 'quotedIdent'))
    throw new StackdeckError('INVALID_INPUT', 'USE needs a keyspace name, e.g. USE my_keyspace;', { where: 'cql' });
  const ks = identName(target);
  const rows = await meta(
    client,
    'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [ks],
    ctx,
    'USE',
  );
  const virtual =
    rows.length > 0
      ? []
      : await meta(
          client,
          'SELECT keyspace_name FROM system_virtual_schema.keyspaces WHERE keyspace_name = ?',
          [ks],
          ctx,
          'USE',
        ).catch(() => []);
  if (rows.length === 0 && virtual.length === 0)
    throw new StackdeckError(
      'INVALID_INPUT',
      `Keyspace '${ks}' does not exist. Check the name (quoted names keep their case).`,
      {
        where: 'cql',
      },
    );
  return ks;
}

function describeVoid(s: Statement, rs: DriverTypes.ResultSet | undefined, consistency: Consistency): string {
  switch (s.kind) {
    case 'write':
      return `Done: the write was acknowledged at ${consistency}.`;
    case 'schema':
      return (rs?.info as { isSchemaInAgreement?: boolean } | undefined)?.isSchemaInAgreement === false
        ? 'Schema changed; not every node has the new schema yet.'
        : 'Schema changed; all nodes agree on the schema.';
    default:
      return 'Done.';
  }
}

export class CqlRunner {
  constructor(private readonly sessions: CqlSessions) {}

  async run(req: RunRequest, ctx: CallContext): Promise<RunOutput> {
    const first = await this.sessions.get(req.connectionId, req.sessionId);
    const statements = planStatements(req.text, first.handle.profile.readOnly);
    if ((req.params || req.pageState) && statements.length !== 1)
      throw new StackdeckError(
        'INVALID_INPUT',
        'Bound parameters and next pages work on one statement at a time; select a single statement.',
        { where: 'text' },
      );
    const results: StatementResult[] = [];
    for (const s of statements) {
      if (ctx.signal.aborted) break;
      try {
        results.push(await this.runOne(req, s, ctx));
      } catch (err) {
        const e = isStackdeckError(err) ? err : cassandraError(err, 'Running CQL');
        if (e.code === 'CANCELLED') throw e;
        return {
          results,
          keyspace: this.sessions.keyspaceOf(req.connectionId, req.sessionId) ?? null,
          error: { statement: s.text, from: s.from, code: e.code, message: e.message },
        };
      }
    }
    return { results, keyspace: this.sessions.keyspaceOf(req.connectionId, req.sessionId) ?? null, error: null };
  }

  private async runOne(req: RunRequest, s: Statement, ctx: CallContext): Promise<StatementResult> {
    const { client, handle } = await this.sessions.get(req.connectionId, req.sessionId);
    const consistency = consistencyFor(s, req.options);
    const started = performance.now();
    const base = {
      statement: s.text,
      from: s.from,
      kind: s.kind,
      consistency,
      serialConsistency: req.options.serialConsistency,
    };
    if (s.kind === 'use') {
      const ks = await useKeyspace(client, s, ctx);
      this.sessions.setKeyspace(req.connectionId, req.sessionId, ks, handle.client);
      return {
        ...base,
        keyspace: ks,
        columns: [],
        rows: [],
        pageState: null,
        warnings: [],
        trace: null,
        coordinator: null,
        tookMs: performance.now() - started,
        message: `Now using keyspace ${ks} in this editor.`,
        applied: null,
      };
    }
    const rs = await this.execute(client, s.text, req, consistency, ctx);
    const columns = resultColumns(rs);
    const rows = resultRows(rs);
    const tookMs = performance.now() - started;
    const traceId = rs.info.traceId ? String(rs.info.traceId) : null;
    const trace = traceId ? await readTrace(client, traceId, ctx).catch(() => null) : null;
    const appliedIdx = columns.findIndex((c) => c.name === '[applied]');
    const applied =
      appliedIdx >= 0 && rows[0]?.[appliedIdx]?.t === 'bool' ? (rows[0][appliedIdx] as { v: boolean }).v : null;
    return {
      ...base,
      keyspace: client.keyspace ?? null,
      columns,
      rows,
      pageState: rs.pageState ?? null,
      warnings: rs.info.warnings ?? [],
      trace,
      coordinator: rs.info.queriedHost ?? null,
      tookMs,
      message: columns.length === 0 ? describeVoid(s, rs, consistency) : null,
      applied,
    };
  }

  async execute(
    client: Client,
    text: string,
    req: Pick<RunRequest, 'options' | 'params' | 'pageState'>,
    consistency: Consistency,
    ctx: CallContext,
  ): Promise<DriverTypes.ResultSet> {
    const params = req.params ? await bindParams(client, text, req.params) : undefined;
    const readTimeout = Math.max(100, Math.min(req.options.timeoutMs, ctx.deadline - Date.now()));
    const options = {
      prepare: params !== undefined,
      consistency: consistencyCode(consistency),
      ...(req.options.serialConsistency
        ? {
            serialConsistency:
              req.options.serialConsistency === 'SERIAL' ? types.consistencies.serial : types.consistencies.localSerial,
          }
        : {}),
      fetchSize: req.options.pageSize,
      readTimeout,
      traceQuery: req.options.trace,
      ...(req.pageState ? { pageState: req.pageState } : {}),
      // The driver retries idempotent statements on another node; a console runs what it was told once.
      isIdempotent: false,
    };
    try {
      return await abortable(client.execute(text, params ?? [], options), ctx.signal);
    } catch (err) {
      throw cassandraError(err, 'Running CQL');
    }
  }

  /** Pages through one SELECT up to maxRows, emitting rows as they arrive. */
  async fetchAll(
    req: RunRequest & { maxRows: number },
    ctx: CallContext & { emit(e: FetchAllEvent): void },
  ): Promise<void> {
    const { client, handle } = await this.sessions.get(req.connectionId, req.sessionId);
    const statements = planStatements(req.text, handle.profile.readOnly);
    const s = statements[0] as Statement;
    if (statements.length !== 1 || s.kind !== 'select')
      throw new StackdeckError('INVALID_INPUT', '"Fetch all" works on one SELECT statement.', { where: 'text' });
    const consistency = consistencyFor(s, req.options);
    let pageState: string | undefined;
    let total = 0;
    const warnings = new Set<string>();
    let sentColumns = false;
    for (;;) {
      if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'Fetching was cancelled.');
      const pageSize = Math.min(req.options.pageSize, req.maxRows - total);
      const rs = await this.execute(
        client,
        s.text,
        { options: { ...req.options, pageSize, trace: false }, params: req.params, pageState },
        consistency,
        ctx,
      );
      if (!sentColumns) {
        ctx.emit({ type: 'columns', columns: resultColumns(rs) });
        sentColumns = true;
      }
      for (const w of rs.info.warnings ?? []) warnings.add(w);
      const rows = resultRows(rs).slice(0, req.maxRows - total);
      total += rows.length;
      if (rows.length > 0) ctx.emit({ type: 'rows', rows, total });
      pageState = rs.pageState ?? undefined;
      if (!pageState || total >= req.maxRows) {
        ctx.emit({ type: 'done', total, truncated: pageState !== undefined, warnings: [...warnings] });
        return;
      }
    }
  }
}
