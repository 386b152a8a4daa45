import { useState, type ReactNode } from 'react';
import type { TableDetail } from '../../../../shared/contract/cassandra';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import {
  alterTableCql,
  createKeyspaceCql,
  createTableCql,
  dropCql,
  tableProblems,
  type AlterTable,
  type ColumnForm,
  type KeyspaceForm,
  type TableForm,
} from './ddl';

const TYPES = [
  'text',
  'int',
  'bigint',
  'uuid',
  'timeuuid',
  'timestamp',
  'date',
  'boolean',
  'double',
  'float',
  'decimal',
  'varint',
  'blob',
  'inet',
  'list<text>',
  'set<text>',
  'map<text, text>',
];

/** Runs one schema statement through cassandra.cql.run (so a read-only connection refuses it in core). */
async function runDdl(connectionId: string, cql: string): Promise<void> {
  const out = await client.invoke('cassandra.cql.run', { connectionId, sessionId: 'schema-forms', text: cql });
  if (out.error) throw new StackdeckError(out.error.code as 'SERVER_ERROR', out.error.message);
}

/** A form that shows the CQL it will run, and runs exactly that on confirm. */
function CqlFormDialog(props: {
  title: string;
  connectionId: string;
  cql: string;
  problems: string[];
  onClose(): void;
  onDone(): void;
  children: ReactNode;
  testId: string;
}): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (): void => {
    setBusy(true);
    setError(null);
    runDdl(props.connectionId, props.cql).then(
      () => {
        setBusy(false);
        props.onDone();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      size="lg"
      testId={props.testId}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={run}
            disabled={busy || props.problems.length > 0}
            data-testid="cs-form-run"
          >
            Run this CQL
          </button>
        </>
      }
    >
      <div className="cs-form">
        {props.children}
        {props.problems.length > 0 ? (
          <ul className="cs-problems" data-testid="cs-form-problems">
            {props.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <div className="cs-muted">The CQL that runs:</div>
        <pre className="cs-ddl-text" data-testid="cs-form-cql">
          {props.cql}
        </pre>
        {error ? <ErrorBanner error={error} /> : null}
      </div>
    </Dialog>
  );
}

export function CreateKeyspaceDialog(props: { connectionId: string; onClose(): void; onDone(): void }): ReactNode {
  const [f, setF] = useState<KeyspaceForm>({
    name: '',
    strategy: 'SimpleStrategy',
    factor: 1,
    datacenters: [{ name: 'datacenter1', factor: 1 }],
    durableWrites: true,
  });
  const problems = [
    ...(f.name.trim() ? [] : ['Name the keyspace.']),
    ...(f.strategy === 'SimpleStrategy' && f.factor < 1 ? ['The replication factor is at least 1.'] : []),
  ];
  return (
    <CqlFormDialog
      title="Create keyspace"
      connectionId={props.connectionId}
      cql={createKeyspaceCql(f)}
      problems={problems}
      onClose={props.onClose}
      onDone={props.onDone}
      testId="cs-create-keyspace"
    >
      <label className="cs-field">
        Name
        <input
          className="input"
          value={f.name}
          aria-label="Keyspace name"
          onChange={(e) => setF({ ...f, name: e.target.value })}
          data-autofocus
        />
      </label>
      <label className="cs-field">
        Strategy
        <select
          className="select"
          value={f.strategy}
          onChange={(e) => setF({ ...f, strategy: e.target.value as KeyspaceForm['strategy'] })}
        >
          <option value="SimpleStrategy">SimpleStrategy (one data center, tests)</option>
          <option value="NetworkTopologyStrategy">NetworkTopologyStrategy (per data center)</option>
        </select>
      </label>
      {f.strategy === 'SimpleStrategy' ? (
        <label className="cs-field">
          Replication factor
          <input
            className="input cs-num-sm"
            type="number"
            min={1}
            value={f.factor}
            onChange={(e) => setF({ ...f, factor: Math.max(0, Number(e.target.value) || 0) })}
          />
        </label>
      ) : (
        f.datacenters.map((d, i) => (
          <div key={i} className="cs-field">
            <input
              className="input"
              aria-label={`Data center ${i + 1}`}
              value={d.name}
              onChange={(e) =>
                setF({
                  ...f,
                  datacenters: f.datacenters.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                })
              }
            />
            <input
              className="input cs-num-sm"
              type="number"
              min={0}
              aria-label={`Factor of data center ${i + 1}`}
              value={d.factor}
              onChange={(e) =>
                setF({
                  ...f,
                  datacenters: f.datacenters.map((x, j) =>
                    j === i ? { ...x, factor: Math.max(0, Number(e.target.value) || 0) } : x,
                  ),
                })
              }
            />
            {i === f.datacenters.length - 1 ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => setF({ ...f, datacenters: [...f.datacenters, { name: '', factor: 3 }] })}
              >
                Add data center
              </button>
            ) : null}
          </div>
        ))
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={f.durableWrites}
          onChange={(e) => setF({ ...f, durableWrites: e.target.checked })}
        />{' '}
        Durable writes (commit log)
      </label>
    </CqlFormDialog>
  );
}

const emptyColumn = (role: ColumnForm['role'] = 'regular'): ColumnForm => ({
  name: '',
  type: 'text',
  role,
  order: 'ASC',
});

export function CreateTableDialog(props: {
  connectionId: string;
  keyspace: string;
  onClose(): void;
  onDone(table: string): void;
}): ReactNode {
  const [f, setF] = useState<TableForm>({
    keyspace: props.keyspace,
    name: '',
    columns: [emptyColumn('partition'), emptyColumn('clustering'), emptyColumn()],
    comment: '',
    defaultTtl: 0,
  });
  const setCol = (i: number, c: Partial<ColumnForm>): void =>
    setF({ ...f, columns: f.columns.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  return (
    <CqlFormDialog
      title={`Create a table in ${props.keyspace}`}
      connectionId={props.connectionId}
      cql={createTableCql(f)}
      problems={tableProblems(f)}
      onClose={props.onClose}
      onDone={() => props.onDone(f.name.trim())}
      testId="cs-create-table"
    >
      <label className="cs-field">
        Name
        <input
          className="input"
          aria-label="Table name"
          value={f.name}
          onChange={(e) => setF({ ...f, name: e.target.value })}
          data-autofocus
        />
      </label>
      <datalist id="cs-types">
        {TYPES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <table className="cs-columns">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Role</th>
            <th>Order</th>
          </tr>
        </thead>
        <tbody>
          {f.columns.map((c, i) => (
            <tr key={i}>
              <td>
                <input
                  className="input"
                  aria-label={`Column ${i + 1} name`}
                  value={c.name}
                  onChange={(e) => setCol(i, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="input"
                  list="cs-types"
                  aria-label={`Column ${i + 1} type`}
                  value={c.type}
                  onChange={(e) => setCol(i, { type: e.target.value })}
                />
              </td>
              <td>
                <select
                  className="select"
                  aria-label={`Column ${i + 1} role`}
                  value={c.role}
                  onChange={(e) => setCol(i, { role: e.target.value as ColumnForm['role'] })}
                >
                  <option value="partition">partition key</option>
                  <option value="clustering">clustering</option>
                  <option value="static">static</option>
                  <option value="regular">regular</option>
                </select>
              </td>
              <td>
                {c.role === 'clustering' ? (
                  <select
                    className="select"
                    aria-label={`Column ${i + 1} order`}
                    value={c.order}
                    onChange={(e) => setCol(i, { order: e.target.value as 'ASC' | 'DESC' })}
                  >
                    <option value="ASC">ASC</option>
                    <option value="DESC">DESC</option>
                  </select>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setF({ ...f, columns: [...f.columns, emptyColumn()] })}
        >
          Add column
        </button>
      </div>
      <label className="cs-field">
        Comment
        <input className="input" value={f.comment} onChange={(e) => setF({ ...f, comment: e.target.value })} />
      </label>
      <label className="cs-field">
        Default TTL (s, 0 = none)
        <input
          className="input cs-num-sm"
          type="number"
          min={0}
          value={f.defaultTtl}
          onChange={(e) => setF({ ...f, defaultTtl: Math.max(0, Number(e.target.value) || 0) })}
        />
      </label>
    </CqlFormDialog>
  );
}

export function AlterTableDialog(props: {
  connectionId: string;
  detail: TableDetail;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const { detail } = props;
  const [a, setA] = useState<AlterTable>({ kind: 'add', column: '', type: 'text' });
  const regular = detail.columns.filter((c) => c.kind === 'regular' || c.kind === 'static').map((c) => c.name);
  const problems =
    a.kind === 'add' && !a.column.trim()
      ? ['Name the new column.']
      : a.kind === 'drop' && !a.column
        ? ['Pick the column to drop.']
        : [];
  return (
    <CqlFormDialog
      title={`Alter ${detail.keyspace}.${detail.name}`}
      connectionId={props.connectionId}
      cql={alterTableCql(detail.keyspace, detail.name, a)}
      problems={problems}
      onClose={props.onClose}
      onDone={props.onDone}
      testId="cs-alter-table"
    >
      <label className="cs-field">
        Change
        <select
          className="select"
          aria-label="Change"
          value={a.kind}
          onChange={(e) =>
            setA(
              e.target.value === 'add'
                ? { kind: 'add', column: '', type: 'text' }
                : e.target.value === 'drop'
                  ? { kind: 'drop', column: regular[0] ?? '' }
                  : { kind: 'option', option: 'comment', value: '' },
            )
          }
        >
          <option value="add">Add a column</option>
          <option value="drop">Drop a column</option>
          <option value="option">Set an option</option>
        </select>
      </label>
      {a.kind === 'add' ? (
        <div className="cs-field">
          <input
            className="input"
            aria-label="New column name"
            placeholder="name"
            value={a.column}
            onChange={(e) => setA({ ...a, column: e.target.value })}
          />
          <input
            className="input"
            list="cs-types-alter"
            aria-label="New column type"
            value={a.type}
            onChange={(e) => setA({ ...a, type: e.target.value })}
          />
          <datalist id="cs-types-alter">
            {TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
      ) : a.kind === 'drop' ? (
        <select
          className="select"
          aria-label="Column to drop"
          value={a.column}
          onChange={(e) => setA({ ...a, column: e.target.value })}
        >
          {regular.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <div className="cs-field">
          <select
            className="select"
            aria-label="Option"
            value={a.option}
            onChange={(e) => setA({ ...a, option: e.target.value as typeof a.option })}
          >
            <option value="comment">comment</option>
            <option value="default_time_to_live">default_time_to_live (s)</option>
            <option value="gc_grace_seconds">gc_grace_seconds</option>
          </select>
          <input
            className="input"
            aria-label="Option value"
            value={a.value}
            onChange={(e) => setA({ ...a, value: e.target.value })}
          />
        </div>
      )}
    </CqlFormDialog>
  );
}

/** Drop a keyspace or table: the name must be typed; the CQL is shown. */
export function DropDialog(props: {
  connectionId: string;
  keyspace: string;
  table?: string;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const what = props.table ? 'table' : 'keyspace';
  const name = props.table ?? props.keyspace;
  const cql = dropCql(what, props.keyspace, props.table);
  return (
    <ConfirmDialog
      title={`Drop ${what} ${name}`}
      message={
        <>
          <p>
            This deletes the {what} and all its data on every node (a snapshot is kept only if auto_snapshot is on).
            Type its name to confirm.
          </p>
          <pre className="cs-ddl-text">{cql}</pre>
          {error ? <ErrorBanner error={error} /> : null}
        </>
      }
      confirmLabel={`Drop ${what}`}
      danger
      requireText={name}
      busy={busy}
      onCancel={props.onClose}
      onConfirm={() => {
        setBusy(true);
        runDdl(props.connectionId, cql).then(
          () => {
            setBusy(false);
            props.onDone();
          },
          (e: unknown) => {
            setBusy(false);
            setError(e);
          },
        );
      }}
    />
  );
}
