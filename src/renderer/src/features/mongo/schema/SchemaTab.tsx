import { useState, type ReactNode } from 'react';
import type { SchemaChart, SchemaField } from '../../../../../shared/contract/mongo/admin';
import { useInvoke } from '../../../api/hooks';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { formatCount, formatMs, percent } from '../format';

type Target = { connectionId: string; db: string; collection: string };

function Bars({ chart }: { chart: SchemaChart }): ReactNode {
  const items =
    chart.kind === 'histogram'
      ? chart.bins.map((b) => ({ label: `${b.from} – ${b.to}`, count: b.count }))
      : chart.values.map((v) => ({ label: v.value, count: v.count }));
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <div
      className="mg-chart"
      data-testid="mongo-schema-chart"
      data-kind={chart.kind}
      role="img"
      aria-label={`${chart.type} ${chart.kind === 'histogram' ? 'histogram' : 'top values'}`}
    >
      <div className="mg-muted mg-chart-title">
        {chart.kind === 'histogram'
          ? `${chart.type}: ${chart.min} to ${chart.max}`
          : `${chart.type}: top values (${formatCount(chart.distinct)} distinct)`}
      </div>
      {chart.kind === 'histogram' ? (
        <div className="mg-hist">
          {items.map((i, k) => (
            <div
              key={k}
              className="mg-hist-bar"
              style={{ height: `${Math.max(2, (i.count / max) * 100)}%` }}
              title={`${i.label}: ${i.count}`}
            />
          ))}
        </div>
      ) : (
        items.map((i, k) => (
          <div key={k} className="mg-top-row" title={`${i.label}: ${i.count}`}>
            <span className="mg-top-label mono">{i.label}</span>
            <span className="mg-top-bar" style={{ width: `${(i.count / max) * 100}%` }} />
            <span className="mg-muted">{i.count}</span>
          </div>
        ))
      )}
    </div>
  );
}

function FieldRow({ f }: { f: SchemaField }): ReactNode {
  return (
    <div
      className="mg-schema-field"
      data-testid="mongo-schema-field"
      data-path={f.path}
      style={{ marginLeft: f.depth * 20 }}
    >
      <div className="mg-schema-head">
        <span className="mono mg-schema-name">{f.path}</span>
        <span className="mg-muted">{`present in ${percent(f.probability)} (${formatCount(f.count)})`}</span>
      </div>
      <div className="mg-type-bar" aria-label="Types">
        {f.types.map((t) => (
          <span
            key={t.name}
            className={`mg-type-seg mg-type-${t.name}`}
            style={{ flexGrow: Math.max(t.probability, 0.02) }}
            title={`${t.name}: ${percent(t.probability)}`}
          >
            {`${t.name} ${percent(t.probability)}`}
          </span>
        ))}
      </div>
      {f.charts.length ? (
        <div className="mg-charts">
          {f.charts.map((c, i) => (
            <Bars key={i} chart={c} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Schema analysis: a sample of documents (1,000 by default) analysed by
 * mongodb-schema in core: each field with its types and their share, how
 * often it is present, nested fields indented, and charts for numbers, dates
 * and strings.
 */
export function SchemaTab({ target }: { target: Target }): ReactNode {
  const [size, setSize] = useState(1000);
  const [run, setRun] = useState(0);
  const schema = useInvoke('mongo.schema.analyze', { ...target, sampleSize: size }, { enabled: run > 0 });
  const s = schema.data;
  return (
    <div className="mg-tab" data-testid="mongo-schema">
      <div className="mg-toolbar">
        <label className="mg-inline">
          Sample
          <select
            className="select"
            aria-label="Sample size"
            value={size}
            onChange={(e) => setSize(Number(e.target.value))}
          >
            {[100, 1000, 5000, 10000].map((n) => (
              <option key={n} value={n}>
                {formatCount(n)}
              </option>
            ))}
          </select>
          documents
        </label>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => (run > 0 ? schema.reload() : setRun(1))}
          data-testid="mongo-analyze"
        >
          Analyze schema
        </button>
        {schema.loading ? <span className="mg-muted">sampling…</span> : null}
        {s ? (
          <span
            className="mg-muted"
            data-testid="mongo-schema-summary"
          >{`${formatCount(s.sampled)} documents sampled (${s.method === 'sample' ? '$sample' : 'find'}) · ${s.fields.length} fields · ${formatMs(s.tookMs)}`}</span>
        ) : null}
      </div>
      {s?.note ? <div className="mg-server-note">{s.note}</div> : null}
      {schema.error ? <ErrorBanner error={schema.error} /> : null}
      {s ? (
        <div className="mg-schema">
          {s.fields.map((f) => (
            <FieldRow key={f.path} f={f} />
          ))}
        </div>
      ) : run === 0 ? (
        <p className="mg-muted mg-pad">
          Analyze a sample of the collection to see its fields, their types and their values.
        </p>
      ) : null}
    </div>
  );
}
