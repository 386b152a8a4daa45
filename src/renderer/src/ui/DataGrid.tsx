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
  /** Extra content after the header label (e.g. a sort arrow). */
  headerSuffix?: ReactNode;
  /** Extra class names for a cell. */
  className?: (row: R, index: number) => string;
}

/** Modifier keys of the click that selected a row (for range selection). */
export interface SelectModifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
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
  onSelect?: (index: number, modifiers?: SelectModifiers) => void;
  /** Rows drawn as selected besides `selectedIndex` (multi-row selection). */
  isSelected?: (index: number) => boolean;
  /** A cell was pressed (before onSelect). */
  onCellMouseDown?: (rowIndex: number, columnIndex: number) => void;
  /** The column of the active cell in the selected row (drawn with a focus ring). */
  activeColumn?: number | null;
  /** Header click (e.g. sort). */
  onHeaderClick?: (columnId: string) => void;
  /** Makes headers draggable: drop column `fromId` before column `toId`. */
  onColumnMove?: (fromId: string, toId: string) => void;
  /** Runs before the grid's own key handling; call preventDefault to stop it. */
  onKeyDown?: (event: React.KeyboardEvent<HTMLDivElement>) => void;
  /** Called with the scroll element (tests and callers that scroll programmatically). */
  scrollRef?: (el: HTMLDivElement | null) => void;
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
    isSelected,
    onCellMouseDown,
    activeColumn = null,
    onHeaderClick,
    onColumnMove,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Widths by column id, so reordering columns keeps each one's width.
  const [widths, setWidths] = useState<Record<string, number>>({});
  const colWidths = columns.map((c) => widths[c.id] ?? c.width ?? 160);
  const dragFrom = useRef<string | null>(null);

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
    props.onKeyDown?.(event);
    if (event.defaultPrevented) return;
    if (event.key === 'Enter' && selectedIndex !== null && onActivate) {
      const row = rows[selectedIndex];
      if (row !== undefined) onActivate(row, selectedIndex);
      return;
    }
    const page = Math.floor((scrollRef.current?.clientHeight ?? initialHeight) / rowHeight) - 1;
    const next = nextRowIndex(event.key, selectedIndex ?? -1, rows.length, page);
    if (next === null) return;
    event.preventDefault();
    onSelect?.(next, { shiftKey: event.shiftKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey });
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const startResize = useCallback((id: string, event: React.PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const start = (handle.parentElement?.getBoundingClientRect().width ?? 160) | 0;
    const move = (e: PointerEvent): void => {
      setWidths((prev) => ({ ...prev, [id]: resizeWidth(start, e.clientX - startX) }));
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
      ref={(el) => {
        scrollRef.current = el;
        props.scrollRef?.(el);
      }}
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
          <div
            key={col.id}
            role="columnheader"
            className={`grid-th${col.align === 'right' ? ' grid-right' : ''}${onHeaderClick ? ' grid-th-clickable' : ''}`}
            data-column={col.id}
            data-index={i}
            onClick={onHeaderClick ? () => onHeaderClick(col.id) : undefined}
            draggable={onColumnMove ? true : undefined}
            onDragStart={
              onColumnMove
                ? (e) => {
                    dragFrom.current = col.id;
                    e.dataTransfer.effectAllowed = 'move';
                  }
                : undefined
            }
            onDragOver={onColumnMove ? (e) => e.preventDefault() : undefined}
            onDrop={
              onColumnMove
                ? (e) => {
                    e.preventDefault();
                    const from = dragFrom.current;
                    dragFrom.current = null;
                    if (from !== null && from !== col.id) onColumnMove(from, col.id);
                  }
                : undefined
            }
          >
            <span className="grid-th-label">{col.header}</span>
            {col.headerSuffix}
            {resizable ? (
              <span
                className="grid-resize"
                aria-hidden="true"
                onClick={(event) => event.stopPropagation()}
                onPointerDown={(event) => startResize(col.id, event)}
                onDoubleClick={() =>
                  setWidths((prev) => {
                    const next = { ...prev };
                    delete next[col.id];
                    return next;
                  })
                }
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
            const selected = item.index === selectedIndex || (isSelected?.(item.index) ?? false);
            return (
              <div
                key={rowKey(row, item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`grid-row${selected ? ' grid-row-selected' : ''}${item.index % 2 === 1 ? ' grid-row-odd' : ''}`}
                style={{ height: rowHeight, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                onMouseDown={(e) =>
                  onSelect?.(item.index, { shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey })
                }
                onDoubleClick={() => onActivate?.(row, item.index)}
              >
                {columns.map((col, ci) => {
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
                      className={`grid-td${col.align === 'right' ? ' grid-right' : ''}${
                        item.index === selectedIndex && ci === activeColumn ? ' grid-td-active' : ''
                      }${col.className ? ` ${col.className(row, item.index)}` : ''}`}
                      title={title}
                      onMouseDown={onCellMouseDown ? () => onCellMouseDown(item.index, ci) : undefined}
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
