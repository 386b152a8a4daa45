import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type React from 'react';
import { gridTemplate, nextRowIndex, resizeWidth } from './grid';

/** Must match .grid-header's height in the stylesheet. */
const HEADER_HEIGHT = 28;

export interface DataGridColumn<R> {
  id: string;
  header: string;
  /** Initial width in px (default 160). */
  width?: number;
  align?: 'left' | 'right';
  /** Cell content. Return text (strings, numbers): server data is never HTML. */
  cell: (row: R, index: number) => ReactNode;
  /** Tooltip for a truncated cell; defaults to the cell when it is a string or number. */
  title?: (row: R) => string;
}

export interface DataGridProps<R> {
  rows: readonly R[];
  columns: readonly DataGridColumn<R>[];
  rowKey: (row: R, index: number) => string;
  label: string;
  rowHeight?: number;
  /** Height assumed before the first layout (and for server rendering in tests). */
  initialHeight?: number;
  overscan?: number;
  selectedIndex?: number | null;
  onSelect?: (index: number) => void;
  /** Enter or double click. */
  onActivate?: (row: R, index: number) => void;
  /** Called when the last rendered row is near the end (load the next page). */
  onEndReached?: () => void;
  empty?: ReactNode;
  resizable?: boolean;
  testId?: string;
}

/**
 * A virtualized table: the DOM holds only the rows in view (plus overscan),
 * never the whole result. The header is sticky, columns can be resized by
 * dragging their right edge, and the grid is keyboard navigable
 * (arrows, PageUp/PageDown, Home/End, Enter).
 */
export function DataGrid<R>(props: DataGridProps<R>): ReactNode {
  const {
    rows,
    columns,
    rowKey,
    label,
    rowHeight = 26,
    initialHeight = 400,
    overscan = 8,
    selectedIndex = null,
    onSelect,
    onActivate,
    onEndReached,
    empty,
    resizable = true,
    testId,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<number[]>(() => columns.map((c) => c.width ?? 160));
  const colWidths = columns.map((c, i) => widths[i] ?? c.width ?? 160);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is designed for this use
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    initialRect: { width: 800, height: initialHeight },
    // The sticky header sits above the rows inside the same scroll container.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const endReachedFor = useRef(-1);
  const nearEnd = last !== undefined && last.index >= rows.length - 1 - overscan;
  useEffect(() => {
    // Once per row count: a page that is still loading is not requested twice.
    if (!onEndReached || !nearEnd || endReachedFor.current === rows.length) return;
    endReachedFor.current = rows.length;
    onEndReached();
  }, [onEndReached, nearEnd, rows.length]);

  const template = gridTemplate(colWidths);
  const minWidth = colWidths.reduce((a, b) => a + b, 0);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' && selectedIndex !== null && onActivate) {
      const row = rows[selectedIndex];
      if (row !== undefined) onActivate(row, selectedIndex);
      return;
    }
    const page = Math.floor((scrollRef.current?.clientHeight ?? initialHeight) / rowHeight) - 1;
    const next = nextRowIndex(event.key, selectedIndex ?? -1, rows.length, page);
    if (next === null) return;
    event.preventDefault();
    onSelect?.(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const startResize = useCallback((index: number, event: React.PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const start = (handle.parentElement?.getBoundingClientRect().width ?? 160) | 0;
    const move = (e: PointerEvent): void => {
      setWidths((prev) => {
        const next = [...prev];
        next[index] = resizeWidth(start, e.clientX - startX);
        return next;
      });
    };
    const up = (): void => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  }, []);

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid={testId}
      style={{ ['--grid-template' as string]: template, ['--grid-min-width' as string]: `${minWidth}px` }}
    >
      <div className="grid-header" role="row" aria-rowindex={1}>
        {columns.map((col, i) => (
          <div key={col.id} role="columnheader" className={`grid-th${col.align === 'right' ? ' grid-right' : ''}`}>
            <span className="grid-th-label">{col.header}</span>
            {resizable ? (
              <span
                className="grid-resize"
                aria-hidden="true"
                onPointerDown={(event) => startResize(i, event)}
                onDoubleClick={() => setWidths((prev) => prev.map((w, j) => (j === i ? (col.width ?? 160) : w)))}
              />
            ) : null}
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className="grid-empty">{empty ?? 'No rows'}</div>
      ) : (
        <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            const selected = item.index === selectedIndex;
            return (
              <div
                key={rowKey(row, item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`grid-row${selected ? ' grid-row-selected' : ''}${item.index % 2 === 1 ? ' grid-row-odd' : ''}`}
                style={{ height: rowHeight, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                onMouseDown={() => onSelect?.(item.index)}
                onDoubleClick={() => onActivate?.(row, item.index)}
              >
                {columns.map((col) => {
                  const content = col.cell(row, item.index);
                  const title = col.title
                    ? col.title(row)
                    : typeof content === 'string' || typeof content === 'number'
                      ? String(content)
                      : undefined;
                  return (
                    <div
                      key={col.id}
                      role="gridcell"
                      className={`grid-td${col.align === 'right' ? ' grid-right' : ''}`}
                      title={title}
                    >
                      {content}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
