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

export type LayoutRequest = LayoutStart | LayoutPin | LayoutAck | { type: 'stop' };

export interface LayoutTick {
  type: 'tick';
  run: number;
  positions: Float32Array;
  iterations: number;
  /** Mean movement per node in the last step, in layout units. */
  movement: number;
  settled: boolean;
}

export type LayoutReply = LayoutTick;

/** Iterations per message: small enough that a tick of 5,000 nodes stays under a frame on the worker. */
export const STEP_ITERATIONS = 2;
/** Mean movement per node below which the layout counts as settled. */
export const SETTLED_MOVEMENT = 0.05;
