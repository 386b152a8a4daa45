import { useMemo, useRef, useState, type ReactNode } from 'react';
import { DEFAULT_PAGE_SIZE } from '../../../../../shared/contract/mongo/documents';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { CodeEditor, RunButton } from '../../../ui/CodeEditor';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ExportDialog } from '../../../ui/ExportDialog';
import { Segmented } from '../../../ui/Field';
import { IconDownload, IconPlus } from '../../../ui/icons';
import { DocumentResults, type ResultsMode } from '../documents/DocumentResults';
import { formatMs } from '../format';
import { queryCompletion, shellLanguage } from '../queryLanguage';
import {
  asNode,
  asPython,
  asShell,
  pipelineText,
  splitPipeline,
  STAGE_NAMES,
  stageDescription,
  stageTemplate,
  type StageCard,
} from './pipelineText';
import { StageCardView } from './StageCard';
import { usePreview } from './usePreview';

type Target = { connectionId: string; db: string; collection: string };

let nextId = 1;
const card = (text: string): StageCard => ({ id: nextId++, text, enabled: true });

/**
 * The pipeline builder: one card per stage (picker with each stage's syntax),
 * enable/disable, reorder, delete; a preview of every stage's output on the
 * first documents (debounced; $limit added for the preview only); the same
 * pipeline as text; run it whole with the results in three views; export the
 * pipeline as shell, Node or Python code, or its output through the export.
 */
export function PipelineTab(props: {
  target: Target;
  readOnly: boolean;
  fields: readonly string[];
  onExplain(pipeline: string): void;
}): ReactNode {
  const { target, fields } = props;
  const [stages, setStages] = useState<StageCard[]>(() => [card('{ $match: {} }')]);
  const [asText, setAsText] = useState(false);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const [previewOn, setPreviewOn] = useState(true);
  const [picker, setPicker] = useState('$match');
  const [codeFor, setCodeFor] = useState<'shell' | 'node' | 'python' | null>(null);
  const [exporting, setExporting] = useState(false);
  const [mode, setMode] = useState<ResultsMode>('list');
  const [result, setResult] = useState<{
    docs: import('../../../../../shared/contract/mongo/aggregate').AggregatePage;
    page: number;
  } | null>(null);
  const [runError, setRunError] = useState<StackdeckError>();
  const [running, setRunning] = useState(false);
  const runAbort = useRef<AbortController | null>(null);
  const completion = useMemo(() => queryCompletion(() => fields, 'stage'), [fields]);
  const preview = usePreview(target, stages, previewOn && !asText);
  const whole = pipelineText(stages);

  const update = (id: number, patch: Partial<StageCard>): void =>
    setStages((list) => list.map((s) => (s.id === id ? { ...s, ...patch } : s)));
  const move = (i: number, by: number): void =>
    setStages((list) => {
      const next = [...list];
      const [s] = next.splice(i, 1);
      if (s) next.splice(Math.max(0, Math.min(next.length, i + by)), 0, s);
      return next;
    });

  const run = (page = 0): void => {
    runAbort.current?.abort();
    const ac = new AbortController();
    runAbort.current = ac;
    setRunning(true);
    setRunError(undefined);
    const pipeline = asText ? text : whole;
    client
      .invoke('mongo.aggregate.run', { ...target, pipeline, page, pageSize: DEFAULT_PAGE_SIZE }, { signal: ac.signal })
      .then(
        (docs) => {
          if (ac.signal.aborted) return;
          setResult({ docs, page });
          setRunning(false);
        },
        (e: StackdeckError) => {
          if (ac.signal.aborted) return;
          setRunError(e);
          setRunning(false);
        },
      );
  };
  const cancel = (): void => {
    runAbort.current?.abort();
    setRunning(false);
  };

  const toText = (): void => {
    setText(pipelineText(stages, false));
    setTextError(null);
    setAsText(true);
  };
  const toCards = (): void => {
    const parts = splitPipeline(text);
    if (!parts) {
      setTextError('The pipeline is an array: [ { $match: ... }, ... ].');
      return;
    }
    setStages(parts.map(card));
    setAsText(false);
  };

  const code =
    codeFor === 'shell'
      ? asShell(target.db, target.collection, whole)
      : codeFor === 'node'
        ? asNode(target.db, target.collection, whole)
        : codeFor === 'python'
          ? asPython(target.db, target.collection, whole)
          : '';

  return (
    <div className="mg-tab" data-testid="mongo-pipeline">
      <div className="mg-toolbar">
        <Segmented
          label="Pipeline as"
          size="sm"
          value={asText ? 'text' : 'cards'}
          onChange={(v) => (v === 'text' ? toText() : toCards())}
          options={[
            { value: 'cards', label: 'Stages' },
            { value: 'text', label: 'Text' },
          ]}
        />
        <label className="check">
          <input type="checkbox" checked={previewOn} onChange={(e) => setPreviewOn(e.target.checked)} /> Preview stages
        </label>
        {preview.loading ? <span className="mg-muted">previewing…</span> : null}
        <span className="mg-spacer" />
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setCodeFor('shell')}
          data-testid="mongo-pipeline-code"
        >
          Export code…
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => props.onExplain(asText ? text : whole)}
          data-testid="mongo-explain-pipeline"
        >
          Explain
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setExporting(true)}>
          <IconDownload /> Export results…
        </button>
        <RunButton
          running={running}
          onRun={() => run(0)}
          onCancel={cancel}
          label="Run pipeline"
          testId="mongo-run-pipeline"
        />
      </div>
      {preview.error ? <ErrorBanner error={preview.error} /> : null}
      {asText ? (
        <>
          <CodeEditor
            value={text}
            onChange={setText}
            language={shellLanguage}
            completion={completion}
            onRun={() => run(0)}
            onCancel={cancel}
            running={running}
            minHeight={160}
            maxHeight={420}
            ariaLabel="Pipeline text"
            testId="mongo-pipeline-text"
          />
          {textError ? <div className="field-error">{textError}</div> : null}
        </>
      ) : (
        <div className="mg-stages" data-testid="mongo-stages">
          {stages.map((s, i) => (
            <StageCardView
              key={s.id}
              index={i}
              stage={s}
              count={stages.length}
              preview={previewOn ? preview.previews[i] : undefined}
              completion={completion}
              onChange={(patch) => update(s.id, patch)}
              onMove={(by) => move(i, by)}
              onDelete={() => setStages((list) => list.filter((x) => x.id !== s.id))}
              onRun={() => run(0)}
            />
          ))}
          <div className="mg-add-stage">
            <select
              className="select"
              aria-label="Stage to add"
              value={picker}
              onChange={(e) => setPicker(e.target.value)}
              title={stageDescription(picker)}
            >
              {STAGE_NAMES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn"
              onClick={() => setStages((list) => [...list, card(stageTemplate(picker))])}
              data-testid="mongo-add-stage"
            >
              <IconPlus /> Add stage
            </button>
            <span className="mg-muted">{stageDescription(picker)}</span>
          </div>
        </div>
      )}
      {runError ? <ErrorBanner error={runError} /> : null}
      {result ? (
        <div className="mg-pipeline-result" data-testid="mongo-pipeline-result">
          <div className="mg-result-bar">
            <Segmented
              label="View"
              size="sm"
              value={mode}
              onChange={setMode}
              options={[
                { value: 'list', label: 'List' },
                { value: 'json', label: 'JSON' },
                { value: 'table', label: 'Table' },
              ]}
            />
            <span className="mg-muted">{`${result.docs.documents.length} documents (page ${result.page + 1}) · ${formatMs(result.docs.tookMs)}`}</span>
            <span className="mg-spacer" />
            <button
              type="button"
              className="btn btn-sm"
              disabled={result.page === 0 || running}
              onClick={() => run(result.page - 1)}
            >
              ‹ Previous
            </button>
            <button
              type="button"
              className="btn btn-sm"
              disabled={!result.docs.hasMore || running}
              onClick={() => run(result.page + 1)}
            >
              Next ›
            </button>
          </div>
          {result.docs.note ? <div className="mg-server-note">{result.docs.note}</div> : null}
          <DocumentResults
            rows={result.docs.documents.map((doc) => ({ id: null, doc, bytes: 0 }))}
            mode={mode}
            actions={{}}
            offset={result.page * DEFAULT_PAGE_SIZE}
            tookMs={result.docs.tookMs}
          />
        </div>
      ) : null}
      {codeFor ? (
        <Dialog title="Export pipeline as code" onClose={() => setCodeFor(null)} size="lg" testId="mongo-code-dialog">
          <Segmented
            label="Language"
            size="sm"
            value={codeFor}
            onChange={setCodeFor}
            options={[
              { value: 'shell', label: 'Shell (mongosh)' },
              { value: 'node', label: 'Node.js' },
              { value: 'python', label: 'Python' },
            ]}
          />
          <pre className="mg-json-doc mono" data-testid="mongo-code">
            {code}
          </pre>
          <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(code)}>
            Copy
          </button>
        </Dialog>
      ) : null}
      {exporting ? (
        <ExportDialog
          title="Export pipeline output"
          what={`the output of the pipeline on ${target.db}.${target.collection}`}
          formats={['jsonl', 'json', 'csv']}
          start={(options, handlers) =>
            client.subscribe(
              'mongo.documents.export',
              { ...target, source: { kind: 'aggregate', pipeline: asText ? text : whole }, ...options },
              handlers,
            )
          }
          onClose={() => setExporting(false)}
        />
      ) : null}
    </div>
  );
}
