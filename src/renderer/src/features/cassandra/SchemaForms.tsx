import { useState, type ReactNode } from 'react';
import { CqlFormDialog, TYPES } from './CqlFormDialog';
import {
  createKeyspaceCql,
  createTableCql,
  tableProblems,
  type ColumnForm,
  type KeyspaceForm,
  type TableForm,
} from './ddl';

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
