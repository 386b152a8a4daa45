import { useMemo, useState, type ReactNode } from 'react';
import type { InputOf } from '../../../../../shared/contract';
import type { ExplainResult, PlanNode } from '../../../../../shared/contract/mongo/aggregate';
import { useInvoke } from '../../../api/hooks';
import { CodeEditor, RunButton } from '../../../ui/CodeEditor';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Segmented } from '../../../ui/Field';
import { EMPTY_QUERY, toQueryText, type QueryState } from '../documents/query';
import { formatCount } from '../format';
import { queryCompletion, shellLanguage } from '../queryLanguage';

export type ExplainSource = { kind: 'find'; query: QueryState } | { kind: 'aggregate'; pipeline: string };

const n = (v: number | null): string => (v === null ? '—' : formatCount(v));

function PlanTree({ node, depth = 0 }: { node: PlanNode; depth?: number }): ReactNode {
  const scan = node.stage === 'COLLSCAN' || (node.stage === 'SCAN' && !node.indexName);
  return (
    <li className="mg-plan-node" data-testid="mongo-plan-node" data-stage={node.stage}>
      <div className={`mg-plan-card${scan ? ' mg-plan-scan' : ''}`}>
        <div className="mg-plan-stage">
          <strong>{node.stage}</strong>
          {node.indexName ? <span className="mg-badge">index {node.indexName}</span> : null}
          {scan ? <span className="mg-badge mg-badge-warn">collection scan</span> : null}
        </div>
        <div className="mg-plan-nums mg-muted">
          {`returned ${n(node.nReturned)} · keys examined ${n(node.keysExamined)} · docs examined ${n(node.docsExamined)}${node.timeMs !== null ? ` · ${node.timeMs} ms` : ''}`}
        </div>
        {node.details.map((d, i) => (
          <div key={i} className="mg-plan-detail mono">
            {d}
          </div>
        ))}
      </div>
      {node.children.length && depth < 40 ? (
        <ul className="mg-plan-children">
          {node.children.map((c, i) => (
            <PlanTree key={i} node={c} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * Explain of a find or a pipeline: the winning plan as a tree (stage, index,
 * keys and documents examined, returned, time), a collection scan called out,
 * rejected plans on demand, and the server's raw answer.
 */
export function ExplainTab(props: {
  target: { connectionId: string; db: string; collection: string };
  source: ExplainSource | null;
  fields: readonly string[];
}): ReactNode {
  const { target } = props;
  const [kind, setKind] = useState<'find' | 'aggregate'>(props.source?.kind ?? 'find');
  const [filter, setFilter] = useState(props.source?.kind === 'find' ? props.source.query.filter : '');
  const [query] = useState<QueryState>(props.source?.kind === 'find' ? props.source.query : EMPTY_QUERY);
  const [pipeline, setPipeline] = useState(
    props.source?.kind === 'aggregate' ? props.source.pipeline : '[\n  { $match: {} }\n]',
  );
  // What is explained: set by Run, or at once when opened from the Documents or Aggregation tab.
  const [asked, setAsked] = useState<{ n: number; source: InputOf<'mongo.query.explain'>['source'] } | null>(() =>
    props.source
      ? {
          n: 0,
          source:
            props.source.kind === 'find'
              ? { kind: 'find', query: toQueryText(props.source.query) }
              : { kind: 'aggregate', pipeline: props.source.pipeline },
        }
      : null,
  );
  const explained = useInvoke(
    'mongo.query.explain',
    { ...target, source: asked?.source ?? { kind: 'aggregate', pipeline: '[]' } },
    { enabled: asked !== null },
  );
  const result: ExplainResult | undefined = explained.loading ? undefined : explained.data;
  const error = explained.error;
  const running = explained.loading;
  const [showRejected, setShowRejected] = useState(false);
  const [showRaw, setShowRaw] = useState(false);
  const completion = useMemo(
    () => queryCompletion(() => props.fields, kind === 'find' ? 'query' : 'stage'),
    [kind, props.fields],
  );
  const run = (): void => {
    setAsked((a) => ({
      n: (a?.n ?? 0) + 1,
      source: kind === 'find' ? { kind, query: toQueryText({ ...query, filter }) } : { kind, pipeline },
    }));
    // The same text again: ask again (useInvoke would otherwise keep the answer it has).
    explained.reload();
  };
  const cancel = (): void => setAsked(null);

  return (
    <div className="mg-tab" data-testid="mongo-explain">
      <div className="mg-toolbar">
        <Segmented
          label="Explain"
          size="sm"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'find', label: 'Find' },
            { value: 'aggregate', label: 'Aggregate' },
          ]}
        />
        <span className="mg-spacer" />
        <RunButton running={running} onRun={run} onCancel={cancel} label="Explain" testId="mongo-explain-run" />
      </div>
      <CodeEditor
        key={kind}
        value={kind === 'find' ? filter : pipeline}
        onChange={kind === 'find' ? setFilter : setPipeline}
        language={shellLanguage}
        completion={completion}
        onRun={run}
        minHeight={kind === 'find' ? 30 : 100}
        maxHeight={300}
        ariaLabel={kind === 'find' ? 'Filter to explain' : 'Pipeline to explain'}
        placeholder={kind === 'find' ? '{ status: "A" }' : '[ { $match: { ... } } ]'}
        testId="mongo-explain-editor"
        running={running}
      />
      {error ? <ErrorBanner error={error} /> : null}
      {result ? (
        <div className="mg-explain-result" data-testid="mongo-explain-result">
          <div className="mg-stat-grid">
            <div className="mg-stat">
              <div className="mg-stat-label">Index used</div>
              <div className="mg-stat-value">{result.indexesUsed.length ? result.indexesUsed.join(', ') : 'none'}</div>
            </div>
            <div className="mg-stat">
              <div className="mg-stat-label">Returned</div>
              <div className="mg-stat-value">{n(result.totals.nReturned)}</div>
            </div>
            <div className="mg-stat">
              <div className="mg-stat-label">Keys examined</div>
              <div className="mg-stat-value">{n(result.totals.keysExamined)}</div>
            </div>
            <div className="mg-stat">
              <div className="mg-stat-label">Docs examined</div>
              <div className="mg-stat-value">{n(result.totals.docsExamined)}</div>
            </div>
            <div className="mg-stat">
              <div className="mg-stat-label">Time</div>
              <div className="mg-stat-value">{result.totals.timeMs === null ? '—' : `${result.totals.timeMs} ms`}</div>
            </div>
          </div>
          {result.collectionScan ? (
            <div className="mg-server-note mg-warn" data-testid="mongo-collscan">
              Collection scan: every document is read. An index on the filtered fields would avoid it.
            </div>
          ) : null}
          {result.notes.map((t, i) => (
            <p key={i} className="mg-muted">
              {t}
            </p>
          ))}
          {result.plan ? (
            <ul className="mg-plan" data-testid="mongo-plan">
              <PlanTree node={result.plan} />
            </ul>
          ) : (
            <p className="mg-muted">The server gave no plan.</p>
          )}
          <div className="mg-toolbar">
            <button
              type="button"
              className="btn btn-sm"
              disabled={result.rejected.length === 0}
              onClick={() => setShowRejected((v) => !v)}
            >
              Rejected plans ({result.rejected.length})
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setShowRaw((v) => !v)}>
              {showRaw ? 'Hide' : 'Show'} raw explain
            </button>
          </div>
          {showRejected
            ? result.rejected.map((p, i) => (
                <ul key={i} className="mg-plan">
                  <PlanTree node={p} />
                </ul>
              ))
            : null}
          {showRaw ? <pre className="mg-json-doc mono">{result.raw}</pre> : null}
        </div>
      ) : null}
    </div>
  );
}
