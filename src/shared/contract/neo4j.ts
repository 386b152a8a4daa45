import { neo4jQuery } from './neo4j/query';
import { neo4jSchema } from './neo4j/schema';

/**
 * The Neo4j area of the contract, by concern: running Cypher (query,
 * databases), and the live schema, schema actions, system and transactions.
 * Method names are `neo4j.noun.verb`; every input carries `connectionId`.
 */
export const neo4j = {
  ...neo4jQuery,
  ...neo4jSchema,
} as const;
