/**
 * The page's side of the ForceAtlas2 worker: starts and stops runs, applies
 * the positions the worker sends to the graphology graph, and paces the
 * worker to the page's drawing. Owns the worker and its timers; `dispose`
 * ends them. sigma redraws by itself when the graph's attributes change.
 *
 * A picture above LARGE nodes, once a preview canvas is attached, is drawn
 * while it moves by the worker itself (layoutProtocol's LayoutCanvas): the
 * positions are applied to the graph (and sigma draws, with captions) only
 * when it settles, or when the user presses on the picture (so a drag picks
 * the node where it is drawn), after which the page draws the rest of the run.
 */
import type Graph from 'graphology';
import type { EdgeAttrs, NodeAttrs } from './controller';
import { layoutStart } from './graphData';
import type { LayoutReply, LayoutRequest, LayoutView } from './layoutProtocol';

export interface LayoutState {
  running: boolean;
  iterations: number;
  /** Wall time from the start of this layout run until it settled (null while running). */
  settledMs: number | null;
  /** Frames of the moving picture the worker drew on the preview canvas in this run. */
  previewFrames: number;
}

export interface LayoutHooks {
  /** Progress, at most every 250 ms while running, and once when it settles or stops. */
  onState(state: LayoutState): void;
  /** The layout starts moving everything (true) or stopped moving (false). */
  onMoving(moving: boolean): void;
  /**
   * The worker draws the moving picture (true: hide sigma's layers), or stopped (false: the positions are in the
   * graph now; draw them before showing sigma's layers again).
   */
  onPreview(on: boolean, settled: boolean): void;
  /** A node the user holds: the worker's position for it is not applied. */
  held(): string | null;
}

/** Least time between two applied ticks of a large picture (each one is a full redraw). */
const REDRAW_EVERY_MS = 250;
/** Above this many nodes, ticks are applied at most every REDRAW_EVERY_MS. */
const LARGE = 300;

export class LayoutRunner {
  private readonly worker: Worker;
  private run = 0;
  private runStarted = 0;
  private lastApplied = 0;
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private canvasAttached = false;
  /** The worker is drawing this run's moving picture. */
  private previewing = false;
  /** Newest positions of a previewed run, not yet applied to the graph. */
  private latest: Float32Array | null = null;

  constructor(
    private readonly graph: Graph<NodeAttrs, EdgeAttrs>,
    private readonly hooks: LayoutHooks,
  ) {
    this.worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<LayoutReply>) => this.onTick(e.data);
  }

  /** Hands the preview canvas to the worker (once). */
  attachCanvas(canvas: OffscreenCanvas): void {
    this.canvasAttached = true;
    this.worker.postMessage({ type: 'canvas', canvas } satisfies LayoutRequest, [canvas]);
  }

  /** Sigma's camera and size changed: the preview maps positions with them. */
  setView(view: LayoutView): void {
    if (this.canvasAttached) this.worker.postMessage(view satisfies LayoutRequest);
  }

  start(maxIterations?: number): void {
    const n = this.graph.order;
    this.leavePreview();
    this.run++;
    this.clearTimers();
    this.runStarted = performance.now();
    const max = maxIterations ?? Math.max(300, Math.min(2_000, 50_000 / Math.max(1, Math.sqrt(n))));
    const preview = this.canvasAttached && n > LARGE;
    const msg = layoutStart(this.graph, this.run, max, preview);
    this.worker.postMessage(msg, [
      msg.positions.buffer,
      msg.fixed.buffer,
      msg.sizes.buffer,
      msg.edges.buffer,
      msg.colors.buffer,
    ]);
    this.hooks.onMoving(true);
    if (preview) {
      this.previewing = true;
      this.hooks.onPreview(true, false);
    }
    this.hooks.onState({ running: true, iterations: 0, settledMs: null, previewFrames: 0 });
  }

  stop(): void {
    this.leavePreview(true);
    this.run++;
    this.clearTimers();
    this.worker.postMessage({ type: 'stop' } satisfies LayoutRequest);
    this.hooks.onMoving(false);
    this.hooks.onState({ running: false, iterations: 0, settledMs: null, previewFrames: 0 });
  }

  /** True while the worker draws the moving picture (the graph's positions are not the drawn ones). */
  get inPreview(): boolean {
    return this.previewing;
  }

  /**
   * Puts the newest positions into the graph and lets the page draw the rest of the run (the user pressed on
   * the picture, a run starts or stops, or an export needs sigma's layers). `settled`: the picture stops moving,
   * so sigma's first draw of it can include the captions.
   */
  leavePreview(settled = false): void {
    if (!this.previewing) return;
    this.previewing = false;
    const p = this.latest;
    this.latest = null;
    if (p) this.apply(p);
    this.worker.postMessage({ type: 'preview', on: false } satisfies LayoutRequest);
    this.hooks.onPreview(false, settled);
  }

  /** Tells the worker a node was pinned or released where it is now. */
  pin(node: string, fixed: boolean): void {
    const g = this.graph;
    if (!g.hasNode(node)) return;
    let index = 0;
    let found = -1;
    g.forEachNode((id) => {
      if (id === node) found = index;
      index++;
    });
    const a = g.getNodeAttributes(node);
    this.worker.postMessage({ type: 'pin', index: found, x: a.x, y: a.y, fixed } satisfies LayoutRequest);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.worker.terminate();
  }

  private clearTimers(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.progressTimer = null;
    this.ackTimer = null;
  }

  private ack(run: number): void {
    if (!this.disposed && run === this.run) this.worker.postMessage({ type: 'ack', run } satisfies LayoutRequest);
  }

  private apply(p: Float32Array): void {
    const held = this.hooks.held();
    let i = 0;
    // Node order is the graph's insertion order, unchanged since this run started (a change starts a new run).
    // One batch update: sigma schedules one redraw for it, on the next animation frame.
    this.graph.updateEachNodeAttributes(
      (node, a) => {
        const x = p[i * 2];
        const y = p[i * 2 + 1];
        i++;
        if (node === held || a.fixed || x === undefined || y === undefined) return a;
        a.x = x;
        a.y = y;
        return a;
      },
      { attributes: ['x', 'y'] },
    );
  }

  private onTick(m: LayoutReply): void {
    if (this.disposed || m.run !== this.run) return;
    if (this.previewing) {
      this.latest = m.positions;
      if (m.settled) {
        this.leavePreview(true);
        this.settle(m);
        return;
      }
      // The worker draws; the page only keeps the newest positions (for a press on the picture) and the progress.
      const run = m.run;
      this.ackTimer = setTimeout(() => {
        this.ackTimer = null;
        this.ack(run);
      }, REDRAW_EVERY_MS);
      this.progress(m);
      return;
    }
    // On a large picture each applied tick is a full redraw (every position changes, so sigma re-processes and
    // re-uploads all of it): while moving, apply positions a few times a second and leave the frames between
    // to input. The worker keeps iterating meanwhile and sends its newest positions when asked.
    const every = this.graph.order > LARGE ? REDRAW_EVERY_MS : 0;
    const now = performance.now();
    if (!m.settled && now - this.lastApplied < every) {
      const run = m.run;
      this.ackTimer = setTimeout(
        () => {
          this.ackTimer = null;
          this.ack(run);
        },
        every - (now - this.lastApplied),
      );
      return;
    }
    this.lastApplied = now;
    this.apply(m.positions);
    if (!m.settled) {
      // Ask for the next positions once this frame is drawn.
      const run = m.run;
      requestAnimationFrame(() => this.ack(run));
      this.progress(m);
      return;
    }
    this.settle(m);
  }

  private progress(m: LayoutReply): void {
    if (this.progressTimer !== null) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      if (!this.disposed)
        this.hooks.onState({
          running: true,
          iterations: m.iterations,
          settledMs: null,
          previewFrames: m.previewFrames,
        });
    }, 250);
  }

  private settle(m: LayoutReply): void {
    this.clearTimers();
    this.hooks.onMoving(false);
    this.hooks.onState({
      running: false,
      iterations: m.iterations,
      settledMs: performance.now() - this.runStarted,
      previewFrames: m.previewFrames,
    });
  }
}
