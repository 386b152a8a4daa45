import type { ReactNode } from 'react';
import { QUOTA_KEYS, quotaEntityText, type QuotaEntry } from '../../../../../shared/contract/kafka/quotas';
import { nameCell } from './logic';

/** Entities and their quotas; an empty cell has no quota of that key. Edit and remove only when `onEdit` is given. */
export function QuotaTable({
  entries,
  onEdit,
  onRemove,
}: {
  entries: readonly QuotaEntry[];
  onEdit?: (e: QuotaEntry) => void;
  onRemove?: (e: QuotaEntry) => void;
}): ReactNode {
  return (
    <table className="connect-table" data-testid="quotas">
      <thead>
        <tr>
          <th>User</th>
          <th>Client id</th>
          <th>IP</th>
          {QUOTA_KEYS.map((k) => (
            <th key={k} className="mono">
              {k}
            </th>
          ))}
          {onEdit ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const label = quotaEntityText(e.entity);
          return (
            <tr key={label} data-testid="quota-row" data-entity={label}>
              <td className="mono">{nameCell(e.entity.user)}</td>
              <td className="mono">{nameCell(e.entity.clientId)}</td>
              <td className="mono">{nameCell(e.entity.ip)}</td>
              {QUOTA_KEYS.map((k) => (
                <td key={k} className="mono" data-key={k}>
                  {e.values[k] === undefined ? '' : String(e.values[k])}
                </td>
              ))}
              {onEdit && onRemove ? (
                <td>
                  <button type="button" className="btn btn-sm" onClick={() => onEdit(e)} aria-label={`Edit ${label}`}>
                    Edit
                  </button>{' '}
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => onRemove(e)}
                    aria-label={`Remove quotas of ${label}`}
                  >
                    Remove
                  </button>
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
