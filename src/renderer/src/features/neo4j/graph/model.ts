/**
 * The picture of a result: the nodes and relationships found in its records
 * (bare, in lists, in maps, in paths), deduplicated by elementId, with caps so a
 * large result never becomes a graph the page cannot draw. Pure: no DOM, no
 * sigma; the view keeps one `GraphData` and adds to it (more results, expanded
 * neighbours), and everything it left out is counted so the UI can say so.
 */
import type { GraphNode, GraphRel, Neo4jValue } from '../../../../../shared/contract/neo4j/values';

/** Nodes drawn at first, as in Neo4j Browser. */
export const GRAPH_INITIAL_NODES = 300;
/** Default for the user's limit ("show more" goes up to it). */
export const GRAPH_DEFAULT_LIMIT = 1_000;
/** Hard cap, whatever the user sets: beyond it the layout no longer keeps 30 fps here. */
export const GRAPH_HARD_CAP = 5_000;
/** Relationships fetched per expansion of one node (Browser #2013 freezes on dense nodes). */
export const EXPAND_DEFAULT_LIMIT = 100;
export const EXPAND_MAX_LIMIT = 1_000;

export interface GraphData {
  nodes: Map<string, GraphNode>;
  rels: Map<string, GraphRel>;
}

export interface Collected {
  /** All distinct nodes and relationships in the records, in the order first seen. */
  nodes: GraphNode[];
  rels: GraphRel[];
}

export const emptyGraph = (): GraphData => ({ nodes: new Map(), rels: new Map() });

/** Walks values for graph entities. Depth is bounded (values are trees from the server, but be safe). */
function walk(v: Neo4jValue, seenN: Map<string, GraphNode>, seenR: Map<string, GraphRel>, depth: number): void {
  if (depth > 32) return;
  switch (v.t) {
    case 'node':
      if (!seenN.has(v.id)) seenN.set(v.id, v);
      return;
    case 'rel':
      if (!seenR.has(v.id)) seenR.set(v.id, v);
      return;
    case 'path':
      for (const n of v.nodes) if (!seenN.has(n.id)) seenN.set(n.id, n);
      for (const r of v.rels) if (!seenR.has(r.id)) seenR.set(r.id, r);
      return;
    case 'array':
      for (const x of v.v) walk(x, seenN, seenR, depth + 1);
      return;
    case 'object':
      for (const [, x] of v.v) walk(x, seenN, seenR, depth + 1);
      return;
    default:
      return;
  }
}

export function collectGraph(rows: readonly (readonly Neo4jValue[])[]): Collected {
  const nodes = new Map<string, GraphNode>();
  const rels = new Map<string, GraphRel>();
  for (const row of rows) for (const v of row) walk(v, nodes, rels, 0);
  return { nodes: [...nodes.values()], rels: [...rels.values()] };
}

export const hasGraph = (c: Collected): boolean => c.nodes.length > 0;

export interface MergeResult {
  addedNodes: number;
  addedRels: number;
  /** Nodes not drawn because the picture reached `maxNodes`. */
  leftOutNodes: number;
  /** Relationships not drawn: an end node is not in the picture. */
  leftOutRels: number;
}

/**
 * Adds entities to the picture up to `maxNodes` nodes in total. A relationship
 * is drawn only when both its nodes are; the others are counted as left out.
 */
export function mergeInto(
  g: GraphData,
  add: Collected,
  maxNodes: number,
  hidden: ReadonlySet<string> = new Set(),
): MergeResult {
  const cap = Math.min(Math.max(0, maxNodes), GRAPH_HARD_CAP);
  let addedNodes = 0;
  let leftOutNodes = 0;
  for (const n of add.nodes) {
    if (hidden.has(n.id)) continue;
    if (g.nodes.has(n.id)) {
      g.nodes.set(n.id, n); // a later result may carry newer properties
      continue;
    }
    if (g.nodes.size >= cap) {
      leftOutNodes++;
      continue;
    }
    g.nodes.set(n.id, n);
    addedNodes++;
  }
  let addedRels = 0;
  let leftOutRels = 0;
  for (const r of add.rels) {
    if (g.rels.has(r.id)) continue;
    if (!g.nodes.has(r.start) || !g.nodes.has(r.end)) {
      leftOutRels++;
      continue;
    }
    g.rels.set(r.id, r);
    addedRels++;
  }
  return { addedNodes, addedRels, leftOutNodes, leftOutRels };
}

/** Removes a node and its relationships from the picture. */
export function removeNode(g: GraphData, id: string): void {
  g.nodes.delete(id);
  for (const [rid, r] of g.rels) if (r.start === id || r.end === id) g.rels.delete(rid);
}

/** The subgraph as JSON: nodes and relationships with ids, labels, types and typed properties. */
export interface SubgraphJson {
  nodes: { id: string; labels: string[]; properties: Record<string, unknown> }[];
  relationships: {
    id: string;
    type: string;
    startNode: string;
    endNode: string;
    properties: Record<string, unknown>;
  }[];
}

/**
 * Property values in the JSON export: numbers that JSON can hold exactly stay
 * numbers; integers beyond 2^53 stay exact as strings; temporal values, points
 * and durations as Cypher prints them; bytes as base64.
 */
export function plainValue(v: Neo4jValue): unknown {
  switch (v.t) {
    case 'null':
      return null;
    case 'bool':
      return v.v;
    case 'int': {
      const n = Number(v.v);
      return Number.isSafeInteger(n) ? n : v.v;
    }
    case 'double': {
      const n = Number(v.v);
      return Number.isFinite(n) ? n : v.v;
    }
    case 'string':
    case 'binary':
    case 'other':
      return v.v;
    case 'array':
      return v.v.map(plainValue);
    case 'object':
      return Object.fromEntries(v.v.map(([k, x]) => [k, plainValue(x)]));
    case 'node':
      return { id: v.id, labels: v.labels, properties: propsObject(v.props) };
    case 'rel':
      return { id: v.id, type: v.type, startNode: v.start, endNode: v.end, properties: propsObject(v.props) };
    case 'path':
      return { nodes: v.nodes.map(plainValue), relationships: v.rels.map(plainValue) };
  }
}

function propsObject(props: [string, Neo4jValue][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of props) out[k] = plainValue(v);
  return out;
}

export function subgraphJson(g: GraphData): SubgraphJson {
  return {
    nodes: [...g.nodes.values()].map((n) => ({ id: n.id, labels: n.labels, properties: propsObject(n.props) })),
    relationships: [...g.rels.values()].map((r) => ({
      id: r.id,
      type: r.type,
      startNode: r.start,
      endNode: r.end,
      properties: propsObject(r.props),
    })),
  };
}

/** The expansion query: neighbours of one node, at most `limit` relationships, plus its degree for "N more". */
export const EXPAND_QUERY =
  'MATCH (n) WHERE elementId(n) = $id ' +
  'CALL (n) { MATCH (n)-[r]-(m) RETURN r, m LIMIT $limit } ' +
  'RETURN r, m, COUNT { (n)--() } AS degree';
