import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ColumnInfo, RunOptions, TableDetail } from '../../../../shared/contract/cassandra';
import { client } from '../../api/client';
import { useInvoke } from '../../api/hooks';
import type { ResourceViewProps } from '../../app/resources';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { ExportDialog } from '../../ui/ExportDialog';
import { Tabs } from '../../ui/Tabs';
import { parseTableResource, quoteIdent } from './resources';
import { DdlBlock } from './DdlBlock';
import { ImportDialog } from './ImportDialog';
import { AlterTableDialog } from './AlterTableDialog';
import { DropDialog } from './CqlFormDialog';
import { ResultView } from './ResultView';
import { useCqlRun } from './useCqlRun';

const KIND_LABEL: Record<ColumnInfo['kind'], string> = {
  partition_key: 'partition key',
  clustering: 'clustering',
  static: 'static',
  regular: '',
};

const ROW_OPTIONS: RunOptions = {
  consistency: null,
  serialConsistency: null,
  pageSize: 100,
  timeoutMs: 30_000,
  trace: false,
};

function ColumnsTable({ detail }: { detail: TableDetail }): ReactNode {
  return (
    <table className="cs-columns" data-testid="cs-columns">
      <thead>
        <tr>
          <th>Column</th>
          <th>Type</th>
          <th>Key</th>
        </tr>
      </thead>
      <tbody>
        {detail.columns.map((c) => (
          <tr key={c.name} data-kind={c.kind}>
            <td className="mono">{c.name}</td>
            <td className="mono cs-type">{c.type}</td>
            <td>
              {c.kind === 'regular' ? null : (
                <span className={`cs-key cs-key-${c.kind}`}>
                  {KIND_LABEL[c.kind]}
                  {c.kind === 'partition_key' || c.kind === 'clustering' ? ` ${c.position + 1}` : ''}
                  {c.order ? ` · ${c.order}` : ''}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rows of a table, no CQL typed: a page at a time, optionally one partition (every partition key column given). */
function RowsPane({ connectionId, detail }: { connectionId: string; detail: TableDetail }): ReactNode {
  const pk = detail.columns.filter((c) => c.kind === 'partition_key');
  const [filter, setFilter] = useState<string[]>(() => pk.map(() => ''));
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const cql = useCqlRun(connectionId, `table:${detail.keyspace}.${detail.name}`, false);
  const ident = `${quoteIdent(detail.keyspace)}.${quoteIdent(detail.name)}`;
  const [ran, setRan] = useState(false);

  const load = (e?: FormEvent): void => {
    e?.preventDefault();
    const given = filter.some((f) => f.trim() !== '');
    const where = given ? ` WHERE ${pk.map((c) => `${quoteIdent(c.name)} = ?`).join(' AND ')}` : '';
    cql.run(
      `SELECT * FROM ${ident}${where}`,
      ROW_OPTIONS,
      given ? filter.map((text) => ({ kind: 'value' as const, text })) : undefined,
    );
    setRan(true);
  };
  // The rows load when the tab opens: one click from the tree, no CQL typed.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    if (!ran) loadRef.current();
  }, [ran]);
  const result = cql.state.results[0];
  const params = filter.some((f) => f.trim() !== '')
    ? filter.map((text) => ({ kind: 'value' as const, text }))
    : undefined;

  return (
    <div className="cs-rows">
      <form className="cs-filter" onSubmit={load} aria-label="Partition filter">
        {pk.map((c, i) => (
          <label key={c.name} className="cs-field">
            <span className="mono">{c.name}</span> =
            <input
              className="input"
              value={filter[i] ?? ''}
              placeholder={c.type}
              aria-label={`Partition key ${c.name}`}
              data-testid="cs-pk-filter"
              onChange={(e) => setFilter((f) => f.map((x, j) => (j === i ? e.target.value : x)))}
            />
          </label>
        ))}
        <button type="submit" className="btn btn-sm btn-primary" disabled={cql.state.running !== null}>
          {filter.some((f) => f.trim() !== '') ? 'Show partition' : 'Show rows'}
        </button>
        <span className="cs-muted">
          Give every partition key column to read one partition; leave them empty for all rows.
        </span>
        <span className="spacer" />
        {detail.kind === 'table' ? (
          <button type="button" className="btn btn-sm" onClick={() => setImporting(true)} data-testid="cs-import-table">
            Import CSV…
          </button>
        ) : null}
        {detail.kind === 'table' ? (
          <button type="button" className="btn btn-sm" onClick={() => setExporting(true)} data-testid="cs-export-table">
            Export table…
          </button>
        ) : null}
      </form>
      {cql.state.failure ? <ErrorBanner error={cql.state.failure} /> : null}
      {cql.state.error ? (
        <ErrorBanner error={{ code: cql.state.error.code, message: cql.state.error.message }} />
      ) : null}
      {result ? (
        <ResultView
          result={result}
          actions={{
            busy: cql.state.running !== null,
            onNextPage: () => cql.nextPage(0, ROW_OPTIONS, params),
            onFetchAll: (max) => cql.fetchAll(0, ROW_OPTIONS, max, params),
          }}
        />
      ) : cql.state.running ? (
        <p className="cs-muted">Loading rows…</p>
      ) : null}
      {importing ? (
        <ImportDialog
          connectionId={connectionId}
          detail={detail}
          onClose={() => {
            setImporting(false);
            load();
          }}
        />
      ) : null}
      {exporting ? (
        <ExportDialog
          title={`Export ${detail.keyspace}.${detail.name}`}
          what={`every row of ${detail.keyspace}.${detail.name}, read by token ranges`}
          start={(o, handlers) =>
            client.subscribe(
              'cassandra.tables.export',
              { connectionId, keyspace: detail.keyspace, table: detail.name, ...o },
              handlers,
            )
          }
          onClose={() => setExporting(false)}
        />
      ) : null}
    </div>
  );
}

/**
 * A table, view or virtual table: columns with partition key, clustering
 * columns (and order), static and regular columns and their types; its rows;
 * the full DDL; its options.
 */
export default function TableView(props: ResourceViewProps): ReactNode {
  const { connectionId, resource, profile } = props;
  const target = parseTableResource(resource);
  const [form, setForm] = useState<'alter' | 'drop' | 'dropped' | null>(null);
  const ro = profile.readOnly ? 'This connection is read-only.' : undefined;
  const [tab, setTab] = useState<'columns' | 'rows' | 'ddl' | 'options'>('columns');
  const detail = useInvoke(
    'cassandra.tables.describe',
    { connectionId, keyspace: target?.keyspace ?? '_', table: target?.table ?? '_' },
    { enabled: target !== null },
  );
  if (!target) return <ErrorBanner error={{ code: 'INVALID_INPUT', message: `Not a table: ${resource}` }} />;
  const d = detail.data;
  return (
    <div className="cs-page" data-testid="cs-table">
      <div className="cs-toolbar">
        <h2 className="cs-title mono" data-testid="cs-table-title">
          {target.keyspace}.{target.table}
        </h2>
        {d ? (
          <span className="cs-muted">
            {d.kind === 'view'
              ? `materialized view of ${d.baseTable ?? '?'}`
              : d.kind === 'virtual'
                ? 'virtual table'
                : 'table'}
            {' · '}
            {d.columns.length} columns
            {d.indexes.length ? ` · ${d.indexes.length} index${d.indexes.length === 1 ? '' : 'es'}` : ''}
          </span>
        ) : null}
        <span className="spacer" />
        {d?.kind === 'table' ? (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setForm('alter')}
              disabled={ro !== undefined}
              title={ro}
              data-testid="cs-alter"
            >
              Alter…
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setForm('drop')}
              disabled={ro !== undefined}
              title={ro}
              data-testid="cs-drop-table"
            >
              Drop…
            </button>
          </>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={detail.reload}>
          Refresh
        </button>
      </div>
      {form === 'alter' && d ? (
        <AlterTableDialog
          connectionId={connectionId}
          detail={d}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm(null);
            detail.reload();
          }}
        />
      ) : form === 'drop' ? (
        <DropDialog
          connectionId={connectionId}
          keyspace={target.keyspace}
          table={target.table}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm('dropped');
            detail.reload();
          }}
        />
      ) : null}
      {detail.error ? <ErrorBanner error={detail.error} /> : null}
      {d ? (
        <>
          <Tabs
            variant="underline"
            label="Table"
            activeId={tab}
            onSelect={(id) => setTab(id as typeof tab)}
            items={[
              { id: 'columns', label: 'Columns' },
              { id: 'rows', label: 'Rows' },
              { id: 'ddl', label: 'DDL' },
              { id: 'options', label: 'Options' },
            ]}
            testId="cs-table-tabs"
          />
          {tab === 'columns' ? (
            <>
              <ColumnsTable detail={d} />
              {d.indexes.length ? (
                <ul className="cs-indexes">
                  {d.indexes.map((i) => (
                    <li key={i.name} className="mono">
                      index {i.name} ({i.kind}) on {i.target ?? '?'}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : tab === 'rows' ? (
            <RowsPane connectionId={connectionId} detail={d} />
          ) : tab === 'ddl' ? (
            <DdlBlock ddl={d.ddl} source={d.ddlSource} />
          ) : (
            <table className="cs-columns" data-testid="cs-options-table">
              <tbody>
                {d.options.map(([k, v]) => (
                  <tr key={k}>
                    <td className="mono">{k}</td>
                    <td className="mono cs-wrap">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : detail.loading ? (
        <p className="cs-muted">Loading the table…</p>
      ) : null}
    </div>
  );
}
