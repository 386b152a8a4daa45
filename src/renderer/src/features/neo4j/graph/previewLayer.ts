/**
 * The layer the layout worker draws a large moving picture on (an
 * OffscreenCanvas under sigma's mouse layer; see LayoutCanvas in
 * layoutProtocol.ts), kept told of sigma's camera and size. Without
 * OffscreenCanvas nothing is attached and the page draws every move, as
 * before. Returns what removes it again.
 */
import type Sigma from 'sigma';
import type { EdgeAttrs, NodeAttrs } from './controller';
import type { LayoutRunner } from './layoutRunner';

export function attachPreviewLayer(
  sigma: Sigma<NodeAttrs, EdgeAttrs>,
  container: HTMLElement,
  layout: LayoutRunner,
): () => void {
  const canvas = document.createElement('canvas');
  if (typeof canvas.transferControlToOffscreen !== 'function') return () => undefined;
  canvas.className = 'n4-preview';
  canvas.setAttribute('aria-hidden', 'true');
  container.insertBefore(canvas, sigma.getCanvases().mouse ?? null);
  layout.attachCanvas(canvas.transferControlToOffscreen());
  const post = () => {
    const { width, height } = sigma.getDimensions();
    layout.setView({
      type: 'view',
      width,
      height,
      pixelRatio: window.devicePixelRatio || 1,
      camera: sigma.getCamera().getState(),
      padding: sigma.getSetting('stagePadding') ?? 0,
      sizeScale: sigma.scaleSize(1),
    });
  };
  const camera = sigma.getCamera();
  camera.on('updated', post);
  sigma.on('resize', post);
  post();
  return () => {
    camera.off('updated', post);
    sigma.off('resize', post);
    canvas.remove();
    container.classList.remove('n4-previewing');
  };
}
