/**
 * ForceAtlas2 off the main thread. The page's CSP allows workers from 'self'
 * only (graphology's own supervisor builds a blob: worker, which it refuses),
 * so this bundled worker runs the same algorithm: it keeps a graphology graph
 * of the current picture, steps it a few iterations at a time and posts the
 * positions back, until the movement settles or the iteration budget ends.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { SETTLED_MOVEMENT, STEP_ITERATIONS, type LayoutRequest, type LayoutTick } from './layoutProtocol';

interface Run {
  id: number;
  graph: Graph;
  count: number;
  iterations: number;
  max: number;
  settings: ReturnType<typeof forceAtlas2.inferSettings>;
}

let current: Run | null = null;
/** A tick is out and not yet acknowledged: keep iterating, send nothing until the page caught up. */
let awaitingAck = false;
let timer: ReturnType<typeof setTimeout> | null = null;

const post = (m: LayoutTick) => (self as unknown as Worker).postMessage(m, [m.positions.buffer]);

function step(): void {
  timer = null;
  const run = current;
  if (!run) return;
  const before = new Float32Array(run.count * 2);
  let i = 0;
  run.graph.forEachNode((_, a) => {
    before[i++] = a.x as number;
    before[i++] = a.y as number;
  });
  forceAtlas2.assign(run.graph, { iterations: STEP_ITERATIONS, settings: run.settings });
  run.iterations += STEP_ITERATIONS;
  const positions = new Float32Array(run.count * 2);
  let moved = 0;
  i = 0;
  run.graph.forEachNode((_, a) => {
    const x = a.x as number;
    const y = a.y as number;
    moved += Math.hypot(x - (before[i] ?? 0), y - (before[i + 1] ?? 0));
    positions[i++] = x;
    positions[i++] = y;
  });
  const movement = run.count === 0 ? 0 : moved / run.count;
  const settled = movement < SETTLED_MOVEMENT || run.iterations >= run.max;
  if (settled || !awaitingAck) {
    awaitingAck = true;
    post({ type: 'tick', run: run.id, positions, iterations: run.iterations, movement, settled });
  }
  if (!settled) timer = setTimeout(step, 0);
}

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const m = e.data;
  if (m.type === 'stop') {
    if (timer) clearTimeout(timer);
    timer = null;
    current = null;
    return;
  }
  if (m.type === 'ack') {
    if (current?.id === m.run) awaitingAck = false;
    return;
  }
  if (m.type === 'pin') {
    if (!current) return;
    const key = String(m.index);
    if (current.graph.hasNode(key)) current.graph.mergeNodeAttributes(key, { x: m.x, y: m.y, fixed: m.fixed });
    return;
  }
  const graph = new Graph({ type: 'undirected', multi: true, allowSelfLoops: true });
  const count = m.positions.length / 2;
  for (let i = 0; i < count; i++)
    graph.addNode(String(i), {
      x: m.positions[i * 2],
      y: m.positions[i * 2 + 1],
      size: m.sizes[i] ?? 1,
      fixed: m.fixed[i] === 1,
    });
  for (let j = 0; j + 1 < m.edges.length; j += 2) {
    const s = m.edges[j];
    const t = m.edges[j + 1];
    if (s !== undefined && t !== undefined && s !== t) graph.addEdge(String(s), String(t));
  }
  const settings = {
    ...forceAtlas2.inferSettings(graph),
    // Barnes-Hut keeps a step O(n log n); slowDown damps the jitter of dense graphs (Browser #307).
    barnesHutOptimize: count > 300,
    slowDown: 1 + Math.log(Math.max(1, graph.size)),
  };
  awaitingAck = false;
  current = { id: m.run, graph, count, iterations: 0, max: m.maxIterations, settings };
  if (timer) clearTimeout(timer);
  timer = setTimeout(step, 0);
};
