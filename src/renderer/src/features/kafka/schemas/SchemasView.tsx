import { useState, type ReactNode } from 'react';
import type { CompatibilityLevel } from '../../../../../shared/contract/kafka/schemas';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { CompatibilitySelect } from './CompatibilitySelect';
import { EXAMPLE_SCHEMA, SCHEMA_TYPE_LABEL } from './logic';
import { RegisterDialog } from './RegisterDialog';
import { SubjectPanel } from './SubjectPanel';

/**
 * The Schemas screen: the connection's Schema Registry (URL, global
 * compatibility level), its subjects with type, latest version, version count
 * and level, a filter, the selected subject's panel, and "Register schema" for
 * a new subject. A registry holds hundreds of subjects, not millions: core
 * returns up to 500 (says when there are more) and the table is plain.
 */
export function SchemasView({ connectionId, readOnly }: { connectionId: string; readOnly: boolean }): ReactNode {
  const list = useInvoke('kafka.schemas.subjects.list', { connectionId, limit: 500 });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  const rows = (list.data?.subjects ?? []).filter((s) => s.subject.toLowerCase().includes(filter.trim().toLowerCase()));
  const current = list.data?.subjects.find((s) => s.subject === selected) ?? null;

  const setGlobal = async (level: CompatibilityLevel | null): Promise<void> => {
    setError(null);
    try {
      await client.invoke('kafka.schemas.compatibility.set', { connectionId, level });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="page sr-page" data-testid="kafka-schemas">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">Schemas</h1>
          <div className="page-sub muted" data-testid="registry-info">
            {list.data
              ? `${list.data.url} · ${list.data.subjects.length}${list.data.truncated ? '+' : ''} subjects`
              : list.loading
                ? 'Loading…'
                : ''}
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          {list.data ? (
            <label className="sr-inline">
              Global{' '}
              <CompatibilitySelect
                label="Global compatibility"
                value={list.data.globalCompatibility}
                disabled={readOnly}
                onChange={(level) => void setGlobal(level)}
              />
            </label>
          ) : null}
          <input
            className="input"
            aria-label="Filter subjects"
            placeholder="Filter subjects"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="button" className="btn btn-sm" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
          {readOnly ? null : (
            <button
              type="button"
              className="btn btn-sm btn-primary"
              onClick={() => setCreating(true)}
              disabled={!list.data}
            >
              Register schema
            </button>
          )}
        </div>
      </div>
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {list.data && list.data.truncated ? (
        <div className="muted">Showing the first 500 subjects by name; filter to narrow them.</div>
      ) : null}
      {list.data ? (
        <table className="sr-table" data-testid="subjects">
          <thead>
            <tr>
              <th>Subject</th>
              <th>Type</th>
              <th>Latest</th>
              <th>Versions</th>
              <th>Compatibility</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr
                key={s.subject}
                data-subject={s.subject}
                className={s.subject === selected ? 'sr-selected' : undefined}
                onClick={() => setSelected(s.subject)}
                aria-selected={s.subject === selected}
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') setSelected(s.subject);
                }}
              >
                <td className="mono">{s.subject}</td>
                <td>{s.schemaType ? SCHEMA_TYPE_LABEL[s.schemaType] : '—'}</td>
                <td>{s.latestVersion !== null ? `v${s.latestVersion} (id ${s.latestId ?? '?'})` : '—'}</td>
                <td>{s.versionCount}</td>
                <td>{s.compatibility ?? `global (${list.data?.globalCompatibility ?? '?'})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.data && list.data.subjects.length === 0 ? (
        <EmptyState title="No subjects">Register a schema to create the first subject.</EmptyState>
      ) : null}
      {current && list.data ? (
        <SubjectPanel
          key={current.subject}
          connectionId={connectionId}
          summary={current}
          globalLevel={list.data.globalCompatibility}
          readOnly={readOnly}
          onChanged={list.reload}
        />
      ) : null}
      {creating ? (
        <RegisterDialog
          connectionId={connectionId}
          subject={null}
          initialType="AVRO"
          initialText={EXAMPLE_SCHEMA.AVRO}
          onClose={() => setCreating(false)}
          onDone={(subject) => {
            setCreating(false);
            setSelected(subject);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
