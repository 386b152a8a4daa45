/**
 * The picture of the workbench, which outlives one result: every entity seen
 * (`all`, so "show more" can add what was left out), what is drawn
 * (`shown`), hidden nodes, and whether a new run replaces the picture or adds
 * to it. Pure data; the view and the controller read and change it.
 */
import type { Neo4jValue } from '../../../../../shared/contract/neo4j/values';
import {
  GRAPH_DEFAULT_LIMIT,
  GRAPH_HARD_CAP,
  GRAPH_INITIAL_NODES,
  collectGraph,
  emptyGraph,
  mergeInto,
  type Collected,
  type GraphData,
  type MergeResult,
} from './model';

export interface GraphState {
  /** Run ids whose records are in the picture. */
  runs: Set<number>;
  /** Rows of the latest run already collected (records stream in). */
  consumed: number;
  all: GraphData;
  shown: GraphData;
  hidden: Set<string>;
  /** Nodes drawn at most now: starts at GRAPH_INITIAL_NODES, "show more" raises it up to `limit`. */
  cap: number;
  /** The user's limit (default 1,000; at most GRAPH_HARD_CAP). */
  limit: number;
  /** When true, a new run adds to the picture instead of replacing it. */
  accumulate: boolean;
  left: { nodes: number; rels: number };
}

export function newState(): GraphState {
  return {
    runs: new Set(),
    consumed: 0,
    all: emptyGraph(),
    shown: emptyGraph(),
    hidden: new Set(),
    cap: GRAPH_INITIAL_NODES,
    limit: GRAPH_DEFAULT_LIMIT,
    accumulate: false,
    left: { nodes: 0, rels: 0 },
  };
}

function addAll(target: GraphData, c: Collected): void {
  for (const n of c.nodes) target.nodes.set(n.id, n);
  for (const r of c.rels) target.rels.set(r.id, r);
}

/** Everything seen that is not drawn (and not hidden). */
function recount(s: GraphState): void {
  let nodes = 0;
  for (const id of s.all.nodes.keys()) if (!s.shown.nodes.has(id) && !s.hidden.has(id)) nodes++;
  let rels = 0;
  for (const r of s.all.rels.values())
    if (!s.shown.rels.has(r.id) && !s.hidden.has(r.start) && !s.hidden.has(r.end)) rels++;
  s.left = { nodes, rels };
}

/** Takes the new rows of a run into the picture. Returns true when the picture changed. */
export function takeRun(s: GraphState, runId: number, rows: readonly (readonly Neo4jValue[])[]): boolean {
  if (!s.runs.has(runId)) {
    if (!s.accumulate) {
      s.all = emptyGraph();
      s.shown = emptyGraph();
      s.hidden.clear();
      s.runs.clear();
      s.cap = GRAPH_INITIAL_NODES;
    } else {
      // Room for the new result, up to the user's limit.
      s.cap = Math.min(s.limit, Math.max(s.cap, s.shown.nodes.size + GRAPH_INITIAL_NODES));
    }
    s.runs.add(runId);
    s.consumed = 0;
  }
  if (rows.length <= s.consumed) return false;
  const c = collectGraph(rows.slice(s.consumed));
  s.consumed = rows.length;
  addAll(s.all, c);
  const r = mergeInto(s.shown, c, s.cap, s.hidden);
  recount(s);
  return r.addedNodes > 0 || r.addedRels > 0;
}

/** Adds entities from an expansion (or any extra query) up to the limit. */
export function addEntities(s: GraphState, c: Collected): MergeResult {
  addAll(s.all, c);
  for (const n of c.nodes) s.hidden.delete(n.id);
  s.cap = Math.min(s.limit, Math.max(s.cap, s.shown.nodes.size + c.nodes.length));
  const r = mergeInto(s.shown, c, s.cap, s.hidden);
  recount(s);
  return r;
}

/** "Show more": draws what was left out, up to the user's limit. */
export function showMore(s: GraphState): MergeResult {
  s.cap = s.limit;
  const r = mergeInto(s.shown, { nodes: [...s.all.nodes.values()], rels: [...s.all.rels.values()] }, s.cap, s.hidden);
  recount(s);
  return r;
}

export function setLimit(s: GraphState, limit: number): void {
  s.limit = Math.max(1, Math.min(GRAPH_HARD_CAP, Math.round(limit) || 1));
  if (s.cap > s.limit) s.cap = s.limit;
}

export function hideNode(s: GraphState, id: string): void {
  s.hidden.add(id);
  s.shown.nodes.delete(id);
  for (const [rid, r] of s.shown.rels) if (r.start === id || r.end === id) s.shown.rels.delete(rid);
  recount(s);
}

export function unhideAll(s: GraphState): void {
  s.hidden.clear();
  mergeInto(s.shown, { nodes: [...s.all.nodes.values()], rels: [...s.all.rels.values()] }, s.cap);
  recount(s);
}

/**
 * The picture as an external store for React (`useSyncExternalStore`): the
 * state is mutated only through these methods, each of which bumps the
 * version and tells the subscribers.
 */
export class GraphSession {
  readonly state: GraphState = newState();
  private version = 0;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  readonly getVersion = (): number => this.version;

  private changed<T>(result: T): T {
    this.version++;
    for (const fn of this.listeners) fn();
    return result;
  }

  takeRun(runId: number, rows: readonly (readonly Neo4jValue[])[]): boolean {
    const changed = takeRun(this.state, runId, rows);
    return changed ? this.changed(true) : false;
  }
  addEntities(c: Collected): MergeResult {
    return this.changed(addEntities(this.state, c));
  }
  showMore(): MergeResult {
    return this.changed(showMore(this.state));
  }
  setLimit(limit: number): void {
    this.changed(setLimit(this.state, limit));
  }
  setAccumulate(on: boolean): void {
    this.state.accumulate = on;
    this.changed(undefined);
  }
  hideNode(id: string): void {
    this.changed(hideNode(this.state, id));
  }
  unhideAll(): void {
    this.changed(unhideAll(this.state));
  }
}
