import { useMemo, useState, type ReactNode } from 'react';
import type { Neo4jValue } from '../../../../shared/contract/neo4j/values';
import { client } from '../../api/client';
import { DataGrid, type DataGridColumn } from '../../ui/DataGrid';
import { ExportDialog } from '../../ui/ExportDialog';
import { DocumentView } from '../../ui/DocumentView';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Tabs } from '../../ui/Tabs';
import { cellText, tableText, toDocValue } from './format';
import { GraphView } from './graph/GraphView';
import { collectGraph } from './graph/model';
import type { GraphSession } from './graph/session';
import { PlanView } from './PlanView';
import { SummaryView } from './SummaryView';
import type { CypherRun } from './useCypherRuns';

export type ResultTab = 'graph' | 'table' | 'text' | 'plan' | 'summary';

/** The result of one run: graph, table, text, plan and summary. */
export function ResultsPane(props: {
  run: CypherRun;
  version: number;
  connectionId: string;
  database?: string;
  graph: GraphSession;
}): ReactNode {
  const { run, version } = props;
  const [chosen, setChosen] = useState<ResultTab | null>(null);
  // The graph tab is there when the first records hold nodes (looked at once they arrive, not per batch).
  const someRows = run.rows.length > 0;
  const hasNodes = useMemo(
    () => someRows && collectGraph(run.rows.slice(0, 200)).nodes.length > 0,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [someRows, run.status],
  );
  const tab: ResultTab = chosen ?? (run.summary?.plan && !run.summary.profiled ? 'plan' : hasNodes ? 'graph' : 'table');
  const [selected, setSelected] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);

  const columns = useMemo<DataGridColumn<Neo4jValue[]>[]>(
    () =>
      run.keys.map((k, i) => ({
        id: `${i}`,
        header: k,
        width: 220,
        cell: (row) => {
          const v = row[i];
          return v ? cellText(v) : '';
        },
      })),
    [run.keys],
  );
  const rows = useMemo(() => run.rows.slice(), [run.rows, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const selectedDoc = useMemo(() => {
    const row = selected === null ? undefined : rows[selected];
    if (!row) return null;
    return toDocValue({ t: 'object', v: run.keys.map((k, i) => [k, row[i] ?? { t: 'null' }]) });
  }, [selected, rows, run.keys]);

  const s = run.summary;
  const status =
    run.message !== null
      ? null
      : run.status === 'running'
        ? `Running… ${run.rows.length.toLocaleString('en-US')} records so far`
        : s
          ? `${s.recordCount.toLocaleString('en-US')} record${s.recordCount === 1 ? '' : 's'} in ${Math.round(s.lastRecordMs)} ms` +
            (s.firstRecordMs !== null ? ` (first after ${Math.round(s.firstRecordMs)} ms)` : '') +
            (s.truncated ? ' · stopped at the record limit' : '') +
            (s.counters.length > 0 ? ` · ${s.counters.map(([k, n]) => `${k}: ${n}`).join(', ')}` : '')
          : null;

  return (
    <div className="n4-result" data-testid="n4-result" data-status={run.status}>
      {exporting ? (
        <ExportDialog
          title="Export records"
          what="the records of this query, run again in a READ transaction (all of them, up to the limit)"
          start={(options, handlers) =>
            client.subscribe(
              'neo4j.query.export',
              {
                connectionId: props.connectionId,
                ...(props.database ? { database: props.database } : {}),
                query: run.query,
                params: run.params,
                ...options,
              },
              handlers,
            )
          }
          onClose={() => setExporting(false)}
        />
      ) : null}
      {run.error ? <ErrorBanner error={run.error} /> : null}
      {run.message !== null ? (
        <pre className="n4-message" data-testid="n4-message">
          {run.message}
        </pre>
      ) : null}
      {status ? (
        <div className="n4-status" data-testid="n4-status">
          {status}
          {s && s.notifications.length > 0 ? (
            <button type="button" className="n4-warn-chip" onClick={() => setChosen('summary')}>
              {s.notifications.length} warning{s.notifications.length === 1 ? '' : 's'}
            </button>
          ) : null}
          {run.status === 'done' && run.keys.length > 0 ? (
            <button
              type="button"
              className="btn btn-sm"
              data-testid="n4-export-records"
              onClick={() => setExporting(true)}
            >
              Export records…
            </button>
          ) : null}
        </div>
      ) : null}
      {run.message === null && (run.keys.length > 0 || s) ? (
        <>
          <Tabs
            variant="underline"
            label="Result views"
            testId="n4-result-tabs"
            activeId={tab}
            onSelect={(id) => setChosen(id as ResultTab)}
            items={[
              ...(hasNodes ? [{ id: 'graph', label: 'Graph' }] : []),
              { id: 'table', label: 'Table' },
              { id: 'text', label: 'Text' },
              { id: 'plan', label: 'Plan' },
              { id: 'summary', label: 'Summary' },
            ]}
          />
          <div className="n4-view">
            {tab === 'graph' && hasNodes ? (
              <GraphView
                run={run}
                version={version}
                connectionId={props.connectionId}
                {...(props.database ? { database: props.database } : {})}
                session={props.graph}
              />
            ) : tab === 'table' || tab === 'graph' ? (
              <div className="n4-table-split">
                <DataGrid
                  rows={rows}
                  columns={columns}
                  rowKey={(_, i) => String(i)}
                  label="Records"
                  testId="n4-table"
                  selectedIndex={selected}
                  onSelect={setSelected}
                  empty={<p className="n4-muted">No records.</p>}
                />
                {selectedDoc ? (
                  <aside className="n4-detail" aria-label="Record">
                    <DocumentView value={selectedDoc} rootLabel={`record ${(selected ?? 0) + 1}`} />
                  </aside>
                ) : null}
              </div>
            ) : tab === 'text' ? (
              <pre className="n4-text" data-testid="n4-text">
                {tableText(run.keys, rows.slice(0, 1000))}
                {'\n\n'}
                {rows.length} row{rows.length === 1 ? '' : 's'}
                {rows.length > 1000 ? ' (the first 1,000 shown as text; all are in the table)' : ''}
              </pre>
            ) : tab === 'plan' ? (
              <PlanView plan={s?.plan ?? null} profiled={s?.profiled ?? false} />
            ) : s ? (
              <SummaryView summary={s} accessMode={run.accessMode} />
            ) : (
              <p className="n4-muted">The summary comes when the query has finished.</p>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}
