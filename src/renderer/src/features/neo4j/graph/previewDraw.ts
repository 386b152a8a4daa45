/**
 * The layout worker's drawing of a moving picture (see LayoutCanvas in
 * layoutProtocol.ts): relationships as lines, nodes as discs in their label
 * colours, no captions, mapped to pixels with sigma's own normalisation and
 * camera matrix so the last preview frame and sigma's first frame agree.
 */
import { createNormalizationFunction, matrixFromCamera, multiplyVec2 } from 'sigma/utils';
import { EDGE_COLOR } from './graphData';
import type { LayoutView } from './layoutProtocol';

export interface PreviewScene {
  positions: Float32Array;
  sizes: Float32Array;
  edges: Uint32Array;
  colors: Uint16Array;
  palette: readonly string[];
}

/** Nodes drawn smaller than this many pixels are drawn as squares (fillRect is far cheaper than arc in software). */
const SQUARE_BELOW_PX = 3;

export function drawPreview(ctx: OffscreenCanvasRenderingContext2D, view: LayoutView, s: PreviewScene): void {
  const { width, height, pixelRatio } = view;
  const w = Math.max(1, Math.round(width * pixelRatio));
  const h = Math.max(1, Math.round(height * pixelRatio));
  if (ctx.canvas.width !== w || ctx.canvas.height !== h) {
    ctx.canvas.width = w;
    ctx.canvas.height = h;
  }
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const n = s.positions.length / 2;
  if (n === 0) return;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = s.positions[i * 2] ?? 0;
    const y = s.positions[i * 2 + 1] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const norm = createNormalizationFunction({ x: [minX, maxX], y: [minY, maxY] });
  const matrix = matrixFromCamera(
    view.camera,
    { width, height },
    { width: maxX - minX || 1, height: maxY - minY || 1 },
    view.padding,
  );
  // Graph -> pixels is affine: find its origin and axes once, then two multiply-adds per coordinate.
  const px = (x: number, y: number) => {
    const v = multiplyVec2(matrix, norm({ x, y }));
    return { x: ((1 + v.x) * width) / 2, y: ((1 - v.y) * height) / 2 };
  };
  const o = px(0, 0);
  const ex = px(1, 0);
  const ey = px(0, 1);
  const ax = ex.x - o.x;
  const ay = ex.y - o.y;
  const bx = ey.x - o.x;
  const by = ey.y - o.y;
  const sx = new Float32Array(n);
  const sy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = s.positions[i * 2] ?? 0;
    const y = s.positions[i * 2 + 1] ?? 0;
    sx[i] = o.x + x * ax + y * bx;
    sy[i] = o.y + x * ay + y * by;
  }
  ctx.strokeStyle = EDGE_COLOR;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let j = 0; j + 1 < s.edges.length; j += 2) {
    const a = s.edges[j] ?? 0;
    const b = s.edges[j + 1] ?? 0;
    ctx.moveTo(sx[a] ?? 0, sy[a] ?? 0);
    ctx.lineTo(sx[b] ?? 0, sy[b] ?? 0);
  }
  ctx.stroke();
  // One path per colour: a fill per path, not per node.
  for (let c = 0; c < s.palette.length; c++) {
    ctx.fillStyle = s.palette[c] ?? '#888888';
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (s.colors[i] !== c) continue;
      const r = (s.sizes[i] ?? 1) * view.sizeScale;
      const x = sx[i] ?? 0;
      const y = sy[i] ?? 0;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      if (r < SQUARE_BELOW_PX) {
        ctx.rect(x - r, y - r, 2 * r, 2 * r);
      } else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
    }
    ctx.fill();
  }
}

export function clearPreview(ctx: OffscreenCanvasRenderingContext2D): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
}
