import { useState, type ReactNode } from 'react';
import type { ParamValue } from '../../../../shared/contract/neo4j/values';
import { PANEL_TYPES, paramText, panelValue, type PanelType } from './params';

/**
 * Typed parameters: name, type and value. Scalars and temporal values are
 * typed here (checked in core too); list, map and non-numeric points are
 * Cypher expressions the server evaluates (`onEvaluate`), as `:param` does.
 */
export function ParamsPanel(props: {
  params: ReadonlyMap<string, ParamValue>;
  onSet(name: string, value: ParamValue | null): void;
  onEvaluate(name: string, expr: string): void;
}): ReactNode {
  const [name, setName] = useState('');
  const [type, setType] = useState<PanelType>('string');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      setError('The name must be letters, digits and _ (not starting with a digit).');
      return;
    }
    const v = panelValue(type, text);
    if ('error' in v) {
      setError(`The value must be ${v.error}.`);
      return;
    }
    setError(null);
    if ('value' in v) props.onSet(name, v.value);
    else props.onEvaluate(name, v.expr);
    setName('');
    setText('');
  };
  return (
    <section className="n4-params" aria-label="Parameters" data-testid="n4-params">
      <h3>Parameters</h3>
      {props.params.size === 0 ? (
        <p className="n4-muted">None. Add one below, or run :param name =&gt; value.</p>
      ) : (
        <ul className="n4-param-list">
          {[...props.params].map(([k, v]) => (
            <li key={k} data-testid="n4-param">
              <code>${k}</code>
              <span className="n4-param-type">{v.t}</span>
              <span className="n4-param-value" title={paramText(v)}>
                {paramText(v)}
              </span>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                aria-label={`Remove $${k}`}
                onClick={() => props.onSet(k, null)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="n4-param-add">
        <input
          className="input"
          aria-label="Parameter name"
          placeholder="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select
          className="select"
          aria-label="Parameter type"
          value={type}
          onChange={(e) => setType(e.target.value as PanelType)}
        >
          {PANEL_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <input
          className="input"
          aria-label="Parameter value"
          placeholder={placeholderOf(type)}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
        />
        <button type="button" className="btn btn-sm" onClick={add}>
          Set
        </button>
      </div>
      {error ? (
        <p className="n4-error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function placeholderOf(t: PanelType): string {
  switch (t) {
    case 'Date':
      return '2024-01-31';
    case 'DateTime':
      return '2024-01-31T10:00:00+01:00[Europe/Paris]';
    case 'LocalDateTime':
      return '2024-01-31T10:00:00';
    case 'Time':
      return '10:00:00+01:00';
    case 'LocalTime':
      return '10:00:00';
    case 'Duration':
      return 'P1DT2H';
    case 'Point':
      return 'x, y[, z] (WGS-84) or point({...})';
    case 'list':
      return "[1, 'two']";
    case 'map':
      return '{a: 1}';
    default:
      return 'value';
  }
}
