import { neo4jQuery } from './neo4j/query';

/**
 * The Neo4j area of the contract, by concern: running Cypher (query, databases).
 * Method names are `neo4j.noun.verb`; every input carries `connectionId`.
 */
export const neo4j = {
  ...neo4jQuery,
} as const;
