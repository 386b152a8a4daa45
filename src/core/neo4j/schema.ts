/**
 * The live schema: what the Cypher editor completes and lints from, and the
 * schema screen (counts, indexes, constraints, db.schema.visualization()).
 * Every list is bounded, so a database with a million labels (it happens
 * with generated labels) cannot produce an unbounded answer.
 */
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import type {
  CompletionSchema,
  ConstraintInfo,
  FunctionInfo,
  IndexInfo,
  ProcedureInfo,
  SchemaOverview,
} from '../../shared/contract/neo4j/schema';
import { neo4jError } from './errors';

const MAX_NAMES = 10_000;
const MAX_ROUTINES = 5_000;
const MAX_COUNTED = 500;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown): boolean => v === true;
const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : neo4j.isInt(v) ? (v as { toNumber(): number }).toNumber() : null;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);

/** Runs one read query in its own session, closed on abort and when done. */
export async function readRows(
  driver: Driver,
  database: string | undefined,
  query: string,
  params: Record<string, unknown>,
  signal: AbortSignal,
  timeoutMs = 25_000,
): Promise<Record<string, unknown>[]> {
  const session: Session = driver.session({
    ...(database ? { database } : {}),
    defaultAccessMode: neo4j.session.READ,
  });
  const close = () => void session.close().catch(() => undefined);
  signal.addEventListener('abort', close, { once: true });
  try {
    const res = await session.run(query, params, { timeout: timeoutMs });
    return res.records.map((r) => r.toObject() as Record<string, unknown>);
  } finally {
    signal.removeEventListener('abort', close);
    await session.close().catch(() => undefined);
  }
}

function args(v: unknown): ProcedureInfo['argumentDescription'] {
  if (!Array.isArray(v)) return [];
  return v.map((a: Record<string, unknown>) => ({
    name: str(a.name),
    description: str(a.description),
    type: str(a.type),
    isDeprecated: bool(a.isDeprecated),
    ...(typeof a.default === 'string' ? { default: a.default } : {}),
  }));
}

const MODES = new Set(['READ', 'DBMS', 'SCHEMA', 'WRITE', 'DEFAULT']);

function procedure(o: Record<string, unknown>): ProcedureInfo {
  const mode = str(o.mode);
  return {
    name: str(o.name),
    description: str(o.description),
    mode: (MODES.has(mode) ? mode : 'DEFAULT') as ProcedureInfo['mode'],
    worksOnSystem: bool(o.worksOnSystem),
    signature: str(o.signature),
    admin: bool(o.admin),
    isDeprecated: bool(o.isDeprecated),
    ...(typeof o.deprecatedBy === 'string' ? { deprecatedBy: o.deprecatedBy } : {}),
    argumentDescription: args(o.argumentDescription),
    returnDescription: args(o.returnDescription),
  };
}

function fn(o: Record<string, unknown>): FunctionInfo {
  return {
    name: str(o.name),
    category: str(o.category),
    description: str(o.description),
    signature: str(o.signature),
    isBuiltIn: bool(o.isBuiltIn),
    aggregating: bool(o.aggregating),
    isDeprecated: bool(o.isDeprecated),
    ...(typeof o.deprecatedBy === 'string' ? { deprecatedBy: o.deprecatedBy } : {}),
    argumentDescription: args(o.argumentDescription),
    returnDescription: str(o.returnDescription),
  };
}

export async function completionSchema(
  driver: Driver,
  database: string | undefined,
  signal: AbortSignal,
): Promise<CompletionSchema> {
  try {
    const names = (q: string, key: string) =>
      readRows(driver, database, `${q} LIMIT ${MAX_NAMES + 1}`, {}, signal).then((rows) =>
        rows.map((r) => str(r[key])),
      );
    const [labels, relationshipTypes, propertyKeys, procs, fns, dbs] = await Promise.all([
      names('CALL db.labels() YIELD label RETURN label', 'label'),
      names('CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType', 'relationshipType'),
      names('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey', 'propertyKey'),
      readRows(driver, database, `SHOW PROCEDURES YIELD * RETURN * LIMIT ${MAX_ROUTINES + 1}`, {}, signal),
      readRows(driver, database, `SHOW FUNCTIONS YIELD * RETURN * LIMIT ${MAX_ROUTINES + 1}`, {}, signal),
      readRows(driver, 'system', 'SHOW DATABASES YIELD name, aliases RETURN name, aliases', {}, signal).catch(
        () => [] as Record<string, unknown>[],
      ),
    ]);
    const truncated =
      labels.length > MAX_NAMES ||
      relationshipTypes.length > MAX_NAMES ||
      propertyKeys.length > MAX_NAMES ||
      procs.length > MAX_ROUTINES ||
      fns.length > MAX_ROUTINES;
    return {
      labels: labels.slice(0, MAX_NAMES),
      relationshipTypes: relationshipTypes.slice(0, MAX_NAMES),
      propertyKeys: propertyKeys.slice(0, MAX_NAMES),
      databaseNames: [...new Set(dbs.map((d) => str(d.name)))],
      aliasNames: [...new Set(dbs.flatMap((d) => strings(d.aliases)))],
      procedures: procs.slice(0, MAX_ROUTINES).map(procedure),
      functions: fns.slice(0, MAX_ROUTINES).map(fn),
      truncated,
    };
  } catch (err) {
    throw neo4jError(err, 'Reading the schema');
  }
}

function index(o: Record<string, unknown>): IndexInfo {
  return {
    name: str(o.name),
    type: str(o.type),
    entityType: strOrNull(o.entityType),
    labelsOrTypes: strings(o.labelsOrTypes),
    properties: strings(o.properties),
    state: str(o.state),
    populationPercent: num(o.populationPercent),
    owningConstraint: strOrNull(o.owningConstraint),
    createStatement: strOrNull(o.createStatement),
  };
}

function constraint(o: Record<string, unknown>): ConstraintInfo {
  return {
    name: str(o.name),
    type: str(o.type),
    entityType: strOrNull(o.entityType),
    labelsOrTypes: strings(o.labelsOrTypes),
    properties: strings(o.properties),
    ownedIndex: strOrNull(o.ownedIndex),
    createStatement: strOrNull(o.createStatement),
  };
}

const quoteName = (s: string): string => `\`${s.replace(/`/g, '``')}\``;

export async function schemaOverview(
  driver: Driver,
  database: string | undefined,
  signal: AbortSignal,
): Promise<SchemaOverview> {
  try {
    const [labels, types, keys, indexes, constraints, viz] = await Promise.all([
      readRows(driver, database, `CALL db.labels() YIELD label RETURN label LIMIT ${MAX_COUNTED}`, {}, signal),
      readRows(
        driver,
        database,
        `CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType LIMIT ${MAX_COUNTED}`,
        {},
        signal,
      ),
      readRows(
        driver,
        database,
        `CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey LIMIT ${MAX_NAMES}`,
        {},
        signal,
      ),
      readRows(driver, database, 'SHOW INDEXES YIELD * RETURN * ORDER BY name LIMIT 5000', {}, signal),
      readRows(driver, database, 'SHOW CONSTRAINTS YIELD * RETURN * ORDER BY name LIMIT 5000', {}, signal),
      readRows(driver, database, 'CALL db.schema.visualization()', {}, signal, 55_000),
    ]);
    // Counts come from the count store (one query each, constant time), never from scanning.
    const count = async (pattern: string) => {
      const rows = await readRows(driver, database, `MATCH ${pattern} RETURN count(*) AS c`, {}, signal);
      return num(rows[0]?.c) ?? 0;
    };
    const labelCounts = await Promise.all(
      labels.map(async (r) => ({ name: str(r.label), count: await count(`(:${quoteName(str(r.label))})`) })),
    );
    const typeCounts = await Promise.all(
      types.map(async (r) => ({
        name: str(r.relationshipType),
        count: await count(`()-[:${quoteName(str(r.relationshipType))}]->()`),
      })),
    );
    const v = viz[0] ?? {};
    const vNodes = Array.isArray(v.nodes) ? (v.nodes as { elementId?: unknown; labels?: unknown }[]) : [];
    const vRels = Array.isArray(v.relationships)
      ? (v.relationships as {
          elementId?: unknown;
          type?: unknown;
          startNodeElementId?: unknown;
          endNodeElementId?: unknown;
        }[])
      : [];
    return {
      labels: labelCounts,
      relationshipTypes: typeCounts,
      propertyKeys: keys.map((r) => str(r.propertyKey)),
      indexes: indexes.map(index),
      constraints: constraints.map(constraint),
      graph: {
        nodes: vNodes.map((n) => ({ id: str(n.elementId), labels: strings(n.labels) })),
        rels: vRels.map((r) => ({
          id: str(r.elementId),
          type: str(r.type),
          start: str(r.startNodeElementId),
          end: str(r.endNodeElementId),
        })),
      },
    };
  } catch (err) {
    throw neo4jError(err, 'Reading the schema');
  }
}
