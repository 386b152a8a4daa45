/**
 * Runs one Cypher statement as an auto-commit transaction (so `CALL { } IN
 * TRANSACTIONS` works too) with typed Bolt parameters, a server-side timeout
 * and a run id in the transaction metadata. Records stream in batches with
 * the driver's pull-based backpressure; at `maxRecords` the rest is discarded
 * (the statement still completes, as in cypher-shell). A read-only profile
 * opens the session in READ access mode, so the server refuses any write.
 *
 * Cancel: rolling back waits for a running statement to finish, so on abort
 * the transaction is found by its run id in SHOW TRANSACTIONS and terminated
 * with TERMINATE TRANSACTIONS from a second session.
 */
import { randomUUID } from 'node:crypto';
import neo4j, { type Driver, type ResultSummary } from 'neo4j-driver';
import type { PlanOperator, QuerySummary, RunEvent } from '../../shared/contract/neo4j/query';
import type { Neo4jValue } from '../../shared/contract/neo4j/values';
import type { ParsedInputOf } from '../../shared/contract';
import { StackdeckError } from '../../shared/errors';
import type { StreamContext } from '../handler';
import { neo4jError } from './errors';
import { toParams, toValue } from './values';

const BATCH_ROWS = 200;
const BATCH_MS = 50;
const FETCH_SIZE = 500;
/** A batch is flushed early once its rows weigh about this much (JSON length estimate). */
const BATCH_CHARS = 1_000_000;

export interface RunTarget {
  driver: Driver;
  database: string | undefined;
  readOnly: boolean;
  serverVersion?: string | null;
}

type Num = number | { toNumber(): number };
const toNum = (n: unknown): number | null =>
  n === null || n === undefined
    ? null
    : typeof n === 'number'
      ? n
      : neo4j.isInt(n)
        ? (n as { toNumber(): number }).toNumber()
        : Number.isFinite(Number(n))
          ? Number(n)
          : null;

function argText(v: unknown): string {
  const value = toValue(v);
  switch (value.t) {
    case 'string':
    case 'int':
    case 'double':
    case 'other':
      return value.v;
    case 'bool':
      return String(value.v);
    case 'null':
      return 'null';
    default:
      return JSON.stringify(v);
  }
}

interface RawPlan {
  operatorType: string;
  identifiers: string[];
  arguments: Record<string, unknown>;
  children: RawPlan[];
  dbHits?: Num | null;
  rows?: Num | null;
  pageCacheHits?: Num | null;
  pageCacheMisses?: Num | null;
  time?: Num | null;
}

const SHOWN_ARGS = new Set([
  'Details',
  'EstimatedRows',
  'Memory',
  'PageCacheHits',
  'PageCacheMisses',
  'Rows',
  'DbHits',
  'Time',
]);

export function planOf(p: RawPlan, profiled: boolean): PlanOperator {
  const a = p.arguments ?? {};
  const operator = p.operatorType.replace(/@.*$/, '');
  return {
    operator,
    details: a.Details === undefined ? '' : argText(a.Details),
    identifiers: [...p.identifiers],
    estimatedRows: toNum(a.EstimatedRows),
    rows: profiled ? toNum(p.rows ?? a.Rows) : null,
    dbHits: profiled ? toNum(p.dbHits ?? a.DbHits) : null,
    memory: toNum(a.Memory),
    pageCacheHits: profiled ? toNum(p.pageCacheHits ?? a.PageCacheHits) : null,
    pageCacheMisses: profiled ? toNum(p.pageCacheMisses ?? a.PageCacheMisses) : null,
    // Bolt reports operator time in nanoseconds.
    timeMs: profiled ? (toNum(p.time ?? a.Time) ?? 0) / 1e6 || null : null,
    args: Object.entries(a)
      .filter(([k]) => !SHOWN_ARGS.has(k))
      .map(([k, v]) => [k, argText(v)]),
    children: p.children.map((c) => planOf(c, profiled)),
  };
}

function summaryOf(
  s: ResultSummary,
  extra: {
    recordCount: number;
    truncated: boolean;
    firstRecordMs: number | null;
    lastRecordMs: number;
    serverVersion: string | null;
  },
): QuerySummary {
  const stats = s.counters.updates() as Record<string, number>;
  const counters = Object.entries(stats)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => [k, n] as [string, number]);
  const profile = s.profile === false ? null : (s.profile as unknown as RawPlan);
  const plan = s.plan === false ? null : (s.plan as unknown as RawPlan);
  const qt = s.queryType as string;
  return {
    queryType: qt === 'r' || qt === 'w' || qt === 'rw' || qt === 's' ? qt : 'unknown',
    database: s.database.name ?? null,
    counters,
    containsUpdates: s.counters.containsUpdates(),
    systemUpdates: s.counters.systemUpdates(),
    notifications: s.notifications.map((n) => ({
      code: n.code,
      title: n.title,
      description: n.description,
      severity: n.rawSeverityLevel ?? n.severityLevel ?? 'UNKNOWN',
      category: n.rawCategory ?? n.category ?? null,
      position:
        n.position && 'line' in n.position && n.position.line !== undefined
          ? { line: n.position.line, column: n.position.column ?? 0, offset: n.position.offset ?? 0 }
          : null,
    })),
    plan: profile ? planOf(profile, true) : plan ? planOf(plan, false) : null,
    profiled: profile !== null,
    serverAvailableAfterMs: toNum(s.resultAvailableAfter),
    serverConsumedAfterMs: toNum(s.resultConsumedAfter),
    ...extra,
  };
}

/** Terminates the transaction tagged with `runId`, retrying briefly while it has not shown up yet. */
export async function terminateRun(driver: Driver, database: string | undefined, runId: string): Promise<boolean> {
  const session = driver.session({ ...(database ? { database } : {}), defaultAccessMode: neo4j.session.READ });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const found = await session.run(
        'SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.stackdeckRun = $runId RETURN transactionId',
        { runId },
      );
      const ids = found.records.map((r) => r.get('transactionId') as string);
      if (ids.length > 0) {
        await session.run('TERMINATE TRANSACTIONS $ids', { ids });
        return true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    await session.close().catch(() => undefined);
  }
}

type Input = ParsedInputOf<'neo4j.query.run'>;

export async function runQuery(target: RunTarget, input: Input, ctx: StreamContext<RunEvent>): Promise<void> {
  const params = toParams(input.params);
  const database = input.database ?? target.database;
  const accessMode = target.readOnly ? 'READ' : 'WRITE';
  const runId = randomUUID();
  const session = target.driver.session({
    ...(database ? { database } : {}),
    defaultAccessMode: target.readOnly ? neo4j.session.READ : neo4j.session.WRITE,
    fetchSize: FETCH_SIZE,
  });
  let terminating: Promise<boolean> | null = null;
  const onAbort = () => {
    terminating = terminateRun(target.driver, database, runId).catch(() => false);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  let firstRecordMs: number | null = null;
  let recordCount = 0;
  let truncated = false;
  try {
    const result = session.run(input.query, params, {
      timeout: input.timeoutMs,
      metadata: { stackdeckRun: runId, app: 'stackdeck' },
    });
    const keys = await result.keys();
    if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The query was cancelled.');
    ctx.emit({ type: 'keys', keys: [...keys], accessMode });
    let batch: Neo4jValue[][] = [];
    let batchChars = 0;
    let lastFlush = performance.now();
    const flush = () => {
      if (batch.length === 0) return;
      ctx.emit({ type: 'records', rows: batch });
      batch = [];
      batchChars = 0;
      lastFlush = performance.now();
    };
    for await (const record of result) {
      if (ctx.signal.aborted) break;
      if (recordCount >= input.maxRecords) {
        truncated = true;
        break;
      }
      firstRecordMs ??= performance.now() - started;
      const row = record.keys.map((k) => toValue(record.get(k)));
      recordCount++;
      batch.push(row);
      batchChars += estimate(row);
      if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS || performance.now() - lastFlush >= BATCH_MS) flush();
    }
    if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The query was cancelled.');
    flush();
    const summary = await result.summary();
    ctx.emit({
      type: 'summary',
      summary: summaryOf(summary, {
        recordCount,
        truncated,
        firstRecordMs,
        lastRecordMs: performance.now() - started,
        serverVersion: target.serverVersion ?? (summary.server.agent ? summary.server.agent.replace('/', ' ') : null),
      }),
    });
  } catch (err) {
    if (ctx.signal.aborted) {
      const killed = await (terminating ?? Promise.resolve(false));
      throw new StackdeckError(
        'CANCELLED',
        killed ? 'The query was cancelled and its transaction terminated on the server.' : 'The query was cancelled.',
      );
    }
    throw neo4jError(err, 'Running the query');
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    if (terminating) await terminating;
    await session.close().catch(() => undefined);
  }
}

function estimate(row: readonly Neo4jValue[]): number {
  let n = 0;
  for (const v of row) n += v.t === 'string' ? v.v.length + 16 : v.t === 'binary' ? v.v.length : 64;
  return n;
}
