import type { ReactNode } from 'react';
import { bytesToBase64, textToBytes } from '../../../../../../shared/contract/redis/bytes';

export interface FieldDraft {
  field: string;
  value: string;
}

/** The XADD arguments of the drafted fields (UTF-8), or null while one has no name. */
export function entryArgs(fields: readonly FieldDraft[]): { field: string; value: string }[] | null {
  if (fields.length === 0 || fields.some((f) => f.field === '')) return null;
  return fields.map((f) => ({
    field: bytesToBase64(textToBytes(f.field)),
    value: bytesToBase64(textToBytes(f.value)),
  }));
}

/** Field/value rows of a new stream entry, with add and remove row buttons. */
export function NewEntryFields(props: { fields: FieldDraft[]; onChange(next: FieldDraft[]): void }): ReactNode {
  const { fields, onChange } = props;
  const set = (i: number, patch: Partial<FieldDraft>): void =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div className="rd-entry-new">
      {fields.map((f, i) => (
        <div className="rd-inline" key={i}>
          <input
            className="input mono"
            aria-label={`Field ${i + 1} name`}
            placeholder="field"
            value={f.field}
            onChange={(e) => set(i, { field: e.target.value })}
          />
          <input
            className="input mono"
            aria-label={`Field ${i + 1} value`}
            placeholder="value"
            value={f.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            aria-label={`Remove field ${i + 1}`}
            disabled={fields.length === 1}
            onClick={() => onChange(fields.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-sm" onClick={() => onChange([...fields, { field: '', value: '' }])}>
        Add field
      </button>
    </div>
  );
}
