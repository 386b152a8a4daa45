import type { Client } from 'cassandra-driver';
import type { AreaEnv, CoreArea } from '../area';
import type { CallContext, Handlers, MethodHandlers, StreamHandlers } from '../handler';
import { complete, diagnose, type SchemaSource } from './cql/complete';
import { splitStatements } from './cql/lexer';
import { CqlRunner, prepareParams } from './cql/run';
import { dumpKeyspace, listDumps, restoreKeyspace } from './dump';
import { exportQuery, exportTable } from './export';
import { importCsv } from './import';
import { readOps } from './ops';
import { describeCluster } from './cluster';
import { describeTable, keyspaceDdl, listKeyspaces, meta } from './schema';
import { CqlSessions } from './sessions';
import { cassandraError } from './errors';
import { StackdeckError } from '../../shared/errors';

type Methods =
  | 'cassandra.cluster.describe'
  | 'cassandra.keyspaces.list'
  | 'cassandra.keyspaces.ddl'
  | 'cassandra.tables.describe'
  | 'cassandra.cql.run'
  | 'cassandra.cql.analyze'
  | 'cassandra.cql.complete'
  | 'cassandra.cql.prepare'
  | 'cassandra.ops.read'
  | 'cassandra.dumps.list';

const SCHEMA_TTL_MS = 15_000;

/** Names for completion, cached briefly per connection (typing asks on every keystroke). */
class CompletionSchema {
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();

  source(connectionId: string, client: Client, ctx: CallContext): SchemaSource {
    const cached = <T>(key: string, load: () => Promise<T>): Promise<T> => {
      const k = `${connectionId}\u0000${key}`;
      const hit = this.cache.get(k);
      if (hit && Date.now() - hit.at < SCHEMA_TTL_MS) return hit.value as Promise<T>;
      const value = load();
      value.catch(() => this.cache.delete(k));
      this.cache.set(k, { at: Date.now(), value });
      if (this.cache.size > 2_000) this.cache.delete(this.cache.keys().next().value as string);
      return value;
    };
    const names = (cql: string, params: unknown[], col: string) => async () =>
      (await meta(client, cql, params, ctx, 'Completion')).map((r) => String(r.get(col))).sort();
    return {
      keyspaces: () => cached('ks', names('SELECT keyspace_name FROM system_schema.keyspaces', [], 'keyspace_name')),
      tables: (ks) =>
        cached(
          `t:${ks}`,
          names('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [ks], 'table_name'),
        ),
      columns: (ks, table) =>
        cached(`c:${ks}.${table}`, async () =>
          (
            await meta(
              client,
              'SELECT column_name, type, kind, position FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
              [ks, table],
              ctx,
              'Completion',
            )
          ).map((r) => ({
            name: String(r.get('column_name')),
            type: String(r.get('type')),
            kind: String(r.get('kind')),
          })),
        ),
    };
  }

  forget(connectionId: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${connectionId}\u0000`)) this.cache.delete(k);
  }
}

/**
 * The Cassandra area: schema and cluster reads over the registry's pooled
 * client, CQL editor sessions (their own keyspace after USE), completion,
 * and operations views from virtual tables.
 */
export function createCassandraArea(env: AreaEnv): CoreArea {
  const { registry } = env;
  const sessions = new CqlSessions(registry);
  const runner = new CqlRunner(sessions);
  const completion = new CompletionSchema();
  const offDispose = registry.onDispose((id) => completion.forget(id));
  const client = async (connectionId: string): Promise<Client> => {
    try {
      return (await registry.cassandra(connectionId)).client;
    } catch (err) {
      throw cassandraError(err, 'Connecting to Cassandra');
    }
  };

  const methods: MethodHandlers<Methods> = {
    'cassandra.cluster.describe': async ({ connectionId }, ctx) => describeCluster(await client(connectionId), ctx),
    'cassandra.keyspaces.list': async ({ connectionId, includeSystem }, ctx) => ({
      keyspaces: await listKeyspaces(await client(connectionId), includeSystem, ctx),
    }),
    'cassandra.keyspaces.ddl': async ({ connectionId, keyspace }, ctx) =>
      keyspaceDdl(await client(connectionId), keyspace, ctx),
    'cassandra.tables.describe': async ({ connectionId, keyspace, table }, ctx) =>
      describeTable(await client(connectionId), keyspace, table, ctx),
    'cassandra.cql.run': async (input, ctx) => runner.run(input, ctx),
    'cassandra.cql.analyze': async ({ text }) => ({
      statements: splitStatements(text).map((s) => ({
        from: s.from,
        to: s.to,
        kind: s.kind,
        error: s.problem,
      })),
      diagnostics: diagnose(text),
    }),
    'cassandra.cql.complete': async ({ connectionId, sessionId, text, pos }, ctx) => {
      const { client: c, keyspace } = await sessions.get(connectionId, sessionId);
      return complete(text, Math.min(pos, text.length), keyspace, completion.source(connectionId, c, ctx));
    },
    'cassandra.cql.prepare': async ({ connectionId, sessionId, text }, ctx) => {
      const statements = splitStatements(text);
      const s = statements[0];
      if (!s || statements.length !== 1)
        throw new StackdeckError('INVALID_INPUT', 'Select one statement to prepare.', { where: 'text' });
      const { client: c } = await sessions.get(connectionId, sessionId);
      if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'Preparing was cancelled.');
      try {
        return { params: await prepareParams(c, s.text), kind: s.kind };
      } catch (err) {
        throw cassandraError(err, 'Preparing the statement');
      }
    },
    'cassandra.ops.read': async ({ connectionId, view }, ctx) => readOps(await client(connectionId), view, ctx),
    'cassandra.dumps.list': async () => ({ dumps: await listDumps(env.userDataDir) }),
  };

  const streams: StreamHandlers<
    | 'cassandra.cql.fetchAll'
    | 'cassandra.tables.export'
    | 'cassandra.tables.import'
    | 'cassandra.cql.export'
    | 'cassandra.keyspaces.dump'
    | 'cassandra.keyspaces.restore'
  > = {
    'cassandra.keyspaces.dump': async ({ connectionId, keyspace }, ctx) =>
      dumpKeyspace(await client(connectionId), env.userDataDir, keyspace, ctx),
    'cassandra.keyspaces.restore': async ({ connectionId, ...input }, ctx) =>
      restoreKeyspace(await client(connectionId), env.userDataDir, input, ctx),
    'cassandra.tables.import': async ({ connectionId, ...input }, ctx) =>
      importCsv(await client(connectionId), input, ctx),
    'cassandra.cql.fetchAll': async (input, ctx) => runner.fetchAll(input, ctx),
    'cassandra.tables.export': async ({ connectionId, ...input }, ctx) => {
      const done = await exportTable(await client(connectionId), env.userDataDir, input, ctx);
      ctx.emit({ type: 'done', ...done });
    },
    'cassandra.cql.export': async (input, ctx) => {
      const done = await exportQuery(runner, sessions, env.userDataDir, input, ctx);
      ctx.emit({ type: 'done', ...done });
    },
  };

  const handlers: Partial<Handlers> = { ...methods, ...streams };
  return {
    name: 'cassandra',
    handlers,
    async dispose() {
      offDispose();
      await sessions.dispose();
    },
  };
}
