/**
 * `mongo.explain`: the server's explain output turned into one plan tree the
 * UI can draw, whatever the server. MongoDB answers with `queryPlanner`
 * (winning and rejected plans) and `executionStats` (the executed tree with
 * counts and times; for aggregate, under the first stage's `$cursor`).
 * FerretDB 1.x answers with its SQL backend's plan lines (`id=2 parent=0
 * detail=SCAN ...`). Compass's plan helpers are SSPL, so this is our own.
 */
import { BSON, type Document } from 'mongodb';
import type { ExplainResult, PlanNode } from '../../shared/contract/mongo/aggregate';
import type { MethodHandlers } from '../handler';
import { guardPipelineWrites } from './aggregate';
import type { MongoConnections } from './conn';
import { mongoCall, timeLeft } from './errors';
import { parsePipeline, unsupportedStage } from './pipeline';
import { parseQuery } from './query';
import { StackdeckError } from '../../shared/errors';

const RAW_MAX = 200_000;
const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'object' && v !== null && '_bsontype' in v) {
    const n = Number(String(v));
    return Number.isFinite(n) ? n : null;
  }
  return null;
};
const isDoc = (v: unknown): v is Document => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A MongoDB plan stage (queryPlanner or executionStats shape) to a PlanNode. */
export function mongoPlanNode(stage: Document, depth = 0): PlanNode {
  const inner = isDoc(stage.queryPlan) ? stage.queryPlan : stage; // SBE plans nest the classic tree here
  const children: Document[] = [];
  if (depth < 50) {
    if (isDoc(inner.inputStage)) children.push(inner.inputStage);
    if (Array.isArray(inner.inputStages)) children.push(...inner.inputStages.filter(isDoc));
    if (isDoc(inner.outerStage)) children.push(inner.outerStage);
    if (isDoc(inner.innerStage)) children.push(inner.innerStage);
  }
  const details: string[] = [];
  if (isDoc(inner.keyPattern)) details.push(`keys ${BSON.EJSON.stringify(inner.keyPattern)}`);
  if (typeof inner.direction === 'string') details.push(`direction ${inner.direction}`);
  if (isDoc(inner.filter)) details.push(`filter ${BSON.EJSON.stringify(inner.filter).slice(0, 300)}`);
  if (isDoc(inner.indexBounds)) details.push(`bounds ${BSON.EJSON.stringify(inner.indexBounds).slice(0, 300)}`);
  return {
    stage: typeof inner.stage === 'string' ? inner.stage : 'UNKNOWN',
    details,
    indexName: typeof inner.indexName === 'string' ? inner.indexName : null,
    keysExamined: num(inner.keysExamined),
    docsExamined: num(inner.docsExamined),
    nReturned: num(inner.nReturned),
    timeMs: num(inner.executionTimeMillisEstimate),
    children: children.map((c) => mongoPlanNode(c, depth + 1)),
  };
}

/** FerretDB's SQL plan lines (`id=3 parent=0 notused=0 detail=SEARCH t USING INDEX i (a>?)`) as a tree. */
export function sqlPlanNodes(lines: readonly string[]): PlanNode | null {
  const nodes = new Map<number, { parent: number; node: PlanNode }>();
  for (const line of lines) {
    const m = /^id=(\d+) parent=(\d+) notused=\d+ detail=(.*)$/.exec(line);
    const detail = m ? (m[3] ?? '') : line;
    const index = /USING (?:COVERING )?INDEX (\S+)/.exec(detail)?.[1] ?? null;
    nodes.set(m ? Number(m[1]) : nodes.size + 1000, {
      parent: m ? Number(m[2]) : 0,
      node: {
        stage: detail.split(' ')[0] ?? detail,
        details: [detail],
        indexName: index,
        keysExamined: null,
        docsExamined: null,
        nReturned: null,
        timeMs: null,
        children: [],
      },
    });
  }
  const roots: PlanNode[] = [];
  for (const { parent, node } of nodes.values()) {
    const p = nodes.get(parent);
    if (p) p.node.children.push(node);
    else roots.push(node);
  }
  if (roots.length === 0) return null;
  if (roots.length === 1) return roots[0] ?? null;
  return {
    stage: 'PLAN',
    details: [],
    indexName: null,
    keysExamined: null,
    docsExamined: null,
    nReturned: null,
    timeMs: null,
    children: roots,
  };
}

function walk(node: PlanNode | null, visit: (n: PlanNode) => void): void {
  if (!node) return;
  visit(node);
  for (const c of node.children) walk(c, visit);
}

/** The explain output of a find or an aggregate, whatever the server, to ExplainResult. */
export function describeExplain(raw: Document): ExplainResult {
  const notes: string[] = [];
  // Aggregate on MongoDB: the query part is the first stage's $cursor (or top-level when fully pushed down).
  const stages = Array.isArray(raw.stages) ? raw.stages.filter(isDoc) : [];
  const cursor = stages.length > 0 && isDoc(stages[0]?.$cursor) ? (stages[0]?.$cursor as Document) : raw;
  const planner = isDoc(cursor.queryPlanner) ? cursor.queryPlanner : null;
  const exec = isDoc(cursor.executionStats) ? cursor.executionStats : null;
  let plan: PlanNode | null = null;
  let rejected: PlanNode[] = [];
  if (planner && Array.isArray(planner.Plan)) {
    plan = sqlPlanNodes(planner.Plan.filter((l): l is string => typeof l === 'string'));
    const pushed = (['filterPushdown', 'sortPushdown', 'limitPushdown'] as const).map(
      (k) =>
        `${k.replace('Pushdown', '')} ${raw[k] === true ? 'pushed down to the SQL backend' : 'applied by FerretDB after reading'}`,
    );
    notes.push(`FerretDB plan from its SQL backend: ${pushed.join('; ')}.`);
    notes.push('This server reports no key or document counts per stage.');
  } else if (planner) {
    const winning = isDoc(exec?.executionStages)
      ? exec.executionStages
      : isDoc(planner.winningPlan)
        ? planner.winningPlan
        : null;
    plan = winning ? mongoPlanNode(winning) : null;
    rejected = Array.isArray(planner.rejectedPlans)
      ? planner.rejectedPlans.filter(isDoc).map((p) => mongoPlanNode(p))
      : [];
  }
  if (stages.length > 1)
    notes.push(
      `Later pipeline stages: ${stages
        .slice(1)
        .map((s) => Object.keys(s)[0])
        .join(', ')}.`,
    );
  const indexes = new Set<string>();
  let collectionScan = false;
  walk(plan, (n) => {
    if (n.indexName) indexes.add(n.indexName);
    if (n.stage === 'COLLSCAN' || (n.stage === 'SCAN' && !n.indexName)) collectionScan = true;
  });
  const text = BSON.EJSON.stringify(raw, undefined, 2, { relaxed: true });
  return {
    plan,
    rejected,
    collectionScan,
    indexesUsed: [...indexes],
    totals: {
      nReturned: num(exec?.nReturned),
      keysExamined: num(exec?.totalKeysExamined),
      docsExamined: num(exec?.totalDocsExamined),
      timeMs: num(exec?.executionTimeMillis),
    },
    notes,
    raw: text.length > RAW_MAX ? `${text.slice(0, RAW_MAX)}\n… (cut at ${RAW_MAX} characters)` : text,
  };
}

export function explainHandlers(connections: MongoConnections): MethodHandlers<'mongo.query.explain'> {
  return {
    async 'mongo.query.explain'({ connectionId, db, collection, source }, ctx) {
      const parsedQuery = source.kind === 'find' ? parseQuery(source.query) : null;
      const parsedPipeline = source.kind === 'aggregate' ? parsePipeline(source.pipeline) : null;
      const conn = await connections.get(connectionId);
      const c = conn.client.db(db).collection(collection);
      const raw = await mongoCall('Explaining the query', ctx, async () => {
        if (parsedQuery) {
          const q = parsedQuery;
          const cursor = c.find(q.filter, {
            ...(q.project ? { projection: q.project } : {}),
            ...(q.sort ? { sort: q.sort } : {}),
            ...(q.hint ? { hint: q.hint } : {}),
            ...(q.collation ? { collation: q.collation } : {}),
            ...(q.skip > 0 ? { skip: q.skip } : {}),
            ...(q.limit > 0 ? { limit: q.limit } : {}),
            maxTimeMS: timeLeft(ctx, q.maxTimeMS),
            signal: ctx.signal,
          });
          return cursor.explain('executionStats');
        }
        const p = parsedPipeline ?? { operators: [], stages: [] };
        // explain with executionStats runs the pipeline: a writing pipeline is refused on read-only connections.
        guardPipelineWrites(conn.profile.readOnly === true, p.operators);
        const lacking = unsupportedStage(await conn.info(ctx), p.operators);
        if (lacking)
          throw new StackdeckError('SERVER_ERROR', `${lacking.message} Nothing was sent.`, { unsupported: true });
        return c
          .aggregate(p.stages, { maxTimeMS: timeLeft(ctx, 60_000), signal: ctx.signal })
          .explain('executionStats');
      });
      return describeExplain(raw);
    },
  };
}
