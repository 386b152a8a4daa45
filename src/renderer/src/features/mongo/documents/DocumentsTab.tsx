import { useEffect, useRef, useState, type ReactNode } from 'react';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, type DocumentRow } from '../../../../../shared/contract/mongo/documents';
import { client } from '../../../api/client';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ExportDialog } from '../../../ui/ExportDialog';
import { Segmented } from '../../../ui/Field';
import { HistoryPanel } from '../../../ui/HistoryPanel';
import { IconDownload, IconPlus, IconUpload } from '../../../ui/icons';
import { SavedQueriesPanel } from '../../../ui/SavedQueriesPanel';
import { useToast } from '../../../ui/toast';
import { useQueryHistory } from '../../../ui/useQueryHistory';
import { useSavedQueries } from '../../../ui/useSavedQueries';
import { canonicalText, withoutId } from '../ejsonEdit';
import { formatCount, formatMs } from '../format';
import { ImportDialog } from '../transfer/ImportDialog';
import { BulkDialog } from './BulkDialog';
import { DocumentResults, type ResultsMode } from './DocumentResults';
import { EditDocumentDialog, type EditMode } from './EditDocumentDialog';
import { EMPTY_QUERY, fromHistoryText, historyText, type QueryState } from './query';
import { QueryBar } from './QueryBar';
import { useFind } from './useFind';

export interface CollectionTarget {
  connectionId: string;
  db: string;
  collection: string;
}

function countText(c: { kind: string; value: number } | undefined): string {
  if (!c) return 'counting…';
  if (c.kind === 'atLeast') return c.value > 0 ? `more than ${formatCount(c.value)}` : 'many (count timed out)';
  if (c.kind === 'estimate') return `about ${formatCount(c.value)}`;
  return formatCount(c.value);
}

/**
 * The Documents tab: query bar, results as list / JSON / table in pages of
 * 25 (20/50/100), the count capped in time, insert, edit (diff + guarded
 * replace), clone, delete, update-many and delete-many with a preview, export
 * and import; History and Saved beside the bar. Read-only shows no writes.
 */
export function DocumentsTab(props: {
  target: CollectionTarget;
  writable: boolean;
  fields: readonly string[];
  onExplain(q: QueryState): void;
}): ReactNode {
  const { target, writable, fields } = props;
  const toast = useToast();
  const history = useQueryHistory(target.connectionId, 'mongo-find');
  const saved = useSavedQueries(target.connectionId, 'mongo-find');
  const [query, setQuery] = useState<QueryState>(EMPTY_QUERY);
  const [pageSize, setPageSize] = useState<number>(DEFAULT_PAGE_SIZE);
  const [mode, setMode] = useState<ResultsMode>('list');
  const [panel, setPanel] = useState<'history' | 'saved' | null>(null);
  const [edit, setEdit] = useState<EditMode | null>(null);
  const [deleting, setDeleting] = useState<DocumentRow | null>(null);
  const [bulk, setBulk] = useState<'update' | 'delete' | null>(null);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [opened, setOpened] = useState<Map<number, DocumentRow>>(new Map());
  const find = useFind({ ...target, pageSize, history });
  const { run } = find;

  // The query last run: a new page size (a new `run`) re-runs it from its first page.
  const applied = useRef<QueryState>(EMPTY_QUERY);
  useEffect(() => run(applied.current, 0, false), [run]);

  const runQuery = (q = query): void => {
    applied.current = q;
    setOpened(new Map());
    run(q, 0);
  };
  const pick = (text: string): void => setQuery(fromHistoryText(text));
  const page = find.page;
  const rows = (page?.documents ?? []).map((r, i) => opened.get(i) ?? r);
  const offset = find.pageIndex * pageSize;
  const saveMessage = (message: string): void => {
    setEdit(null);
    toast.push({ tone: 'success', title: message });
    find.refresh();
  };

  return (
    <div className="mg-tab" data-testid="mongo-documents">
      <QueryBar
        stateKey={`mongo:${target.connectionId}:${target.db}.${target.collection}`}
        value={query}
        onChange={setQuery}
        onRun={() => runQuery()}
        onCancel={find.cancel}
        onReset={() => {
          setQuery(EMPTY_QUERY);
          runQuery(EMPTY_QUERY);
        }}
        running={find.running}
        fields={fields}
        extra={
          <>
            <button
              type="button"
              className="btn btn-sm"
              aria-pressed={panel === 'history'}
              onClick={() => setPanel((p) => (p === 'history' ? null : 'history'))}
              data-testid="mongo-history-toggle"
            >
              History
            </button>
            <button
              type="button"
              className="btn btn-sm"
              aria-pressed={panel === 'saved'}
              onClick={() => setPanel((p) => (p === 'saved' ? null : 'saved'))}
              data-testid="mongo-saved-toggle"
            >
              Saved
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => props.onExplain(query)}
              data-testid="mongo-explain-find"
            >
              Explain
            </button>
            <span className="mg-spacer" />
            <button type="button" className="btn btn-sm" onClick={() => setExporting(true)} data-testid="mongo-export">
              <IconDownload /> Export…
            </button>
            {writable ? (
              <>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setImporting(true)}
                  data-testid="mongo-import"
                >
                  <IconUpload /> Import…
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setBulk('update')}
                  data-testid="mongo-update-many"
                >
                  Update matching…
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setBulk('delete')}
                  data-testid="mongo-delete-many"
                >
                  Delete matching…
                </button>
                <button
                  type="button"
                  className="btn btn-sm btn-primary"
                  onClick={() => setEdit({ kind: 'insert' })}
                  data-testid="mongo-insert"
                >
                  <IconPlus /> Insert
                </button>
              </>
            ) : (
              <span className="mg-ro" title="This connection is read-only: Stackdeck refuses writes in core.">
                read-only
              </span>
            )}
          </>
        }
      />
      {panel === 'history' ? (
        <div className="mg-side-panel">
          <HistoryPanel
            history={history}
            onPick={pick}
            onRun={(text) => {
              const q = fromHistoryText(text);
              setQuery(q);
              runQuery(q);
            }}
          />
        </div>
      ) : null}
      {panel === 'saved' ? (
        <div className="mg-side-panel">
          <SavedQueriesPanel
            saved={saved}
            currentText={historyText(query)}
            onPick={pick}
            onRun={(text) => {
              const q = fromHistoryText(text);
              setQuery(q);
              runQuery(q);
            }}
          />
        </div>
      ) : null}
      {find.error ? <ErrorBanner error={find.error} /> : null}
      <div className="mg-result-bar" data-testid="mongo-result-bar">
        <Segmented
          label="View"
          size="sm"
          value={mode}
          onChange={setMode}
          testId="mongo-view"
          options={[
            { value: 'list', label: 'List' },
            { value: 'json', label: 'JSON' },
            { value: 'table', label: 'Table' },
          ]}
        />
        <span className="mg-muted" data-testid="mongo-count">
          {page
            ? `${rows.length ? `${formatCount(offset + 1)}–${formatCount(offset + rows.length)}` : '0'} of ${countText(find.count)}`
            : ''}
          {page ? ` · ${formatMs(page.tookMs)}` : ''}
        </span>
        <span className="mg-spacer" />
        <label className="mg-inline">
          Per page
          <select
            className="select"
            aria-label="Documents per page"
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-sm"
          disabled={find.pageIndex === 0 || find.running}
          onClick={() => run(applied.current, find.pageIndex - 1, false)}
          data-testid="mongo-prev"
        >
          ‹ Previous
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!page?.hasMore || find.running}
          onClick={() => run(applied.current, find.pageIndex + 1, false)}
          data-testid="mongo-next"
        >
          Next ›
        </button>
      </div>
      {page?.note ? <div className="mg-server-note">{page.note}</div> : null}
      <div className="mg-results">
        {page ? (
          <DocumentResults
            rows={rows}
            mode={mode}
            offset={offset}
            tookMs={page.tookMs}
            actions={{
              ...(writable
                ? {
                    onEdit: (r: DocumentRow) => setEdit({ kind: 'edit', doc: r.doc }),
                    onClone: (r: DocumentRow) => setEdit({ kind: 'clone', doc: withoutId(r.doc) }),
                    onDelete: (r: DocumentRow) => setDeleting(r),
                  }
                : {}),
              onOpen: (r: DocumentRow) => {
                if (!r.id) return;
                const i = rows.indexOf(r);
                client.invoke('mongo.documents.get', { ...target, id: canonicalText(r.id) }).then(
                  (res) => setOpened((m) => new Map(m).set(i, { id: r.id, doc: res.doc, bytes: res.bytes })),
                  (e: unknown) => toast.error('The document could not be opened', e),
                );
              },
            }}
          />
        ) : find.running ? (
          <p className="mg-muted mg-pad">Loading…</p>
        ) : null}
      </div>
      {edit ? (
        <EditDocumentDialog target={target} mode={edit} onClose={() => setEdit(null)} onSaved={saveMessage} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete this document?"
          message={`The document ${deleting.id ? canonicalText(deleting.id) : ''} will be deleted from ${target.collection}. This cannot be undone.`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            if (!id) return;
            client.invoke('mongo.documents.delete', { ...target, id: canonicalText(id) }).then(
              (res) => {
                toast.push({
                  tone: 'success',
                  title: res.deletedCount ? 'Document deleted.' : 'The document was already gone.',
                });
                find.refresh();
              },
              (e: unknown) => toast.error('The document was not deleted', e),
            );
          }}
        />
      ) : null}
      {bulk ? (
        <BulkDialog
          target={target}
          kind={bulk}
          filter={query.filter}
          onClose={() => setBulk(null)}
          onDone={(message) => {
            setBulk(null);
            toast.push({ tone: 'success', title: message });
            runQuery();
          }}
        />
      ) : null}
      {exporting ? (
        <ExportDialog
          title="Export documents"
          what={`the documents of ${target.db}.${target.collection} matching the current filter${find.count ? ` (${countText(find.count)})` : ''}, as Extended JSON, or CSV with nested fields flattened (set a projection to choose the columns)`}
          total={find.count?.kind === 'exact' ? find.count.value : null}
          formats={['jsonl', 'json', 'csv']}
          start={(options, handlers) =>
            client.subscribe(
              'mongo.documents.export',
              { ...target, source: { kind: 'find', query }, ...options },
              handlers,
            )
          }
          onClose={() => setExporting(false)}
        />
      ) : null}
      {importing ? (
        <ImportDialog target={target} onClose={() => setImporting(false)} onImported={() => runQuery()} />
      ) : null}
    </div>
  );
}
