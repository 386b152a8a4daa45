import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RunOptions } from '../../../../shared/contract/cassandra';
import { client } from '../../api/client';
import type { ResourceViewProps } from '../../app/resources';
import { CodeEditor, RunButton, type CodeEditorHandle } from '../../ui/CodeEditor';
import { runTarget } from '../../ui/codemirror/keymap';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { ExportDialog } from '../../ui/ExportDialog';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { SavedQueriesPanel } from '../../ui/SavedQueriesPanel';
import { useEditorDraft } from '../../ui/useEditorDraft';
import { useQueryHistory } from '../../ui/useQueryHistory';
import { useSavedQueries } from '../../ui/useSavedQueries';
import { cqlCompletion, cqlDiagnostics, cqlLanguage } from './cql';
import { ParamsPanel, type PreparedParams } from './ParamsPanel';
import { ResultView } from './ResultView';
import { RunOptionsBar } from './RunOptionsBar';
import { useCqlRun } from './useCqlRun';

const DEFAULT_OPTIONS: RunOptions = {
  consistency: null,
  serialConsistency: null,
  pageSize: 100,
  timeoutMs: 30_000,
  trace: false,
};

/** A statement without its terminator and surrounding space, to match a run against the prepared one. */
const norm = (s: string): string => s.trim().replace(/;\s*$/, '').trim();

/**
 * The CQL workbench of one connection: editor with CQL highlighting,
 * schema-aware completion and lexer diagnostics; Ctrl/Cmd+Enter runs the
 * statement under the cursor (or the selection), Shift+Ctrl/Cmd+Enter all
 * statements in order; USE changes this editor's keyspace; options per run;
 * bound parameters; results with paging, trace and export; History and Saved.
 */
export default function CqlWorkbench(props: ResourceViewProps): ReactNode {
  const { connectionId, profile } = props;
  const sessionId = 'cql-editor';
  const [text, setText] = useEditorDraft(`cassandra:${connectionId}:cql`, '');
  const [options, setOptions] = useState<RunOptions>(DEFAULT_OPTIONS);
  const [prepared, setPrepared] = useState<PreparedParams | null>(null);
  const [shown, setShown] = useState(0);
  const [side, setSide] = useState<'params' | 'history' | 'saved'>('history');
  const [exporting, setExporting] = useState<number | null>(null);
  const editor = useRef<CodeEditorHandle>(null);
  const cql = useCqlRun(connectionId, sessionId);
  const history = useQueryHistory(connectionId, 'cql');
  const saved = useSavedQueries(connectionId, 'cql');
  const completion = useMemo(() => cqlCompletion(connectionId, sessionId), [connectionId]);
  const { state } = cql;

  const paramsFor = useCallback(
    (statement: string) =>
      prepared && norm(prepared.statement) === norm(statement) && prepared.params.length > 0
        ? prepared.values
        : undefined,
    [prepared],
  );

  const onRun = useCallback(
    (code: string) => {
      setShown(0);
      cql.run(code, options, paramsFor(code));
    },
    [cql, options, paramsFor],
  );

  const currentStatement = (): string => {
    const view = editor.current?.view;
    return view ? (runTarget(view.state)?.text ?? '') : '';
  };

  const results = state.results;
  const index = Math.min(shown, Math.max(0, results.length - 1));
  const current = results[index];
  const busy = state.running !== null;
  const pick = (t: string): void => {
    setText(t);
    editor.current?.setText(t);
    editor.current?.focus();
  };

  return (
    <div className="cs-page" data-testid="cs-workbench">
      <div className="cs-toolbar">
        <span className="cs-keyspace" data-testid="cs-session-keyspace" title="USE ks; changes it for this editor">
          keyspace:{' '}
          <strong>
            {state.keyspace ?? (profile.kind === 'cassandra' && profile.keyspace ? profile.keyspace : 'none')}
          </strong>
        </span>
        {profile.readOnly ? (
          <span className="cs-ro" title="Core refuses every statement that is not SELECT, USE, DESCRIBE or LIST.">
            read-only: SELECT, USE, DESCRIBE, LIST only
          </span>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          data-testid="cs-run-all"
          disabled={busy}
          onClick={() => editor.current?.run(true)}
        >
          Run all
        </button>
        <RunButton running={busy} onRun={() => editor.current?.run(false)} onCancel={cql.cancel} testId="cs-run" />
      </div>
      <RunOptionsBar options={options} onChange={setOptions} />
      <div className="cs-editor-row">
        <CodeEditor
          ref={editor}
          value={text}
          onChange={setText}
          language={cqlLanguage}
          completion={completion}
          diagnostics={cqlDiagnostics}
          onRun={onRun}
          onCancel={cql.cancel}
          running={busy}
          placeholder="SELECT * FROM keyspace.table LIMIT 10;   (Ctrl+Enter runs the statement under the cursor)"
          minHeight={140}
          maxHeight={320}
          ariaLabel="CQL editor"
          stateKey={`cassandra:${connectionId}`}
          testId="cs-editor"
          className="cs-editor"
        />
        <aside className="cs-side">
          <div className="cs-side-tabs" role="tablist" aria-label="Beside the editor">
            {(['history', 'saved', 'params'] as const).map((s) => (
              <button
                key={s}
                type="button"
                role="tab"
                aria-selected={side === s}
                className={`cs-side-tab${side === s ? ' on' : ''}`}
                onClick={() => setSide(s)}
                data-testid={`cs-side-${s}`}
              >
                {s === 'history'
                  ? 'History'
                  : s === 'saved'
                    ? 'Saved'
                    : `Parameters${prepared ? ` (${prepared.params.length})` : ''}`}
              </button>
            ))}
          </div>
          {side === 'history' ? (
            <HistoryPanel
              history={history}
              onPick={pick}
              onRun={(t) => {
                pick(t);
                onRun(t);
              }}
            />
          ) : side === 'saved' ? (
            <SavedQueriesPanel
              saved={saved}
              currentText={text}
              onPick={pick}
              onRun={(t) => {
                pick(t);
                onRun(t);
              }}
            />
          ) : (
            <ParamsPanel
              connectionId={connectionId}
              sessionId={sessionId}
              currentStatement={currentStatement}
              prepared={prepared}
              onChange={setPrepared}
            />
          )}
        </aside>
      </div>
      {state.failure ? <ErrorBanner error={state.failure} /> : null}
      {state.running === 'fetchAll' ? (
        <div className="cs-progress" data-testid="cs-fetch-progress">
          Fetching… {(state.fetched ?? 0).toLocaleString()} rows
          <button type="button" className="btn btn-sm" onClick={cql.cancel}>
            Cancel
          </button>
        </div>
      ) : null}
      {results.length > 1 || (state.error && results.length > 0) ? (
        <div className="cs-runs" role="tablist" aria-label="Statements">
          {results.map((r, i) => (
            <button
              key={i}
              type="button"
              role="tab"
              aria-selected={i === index}
              className={`cs-run-chip${i === index ? ' on' : ''}`}
              onClick={() => setShown(i)}
              title={r.statement}
            >
              {i + 1}. {r.statement.length > 40 ? `${r.statement.slice(0, 40)}…` : r.statement}
            </button>
          ))}
          {state.error ? <span className="cs-run-chip cs-run-failed">{results.length + 1}. failed</span> : null}
        </div>
      ) : null}
      {state.error ? (
        <div className="cs-statement-error" data-testid="cs-statement-error">
          <ErrorBanner error={{ code: state.error.code, message: state.error.message }} />
          <pre className="cs-failed-statement">{state.error.statement}</pre>
          {results.length > 0 ? (
            <p className="cs-muted">
              The {results.length} statement{results.length === 1 ? '' : 's'} before it ran; nothing after it did.
            </p>
          ) : null}
        </div>
      ) : null}
      {current ? (
        <ResultView
          key={`${index}:${current.statement}:${current.tookMs}`}
          result={current}
          actions={{
            busy,
            onNextPage: () => cql.nextPage(index, options, paramsFor(current.statement)),
            onFetchAll: (max) => cql.fetchAll(index, options, max, paramsFor(current.statement)),
            ...(current.kind === 'select' ? { onExport: () => setExporting(index) } : {}),
          }}
        />
      ) : !state.failure && !state.error ? (
        <p className="cs-muted cs-hint">
          Write CQL above and press Ctrl+Enter. Ctrl+Space completes keyspaces, tables and the columns of the table in
          the statement.
        </p>
      ) : null}
      {exporting !== null && results[exporting] ? (
        <ExportDialog
          title="Export the query result"
          what={`every page of: ${results[exporting]?.statement.slice(0, 80) ?? ''}`}
          start={(o, handlers) =>
            client.subscribe(
              'cassandra.cql.export',
              {
                connectionId,
                sessionId,
                text: results[exporting]?.statement ?? '',
                options: { ...options, trace: false },
                ...(paramsFor(results[exporting]?.statement ?? '')
                  ? { params: paramsFor(results[exporting]?.statement ?? '') }
                  : {}),
                ...o,
              },
              handlers,
            )
          }
          onClose={() => setExporting(null)}
        />
      ) : null}
    </div>
  );
}
