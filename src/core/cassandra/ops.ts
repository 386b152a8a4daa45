import type { Client } from 'cassandra-driver';
import type { OpsTable, OpsView } from '../../shared/contract/cassandra';
import type { CallContext } from '../handler';
import { cassandraError } from './errors';
import { resultColumns, resultRows } from './cql/run';
import { meta } from './schema';

/**
 * Operations views without JMX: Cassandra 4+ exposes its internals as virtual
 * tables in `system_views`; `system.size_estimates` holds per-range estimates.
 * A view whose table the server lacks answers `available: false` and says so.
 */

const SOURCES: Record<OpsView, { keyspace: string; table: string; virtual: boolean; since: string }> = {
  clients: { keyspace: 'system_views', table: 'clients', virtual: true, since: '4.0' },
  settings: { keyspace: 'system_views', table: 'settings', virtual: true, since: '4.0' },
  thread_pools: { keyspace: 'system_views', table: 'thread_pools', virtual: true, since: '4.0' },
  sstable_tasks: { keyspace: 'system_views', table: 'sstable_tasks', virtual: true, since: '4.0' },
  caches: { keyspace: 'system_views', table: 'caches', virtual: true, since: '4.0' },
  disk_usage: { keyspace: 'system_views', table: 'disk_usage', virtual: true, since: '4.1' },
  size_estimates: { keyspace: 'system', table: 'size_estimates', virtual: false, since: '2.1' },
};

const MAX_ROWS = 5_000;

export async function readOps(client: Client, view: OpsView, ctx: CallContext): Promise<OpsTable> {
  const src = SOURCES[view];
  const source = `${src.keyspace}.${src.table}`;
  const schemaTable = src.virtual ? 'system_virtual_schema.tables' : 'system_schema.tables';
  const exists = await meta(
    client,
    `SELECT table_name FROM ${schemaTable} WHERE keyspace_name = ? AND table_name = ?`,
    [src.keyspace, src.table],
    ctx,
    'Reading an operations view',
  ).catch(() => []);
  const readAt = new Date().toISOString();
  if (exists.length === 0)
    return {
      view,
      source,
      available: false,
      message: `This server has no ${source} (it exists from Cassandra ${src.since}); this view is not available here.`,
      columns: [],
      rows: [],
      truncated: false,
      readAt,
    };
  try {
    const rs = await client.execute(`SELECT * FROM ${source}`, [], {
      fetchSize: MAX_ROWS + 1,
      readTimeout: Math.max(1_000, Math.min(30_000, ctx.deadline - Date.now())),
    });
    const rows = resultRows(rs);
    return {
      view,
      source,
      available: true,
      message: null,
      columns: resultColumns(rs),
      rows: rows.slice(0, MAX_ROWS),
      truncated: rows.length > MAX_ROWS || rs.pageState !== null,
      readAt,
    };
  } catch (err) {
    throw cassandraError(err, `Reading ${source}`);
  }
}
