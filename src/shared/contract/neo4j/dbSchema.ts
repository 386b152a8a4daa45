/**
 * Pure, shared by the editor worker and the tests. The live schema from core (`neo4j.schema.completion`) in the shape Neo4j's
 * language service reads (`DbSchema`), with the editor's parameters added.
 * Procedures and functions are registered for both Cypher versions the
 * service knows, since Neo4j 5 serves one list for both.
 */
import type { DbSchema, Neo4jFunction, Neo4jProcedure } from '@neo4j-cypher/language-support';
import type { CompletionSchema } from './schema';

const VERSIONS = ['CYPHER 5', 'CYPHER 25'] as const;

export function toDbSchema(s: CompletionSchema, parameters: Record<string, unknown> = {}): DbSchema {
  const procedures: Record<string, Neo4jProcedure> = {};
  for (const p of s.procedures)
    procedures[p.name] = {
      name: p.name,
      description: p.description,
      mode: p.mode,
      worksOnSystem: p.worksOnSystem,
      signature: p.signature,
      admin: p.admin,
      option: { deprecated: p.isDeprecated },
      argumentDescription: p.argumentDescription,
      returnDescription: p.returnDescription,
      ...(p.deprecatedBy ? { deprecatedBy: p.deprecatedBy } : {}),
    };
  const functions: Record<string, Neo4jFunction> = {};
  for (const f of s.functions)
    functions[f.name] = {
      name: f.name,
      category: f.category,
      description: f.description,
      isBuiltIn: f.isBuiltIn,
      argumentDescription: f.argumentDescription,
      returnDescription: f.returnDescription,
      signature: f.signature,
      aggregating: f.aggregating,
      isDeprecated: f.isDeprecated,
      ...(f.deprecatedBy ? { deprecatedBy: f.deprecatedBy } : {}),
    };
  return {
    labels: s.labels,
    relationshipTypes: s.relationshipTypes,
    propertyKeys: s.propertyKeys,
    databaseNames: s.databaseNames,
    aliasNames: s.aliasNames,
    parameters,
    procedures: Object.fromEntries(VERSIONS.map((v) => [v, procedures])),
    functions: Object.fromEntries(VERSIONS.map((v) => [v, functions])),
    defaultLanguage: 'CYPHER 5',
  };
}
