/**
 * ForceAtlas2 off the main thread. The page's CSP allows workers from 'self'
 * only (graphology's own supervisor builds a blob: worker, which it refuses),
 * so this bundled worker runs the same algorithm: it keeps a graphology graph
 * of the current picture, steps it a few iterations at a time and posts the
 * positions back, until the movement settles or the iteration budget ends.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import {
  SETTLED_MOVEMENT,
  STEP_ITERATIONS,
  type LayoutRequest,
  type LayoutTick,
  type LayoutView,
} from './layoutProtocol';
import { clearPreview, drawPreview, type PreviewScene } from './previewDraw';

interface Run {
  id: number;
  graph: Graph;
  count: number;
  iterations: number;
  max: number;
  settings: ReturnType<typeof forceAtlas2.inferSettings>;
  /** Drawing the moving picture here (null: the page draws it). */
  preview: PreviewScene | null;
  previewFrames: number;
}

/**
 * Time between preview frames: at least a 30 fps frame, and at least as long as the last frame took to draw,
 * so drawing never takes more than half of this thread from the layout.
 */
const FRAME_MS = 1000 / 30;

let current: Run | null = null;
/** A tick is out and not yet acknowledged: keep iterating, send nothing until the page caught up. */
let awaitingAck = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;
let view: LayoutView | null = null;
let nextFrameAt = 0;

function drawFrame(run: Run, positions: Float32Array, force: boolean): void {
  if (!run.preview || !ctx || !view) return;
  const t0 = performance.now();
  if (!force && t0 < nextFrameAt) return;
  run.preview.positions = positions;
  drawPreview(ctx, view, run.preview);
  run.previewFrames++;
  const t1 = performance.now();
  nextFrameAt = t1 + Math.max(FRAME_MS - (t1 - t0), t1 - t0);
}

function endPreview(run: Run | null): void {
  if (run) run.preview = null;
  if (ctx) clearPreview(ctx);
}

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
  if (!settled) drawFrame(run, positions, false);
  if (settled || !awaitingAck) {
    awaitingAck = true;
    const previewFrames = run.previewFrames;
    // Sending transfers the buffer; the preview keeps drawing (camera moves) from its own copy.
    const sent = run.preview ? positions.slice() : positions;
    post({ type: 'tick', run: run.id, positions: sent, iterations: run.iterations, movement, settled, previewFrames });
  }
  if (!settled) timer = setTimeout(step, 0);
}

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const m = e.data;
  if (m.type === 'stop') {
    if (timer) clearTimeout(timer);
    timer = null;
    endPreview(current);
    current = null;
    return;
  }
  if (m.type === 'canvas') {
    ctx = m.canvas.getContext('2d');
    return;
  }
  if (m.type === 'view') {
    view = m;
    // A camera move between two layout steps is drawn at once, not at the next step.
    if (current?.preview) drawFrame(current, current.preview.positions, true);
    return;
  }
  if (m.type === 'preview') {
    if (!m.on) endPreview(current);
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
  const preview = m.preview
    ? { positions: m.positions, sizes: m.sizes, edges: m.edges, colors: m.colors, palette: m.palette }
    : null;
  if (!preview && ctx) clearPreview(ctx);
  current = { id: m.run, graph, count, iterations: 0, max: m.maxIterations, settings, preview, previewFrames: 0 };
  nextFrameAt = 0;
  if (timer) clearTimeout(timer);
  timer = setTimeout(step, 0);
};
