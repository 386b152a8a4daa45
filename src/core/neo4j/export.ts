/**
 * `neo4j.query.export`: runs a query again, in a READ transaction whatever the
 * connection (an export must never write twice: a writing query is refused by
 * the server, with a message saying so), and streams its records through the
 * generic exporter to CSV, JSON Lines or a JSON array. Integers stay exact
 * (bigint beyond 2^53), graph entities become objects with their ids, labels
 * or type and properties, temporal values and points as Cypher prints them.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { ParsedInputOf } from '../../shared/contract';
import type { ExportEvent } from '../../shared/contract/exports';
import type { Neo4jValue } from '../../shared/contract/neo4j/values';
import { StackdeckError } from '../../shared/errors';
import { exportRows } from '../export';
import type { StreamContext } from '../handler';
import { neo4jError } from './errors';
import { toParams, toValue } from './values';

export function exportCell(v: Neo4jValue): unknown {
  switch (v.t) {
    case 'null':
      return null;
    case 'bool':
      return v.v;
    case 'int':
      return BigInt(v.v);
    case 'double': {
      const n = Number(v.v);
      return Number.isFinite(n) ? n : v.v;
    }
    case 'string':
    case 'binary':
    case 'other':
      return v.v;
    case 'array':
      return v.v.map(exportCell);
    case 'object':
      return Object.fromEntries(v.v.map(([k, x]) => [k, exportCell(x)]));
    case 'node':
      return {
        elementId: v.id,
        labels: v.labels,
        properties: Object.fromEntries(v.props.map(([k, x]) => [k, exportCell(x)])),
      };
    case 'rel':
      return {
        elementId: v.id,
        type: v.type,
        startNodeElementId: v.start,
        endNodeElementId: v.end,
        properties: Object.fromEntries(v.props.map(([k, x]) => [k, exportCell(x)])),
      };
    case 'path':
      return { nodes: v.nodes.map(exportCell), relationships: v.rels.map(exportCell) };
  }
}

export async function exportQuery(
  target: { driver: Driver; database: string | undefined; userDataDir: string },
  input: ParsedInputOf<'neo4j.query.export'>,
  ctx: StreamContext<ExportEvent>,
): Promise<void> {
  const database = input.database ?? target.database;
  const session = target.driver.session({
    ...(database ? { database } : {}),
    defaultAccessMode: neo4j.session.READ,
    fetchSize: 1_000,
  });
  const close = () => void session.close().catch(() => undefined);
  ctx.signal.addEventListener('abort', close, { once: true });
  try {
    const result = session.run(input.query, toParams(input.params), {
      timeout: input.timeoutMs,
      metadata: { app: 'stackdeck-export' },
    });
    const keys = await result.keys();
    // Cypher column names are unique within one RETURN, so they serve as keys (JSON) and titles (CSV).
    const columns = keys.map((k) => ({ key: k }));
    async function* rows(): AsyncGenerator<unknown[]> {
      for await (const record of result) yield record.keys.map((k) => exportCell(toValue(record.get(k))));
    }
    const done = await exportRows({
      userDataDir: target.userDataDir,
      baseName: 'cypher',
      format: input.format,
      columns,
      rows: rows(),
      signal: ctx.signal,
      limit: input.limit,
      csvFormulaGuard: input.csvFormulaGuard,
      onProgress: (p) => ctx.emit({ type: 'progress', ...p, total: null }),
    });
    ctx.emit({ type: 'done', ...done });
  } catch (err) {
    if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The export was cancelled.');
    const e = neo4jError(err, 'Exporting the records');
    if (e.code === 'READ_ONLY')
      throw new StackdeckError(
        'INVALID_INPUT',
        'An export runs the query again in a READ transaction, so a query that writes cannot be exported (it would write twice). Export a read-only query, for example MATCH ... RETURN of what was written.',
        e.detail,
      );
    throw e;
  } finally {
    ctx.signal.removeEventListener('abort', close);
    await session.close().catch(() => undefined);
  }
}
