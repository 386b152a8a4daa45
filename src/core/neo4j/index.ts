/**
 * The Neo4j area: Cypher runs, databases. Drivers come from the client
 * registry (one per connection); sessions are opened per call and closed when
 * it settles or is cancelled.
 */
import type { AreaEnv, CoreArea } from '../area';
import type { Handlers, MethodHandlers, StreamHandlers } from '../handler';
import { listDatabases } from './databases';
import { runQuery } from './run';

export function createNeo4jArea(env: AreaEnv): CoreArea {
  const { registry } = env;
  const methods: MethodHandlers<'neo4j.databases.list'> = {
    async 'neo4j.databases.list'({ connectionId }, ctx) {
      const { driver } = await registry.neo4j(connectionId);
      return listDatabases(driver, ctx.signal);
    },
  };
  const streams: StreamHandlers<'neo4j.query.run'> = {
    async 'neo4j.query.run'(input, ctx) {
      const { driver, database, profile } = await registry.neo4j(input.connectionId);
      await runQuery({ driver, database: database || undefined, readOnly: profile.readOnly }, input, ctx);
    },
  };
  const handlers: Partial<Handlers> = { ...methods, ...streams };
  return { name: 'neo4j', handlers };
}
