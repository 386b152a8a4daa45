/** Pure logic behind DataGrid (unit tested): keyboard movement and column sizing. */

export const MIN_COLUMN_WIDTH = 48;

/** The row index a navigation key moves to, or null when the key is not a navigation key. */
export function nextRowIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const page = Math.max(1, pageSize);
  const clamp = (n: number): number => Math.min(count - 1, Math.max(0, n));
  switch (key) {
    case 'ArrowDown':
      return clamp(current < 0 ? 0 : current + 1);
    case 'ArrowUp':
      return clamp(current < 0 ? 0 : current - 1);
    case 'PageDown':
      return clamp(current + page);
    case 'PageUp':
      return clamp(current - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** A column width after dragging its edge by `delta` pixels. */
export function resizeWidth(start: number, delta: number, min = MIN_COLUMN_WIDTH, max = 2000): number {
  return Math.round(Math.min(max, Math.max(min, start + delta)));
}

/** CSS grid-template-columns: fixed widths, the last column stretches to fill. */
export function gridTemplate(widths: readonly number[]): string {
  return widths.map((w, i) => (i === widths.length - 1 ? `minmax(${w}px, 1fr)` : `${w}px`)).join(' ');
}
