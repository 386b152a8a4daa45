import { useMemo, useState, type ReactNode } from 'react';
import { timeuuidTime } from '../../../../shared/contract/cassandra';
import type { DocValue } from '../../../../shared/docValue';
import { ResultGrid, type ResultColumn } from '../../ui/ResultGrid';
import { columnWidth } from './resources';
import { Tabs } from '../../ui/Tabs';
import { TraceView } from './TraceView';
import type { ShownResult } from './useCqlRun';

export interface ResultActions {
  busy: boolean;
  onNextPage(): void;
  onFetchAll(maxRows: number): void;
  onExport?(): void;
}

/** timeuuid cells show their creation time after the uuid (the grid renders text only). */
function withTimes(rows: readonly (readonly DocValue[])[], types: readonly string[]): DocValue[][] | null {
  const cols = types.flatMap((t, i) => (t === 'timeuuid' ? [i] : []));
  if (cols.length === 0) return null;
  return rows.map((r) => {
    const out = r.slice();
    for (const i of cols) {
      const v = out[i];
      if (v?.t === 'other') {
        const at = timeuuidTime(v.v);
        if (at) out[i] = { ...v, v: `${v.v} (${at})` };
      }
    }
    return out;
  });
}

/**
 * One statement's result: what happened (writes, DDL, USE, LWT applied or
 * not), the server's warnings, the rows in the ResultGrid with their CQL
 * types, "Next page" (pageState) and "Fetch all", and the trace when the run
 * was traced.
 */
export function ResultView({ result, actions }: { result: ShownResult; actions: ResultActions }): ReactNode {
  const [tab, setTab] = useState<'rows' | 'trace'>('rows');
  const [maxRows, setMaxRows] = useState(10_000);
  const columns = useMemo<ResultColumn[]>(
    () =>
      result.columns.map((c, i) => ({ key: `${i}`, title: c.name, type: c.type, width: columnWidth(c.name, c.type) })),
    [result.columns],
  );
  const types = useMemo(() => result.columns.map((c) => c.type), [result.columns]);
  const rows = useMemo(() => withTimes(result.rows, types) ?? result.rows, [result.rows, types]);
  const shownTab = result.trace ? tab : 'rows';
  const facts = [
    `at ${result.consistency}${result.serialConsistency ? ` / ${result.serialConsistency}` : ''}`,
    result.coordinator ? `coordinator ${result.coordinator}` : null,
    result.keyspace ? `keyspace ${result.keyspace}` : null,
  ].filter(Boolean);

  return (
    <div className="cs-result" data-testid="cs-result">
      <div className="cs-result-facts" data-testid="cs-result-facts">
        {facts.join(' · ')}
        {result.applied !== null ? (
          <span className={`cs-applied cs-applied-${String(result.applied)}`} data-testid="cs-applied">
            {result.applied ? 'applied' : 'not applied'}
          </span>
        ) : null}
      </div>
      {result.warnings.length > 0 ? (
        <ul className="cs-warnings" data-testid="cs-warnings" aria-label="Server warnings">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {result.message ? (
        <p className="cs-message" data-testid="cs-message">
          {result.message}
          {result.trace ? ' ' : null}
        </p>
      ) : null}
      {result.trace ? (
        <Tabs
          variant="underline"
          label="Result views"
          activeId={shownTab}
          onSelect={(id) => setTab(id as 'rows' | 'trace')}
          items={[
            { id: 'rows', label: 'Rows' },
            { id: 'trace', label: `Trace (${result.trace.events.length})` },
          ]}
          testId="cs-result-tabs"
        />
      ) : null}
      {shownTab === 'trace' && result.trace ? (
        <TraceView trace={result.trace} />
      ) : result.columns.length > 0 ? (
        <ResultGrid
          columns={columns}
          rows={rows}
          tookMs={result.tookMs}
          testId="cs-grid"
          label="Rows"
          empty={<p className="cs-muted">No rows.</p>}
          toolbar={
            <>
              {result.pageState ? (
                <>
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={actions.onNextPage}
                    disabled={actions.busy}
                    data-testid="cs-next-page"
                    title="Load the next page with the driver's pageState"
                  >
                    Next page
                  </button>
                  <label className="cs-inline">
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => actions.onFetchAll(maxRows)}
                      disabled={actions.busy}
                      data-testid="cs-fetch-all"
                    >
                      Fetch all up to
                    </button>
                    <input
                      className="input cs-num-sm"
                      type="number"
                      min={1}
                      max={100_000}
                      aria-label="Fetch all up to rows"
                      value={maxRows}
                      onChange={(e) => setMaxRows(Math.max(1, Math.min(100_000, Number(e.target.value) || 1)))}
                    />
                  </label>
                </>
              ) : (
                <span className="cs-muted" data-testid="cs-all-loaded">
                  {result.pages > 1 ? `all ${result.pages} pages loaded` : 'all rows loaded'}
                </span>
              )}
              {actions.onExport ? (
                <button type="button" className="btn btn-sm" onClick={actions.onExport} data-testid="cs-export">
                  Export…
                </button>
              ) : null}
            </>
          }
        />
      ) : null}
    </div>
  );
}
