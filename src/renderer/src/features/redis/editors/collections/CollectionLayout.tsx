import type { ReactNode } from 'react';
import { DataGrid, type DataGridColumn } from '../../../../ui/DataGrid';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { formatCount } from '../../format';
import { MAX_LOADED_ROWS, type PagedMembers } from './usePagedMembers';

/**
 * The frame shared by the hash, list, set and sorted-set editors: a toolbar
 * (filter or range), the members in a virtualized grid that loads the next
 * page as it scrolls, a count of loaded against the key's length, and the
 * panel that edits the selected member or adds one.
 */
export function CollectionLayout<R>(props: {
  testId: string;
  unit: string;
  toolbar?: ReactNode;
  paged: PagedMembers<R>;
  columns: readonly DataGridColumn<R>[];
  rowKey(row: R, index: number): string;
  selectedIndex: number | null;
  onSelect(index: number | null): void;
  panel: ReactNode;
  /** The loaded rows are a filtered subset (MATCH, a score range): the count says "matching". */
  filtered?: boolean;
}): ReactNode {
  const { paged } = props;
  return (
    <div className="rd-collection" data-testid={props.testId}>
      {props.toolbar ? <div className="rd-editor-bar">{props.toolbar}</div> : null}
      {paged.error ? <ErrorBanner error={paged.error} /> : null}
      <div className="rd-collection-body">
        <div className="rd-collection-grid">
          <DataGrid
            rows={paged.rows}
            columns={props.columns}
            rowKey={props.rowKey}
            label={`Key ${props.unit}`}
            testId={`${props.testId}-grid`}
            selectedIndex={props.selectedIndex}
            onSelect={(i) => props.onSelect(i)}
            onEndReached={paged.loadMore}
            initialHeight={360}
            empty={<p className="faint rd-pad">{paged.loading ? 'Loading…' : `No ${props.unit}.`}</p>}
          />
          <div className="rd-collection-status" data-testid={`${props.testId}-status`}>
            <span>
              {formatCount(paged.rows.length)} {props.filtered ? 'matching ' : ''}
              {props.unit} loaded
              {paged.length !== null ? ` of ${formatCount(paged.length)}` : ''}
              {paged.done ? ' · all loaded' : ''}
              {paged.capped ? ` · stopped at ${formatCount(MAX_LOADED_ROWS)}; narrow the filter` : ''}
            </span>
            {paged.loading ? <span className="spin" aria-hidden /> : null}
            <span className="spacer" />
            {!paged.done && !paged.capped ? (
              <button type="button" className="btn btn-sm" disabled={paged.loading} onClick={paged.loadMore}>
                Load more
              </button>
            ) : null}
            <button type="button" className="btn btn-sm" onClick={paged.reload}>
              Reload
            </button>
          </div>
        </div>
        <aside className="rd-member-panel" aria-label="Member">
          {props.panel}
        </aside>
      </div>
    </div>
  );
}
