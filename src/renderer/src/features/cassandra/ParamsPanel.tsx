import { useState, type ReactNode } from 'react';
import type { ParamValue } from '../../../../shared/contract/cassandra';
import { client } from '../../api/client';
import { ErrorBanner } from '../../ui/ErrorBanner';

export interface PreparedParams {
  /** The statement the parameters belong to. */
  statement: string;
  params: { name: string; type: string }[];
  values: ParamValue[];
}

/**
 * Bound parameters of a prepared statement: "Prepare" asks the server for the
 * statement's `?` markers and their CQL types; each gets a text input parsed
 * by core according to that type (lists, maps and UDTs as JSON), or null, or
 * unset. Values are sent typed, never pasted into the statement.
 */
export function ParamsPanel(props: {
  connectionId: string;
  sessionId: string;
  /** The statement under the cursor (or the selection). */
  currentStatement(): string;
  prepared: PreparedParams | null;
  onChange(p: PreparedParams | null): void;
}): ReactNode {
  const { prepared, onChange } = props;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const prepare = (): void => {
    const statement = props.currentStatement().trim();
    if (!statement) return;
    setBusy(true);
    setError(null);
    client
      .invoke('cassandra.cql.prepare', {
        connectionId: props.connectionId,
        sessionId: props.sessionId,
        text: statement,
      })
      .then(
        (r) =>
          onChange({
            statement,
            params: r.params,
            values: r.params.map((_, i) => prepared?.values[i] ?? { kind: 'value', text: '' }),
          }),
        (e: unknown) => setError(e),
      )
      .finally(() => setBusy(false));
  };
  const set = (i: number, v: ParamValue): void => {
    if (!prepared) return;
    onChange({ ...prepared, values: prepared.values.map((x, j) => (j === i ? v : x)) });
  };

  return (
    <section className="cs-params" aria-label="Bound parameters" data-testid="cs-params">
      <div className="cs-params-head">
        <h3>Parameters</h3>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={prepare} disabled={busy} data-testid="cs-prepare">
          Prepare
        </button>
        {prepared ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(null)}>
            Clear
          </button>
        ) : null}
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {!prepared ? (
        <p className="cs-muted">
          Write a statement with <code>?</code> markers and press Prepare: each gets an input typed by the server.
        </p>
      ) : prepared.params.length === 0 ? (
        <p className="cs-muted">This statement has no bound parameters.</p>
      ) : (
        <ol className="cs-param-list">
          {prepared.params.map((p, i) => {
            const v = prepared.values[i] ?? { kind: 'value', text: '' };
            return (
              <li key={i} data-testid="cs-param">
                <label className="cs-param-name" htmlFor={`cs-param-${i}`}>
                  {p.name} <span className="cs-type">{p.type}</span>
                </label>
                <div className="cs-param-row">
                  <input
                    id={`cs-param-${i}`}
                    className="input"
                    value={v.kind === 'value' ? v.text : ''}
                    disabled={v.kind !== 'value'}
                    placeholder={v.kind === 'value' ? p.type : v.kind}
                    onChange={(e) => set(i, { kind: 'value', text: e.target.value })}
                  />
                  <select
                    className="select"
                    aria-label={`${p.name} kind`}
                    value={v.kind}
                    onChange={(e) =>
                      set(
                        i,
                        e.target.value === 'value'
                          ? { kind: 'value', text: '' }
                          : { kind: e.target.value as 'null' | 'unset' },
                      )
                    }
                  >
                    <option value="value">value</option>
                    <option value="null">null</option>
                    <option value="unset">unset</option>
                  </select>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
