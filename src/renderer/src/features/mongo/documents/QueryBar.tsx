import { useMemo, useRef, useState, type ReactNode } from 'react';
import { CodeEditor, RunButton, type CodeEditorHandle } from '../../../ui/CodeEditor';
import { queryCompletion, shellLanguage } from '../queryLanguage';
import type { QueryState } from './query';

export interface QueryBarProps {
  stateKey: string;
  value: QueryState;
  onChange(q: QueryState): void;
  onRun(): void;
  onCancel(): void;
  onReset(): void;
  running: boolean;
  fields: readonly string[];
  /** Buttons on the right (History, Saved, Explain, Export...). */
  extra?: ReactNode;
}

const PARTS = [
  { key: 'project', label: 'Project', placeholder: '{ field: 1 }' },
  { key: 'sort', label: 'Sort', placeholder: '{ field: -1 }' },
  { key: 'collation', label: 'Collation', placeholder: '{ locale: "en", strength: 2 }' },
  { key: 'hint', label: 'Hint', placeholder: '{ field: 1 } or "index_name"' },
] as const;

/**
 * Filter, projection, sort, collation, hint, skip, limit and maxTimeMS in
 * shell syntax, each in the shared CodeEditor (Ctrl/Cmd+Enter runs from any
 * of them, Escape cancels). Core parses the text; a parse error comes back
 * with its position and nothing is sent.
 */
export function QueryBar(props: QueryBarProps): ReactNode {
  const { value: q, onChange, fields } = props;
  const [more, setMore] = useState(() => PARTS.some((p) => q[p.key] !== '') || q.skip > 0 || q.limit > 0);
  const filterRef = useRef<CodeEditorHandle>(null);
  const completion = useMemo(() => queryCompletion(() => fields, 'query'), [fields]);
  const set = (patch: Partial<QueryState>): void => onChange({ ...q, ...patch });
  const run = (): void => props.onRun();

  return (
    <div className="mg-querybar" data-testid="mongo-querybar">
      <div className="mg-query-row">
        <span className="mg-query-label">Filter</span>
        <CodeEditor
          ref={filterRef}
          value={q.filter}
          onChange={(filter) => set({ filter })}
          language={shellLanguage}
          completion={completion}
          onRun={run}
          onCancel={props.onCancel}
          running={props.running}
          placeholder='{ status: "A", qty: { $lt: 30 } }   (Ctrl+Enter runs)'
          minHeight={30}
          maxHeight={160}
          ariaLabel="Filter"
          stateKey={`${props.stateKey}:filter`}
          testId="mongo-filter"
          className="mg-query-editor"
        />
        <button
          type="button"
          className="btn"
          aria-expanded={more}
          onClick={() => setMore((v) => !v)}
          data-testid="mongo-options"
        >
          {more ? 'Fewer options' : 'Options'}
        </button>
        <button type="button" className="btn" onClick={props.onReset}>
          Reset
        </button>
        <RunButton running={props.running} onRun={run} onCancel={props.onCancel} label="Find" testId="mongo-find" />
      </div>
      {more ? (
        <div className="mg-query-grid">
          {PARTS.map((p) => (
            <div key={p.key} className="mg-query-row">
              <span className="mg-query-label">{p.label}</span>
              <CodeEditor
                value={q[p.key]}
                onChange={(text) => set({ [p.key]: text })}
                language={shellLanguage}
                completion={completion}
                onRun={run}
                onCancel={props.onCancel}
                running={props.running}
                placeholder={p.placeholder}
                minHeight={30}
                maxHeight={120}
                ariaLabel={p.label}
                stateKey={`${props.stateKey}:${p.key}`}
                testId={`mongo-${p.key}`}
                className="mg-query-editor"
              />
            </div>
          ))}
          <div className="mg-query-row mg-query-nums">
            <label className="mg-inline">
              Skip
              <input
                className="input mg-num"
                type="number"
                min={0}
                aria-label="Skip"
                value={q.skip}
                onChange={(e) => set({ skip: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
              />
            </label>
            <label className="mg-inline">
              Limit
              <input
                className="input mg-num"
                type="number"
                min={0}
                aria-label="Limit"
                value={q.limit}
                title="0: no limit"
                onChange={(e) => set({ limit: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
              />
            </label>
            <label className="mg-inline">
              maxTimeMS
              <input
                className="input mg-num"
                type="number"
                min={1}
                max={300000}
                aria-label="maxTimeMS"
                value={q.maxTimeMS}
                onChange={(e) =>
                  set({ maxTimeMS: Math.min(300_000, Math.max(1, Math.floor(Number(e.target.value) || 60_000))) })
                }
              />
            </label>
          </div>
        </div>
      ) : null}
      {props.extra ? <div className="mg-query-extra">{props.extra}</div> : null}
    </div>
  );
}
