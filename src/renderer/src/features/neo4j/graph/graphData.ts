/**
 * Reading the drawn graph out of graphology: the layout worker's input
 * (matrices in node order) and, below, the picture as SVG, drawn from the graph's positions in the current view:
 * nodes with their colour and caption, relationships as arrows with their
 * type as a tooltip. Used by the SVG and the self-contained HTML exports.
 */
import type Graph from 'graphology';
import type Sigma from 'sigma';
import type { EdgeAttrs, NodeAttrs } from './controller';
import type { LayoutStart } from './layoutProtocol';

export const EDGE_COLOR = '#A5ABB6';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function pictureSvg(
  graph: Graph<NodeAttrs, EdgeAttrs>,
  sigma: Sigma<NodeAttrs, EdgeAttrs>,
  w: number,
  h: number,
): string {
  const pos = new Map<string, { x: number; y: number; r: number }>();
  graph.forEachNode((id, a) => {
    const p = sigma.graphToViewport({ x: a.x, y: a.y });
    pos.set(id, { ...p, r: sigma.scaleSize(a.size) });
  });
  const parts: string[] = [];
  graph.forEachEdge((_, a, s, t) => {
    const p = pos.get(s);
    const q = pos.get(t);
    if (!p || !q) return;
    parts.push(
      `<line x1="${p.x.toFixed(1)}" y1="${p.y.toFixed(1)}" x2="${q.x.toFixed(1)}" y2="${q.y.toFixed(1)}" stroke="${a.color}" stroke-width="1.2" marker-end="url(#arrow)"><title>${esc(a.label)}</title></line>`,
    );
  });
  graph.forEachNode((id, a) => {
    const p = pos.get(id);
    if (!p) return;
    parts.push(
      `<g><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${p.r.toFixed(1)}" fill="${a.color}"/><text x="${(p.x + p.r + 2).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="12" font-family="sans-serif">${esc(a.label)}</text></g>`,
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="14" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="${EDGE_COLOR}"/></marker></defs>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`
  );
}

/** The worker's input: positions, pins, sizes and edges as typed arrays in the graph's node order. */
export function layoutStart(
  g: Graph<NodeAttrs, EdgeAttrs>,
  run: number,
  maxIterations: number,
  preview = false,
): LayoutStart {
  const n = g.order;
  const positions = new Float32Array(n * 2);
  const fixed = new Uint8Array(n);
  const sizes = new Float32Array(n);
  const colors = new Uint16Array(preview ? n : 0);
  const palette: string[] = [];
  const paletteIndex = new Map<string, number>();
  const index = new Map<string, number>();
  let i = 0;
  g.forEachNode((id, a) => {
    index.set(id, i);
    positions[i * 2] = a.x;
    positions[i * 2 + 1] = a.y;
    fixed[i] = a.fixed ? 1 : 0;
    sizes[i] = a.size;
    if (preview) {
      let c = paletteIndex.get(a.color);
      if (c === undefined) {
        c = palette.length;
        palette.push(a.color);
        paletteIndex.set(a.color, c);
      }
      colors[i] = c;
    }
    i++;
  });
  const edges = new Uint32Array(g.size * 2);
  let j = 0;
  g.forEachEdge((_, __, s, t) => {
    edges[j++] = index.get(s) ?? 0;
    edges[j++] = index.get(t) ?? 0;
  });
  return { type: 'start', run, positions, fixed, sizes, edges, maxIterations, preview, colors, palette };
}
