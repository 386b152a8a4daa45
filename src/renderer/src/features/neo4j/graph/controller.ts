/**
 * The drawing side of the graph view, outside React: a graphology graph drawn
 * by sigma (WebGL) and laid out by ForceAtlas2 in a worker. The controller
 * owns the sigma renderer, the layout runner (its worker) and the listeners; `dispose` ends them
 * all. React tells it what to draw (`sync`) and listens for selection,
 * double-click (expand) and layout progress.
 */
import { EdgeCurvedArrowProgram, indexParallelEdgesIndex } from '@sigma/edge-curve';
import { toBlob } from '@sigma/export-image';
import Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeArrowProgram, type EdgeProgramType } from 'sigma/rendering';
import { EDGE_COLOR, pictureSvg } from './graphData';
import { LayoutRunner, type LayoutState } from './layoutRunner';
import { attachPreviewLayer } from './previewLayer';
import type { GraphData } from './model';
import { captionOf, styleOf, type StyleMap } from './style';

export type { LayoutState } from './layoutRunner';

export type Selection = { kind: 'node'; id: string } | { kind: 'rel'; id: string } | null;

export interface ControllerEvents {
  onSelect(s: Selection): void;
  onExpand(nodeId: string): void;
  onLayout(state: LayoutState): void;
}

export type NodeAttrs = {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  fixed: boolean;
  highlighted?: boolean;
};

export type EdgeAttrs = {
  label: string;
  size: number;
  color: string;
  type: string;
  curvature?: number;
  parallelIndex?: number | null;
  parallelMaxIndex?: number | null;
};

function cssVar(el: HTMLElement, name: string, fallback: string): string {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v || fallback;
}

export class GraphController {
  readonly graph: Graph<NodeAttrs, EdgeAttrs> = new Graph<NodeAttrs, EdgeAttrs>({
    type: 'directed',
    multi: true,
    allowSelfLoops: true,
  });
  private readonly sigma: Sigma<NodeAttrs, EdgeAttrs>;
  private readonly layout: LayoutRunner;
  private fitAfterLayout = true;
  private dragged: string | null = null;
  private dragMoved = false;
  private selection: Selection = null;
  private disposed = false;
  // Sigma only listens to window resizes; the inspector opening or the pane moving resizes the container too.
  private readonly resizer: ResizeObserver;
  private readonly detachPreview: () => void;

  constructor(
    private readonly container: HTMLElement,
    private readonly events: ControllerEvents,
  ) {
    this.sigma = new Sigma<NodeAttrs, EdgeAttrs>(this.graph, container, {
      renderEdgeLabels: true,
      enableEdgeEvents: true,
      defaultEdgeType: 'arrow',
      // The program classes are typed for untyped attributes; ours are a narrowing of them.
      edgeProgramClasses: { arrow: EdgeArrowProgram, curved: EdgeCurvedArrowProgram } as unknown as Record<
        string,
        EdgeProgramType<NodeAttrs, EdgeAttrs>
      >,
      labelColor: { color: cssVar(container, '--text', '#1f2328') },
      edgeLabelColor: { color: cssVar(container, '--text-muted', '#59636e') },
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.6,
      zIndex: true,
      // Needed so an export can read the WebGL canvases back.
      allowInvalidContainer: true,
    });
    this.sigma.setSetting('nodeReducer', (node, data) => {
      const sel = this.selection;
      if (sel?.kind === 'node' && sel.id === node) return { ...data, highlighted: true, zIndex: 1 };
      return data;
    });
    this.sigma.setSetting('edgeReducer', (edge, data) => {
      const sel = this.selection;
      if (sel?.kind === 'rel' && sel.id === edge) return { ...data, color: '#F79767', size: 3, zIndex: 1 };
      if (sel?.kind === 'node') {
        const [s, t] = this.graph.extremities(edge);
        if (s === sel.id || t === sel.id) return { ...data, color: '#6E7681', zIndex: 1 };
      }
      return data;
    });

    this.resizer = new ResizeObserver(() => {
      if (this.disposed) return;
      this.sigma.resize();
      this.sigma.refresh({ skipIndexation: true });
    });
    this.resizer.observe(container);

    this.layout = new LayoutRunner(this.graph, {
      onMoving: (moving) => this.setDrawingWhileMoving(moving),
      onPreview: (on, settled) => {
        if (this.disposed) return;
        // Settled: captions on before this draw, so the settled picture costs one full sigma refresh, not two.
        if (!on && settled) this.setDrawingWhileMoving(false);
        if (!on) this.sigma.refresh();
        container.classList.toggle('n4-previewing', on);
      },
      held: () => this.dragged,
      onState: (state) => {
        this.events.onLayout(state);
        // The first layout that settles frames the picture; later ones leave the user's camera alone.
        if (state.settledMs !== null && this.fitAfterLayout) {
          this.fitAfterLayout = false;
          this.fit();
        }
      },
    });

    this.detachPreview = attachPreviewLayer(this.sigma, container, this.layout);
    // A press on a picture the worker is drawing: put its positions into the graph first, so sigma's picking
    // (on the mousedown that follows) finds the node where the user sees it.
    container.addEventListener('pointerdown', this.onPointerDown, { capture: true });

    this.sigma.on('clickNode', ({ node }) => {
      if (this.dragMoved) return;
      this.select({ kind: 'node', id: node });
    });
    this.sigma.on('clickEdge', ({ edge }) => this.select({ kind: 'rel', id: edge }));
    this.sigma.on('clickStage', () => this.select(null));
    this.sigma.on('doubleClickNode', (e) => {
      e.preventSigmaDefault();
      this.events.onExpand(e.node);
    });
    // Where the selected node is on screen, for keyboard-free checks (tests) and assistive tooling.
    this.sigma.on('afterRender', () => {
      const sel = this.selection;
      const at = sel?.kind === 'node' ? this.viewportOf(sel.id) : null;
      if (at && sel?.kind === 'node') {
        const a = this.graph.getNodeAttributes(sel.id);
        container.dataset.selectedX = at.x.toFixed(0);
        container.dataset.selectedY = at.y.toFixed(0);
        // Where it is in the layout's own coordinates (what "Save positions" keeps), independent of the camera.
        container.dataset.selectedGraphX = a.x.toFixed(1);
        container.dataset.selectedGraphY = a.y.toFixed(1);
      } else {
        delete container.dataset.selectedX;
        delete container.dataset.selectedY;
        delete container.dataset.selectedGraphX;
        delete container.dataset.selectedGraphY;
      }
    });
    this.sigma.on('enterNode', () => container.classList.add('n4-graph-hover'));
    this.sigma.on('leaveNode', () => container.classList.remove('n4-graph-hover'));
    // Dragging a node moves it and pins it there (the layout leaves pinned nodes alone).
    this.sigma.on('downNode', ({ node }) => {
      this.dragged = node;
      this.dragMoved = false;
    });
    const captor = this.sigma.getMouseCaptor();
    captor.on('mousemovebody', (e) => {
      if (!this.dragged) return;
      const pos = this.sigma.viewportToGraph(e);
      this.graph.mergeNodeAttributes(this.dragged, { x: pos.x, y: pos.y, fixed: true });
      this.dragMoved = true;
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    captor.on('mouseup', () => {
      const node = this.dragged;
      this.dragged = null;
      if (node && this.dragMoved) {
        this.layout.pin(node, true);
        // The click that ends a drag should not also select; let it pass first.
        setTimeout(() => (this.dragMoved = false), 0);
      }
    });
  }

  private readonly onPointerDown = (): void => {
    if (this.layout.inPreview) this.layout.leavePreview();
  };

  /** Selects as a click would: redraws and reports it through `onSelect`. */
  select(s: Selection): void {
    this.selection = s;
    this.sigma.refresh({ skipIndexation: true });
    this.events.onSelect(s);
  }

  setSelection(s: Selection): void {
    this.selection = s;
    this.sigma.refresh({ skipIndexation: true });
  }

  /**
   * Makes the drawn graph match `data` (adding and removing only what
   * changed), styled by `styles`. New nodes start near a neighbour already
   * placed, or on a circle; `positions` (saved with the query) win. Restarts
   * the layout when the structure changed.
   */
  sync(
    data: GraphData,
    styles: StyleMap,
    opts: {
      positions?: ReadonlyMap<string, { x: number; y: number }>;
      /** Saved positions also move nodes already drawn (the first records of a new run of a saved query). */
      restore?: boolean;
      near?: string | null;
    } = {},
  ): void {
    const g = this.graph;
    // The worker's newest positions go into the graph before it changes (they are in the old node order).
    if (this.layout.inPreview && (opts.restore || this.differs(data))) this.layout.leavePreview();
    let changed = false;
    for (const id of g.nodes())
      if (!data.nodes.has(id)) {
        g.dropNode(id);
        changed = true;
      }
    for (const id of g.edges())
      if (!data.rels.has(id)) {
        g.dropEdge(id);
        changed = true;
      }
    const count = data.nodes.size;
    const radius = 10 * Math.sqrt(Math.max(1, count));
    let i = 0;
    const anchor = opts.near && g.hasNode(opts.near) ? g.getNodeAttributes(opts.near) : null;
    for (const n of data.nodes.values()) {
      const style = styleOf(n, styles);
      const look = { size: style.size, color: style.color, label: captionOf(n, style) };
      if (g.hasNode(n.id)) {
        const saved = opts.restore ? opts.positions?.get(n.id) : undefined;
        g.mergeNodeAttributes(n.id, saved ? { ...look, x: saved.x, y: saved.y } : look);
        if (saved) changed = true;
      } else {
        const saved = opts.positions?.get(n.id);
        const angle = (i / Math.max(1, count)) * Math.PI * 2;
        const jitter = () => (Math.random() - 0.5) * 4;
        const pos = saved
          ? { x: saved.x, y: saved.y }
          : anchor
            ? { x: anchor.x + Math.cos(angle) * 8 + jitter(), y: anchor.y + Math.sin(angle) * 8 + jitter() }
            : { x: Math.cos(angle) * radius + jitter(), y: Math.sin(angle) * radius + jitter() };
        g.addNode(n.id, { ...pos, ...look, fixed: false });
        changed = true;
      }
      i++;
    }
    for (const r of data.rels.values()) {
      if (g.hasEdge(r.id)) continue;
      if (!g.hasNode(r.start) || !g.hasNode(r.end)) continue;
      g.addDirectedEdgeWithKey(r.id, r.start, r.end, { label: r.type, size: 1.5, color: EDGE_COLOR, type: 'arrow' });
      changed = true;
    }
    if (changed) {
      this.curveParallelEdges();
      const allSaved = opts.positions !== undefined && [...data.nodes.keys()].every((id) => opts.positions?.has(id));
      if (allSaved) this.stopLayout();
      else this.startLayout();
    }
  }

  /** Whether `data` has a node or relationship the graph has not, or the other way round. */
  private differs(data: GraphData): boolean {
    const g = this.graph;
    if (g.order !== data.nodes.size) return true;
    for (const id of data.nodes.keys()) if (!g.hasNode(id)) return true;
    for (const r of data.rels.values()) if (!g.hasEdge(r.id) && g.hasNode(r.start) && g.hasNode(r.end)) return true;
    let gone = false;
    g.forEachEdge((id) => {
      if (!data.rels.has(id)) gone = true;
    });
    return gone;
  }

  /** Parallel relationships (same two nodes) are drawn as distinct curves, not on top of each other. */
  private curveParallelEdges(): void {
    indexParallelEdgesIndex(this.graph, {
      edgeIndexAttribute: 'parallelIndex',
      edgeMaxIndexAttribute: 'parallelMaxIndex',
    });
    this.graph.forEachEdge((edge, a) => {
      const idx = a.parallelIndex;
      const max = a.parallelMaxIndex;
      if (typeof idx === 'number' && typeof max === 'number' && max > 0) {
        this.graph.mergeEdgeAttributes(edge, { type: 'curved', curvature: 0.25 + (0.5 * idx) / max });
      } else if (a.type !== 'arrow') this.graph.mergeEdgeAttributes(edge, { type: 'arrow', curvature: 0 });
    });
  }

  startLayout(maxIterations?: number): void {
    this.layout.start(maxIterations);
  }

  stopLayout(): void {
    this.layout.stop();
  }

  /**
   * While the layout moves everything, captions and relationship labels are
   * not drawn: re-placing thousands of labels each frame is what costs most
   * (canvas text), and they are unreadable while moving anyway.
   */
  private setDrawingWhileMoving(moving: boolean): void {
    // Each setSetting schedules a full refresh: only change what differs.
    const edgeLabels = !moving;
    const labels = !moving || this.graph.order <= 300;
    if (this.sigma.getSetting('renderEdgeLabels') !== edgeLabels) this.sigma.setSetting('renderEdgeLabels', edgeLabels);
    if (this.sigma.getSetting('renderLabels') !== labels) this.sigma.setSetting('renderLabels', labels);
  }

  setPinned(node: string, pinned: boolean): void {
    if (!this.graph.hasNode(node)) return;
    this.graph.setNodeAttribute(node, 'fixed', pinned);
    this.layout.pin(node, pinned);
  }

  isPinned(node: string): boolean {
    return this.graph.hasNode(node) && this.graph.getNodeAttribute(node, 'fixed');
  }

  /** Fits the whole picture in the view. */
  fit(): void {
    void this.sigma.getCamera().animatedReset({ duration: 200 });
  }

  /** Centres the camera on a node (at the current zoom or closer). */
  focus(node: string): void {
    if (!this.graph.hasNode(node)) return;
    const display = this.sigma.getNodeDisplayData(node);
    if (!display) return;
    const camera = this.sigma.getCamera();
    camera.setState({ x: display.x, y: display.y, ratio: Math.min(camera.ratio, 0.5) });
  }

  /** Where a node is on screen, in CSS pixels from the container's top-left (for tests and tooltips). */
  viewportOf(node: string): { x: number; y: number } | null {
    if (!this.graph.hasNode(node)) return null;
    const a = this.graph.getNodeAttributes(node);
    return this.sigma.graphToViewport({ x: a.x, y: a.y });
  }

  positions(): Map<string, { x: number; y: number }> {
    const out = new Map<string, { x: number; y: number }>();
    this.graph.forEachNode((id, a) => out.set(id, { x: a.x, y: a.y }));
    return out;
  }

  async png(): Promise<Blob> {
    this.layout.leavePreview();
    const bg = cssVar(this.container, '--bg', '#ffffff');
    return toBlob(this.sigma as unknown as Sigma, { format: 'png', backgroundColor: bg });
  }

  /** The picture as SVG (nodes, arrows, captions), drawn from the graph's positions in the current view. */
  svg(): string {
    return pictureSvg(this.graph, this.sigma, this.container.clientWidth || 800, this.container.clientHeight || 600);
  }

  dispose(): void {
    this.disposed = true;
    this.resizer.disconnect();
    this.container.removeEventListener('pointerdown', this.onPointerDown, { capture: true });
    this.detachPreview();
    this.layout.dispose();
    this.sigma.kill();
  }
}
