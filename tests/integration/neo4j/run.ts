/** Shared by the Neo4j integration tests: collect a `neo4j.query.run` stream's events. */
import type { InputOf } from '../../../src/shared/contract';
import type { QuerySummary, RunEvent } from '../../../src/shared/contract/neo4j/query';
import type { Neo4jValue } from '../../../src/shared/contract/neo4j/values';
import type { TestCore } from '../../support/core';

export interface Collected {
  keys: string[];
  rows: Neo4jValue[][];
  batches: number;
  summary: QuerySummary;
  accessMode: 'READ' | 'WRITE';
}

export async function runCypher(
  t: TestCore,
  input: InputOf<'neo4j.query.run'>,
  signal?: AbortSignal,
): Promise<Collected> {
  const events: RunEvent[] = [];
  await t.router.subscribe('neo4j.query.run', input, {
    emit: (e) => events.push(e),
    ...(signal ? { signal } : {}),
  });
  const keys = events.find((e) => e.type === 'keys');
  const summary = events.find((e) => e.type === 'summary');
  if (!keys || keys.type !== 'keys' || !summary || summary.type !== 'summary')
    throw new Error('stream ended without keys or summary');
  const batches = events.filter((e) => e.type === 'records');
  return {
    keys: keys.keys,
    accessMode: keys.accessMode,
    rows: batches.flatMap((e) => (e.type === 'records' ? e.rows : [])),
    batches: batches.length,
    summary: summary.summary,
  };
}

/** Catches the StackdeckError a call rejects with. */
export async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; detail?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string; detail?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}
