/**
 * What jsdom lacks for CodeMirror and the virtualizer: layout. jsdom has no
 * layout engine, so Range geometry is empty and element sizes are zero; the
 * tests that need a viewport size set it on the element explicitly.
 */
export function installDomShims(): void {
  const g = globalThis as unknown as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  g.IS_REACT_ACT_ENVIRONMENT = true;
  const empty = (): DOMRect => ({
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    top: 0,
    left: 0,
    right: 0,
    bottom: 0,
    toJSON: () => ({}),
  });
  const list = (): DOMRectList => Object.assign([] as DOMRect[], { item: () => null }) as unknown as DOMRectList;
  if (!('getClientRects' in Range.prototype)) {
    Object.assign(Range.prototype, { getClientRects: list, getBoundingClientRect: empty });
  }
  if (typeof document.elementFromPoint !== 'function') {
    Object.assign(document, { elementFromPoint: () => null });
  }
}
