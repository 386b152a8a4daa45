/**
 * Exports of the picture, made in the page (the picture only exists here):
 * PNG (sigma's own renderer at the current view), SVG, the subgraph as JSON,
 * and a self-contained interactive HTML file (Browser #122): the SVG with
 * pan and zoom and each node's properties as a tooltip, no network access.
 */
import { subgraphJson, type GraphData } from './model';

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started once click() returns; give the browser a moment before revoking.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileStamp(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

export function subgraphBlob(g: GraphData): Blob {
  return new Blob([JSON.stringify(subgraphJson(g), null, 2)], { type: 'application/json' });
}

const PAN_ZOOM = `
(function(){var s=document.querySelector('svg'),v=s.viewBox.baseVal,d=null;
s.addEventListener('wheel',function(e){e.preventDefault();var k=e.deltaY>0?1.1:1/1.1,r=s.getBoundingClientRect(),
mx=v.x+(e.clientX-r.left)/r.width*v.width,my=v.y+(e.clientY-r.top)/r.height*v.height;
v.x=mx-(mx-v.x)*k;v.y=my-(my-v.y)*k;v.width*=k;v.height*=k;},{passive:false});
s.addEventListener('mousedown',function(e){d={x:e.clientX,y:e.clientY};});
window.addEventListener('mouseup',function(){d=null;});
window.addEventListener('mousemove',function(e){if(!d)return;var r=s.getBoundingClientRect();
v.x-=(e.clientX-d.x)/r.width*v.width;v.y-=(e.clientY-d.y)/r.height*v.height;d={x:e.clientX,y:e.clientY};});})();`;

/** A standalone page: the SVG inline, a few lines of script for pan and zoom, nothing fetched. */
export function interactiveHtml(svg: string, title: string, g: GraphData): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
  const counts = `${g.nodes.size} nodes, ${g.rels.size} relationships`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>html,body{margin:0;height:100%;font-family:sans-serif}header{padding:6px 10px;font-size:13px;color:#555}
svg{width:100%;height:calc(100% - 32px);cursor:grab;display:block}</style></head>
<body><header>${esc(title)} · ${counts} · scroll to zoom, drag to pan, hover a node for its caption</header>
${body}
<script>${PAN_ZOOM}</script>
<script type="application/json" id="subgraph">${JSON.stringify(subgraphJson(g)).replace(/</g, '\\u003c')}</script>
</body></html>`;
}
