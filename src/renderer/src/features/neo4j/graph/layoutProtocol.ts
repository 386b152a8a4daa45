/**
 * Messages between the graph view and its layout worker. Positions travel as
 * transferable Float32Arrays (x, y interleaved, in node order), so a tick of
 * 5,000 nodes costs a copy-free hand-over, not a structured clone of objects.
 */

export interface LayoutStart {
  type: 'start';
  /** Bumped on every start: ticks of an older run are ignored. */
  run: number;
  /** x, y interleaved, one pair per node. */
  positions: Float32Array;
  /** 1 = pinned (the layout does not move it). */
  fixed: Uint8Array;
  sizes: Float32Array;
  /** Source, target node indexes interleaved, one pair per edge. */
  edges: Uint32Array;
  /** Stop after this many iterations even when not settled. */
  maxIterations: number;
  /** Draw the moving picture on the preview canvas (see LayoutCanvas) instead of leaving it to the page. */
  preview: boolean;
  /** With `preview`: each node's colour, as an index into `palette`. */
  colors: Uint16Array;
  palette: string[];
}

/**
 * The preview canvas, handed over once (`transferControlToOffscreen`): while
 * a large picture moves, the worker draws it here (Canvas 2D, no labels), so
 * neither sigma's WebGL nor the drawing runs on the page's main thread. In
 * Chromium without a GPU every WebGL frame is read back synchronously from
 * the GPU process (`GLES2::ReadPixels`), which stalled the page at 1-4 fps.
 */
export interface LayoutCanvas {
  type: 'canvas';
  canvas: OffscreenCanvas;
}

/** Sigma's camera and viewport, so the preview maps positions to pixels as sigma would. */
export interface LayoutView {
  type: 'view';
  width: number;
  height: number;
  pixelRatio: number;
  camera: { x: number; y: number; ratio: number; angle: number };
  padding: number;
  /** Pixels per unit of node size at this zoom (sigma's `scaleSize(1)`). */
  sizeScale: number;
}

/** Stops (false) drawing the preview for the current run: the page draws from now on, and the canvas is cleared. */
export interface LayoutPreview {
  type: 'preview';
  on: boolean;
}

export interface LayoutPin {
  type: 'pin';
  index: number;
  x: number;
  y: number;
  fixed: boolean;
}

/**
 * The page applied the last tick and drew a frame: the worker may send the
 * next positions. Without it, a worker faster than the page's drawing would
 * queue ticks and starve input (seen at 5,000 nodes on software WebGL).
 */
export interface LayoutAck {
  type: 'ack';
  run: number;
}

export type LayoutRequest =
  LayoutStart | LayoutPin | LayoutAck | LayoutCanvas | LayoutView | LayoutPreview | { type: 'stop' };

export interface LayoutTick {
  type: 'tick';
  run: number;
  positions: Float32Array;
  iterations: number;
  /** Mean movement per node in the last step, in layout units. */
  movement: number;
  settled: boolean;
  /** Preview frames drawn by the worker in this run so far. */
  previewFrames: number;
}

export type LayoutReply = LayoutTick;

/** Iterations per message: small enough that a tick of 5,000 nodes stays under a frame on the worker. */
export const STEP_ITERATIONS = 2;
/** Mean movement per node below which the layout counts as settled. */
export const SETTLED_MOVEMENT = 0.05;
