/**
 * The Neo4j area: Cypher runs, databases, the live schema, schema actions,
 * system information and transactions. Drivers come from the client registry
 * (one per connection); sessions are opened per call and closed when it
 * settles or is cancelled.
 */
import type { AreaEnv, CoreArea } from '../area';
import type { Handlers, MethodHandlers, StreamHandlers } from '../handler';
import {
  constraintStatement,
  dropStatement,
  indexStatement,
  listTransactions,
  runSchemaCommand,
  systemInfo,
  terminateTransactions,
} from './admin';
import { listDatabases } from './databases';
import { exportQuery } from './export';
import { runQuery } from './run';
import { completionSchema, schemaOverview } from './schema';

type Methods =
  | 'neo4j.databases.list'
  | 'neo4j.schema.completion'
  | 'neo4j.schema.overview'
  | 'neo4j.schema.index.create'
  | 'neo4j.schema.constraint.create'
  | 'neo4j.schema.drop'
  | 'neo4j.system.info'
  | 'neo4j.transactions.list'
  | 'neo4j.transactions.terminate';

export function createNeo4jArea(env: AreaEnv): CoreArea {
  const { registry } = env;
  const target = async (connectionId: string, database: string | undefined) => {
    const { driver, database: profileDb } = await registry.neo4j(connectionId);
    return { driver, database: database ?? (profileDb || undefined) };
  };
  const methods: MethodHandlers<Methods> = {
    async 'neo4j.databases.list'({ connectionId }, ctx) {
      const { driver } = await registry.neo4j(connectionId);
      return listDatabases(driver, ctx.signal);
    },
    async 'neo4j.schema.completion'({ connectionId, database }, ctx) {
      const t = await target(connectionId, database);
      return completionSchema(t.driver, t.database, ctx.signal);
    },
    async 'neo4j.schema.overview'({ connectionId, database }, ctx) {
      const t = await target(connectionId, database);
      return schemaOverview(t.driver, t.database, ctx.signal);
    },
    async 'neo4j.schema.index.create'(input, ctx) {
      const statement = indexStatement(input);
      const t = await target(input.connectionId, input.database);
      return runSchemaCommand(t.driver, t.database, statement, ctx.signal);
    },
    async 'neo4j.schema.constraint.create'(input, ctx) {
      const statement = constraintStatement(input);
      const t = await target(input.connectionId, input.database);
      return runSchemaCommand(t.driver, t.database, statement, ctx.signal);
    },
    async 'neo4j.schema.drop'(input, ctx) {
      const t = await target(input.connectionId, input.database);
      return runSchemaCommand(t.driver, t.database, dropStatement(input.kind, input.name), ctx.signal);
    },
    async 'neo4j.system.info'({ connectionId }, ctx) {
      const { driver } = await registry.neo4j(connectionId);
      return systemInfo(driver, ctx.signal);
    },
    async 'neo4j.transactions.list'({ connectionId }, ctx) {
      const { driver } = await registry.neo4j(connectionId);
      return listTransactions(driver, ctx.signal);
    },
    async 'neo4j.transactions.terminate'({ connectionId, ids }, ctx) {
      const { driver } = await registry.neo4j(connectionId);
      return terminateTransactions(driver, ids, ctx.signal);
    },
  };
  const streams: StreamHandlers<'neo4j.query.run' | 'neo4j.query.export'> = {
    async 'neo4j.query.export'(input, ctx) {
      const { driver, database } = await registry.neo4j(input.connectionId);
      await exportQuery({ driver, database: database || undefined, userDataDir: env.userDataDir }, input, ctx);
    },
    async 'neo4j.query.run'(input, ctx) {
      const { driver, database, profile } = await registry.neo4j(input.connectionId);
      await runQuery({ driver, database: database || undefined, readOnly: profile.readOnly }, input, ctx);
    },
  };
  const handlers: Partial<Handlers> = { ...methods, ...streams };
  return { name: 'neo4j', handlers };
}
