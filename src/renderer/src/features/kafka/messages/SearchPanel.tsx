import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MessageFilter } from '../../../../../shared/contract/kafka/messages';
import { CodeEditor } from '../../../ui/CodeEditor';
import type { StatementSplitter } from '../../../ui/codeEditorTypes';
import { Segmented } from '../../../ui/Field';
import { HistoryPanel } from '../../../ui/HistoryPanel';
import { SavedQueriesPanel } from '../../../ui/SavedQueriesPanel';
import { SkippedBatches } from '../../../ui/SkippedBatches';
import { useQueryHistory } from '../../../ui/useQueryHistory';
import { useSavedQueries } from '../../../ui/useSavedQueries';
import { celCompletion, celDiagnostics, celLanguage } from './cel';
import { MAX_HELD_MATCHES } from './boundedMatches';
import { RangeFields, toRange, DEFAULT_RANGE, type RangeDraft } from './RangeFields';
import { useSeenPaths } from './seenPaths';
import type { SearchState } from './useScan';
import type { ScanRange } from '../../../../../shared/contract/kafka/messages';

export interface FilterDraft {
  kind: 'contains' | 'cel';
  text: string;
  expression: string;
  inKey: boolean;
  inValue: boolean;
  inHeaders: boolean;
  caseSensitive: boolean;
}

export const DEFAULT_FILTER: FilterDraft = {
  kind: 'contains',
  text: '',
  expression: '',
  inKey: true,
  inValue: true,
  inHeaders: false,
  caseSensitive: false,
};

export function toFilter(d: FilterDraft): MessageFilter | string {
  if (d.kind === 'cel')
    return d.expression.trim() === ''
      ? 'Write a CEL expression, e.g. value.status == "failed".'
      : { kind: 'cel', expression: d.expression };
  if (d.text === '') return 'Enter the text to look for.';
  const where = (['key', 'value', 'headers'] as const).filter((w) =>
    w === 'key' ? d.inKey : w === 'value' ? d.inValue : d.inHeaders,
  );
  if (where.length === 0) return 'Choose where to look: key, value or headers.';
  return { kind: 'contains', text: d.text, in: where, caseSensitive: d.caseSensitive };
}

/** The expression's line with a caret under the error column (text only). */
export function caretAt(expression: string, line: number, column: number): string {
  const text = expression.split('\n')[line - 1] ?? '';
  return `${text}\n${' '.repeat(Math.max(0, column - 1))}^`;
}

/** A CEL filter is one expression (no `;` statements): Ctrl/Cmd+Enter always runs all of it. */
const WHOLE_EXPRESSION: StatementSplitter = (text) => [{ from: 0, to: text.length }];

/**
 * Search form: contains or CEL, range, limit; Ctrl/Cmd+Enter runs, Escape
 * cancels; progress with Cancel. The CEL box is the shared CodeEditor with CEL
 * highlighting, completion (variables, and field paths seen in the topic's
 * newest messages) and parser diagnostics as you type.
 */
export function SearchPanel(props: {
  connectionId: string;
  topic: string;
  state: SearchState;
  filter: FilterDraft;
  onFilter(f: FilterDraft): void;
  /** `skipOversize`: batches too large to read are left out and listed instead of stopping the search. */
  onRun(range: ScanRange, filter: MessageFilter, limit: number, skipOversize: boolean): void;
  onCancel(): void;
  /** Opens the export dialog with this search's filter (the full set when matches were dropped). */
  onExport(): void;
}): ReactNode {
  const { state, filter, onFilter } = props;
  const [range, setRange] = useState<RangeDraft>(DEFAULT_RANGE);
  const [limit, setLimit] = useState('500');
  const [skipOversize, setSkipOversize] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const running = state.status === 'running';
  const runRef = useRef<() => void>(() => undefined);
  // CEL searches go into History (language `kafka-cel`); History and Saved re-run them.
  const history = useQueryHistory(props.connectionId, 'kafka-cel');
  const saved = useSavedQueries(props.connectionId, 'kafka-cel');
  const [showHistory, setShowHistory] = useState(false);
  const started = useRef<{ text: string; at: number } | null>(null);
  const rerun = useRef<string | null>(null);
  const { record } = history;
  useEffect(() => {
    const run = started.current;
    if (run === null || state.status === 'running' || state.status === 'idle') return;
    started.current = null;
    void record({
      text: run.text,
      startedAt: run.at,
      durationMs: Date.now() - run.at,
      rows: state.status === 'failed' ? null : state.matches.length + state.dropped,
      error: state.status === 'failed' ? (state.error?.message ?? 'failed') : null,
    });
  }, [state, record]);
  const pick = (text: string): void => onFilter({ ...filter, kind: 'cel', expression: text });
  const paths = useSeenPaths(props.connectionId, props.topic, filter.kind === 'cel');
  // The editor reads its providers at completion time, so a new provider per sample is enough.
  const completion = useMemo(() => celCompletion(() => paths), [paths]);
  const onExpression = useCallback((expression: string) => onFilter({ ...filter, expression }), [filter, onFilter]);

  const run = (): void => {
    const r = toRange(range);
    const f = toFilter(filter);
    const n = Number(limit);
    if (typeof r === 'string') return setFormError(r);
    if (typeof f === 'string') return setFormError(f);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) return setFormError('The match limit must be 1 to 100,000.');
    setFormError(null);
    if (f.kind === 'cel') started.current = { text: f.expression, at: Date.now() };
    props.onRun(r, f, n, skipOversize);
  };
  useEffect(() => {
    runRef.current = run;
  });
  // Re-run from History/Saved: run once the picked text is in the filter.
  useEffect(() => {
    if (rerun.current !== null && filter.kind === 'cel' && filter.expression === rerun.current) {
      rerun.current = null;
      runRef.current();
    }
  }, [filter]);

  const onKeyDown = (e: React.KeyboardEvent): void => {
    // The CEL editor handles its own keys (and marks them handled).
    if (e.defaultPrevented) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runRef.current();
    } else if (e.key === 'Escape' && running) {
      e.preventDefault();
      props.onCancel();
    }
  };

  const celError =
    state.error?.code === 'INVALID_INPUT' && typeof state.error.detail?.line === 'number' ? state.error : null;
  const p = state.progress;
  return (
    <div className="km-search" onKeyDown={onKeyDown} data-testid="search-panel">
      <div className="km-bar">
        <Segmented
          label="Filter kind"
          size="sm"
          value={filter.kind}
          options={[
            { value: 'contains', label: 'Contains' },
            { value: 'cel', label: 'CEL' },
          ]}
          onChange={(kind) => onFilter({ ...filter, kind })}
          testId="filter-kind"
        />
        <RangeFields value={range} onChange={setRange} />
        <label className="km-inline">
          Limit{' '}
          <input
            className="input km-num"
            aria-label="Match limit"
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </label>
        <label
          className="check"
          title="A batch that would decompress past 64 MiB cannot be read. By default the search stops there; with this it goes on and lists the batches it left out."
        >
          <input
            type="checkbox"
            checked={skipOversize}
            onChange={(e) => setSkipOversize(e.target.checked)}
            data-testid="search-skip-oversize"
          />{' '}
          Skip batches too large to read
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-ghost"
          aria-pressed={showHistory}
          onClick={() => setShowHistory((v) => !v)}
          data-testid="search-history-toggle"
        >
          History
        </button>
        {running ? (
          <button type="button" className="btn" onClick={props.onCancel} data-testid="search-cancel">
            Cancel <kbd>Esc</kbd>
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={run} data-testid="search-run">
            Search <kbd>Ctrl+Enter</kbd>
          </button>
        )}
      </div>
      {filter.kind === 'cel' ? (
        <CodeEditor
          className="km-cel"
          value={filter.expression}
          onChange={onExpression}
          language={celLanguage}
          completion={completion}
          diagnostics={celDiagnostics}
          splitStatements={WHOLE_EXPRESSION}
          onRun={() => runRef.current()}
          onCancel={props.onCancel}
          running={running}
          stateKey={`kafka-cel:${props.connectionId}:${props.topic}`}
          ariaLabel="CEL expression"
          placeholder='value.status == "failed" && headers.source == "web" && partition == 0'
          minHeight={38}
          maxHeight={160}
          testId="cel-input"
        />
      ) : (
        <div className="km-bar">
          <input
            className="input km-grow"
            aria-label="Text to find"
            placeholder="Text to find"
            value={filter.text}
            onChange={(e) => onFilter({ ...filter, text: e.target.value })}
            data-testid="contains-input"
          />
          {(['inKey', 'inValue', 'inHeaders'] as const).map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={filter[k]}
                onChange={(e) => onFilter({ ...filter, [k]: e.target.checked })}
              />{' '}
              {k.slice(2)}
            </label>
          ))}
          <label className="check">
            <input
              type="checkbox"
              checked={filter.caseSensitive}
              onChange={(e) => onFilter({ ...filter, caseSensitive: e.target.checked })}
            />{' '}
            Match case
          </label>
        </div>
      )}
      {formError ? <div className="field-error">{formError}</div> : null}
      {showHistory ? (
        <div className="km-history" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, maxHeight: 320 }}>
          <HistoryPanel
            history={history}
            onPick={pick}
            onRun={(text) => {
              pick(text);
              rerun.current = text;
            }}
          />
          <SavedQueriesPanel
            saved={saved}
            {...(filter.kind === 'cel' ? { currentText: filter.expression } : {})}
            onPick={pick}
            onRun={(text) => {
              pick(text);
              rerun.current = text;
            }}
          />
        </div>
      ) : null}
      {celError ? (
        <div className="km-cel-error" role="alert" data-testid="cel-error">
          <div>{celError.message}</div>
          <pre className="km-caret">
            {caretAt(filter.expression, Number(celError.detail?.line), Number(celError.detail?.column))}
          </pre>
        </div>
      ) : null}
      {p || running || state.status === 'cancelled' ? (
        <div className="km-progress" data-testid="search-progress">
          <div
            className="km-progress-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={p?.percent ?? 0}
          >
            <div style={{ width: `${p?.percent ?? 0}%` }} />
          </div>
          <span className="muted">
            {(p?.scanned ?? 0).toLocaleString()} scanned · {(p?.matched ?? 0).toLocaleString()} matched ·{' '}
            {(p?.rate ?? 0).toLocaleString()} msg/s · {p?.percent ?? 0}%
            {state.status === 'done' ? (state.reason === 'limit' ? ' · stopped at the match limit' : ' · done') : ''}
            {state.status === 'cancelled' ? ' · cancelled' : ''}
            {state.evalErrors > 0
              ? ` · ${state.evalErrors.toLocaleString()} messages the expression could not evaluate`
              : ''}
          </span>
        </div>
      ) : null}
      <SkippedBatches batches={state.skipped} testId="search-skipped" />
      {state.dropped > 0 ? (
        <div className="km-dropped" role="status" data-testid="search-dropped">
          <span>
            {state.matches.length.toLocaleString()} shown, {state.dropped.toLocaleString()} dropped: only the newest{' '}
            {MAX_HELD_MATCHES.toLocaleString()} matches are kept in memory. Export the search for the full set.
          </span>{' '}
          <button type="button" onClick={props.onExport}>
            Export matches…
          </button>
        </div>
      ) : null}
    </div>
  );
}
