import { useState, type ReactNode } from 'react';
import type { InputOf } from '../../../../shared/contract';
import type { SchemaOverview } from '../../../../shared/contract/neo4j/schema';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { useInvoke } from '../../api/hooks';
import type { ResourceViewProps } from '../../app/resources';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { SchemaGraph } from './SchemaGraph';

type Pending =
  | { kind: 'drop'; what: 'index' | 'constraint'; name: string }
  | { kind: 'index'; input: InputOf<'neo4j.schema.index.create'> }
  | { kind: 'constraint'; input: InputOf<'neo4j.schema.constraint.create'> };

const labelOf = (o: SchemaOverview, id: string) => o.graph.nodes.find((n) => n.id === id)?.labels.join(':') ?? '?';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/**
 * The schema of a Neo4j database: labels and relationship types with counts,
 * property keys, indexes (type, state, population) and constraints, the
 * schema graph, and create/drop of indexes and constraints, each confirmed.
 * On a read-only connection the actions are not offered (and core refuses them).
 */
export default function SchemaScreen(props: ResourceViewProps): ReactNode {
  const { connectionId, profile } = props;
  const overview = useInvoke('neo4j.schema.overview', { connectionId });
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StackdeckError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ label: string } | null>(null);
  const [form, setForm] = useState({ target: 'index', kind: 'RANGE', entity: 'node', on: '', props: '', name: '' });
  const ro = profile.readOnly;
  const o = overview.data;

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      const r =
        pending.kind === 'drop'
          ? await client.invoke('neo4j.schema.drop', { connectionId, kind: pending.what, name: pending.name })
          : pending.kind === 'index'
            ? await client.invoke('neo4j.schema.index.create', pending.input)
            : await client.invoke('neo4j.schema.constraint.create', pending.input);
      setDone(`Done: ${r.statement}`);
      overview.reload();
    } catch (e) {
      setError(e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', String(e)));
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const submit = () => {
    const on = list(form.on);
    const props = list(form.props);
    const name = form.name.trim();
    const entity = form.entity as 'node' | 'relationship';
    if (form.target === 'index')
      setPending({
        kind: 'index',
        input: {
          connectionId,
          kind: form.kind as 'RANGE' | 'TEXT' | 'POINT' | 'FULLTEXT',
          entity,
          labelsOrTypes: on,
          properties: props,
          ...(name ? { name } : {}),
        },
      });
    else
      setPending({
        kind: 'constraint',
        input: {
          connectionId,
          kind: form.kind as 'UNIQUE' | 'KEY' | 'NOT NULL',
          entity,
          labelOrType: on[0] ?? '',
          properties: props,
          ...(name ? { name } : {}),
        },
      });
  };
  const kinds = form.target === 'index' ? ['RANGE', 'TEXT', 'POINT', 'FULLTEXT'] : ['UNIQUE', 'KEY', 'NOT NULL'];

  return (
    <div className="n4-page n4-admin" data-testid="n4-schema">
      <div className="n4-toolbar">
        <h2 className="n4-h">Schema</h2>
        <span className="n4-spacer" />
        <button type="button" className="btn" onClick={overview.reload} disabled={overview.loading}>
          {overview.loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {overview.error ? <ErrorBanner error={overview.error} /> : null}
      {error ? <ErrorBanner error={error} /> : null}
      {done ? (
        <p className="n4-muted" role="status">
          {done}
        </p>
      ) : null}
      {o ? (
        <div className="n4-admin-grid">
          <section>
            <h3 className="n4-h3">Labels</h3>
            <table className="n4-admin-table" data-testid="n4-schema-labels">
              <tbody>
                {o.labels.map((l) => (
                  <tr key={l.name}>
                    <td>
                      <button
                        type="button"
                        className="n4-link"
                        title="Show this label in the schema graph"
                        onClick={() => setFocus({ label: l.name })}
                      >
                        :{l.name}
                      </button>
                    </td>
                    <td className="n4-right">{l.count.toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h3 className="n4-h3">Relationship types</h3>
            <table className="n4-admin-table" data-testid="n4-schema-types">
              <tbody>
                {o.relationshipTypes.map((l) => (
                  <tr key={l.name}>
                    <td>[:{l.name}]</td>
                    <td className="n4-right">{l.count.toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h3 className="n4-h3">Property keys</h3>
            <p className="n4-keys">{o.propertyKeys.join(', ')}</p>
          </section>
        </div>
      ) : null}
      {o ? (
        <section>
          <h3 className="n4-h3">Schema graph</h3>
          <SchemaGraph connectionId={connectionId} overview={o} focus={focus} />
          <details className="n4-schema-patterns">
            <summary>As text</summary>
            <ul className="n4-admin-list" data-testid="n4-schema-patterns">
              {o.graph.rels.slice(0, 500).map((r) => (
                <li key={r.id}>
                  (:{labelOf(o, r.start)})-[:{r.type}]-&gt;(:{labelOf(o, r.end)})
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
      {o ? (
        <section>
          <h3 className="n4-h3">Indexes</h3>
          <table className="n4-admin-table" data-testid="n4-schema-indexes">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>On</th>
                <th>Properties</th>
                <th>State</th>
                <th>Populated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {o.indexes.map((i) => (
                <tr key={i.name}>
                  <td>{i.name}</td>
                  <td>{i.type}</td>
                  <td>
                    {i.entityType === 'RELATIONSHIP' ? '[:' : '(:'}
                    {i.labelsOrTypes.join('|') || '*'}
                    {i.entityType === 'RELATIONSHIP' ? ']' : ')'}
                  </td>
                  <td>{i.properties.join(', ')}</td>
                  <td>{i.state}</td>
                  <td className="n4-right">
                    {i.populationPercent === null ? '' : `${i.populationPercent.toFixed(0)}%`}
                  </td>
                  <td>
                    {!ro && i.owningConstraint === null && i.type !== 'LOOKUP' ? (
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => setPending({ kind: 'drop', what: 'index', name: i.name })}
                      >
                        Drop
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="n4-h3">Constraints</h3>
          <table className="n4-admin-table" data-testid="n4-schema-constraints">
            <tbody>
              {o.constraints.length === 0 ? (
                <tr>
                  <td className="n4-muted">None.</td>
                </tr>
              ) : null}
              {o.constraints.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{c.type}</td>
                  <td>:{c.labelsOrTypes.join('|')}</td>
                  <td>{c.properties.join(', ')}</td>
                  <td>
                    {!ro ? (
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => setPending({ kind: 'drop', what: 'constraint', name: c.name })}
                      >
                        Drop
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {ro ? (
        <p className="n4-muted">Read-only connection: schema changes are not offered (core refuses them).</p>
      ) : (
        <h3 className="n4-h3">Create an index or constraint</h3>
      )}
      {ro ? null : (
        <form
          className="n4-toolbar n4-admin-form"
          aria-label="Create an index or constraint"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <select
            className="select"
            aria-label="Create"
            value={form.target}
            onChange={(e) =>
              setForm({ ...form, target: e.target.value, kind: e.target.value === 'index' ? 'RANGE' : 'UNIQUE' })
            }
          >
            <option value="index">Index</option>
            <option value="constraint">Constraint</option>
          </select>
          <select
            className="select"
            aria-label="Kind"
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value })}
          >
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <select
            className="select"
            aria-label="On"
            value={form.entity}
            onChange={(e) => setForm({ ...form, entity: e.target.value })}
          >
            <option value="node">nodes</option>
            <option value="relationship">relationships</option>
          </select>
          <input
            className="input"
            aria-label="Label or type"
            placeholder={
              form.target === 'index' && form.kind === 'FULLTEXT' ? 'Labels, comma separated' : 'Label or type'
            }
            value={form.on}
            onChange={(e) => setForm({ ...form, on: e.target.value })}
          />
          <input
            className="input"
            aria-label="Properties"
            placeholder="Properties, comma separated"
            value={form.props}
            onChange={(e) => setForm({ ...form, props: e.target.value })}
          />
          <input
            className="input"
            aria-label="Name (optional)"
            placeholder="Name (optional)"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <button
            type="submit"
            className="btn btn-primary"
            disabled={list(form.on).length === 0 || list(form.props).length === 0}
          >
            Create…
          </button>
        </form>
      )}
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'drop' ? `Drop ${pending.what} ${pending.name}?` : `Create ${pending.kind}?`}
          message={
            pending.kind === 'drop'
              ? `The ${pending.what} is removed from the database. Queries that relied on it may get slower${pending.what === 'constraint' ? ', and the rule is no longer enforced' : ''}.`
              : `A ${pending.input.kind} ${pending.kind} on ${pending.kind === 'index' ? pending.input.labelsOrTypes.join(', ') : pending.input.labelOrType} (${pending.input.properties.join(', ')}) is created. Building it reads the existing data.`
          }
          confirmLabel={pending.kind === 'drop' ? 'Drop' : 'Create'}
          danger={pending.kind === 'drop'}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}
