import { useState, type ReactNode } from 'react';
import type { KeyspaceSummary } from '../../../../shared/contract/cassandra';
import { useInvoke } from '../../api/hooks';
import type { ResourceViewProps } from '../../app/resources';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { tableResource } from './resources';
import { DdlBlock } from './DdlBlock';
import { DumpDialog, RestoreDialog } from './DumpDialogs';
import { DropDialog } from './CqlFormDialog';
import { CreateKeyspaceDialog, CreateTableDialog } from './SchemaForms';

/** Replication as users read it: `SimpleStrategy RF 1`, `NetworkTopologyStrategy dc1: 3, dc2: 2`. */
export function replicationText(ks: KeyspaceSummary): string {
  const strategy = ks.strategy.replace(/^org\.apache\.cassandra\.locator\./, '');
  const factors = ks.replication.map(([k, v]) => (k === 'replication_factor' ? `RF ${v}` : `${k}: ${v}`));
  return `${strategy}${factors.length ? ` ${factors.join(', ')}` : ''}`;
}

function Group(props: { title: string; items: readonly string[]; render?(name: string): ReactNode }): ReactNode {
  if (props.items.length === 0) return null;
  return (
    <li className="cs-tree-group">
      <span className="cs-tree-group-title">
        {props.title} <span className="cs-muted">({props.items.length})</span>
      </span>
      <ul>
        {props.items.map((n) => (
          <li key={n} className="cs-tree-leaf">
            {props.render ? props.render(n) : <span className="mono">{n}</span>}
          </li>
        ))}
      </ul>
    </li>
  );
}

/**
 * Keyspaces (system keyspaces behind a toggle) with replication and durable
 * writes, and in each its tables, materialized views, user types, functions,
 * aggregates and indexes. A table or view opens its own tab (columns, DDL,
 * rows); a keyspace shows its full DDL from the server's DESCRIBE.
 */
export default function SchemaView(props: ResourceViewProps): ReactNode {
  const { connectionId, openResource, profile } = props;
  const [form, setForm] = useState<
    { kind: 'keyspace' | 'restore' } | { kind: 'table' | 'drop' | 'dump'; keyspace: string } | null
  >(null);
  const ro = profile.readOnly ? 'This connection is read-only.' : undefined;
  const [includeSystem, setIncludeSystem] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [ddlOf, setDdlOf] = useState<string | null>(null);
  const list = useInvoke('cassandra.keyspaces.list', { connectionId, includeSystem });
  const ddl = useInvoke(
    'cassandra.keyspaces.ddl',
    { connectionId, keyspace: ddlOf ?? '_' },
    { enabled: ddlOf !== null },
  );
  const toggle = (name: string): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const keyspaces = list.data?.keyspaces ?? [];
  const tableLink = (ks: string) =>
    function TableLink(name: string): ReactNode {
      return (
        <button
          type="button"
          className="cs-link mono"
          data-testid="cs-table-link"
          onClick={() => openResource(tableResource(ks, name))}
        >
          {name}
        </button>
      );
    };

  return (
    <div className="cs-page cs-schema" data-testid="cs-schema">
      <div className="cs-toolbar">
        <h2 className="cs-title">Keyspaces</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={includeSystem}
            onChange={(e) => setIncludeSystem(e.target.checked)}
            data-testid="cs-system-toggle"
          />{' '}
          Show system keyspaces
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setForm({ kind: 'keyspace' })}
          disabled={ro !== undefined}
          title={ro}
          data-testid="cs-new-keyspace"
        >
          New keyspace…
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setForm({ kind: 'restore' })}
          disabled={ro !== undefined}
          title={ro}
          data-testid="cs-restore"
        >
          Restore…
        </button>
        <button type="button" className="btn btn-sm" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      {form?.kind === 'keyspace' ? (
        <CreateKeyspaceDialog
          connectionId={connectionId}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm(null);
            list.reload();
          }}
        />
      ) : form?.kind === 'table' ? (
        <CreateTableDialog
          connectionId={connectionId}
          keyspace={form.keyspace}
          onClose={() => setForm(null)}
          onDone={(table) => {
            setForm(null);
            list.reload();
            openResource(tableResource(form.keyspace, table));
          }}
        />
      ) : form?.kind === 'dump' ? (
        <DumpDialog connectionId={connectionId} keyspace={form.keyspace} onClose={() => setForm(null)} />
      ) : form?.kind === 'restore' ? (
        <RestoreDialog connectionId={connectionId} onClose={() => setForm(null)} onDone={list.reload} />
      ) : form?.kind === 'drop' ? (
        <DropDialog
          connectionId={connectionId}
          keyspace={form.keyspace}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm(null);
            if (ddlOf === form.keyspace) setDdlOf(null);
            list.reload();
          }}
        />
      ) : null}
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {list.loading && !list.data ? <p className="cs-muted">Loading keyspaces…</p> : null}
      {list.data && keyspaces.length === 0 ? (
        <p className="cs-muted">No user keyspaces yet. Create one in the CQL editor, or show the system keyspaces.</p>
      ) : null}
      <div className="cs-schema-split">
        <ul className="cs-tree" aria-label="Keyspaces">
          {keyspaces.map((ks) => {
            const expanded = open.has(ks.name);
            return (
              <li key={ks.name} className="cs-tree-ks" data-testid="cs-keyspace" data-name={ks.name}>
                <div className="cs-tree-ks-row">
                  <button
                    type="button"
                    className="cs-disclosure"
                    aria-expanded={expanded}
                    aria-label={`${expanded ? 'Collapse' : 'Expand'} ${ks.name}`}
                    onClick={() => toggle(ks.name)}
                  >
                    {expanded ? '▾' : '▸'}
                  </button>
                  <button type="button" className="cs-link cs-ks-name mono" onClick={() => toggle(ks.name)}>
                    {ks.name}
                  </button>
                  <span className="cs-muted cs-ks-meta">
                    {ks.virtual ? 'virtual' : replicationText(ks)}
                    {!ks.durableWrites ? ' · durable_writes = false' : ''} · {ks.tables.length} table
                    {ks.tables.length === 1 ? '' : 's'}
                  </span>
                  <span className="spacer" />
                  {!ks.virtual ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        onClick={() => setDdlOf(ks.name)}
                        data-testid="cs-ks-ddl"
                      >
                        DDL
                      </button>
                      {!ks.system ? (
                        <>
                          <button
                            type="button"
                            className="btn btn-ghost btn-sm"
                            onClick={() => setForm({ kind: 'dump', keyspace: ks.name })}
                            data-testid="cs-dump"
                          >
                            Dump…
                          </button>
                          <button
                            type="button"
                            className="btn btn-ghost btn-sm"
                            onClick={() => setForm({ kind: 'table', keyspace: ks.name })}
                            disabled={ro !== undefined}
                            title={ro}
                            data-testid="cs-new-table"
                          >
                            New table…
                          </button>
                          <button
                            type="button"
                            className="btn btn-ghost btn-sm"
                            onClick={() => setForm({ kind: 'drop', keyspace: ks.name })}
                            disabled={ro !== undefined}
                            title={ro}
                            data-testid="cs-drop-keyspace"
                          >
                            Drop…
                          </button>
                        </>
                      ) : null}
                    </>
                  ) : null}
                </div>
                {expanded ? (
                  <ul className="cs-tree-children">
                    <Group title="Tables" items={ks.tables} render={tableLink(ks.name)} />
                    <Group title="Materialized views" items={ks.views} render={tableLink(ks.name)} />
                    <Group title="User types" items={ks.types} />
                    <Group title="Functions" items={ks.functions} />
                    <Group title="Aggregates" items={ks.aggregates} />
                    <Group
                      title="Indexes"
                      items={ks.indexes.map((i) => i.name)}
                      render={(n) => {
                        const i = ks.indexes.find((x) => x.name === n);
                        return (
                          <span className="mono">
                            {n}{' '}
                            <span className="cs-muted">
                              on {i?.table} · {i?.className?.split('.').pop() ?? i?.kind}
                            </span>
                          </span>
                        );
                      }}
                    />
                    {ks.tables.length + ks.views.length + ks.types.length === 0 ? (
                      <li className="cs-muted">Empty keyspace.</li>
                    ) : null}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
        {ddlOf ? (
          <aside className="cs-schema-ddl" aria-label={`DDL of ${ddlOf}`}>
            <div className="cs-toolbar">
              <h3 className="cs-title mono">{ddlOf}</h3>
              <span className="spacer" />
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setDdlOf(null)}>
                Close
              </button>
            </div>
            {ddl.error ? <ErrorBanner error={ddl.error} /> : null}
            {ddl.data ? (
              <DdlBlock ddl={ddl.data.ddl} source={ddl.data.ddlSource} />
            ) : (
              <p className="cs-muted">Loading…</p>
            )}
          </aside>
        ) : null}
      </div>
    </div>
  );
}
