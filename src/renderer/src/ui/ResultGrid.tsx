import { useContext, useMemo, useState, type ReactNode } from 'react';
import type React from 'react';
import '../styles/result-grid.css';
import { binaryHex, displayText, isContainer, preview, type DocValue } from '../../../shared/docValue';
import { DataGrid, type DataGridColumn, type SelectModifiers } from './DataGrid';
import { DocumentView } from './DocumentView';
import {
  cellText,
  nextSort,
  numericColumn,
  sortedOrder,
  summary,
  toDoc,
  toJsonRows,
  toTsv,
  type Cell,
  type ResultColumn,
  type SortState,
} from './resultGrid';
import { ToastContext } from './toast';

export type { Cell, ResultColumn } from './resultGrid';

export interface ResultGridProps {
  columns: readonly ResultColumn[];
  rows: readonly (readonly DocValue[])[] | readonly (readonly Cell[])[];
  /** How long the query took (shown beside the row count). */
  tookMs?: number;
  /** The total when more rows exist than are loaded ("1,000 of 12,345 rows"). */
  totalRows?: number;
  /** Near the end of the loaded rows (load the next page). */
  onEndReached?: () => void;
  label?: string;
  empty?: ReactNode;
  /** Extra toolbar content on the right (export, paging...). */
  toolbar?: ReactNode;
  /** Text longer than this is cut in the cell, with a button to open it whole. */
  maxCellChars?: number;
  rowHeight?: number;
  initialHeight?: number;
  testId?: string;
}

interface ViewRow {
  /** Index in `rows`. */
  i: number;
  cells: readonly Cell[];
}

/**
 * Query results on the virtualized DataGrid: typed cells (null distinct from
 * an empty string, numbers right-aligned, long text cut with an expand button,
 * binary as hex with its size, nested values as a one-line preview that opens
 * a DocumentView), resizable and draggable columns, sort of the loaded rows
 * (header click), row selection (click, Shift+click, Shift+arrows) and copy:
 * Ctrl/Cmd+C copies the active cell (one row selected) or the rows as TSV,
 * Ctrl/Cmd+Shift+C the rows as JSON. Text only.
 */
export function ResultGrid(props: ResultGridProps): ReactNode {
  const { columns, rows, tookMs, totalRows, onEndReached, label = 'Results', maxCellChars = 200, testId } = props;
  const toast = useContext(ToastContext);
  const columnSig = columns.map((c) => c.key).join('\u0001');
  const [orderState, setOrderState] = useState<{ sig: string; keys: string[] }>({ sig: '', keys: [] });
  const colOrder = orderState.sig === columnSig ? orderState.keys : columns.map((c) => c.key);
  const [sort, setSort] = useState<SortState>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [activeCol, setActiveCol] = useState<number | null>(null);
  const [detail, setDetail] = useState<{ row: number; col: string } | null>(null);

  const cells = rows as readonly (readonly Cell[])[];
  const indexOf = useMemo(() => new Map(columns.map((c, i) => [c.key, i])), [columns]);
  const sortIndex = sort ? (indexOf.get(sort.key) ?? -1) : -1;
  const order = useMemo(() => sortedOrder(cells, sortIndex, sort?.dir ?? null), [cells, sortIndex, sort?.dir]);
  const viewRows = useMemo<ViewRow[]>(() => order.map((i) => ({ i, cells: cells[i] ?? [] })), [order, cells]);
  const numeric = useMemo(() => columns.map((c, i) => numericColumn(c, i, cells)), [columns, cells]);
  const ordered = colOrder
    .map((k) => ({ col: columns[indexOf.get(k) ?? -1], index: indexOf.get(k) ?? -1 }))
    .filter((x): x is { col: ResultColumn; index: number } => x.col !== undefined);

  const lo = anchor === null || focus === null ? null : Math.min(anchor, focus);
  const hi = anchor === null || focus === null ? null : Math.max(anchor, focus);
  const selectedRows = (): ViewRow[] => (lo === null || hi === null ? [] : viewRows.slice(lo, hi + 1));

  const copy = (text: string, what: string): void => {
    const done = (): void => toast?.push({ tone: 'success', title: `Copied ${what}` });
    const failed = (): void => toast?.push({ tone: 'error', title: `Could not copy the ${what}` });
    if (typeof navigator === 'undefined' || !navigator.clipboard) return failed();
    navigator.clipboard.writeText(text).then(done, failed);
  };
  const visibleColumns = ordered.map((o) => o.col);
  const project = (r: ViewRow): Cell[] => ordered.map((o) => r.cells[o.index]);
  const copyCell = (): void => {
    const row = focus === null ? undefined : viewRows[focus];
    const col = activeCol === null ? undefined : ordered[activeCol];
    if (!row || !col) return;
    copy(cellText(toDoc(row.cells[col.index])), 'cell');
  };
  const copyRows = (as: 'tsv' | 'json'): void => {
    const sel = selectedRows();
    if (sel.length === 0) return;
    const data = sel.map(project);
    const n = `${sel.length.toLocaleString()} ${sel.length === 1 ? 'row' : 'rows'}`;
    copy(as === 'tsv' ? toTsv(visibleColumns, data) : toJsonRows(visibleColumns, data), `${n} as ${as.toUpperCase()}`);
  };

  const onSelect = (index: number, mods?: SelectModifiers): void => {
    if (mods?.shiftKey && anchor !== null) setFocus(index);
    else {
      setAnchor(index);
      setFocus(index);
    }
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>): void => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'c' || e.key === 'C')) {
      e.preventDefault();
      if (e.shiftKey) copyRows('json');
      else if (lo !== null && lo === hi && activeCol !== null) copyCell();
      else copyRows('tsv');
    } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && focus !== null) {
      e.preventDefault();
      const next = (activeCol ?? 0) + (e.key === 'ArrowLeft' ? -1 : 1);
      setActiveCol(Math.max(0, Math.min(ordered.length - 1, next)));
    } else if (e.key === 'Enter' && focus !== null && activeCol !== null) {
      e.preventDefault();
      const col = ordered[activeCol];
      if (col) setDetail({ row: focus, col: col.col.key });
    }
  };

  const gridColumns: DataGridColumn<ViewRow>[] = ordered.map(({ col, index }, pos) => ({
    id: col.key,
    header: col.title,
    width: col.width ?? (numeric[index] ? 120 : 180),
    align: numeric[index] ? 'right' : 'left',
    headerSuffix:
      sort?.key === col.key ? (
        <span className="rg-sort" aria-label={sort.dir === 'asc' ? 'sorted ascending' : 'sorted descending'}>
          {sort.dir === 'asc' ? '▲' : '▼'}
        </span>
      ) : col.type ? (
        <span className="rg-type">{col.type}</span>
      ) : null,
    title: (r) => {
      const v = toDoc(r.cells[index]);
      if (v === undefined) return 'missing';
      if (v.t === 'string' && v.v === '') return 'empty string';
      const t = isContainer(v) ? preview(v, 500) : displayText(v);
      return t.length > 500 ? `${t.slice(0, 500)}…` : t;
    },
    cell: (r) => (
      <CellView
        value={toDoc(r.cells[index])}
        max={maxCellChars}
        onOpen={() => {
          setDetail({ row: viewRows.indexOf(r), col: col.key });
          setActiveCol(pos);
        }}
      />
    ),
  }));

  const detailRow = detail ? viewRows[detail.row] : undefined;
  const detailIndex = detail ? indexOf.get(detail.col) : undefined;
  const detailValue = detailRow && detailIndex !== undefined ? toDoc(detailRow.cells[detailIndex]) : undefined;

  return (
    <div className="result-grid" data-testid={testId}>
      <div className="rg-toolbar">
        <span className="rg-summary" data-testid={testId ? `${testId}-summary` : undefined}>
          {summary(rows.length, totalRows, tookMs)}
          {lo !== null && hi !== null && hi > lo ? ` · ${(hi - lo + 1).toLocaleString()} selected` : ''}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-sm"
          onClick={copyCell}
          disabled={activeCol === null || focus === null}
          title="Copy the active cell (Ctrl+C with one row selected)"
        >
          Copy cell
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => copyRows('tsv')}
          disabled={lo === null}
          title="Copy the selected rows as TSV with a header (Ctrl+C)"
        >
          Copy TSV
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => copyRows('json')}
          disabled={lo === null}
          title="Copy the selected rows as JSON (Ctrl+Shift+C)"
        >
          Copy JSON
        </button>
        {props.toolbar}
      </div>
      <DataGrid<ViewRow>
        rows={viewRows}
        columns={gridColumns}
        rowKey={(r) => String(r.i)}
        label={label}
        rowHeight={props.rowHeight}
        initialHeight={props.initialHeight}
        selectedIndex={focus}
        isSelected={(i) => lo !== null && hi !== null && i >= lo && i <= hi}
        onSelect={onSelect}
        onCellMouseDown={(_, c) => setActiveCol(c)}
        activeColumn={activeCol}
        onActivate={(_, i) => {
          const col = ordered[activeCol ?? 0];
          if (col) setDetail({ row: i, col: col.col.key });
        }}
        onHeaderClick={(key) => setSort(nextSort(sort, key))}
        onColumnMove={(from, to) => {
          const keys = colOrder.filter((k) => k !== from);
          keys.splice(keys.indexOf(to), 0, from);
          setOrderState({ sig: columnSig, keys });
        }}
        onKeyDown={onKeyDown}
        onEndReached={onEndReached}
        empty={props.empty}
        testId={testId ? `${testId}-grid` : undefined}
      />
      {detail && detailRow ? (
        <div className="rg-detail" data-testid={testId ? `${testId}-detail` : undefined}>
          <div className="rg-detail-head">
            <span className="mono">
              {detail.col} · row {(detail.row + 1).toLocaleString()}
            </span>
            <span className="spacer" />
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => copy(cellText(detailValue), 'value')}
              disabled={detailValue === undefined}
            >
              Copy
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setDetail(null)} aria-label="Close the value">
              Close
            </button>
          </div>
          <div className="rg-detail-body">
            {detailValue === undefined ? (
              <span className="faint">missing</span>
            ) : isContainer(detailValue) ? (
              <DocumentView value={detailValue} rootLabel={detail.col} />
            ) : detailValue.t === 'string' ? (
              <pre className="rg-pre">{detailValue.v}</pre>
            ) : (
              <DocumentView value={detailValue} rootLabel={detail.col} />
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function CellView({ value, max, onOpen }: { value: DocValue | undefined; max: number; onOpen(): void }): ReactNode {
  if (value === undefined) return <span className="rg-missing" />;
  switch (value.t) {
    case 'null':
      return <span className="rg-null">null</span>;
    case 'string': {
      if (value.v === '') return <span className="rg-empty" />;
      const line = value.v.length > max ? value.v.slice(0, max) : value.v;
      const cut = value.v.length > max || /[\r\n]/.test(line);
      return (
        <>
          <span className="rg-text">{line.replace(/[\r\n]+/g, ' ⏎ ')}</span>
          {cut ? (
            <button type="button" className="rg-open" onMouseDown={(e) => e.stopPropagation()} onClick={onOpen}>
              {value.v.length.toLocaleString()} chars
            </button>
          ) : null}
        </>
      );
    }
    case 'binary':
      return (
        <span className="rg-binary">
          {binaryHex(value, 16)} <span className="faint">({value.size.toLocaleString()} B)</span>
        </span>
      );
    case 'array':
    case 'object':
      return (
        <>
          <button type="button" className="rg-open" onMouseDown={(e) => e.stopPropagation()} onClick={onOpen}>
            {value.t === 'array' ? `[${value.v.length}]` : `{${value.v.length}}`}
          </button>
          <span className="rg-nested">{preview(value, max)}</span>
        </>
      );
    case 'bool':
      return <span className="rg-bool">{String(value.v)}</span>;
    case 'int':
    case 'long':
    case 'double':
    case 'decimal':
      return <span className="rg-num">{value.v}</span>;
    default:
      return <span className={`rg-${value.t}`}>{displayText(value)}</span>;
  }
}
