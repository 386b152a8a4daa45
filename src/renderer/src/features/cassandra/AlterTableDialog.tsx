import { useState, type ReactNode } from 'react';
import type { TableDetail } from '../../../../shared/contract/cassandra';
import { CqlFormDialog, TYPES } from './CqlFormDialog';
import { alterTableCql, type AlterTable } from './ddl';

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
