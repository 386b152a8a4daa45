import { StreamLanguage } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { NEO4J_DEFAULT_RECORDS, NEO4J_MAX_RECORDS } from '../../../../shared/contract/neo4j/query';
import type { ParamValue } from '../../../../shared/contract/neo4j/values';
import type { ResourceViewProps } from '../../app/resources';
import { useInvoke } from '../../api/hooks';
import { CodeEditor, RunButton, type CodeEditorHandle } from '../../ui/CodeEditor';
import type { CompletionProvider, DiagnosticsProvider } from '../../ui/codeEditorTypes';
import { CypherLanguage } from './editor/cypherLanguage';
import { splitStatements } from '../../ui/codemirror/statements';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { SavedQueriesPanel } from '../../ui/SavedQueriesPanel';
import { useQueryHistory } from '../../ui/useQueryHistory';
import { useSavedQueries } from '../../ui/useSavedQueries';
import { GraphSession } from './graph/session';
import { paramText } from './params';
import { ParamsPanel } from './ParamsPanel';
import { ResultsPane } from './ResultsPane';
import { useCypherRuns } from './useCypherRuns';

const cypherLanguage = StreamLanguage.define(cypher);

/**
 * The Cypher workbench of one connection: database selector, editor
 * (Ctrl/Cmd+Enter runs the statement under the cursor or the selection,
 * Shift+Ctrl/Cmd+Enter runs all in sequence, Escape cancels), typed
 * parameters, and the results of each statement.
 */
export default function CypherWorkbench(props: ResourceViewProps): ReactNode {
  const { connectionId, profile } = props;
  const [text, setText] = useState('');
  const [database, setDatabase] = useState<string>('');
  const [maxRecords, setMaxRecords] = useState(NEO4J_DEFAULT_RECORDS);
  const [params, setParams] = useState<Map<string, ParamValue>>(() => new Map());
  const [shown, setShown] = useState(0);
  const editor = useRef<CodeEditorHandle>(null);
  const dbs = useInvoke('neo4j.databases.list', { connectionId });
  const runs = useCypherRuns();
  // Runs go into History (language `cypher`, recorded by useCypherRuns); History and Saved re-run them.
  const history = useQueryHistory(connectionId, 'cypher');
  const saved = useSavedQueries(connectionId, 'cypher');
  const [showHistory, setShowHistory] = useState(false);
  const schema = useInvoke('neo4j.schema.completion', { connectionId, ...(database ? { database } : {}) });

  // Neo4j's language service in a worker, made on first use (by the editor, outside render) and ended with the tab.
  const lang = useRef<CypherLanguage | null>(null);
  const language = useCallback(() => (lang.current ??= new CypherLanguage()), []);
  useEffect(
    () => () => {
      lang.current?.dispose();
      lang.current = null;
    },
    [],
  );
  useEffect(() => {
    if (schema.data) language().setSchema(schema.data);
  }, [schema.data, language]);
  useEffect(() => {
    language().setParams(Object.fromEntries([...params].map(([k, v]) => [k, paramText(v)])));
  }, [params, language]);
  const completion = useCallback<CompletionProvider>((c) => language().complete(c), [language]);
  const diagnostics = useCallback<DiagnosticsProvider>((t, s) => language().lint(t, s), [language]);
  // A run that changed the data may have added labels, types or keys: read the schema again.
  const reloadSchema = schema.reload;
  const lastRun = runs.runs[runs.runs.length - 1];
  const changedData = !runs.running && lastRun?.summary?.containsUpdates === true;
  useEffect(() => {
    if (changedData) reloadSchema();
  }, [changedData, lastRun?.id, reloadSchema]);
  // The graph picture outlives a result, so "add next results" can draw several queries together.
  const [graph] = useState(() => new GraphSession());

  const setParam = useCallback((name: string, value: ParamValue | null) => {
    setParams((prev) => {
      const next = new Map(prev);
      if (value === null) next.delete(name);
      else next.set(name, value);
      return next;
    });
  }, []);
  const clearParams = useCallback(() => setParams(new Map()), []);

  const start = useCallback(
    (statements: string[]) => {
      const list = statements.map((s) => s.trim()).filter((s) => s !== '');
      if (list.length === 0) return;
      setShown(0);
      runs.run(list, {
        connectionId,
        database: database || undefined,
        maxRecords,
        params,
        setParam,
        clearParams,
      });
    },
    [runs, connectionId, database, maxRecords, params, setParam, clearParams],
  );

  const onRun = useCallback(
    (code: string, mode: 'statement' | 'selection' | 'all') => {
      start(mode === 'all' ? splitStatements(code).map((r) => code.slice(r.from, r.to)) : [code]);
    },
    [start],
  );

  const current = runs.runs[Math.min(shown, runs.runs.length - 1)];
  const dbOptions = useMemo(() => dbs.data?.databases ?? [], [dbs.data]);

  return (
    <div className="n4-page" data-testid="n4-workbench">
      <div className="n4-toolbar">
        <label className="n4-field">
          Database
          <select
            className="select"
            aria-label="Database"
            data-testid="n4-database"
            value={database}
            onChange={(e) => setDatabase(e.target.value)}
          >
            <option value="">{profile.kind === 'neo4j' && profile.database ? profile.database : 'default'}</option>
            {dbOptions.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
                {d.isDefault ? ' (default)' : ''}
                {d.currentStatus !== 'online' ? ` · ${d.currentStatus}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="n4-field" title={`At most ${NEO4J_MAX_RECORDS.toLocaleString('en-US')} records per query`}>
          Max records
          <input
            className="input n4-num"
            type="number"
            min={1}
            max={NEO4J_MAX_RECORDS}
            aria-label="Max records"
            value={maxRecords}
            onChange={(e) => setMaxRecords(Math.max(1, Math.min(NEO4J_MAX_RECORDS, Number(e.target.value) || 1)))}
          />
        </label>
        {profile.readOnly ? (
          <span className="n4-ro" title="Queries run in READ access mode: the server refuses writes.">
            read-only: READ transactions
          </span>
        ) : null}
        <span className="n4-spacer" />
        <button
          type="button"
          className="btn"
          aria-pressed={showHistory}
          data-testid="n4-history-toggle"
          onClick={() => setShowHistory((v) => !v)}
        >
          History & saved
        </button>
        <button
          type="button"
          className="btn"
          data-testid="n4-run-all"
          disabled={runs.running}
          onClick={() => editor.current?.run(true)}
        >
          Run all
        </button>
        <RunButton
          running={runs.running}
          onRun={() => editor.current?.run(false)}
          onCancel={runs.cancel}
          testId="n4-run"
        />
      </div>
      {dbs.error ? <ErrorBanner error={dbs.error} /> : null}
      {schema.error ? (
        <p className="n4-muted" role="status" data-testid="n4-schema-missing">
          The live schema could not be read ({schema.error.message}): completion offers no labels, types or keys, and
          names are not checked.{' '}
          <button type="button" className="btn btn-sm" onClick={schema.reload}>
            Read it again
          </button>
        </p>
      ) : null}
      <div className="n4-editor-row">
        <CodeEditor
          ref={editor}
          value={text}
          onChange={setText}
          language={cypherLanguage}
          completion={completion}
          diagnostics={diagnostics}
          relintKey={schema.data}
          onRun={onRun}
          onCancel={runs.cancel}
          running={runs.running}
          placeholder="MATCH (n) RETURN n LIMIT 25   (Ctrl+Enter runs; :param name => value sets a parameter)"
          minHeight={120}
          maxHeight={320}
          ariaLabel="Cypher editor"
          stateKey={`neo4j:${connectionId}`}
          testId="n4-editor"
          className="n4-editor"
        />
        <ParamsPanel
          params={params}
          onSet={setParam}
          onEvaluate={(name, expr) => start([`:param ${name} => ${expr}`])}
        />
      </div>
      {showHistory ? (
        <div className="n4-history">
          <HistoryPanel
            history={history}
            onPick={(t) => editor.current?.setText(t)}
            onRun={(t) => {
              editor.current?.setText(t);
              start([t]);
            }}
          />
          <SavedQueriesPanel
            saved={saved}
            currentText={text}
            onPick={(t) => editor.current?.setText(t)}
            onRun={(t) => {
              editor.current?.setText(t);
              start([t]);
            }}
          />
        </div>
      ) : null}
      {runs.runs.length > 1 ? (
        <div className="n4-runs" role="tablist" aria-label="Statements">
          {runs.runs.map((r, i) => (
            <button
              key={r.id}
              type="button"
              role="tab"
              aria-selected={i === shown}
              className={`n4-run-chip n4-run-${r.status}`}
              onClick={() => setShown(i)}
              title={r.query}
            >
              {i + 1}. {r.query.length > 40 ? `${r.query.slice(0, 40)}…` : r.query}
            </button>
          ))}
        </div>
      ) : null}
      {current ? (
        <ResultsPane
          key={current.id}
          run={current}
          version={runs.version}
          connectionId={connectionId}
          {...(database ? { database } : {})}
          graph={graph}
        />
      ) : (
        <p className="n4-muted n4-hint">
          Write Cypher above and press Ctrl+Enter. Parameters are sent typed, never pasted into the query.
        </p>
      )}
    </div>
  );
}
