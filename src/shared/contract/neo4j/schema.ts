import { z } from 'zod';
import { method } from '../define';
import { DatabaseName } from './query';
import { Neo4jValue } from './values';

/**
 * `neo4j.schema.*`, `neo4j.system.*`, `neo4j.transactions.*`: what the editor
 * completes from (the live schema), the schema and system screens, and the
 * actions on them. Schema changes and terminate are writes: the router refuses
 * them on a read-only connection before anything reaches the server.
 */

const connectionId = z.string().min(1);
const int = z.number().int();
const target = { connectionId, database: DatabaseName.optional() };

export const ArgumentInfo = z.object({
  name: z.string(),
  description: z.string(),
  type: z.string(),
  isDeprecated: z.boolean(),
  default: z.string().optional(),
});

export const ProcedureInfo = z.object({
  name: z.string(),
  description: z.string(),
  mode: z.enum(['READ', 'DBMS', 'SCHEMA', 'WRITE', 'DEFAULT']),
  worksOnSystem: z.boolean(),
  signature: z.string(),
  admin: z.boolean(),
  isDeprecated: z.boolean(),
  deprecatedBy: z.string().optional(),
  argumentDescription: z.array(ArgumentInfo),
  returnDescription: z.array(ArgumentInfo),
});
export type ProcedureInfo = z.infer<typeof ProcedureInfo>;

export const FunctionInfo = z.object({
  name: z.string(),
  category: z.string(),
  description: z.string(),
  signature: z.string(),
  isBuiltIn: z.boolean(),
  aggregating: z.boolean(),
  isDeprecated: z.boolean(),
  deprecatedBy: z.string().optional(),
  argumentDescription: z.array(ArgumentInfo),
  returnDescription: z.string(),
});
export type FunctionInfo = z.infer<typeof FunctionInfo>;

/** What the Cypher language service needs from the server (its `DbSchema`, minus parameters, which the editor adds). */
export const CompletionSchema = z.object({
  labels: z.array(z.string()),
  relationshipTypes: z.array(z.string()),
  propertyKeys: z.array(z.string()),
  databaseNames: z.array(z.string()),
  aliasNames: z.array(z.string()),
  procedures: z.array(ProcedureInfo),
  functions: z.array(FunctionInfo),
  /** True when a list stopped at its bound (the editor says so). */
  truncated: z.boolean(),
});
export type CompletionSchema = z.infer<typeof CompletionSchema>;

export const IndexInfo = z.object({
  name: z.string(),
  type: z.string(),
  entityType: z.string().nullable(),
  labelsOrTypes: z.array(z.string()),
  properties: z.array(z.string()),
  state: z.string(),
  populationPercent: z.number().nullable(),
  owningConstraint: z.string().nullable(),
  createStatement: z.string().nullable(),
});
export type IndexInfo = z.infer<typeof IndexInfo>;

export const ConstraintInfo = z.object({
  name: z.string(),
  type: z.string(),
  entityType: z.string().nullable(),
  labelsOrTypes: z.array(z.string()),
  properties: z.array(z.string()),
  ownedIndex: z.string().nullable(),
  createStatement: z.string().nullable(),
});
export type ConstraintInfo = z.infer<typeof ConstraintInfo>;

export const SchemaOverview = z.object({
  labels: z.array(z.object({ name: z.string(), count: int })),
  relationshipTypes: z.array(z.object({ name: z.string(), count: int })),
  propertyKeys: z.array(z.string()),
  indexes: z.array(IndexInfo),
  constraints: z.array(ConstraintInfo),
  /** db.schema.visualization(): label and type nodes with the relationships between them. */
  graph: z.object({
    nodes: z.array(z.object({ id: z.string(), labels: z.array(z.string()) })),
    rels: z.array(z.object({ id: z.string(), type: z.string(), start: z.string(), end: z.string() })),
  }),
});
export type SchemaOverview = z.infer<typeof SchemaOverview>;

/** Names as Cypher accepts them inside backticks (they are always quoted when sent). */
const SchemaName = z.string().min(1).max(200);

export const IndexCreateInput = z.object({
  ...target,
  /** Empty: the server names it. */
  name: SchemaName.optional(),
  kind: z.enum(['RANGE', 'TEXT', 'POINT', 'FULLTEXT']),
  entity: z.enum(['node', 'relationship']),
  /** Labels or relationship types: one for RANGE/TEXT/POINT, one or more for FULLTEXT. */
  labelsOrTypes: z.array(SchemaName).min(1).max(20),
  properties: z.array(SchemaName).min(1).max(20),
});
export type IndexCreateInput = z.input<typeof IndexCreateInput>;

export const ConstraintCreateInput = z.object({
  ...target,
  name: SchemaName.optional(),
  kind: z.enum(['UNIQUE', 'KEY', 'NOT NULL']),
  entity: z.enum(['node', 'relationship']),
  labelOrType: SchemaName,
  properties: z.array(SchemaName).min(1).max(20),
});
export type ConstraintCreateInput = z.input<typeof ConstraintCreateInput>;

export const TransactionInfo = z.object({
  database: z.string(),
  transactionId: z.string(),
  currentQuery: z.string(),
  username: z.string(),
  clientAddress: z.string(),
  status: z.string(),
  elapsedMs: z.number().nullable(),
  metaData: z.array(z.tuple([z.string(), Neo4jValue])),
});
export type TransactionInfo = z.infer<typeof TransactionInfo>;

export const SettingInfo = z.object({
  name: z.string(),
  value: z.string(),
  isDynamic: z.boolean(),
  defaultValue: z.string().nullable(),
  description: z.string(),
  isExplicitlySet: z.boolean().nullable(),
});
export type SettingInfo = z.infer<typeof SettingInfo>;

export const neo4jSchema = {
  'neo4j.schema.completion': method({
    input: z.object(target),
    output: CompletionSchema,
    summary:
      'The live schema the Cypher editor completes and lints from: labels, relationship types, property keys, databases and aliases, procedures and functions with their signatures.',
    timeoutMs: 30_000,
  }),
  'neo4j.schema.overview': method({
    input: z.object(target),
    output: SchemaOverview,
    summary:
      'Labels and relationship types with counts, property keys, indexes (type, state, population %, properties), constraints, and db.schema.visualization().',
    timeoutMs: 60_000,
  }),
  'neo4j.schema.index.create': method({
    input: IndexCreateInput,
    output: z.object({ statement: z.string() }),
    summary:
      'CREATE <kind> INDEX [name] IF NOT EXISTS for one label or type; names are backtick-quoted, never spliced raw.',
    writes: true,
    timeoutMs: 60_000,
  }),
  'neo4j.schema.constraint.create': method({
    input: ConstraintCreateInput,
    output: z.object({ statement: z.string() }),
    summary: 'CREATE CONSTRAINT [name] IF NOT EXISTS ... REQUIRE ... IS UNIQUE | IS NODE KEY | IS NOT NULL.',
    writes: true,
    timeoutMs: 60_000,
  }),
  'neo4j.schema.drop': method({
    input: z.object({ ...target, kind: z.enum(['index', 'constraint']), name: SchemaName }),
    output: z.object({ statement: z.string() }),
    summary: 'DROP INDEX name / DROP CONSTRAINT name.',
    writes: true,
    timeoutMs: 60_000,
  }),
  'neo4j.system.info': method({
    input: z.object({ connectionId }),
    output: z.object({
      version: z.string().nullable(),
      edition: z.string().nullable(),
      agent: z.string().nullable(),
      /** SHOW SETTINGS: null when the user may not list them (the reason in `settingsError`). */
      settings: z.array(SettingInfo).nullable(),
      settingsError: z.string().nullable(),
    }),
    summary: 'Server version and edition (dbms.components) and SHOW SETTINGS where allowed.',
    timeoutMs: 30_000,
  }),
  'neo4j.transactions.list': method({
    input: z.object({ connectionId }),
    output: z.object({ transactions: z.array(TransactionInfo) }),
    summary: 'SHOW TRANSACTIONS on every database the user may see.',
    timeoutMs: 30_000,
  }),
  'neo4j.transactions.terminate': method({
    input: z.object({ connectionId, ids: z.array(z.string().min(1).max(200)).min(1).max(100) }),
    output: z.object({ terminated: z.array(z.object({ transactionId: z.string(), message: z.string() })) }),
    summary: 'TERMINATE TRANSACTIONS $ids (ids as a parameter).',
    writes: true,
    timeoutMs: 30_000,
  }),
} as const;
