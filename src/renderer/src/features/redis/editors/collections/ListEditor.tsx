import { useCallback, useState, type ReactNode } from 'react';
import { bytesToBase64 } from '../../../../../../shared/contract/redis/bytes';
import type { BytesPreview } from '../../../../../../shared/contract/redis/common';
import { client } from '../../../../api/client';
import type { DataGridColumn } from '../../../../ui/DataGrid';
import { formatBytes, valueText } from '../../format';
import type { TypeEditorProps } from '../types';
import { BytesField, draftBytes, draftOf, type BytesDraft } from './BytesField';
import { CollectionLayout } from './CollectionLayout';
import { MemberPanel, previewBlock, type PanelMode } from './MemberPanel';
import { usePagedMembers } from './usePagedMembers';

interface ListRow {
  index: number;
  value: BytesPreview;
}

const PAGE = 200;
const COLUMNS: DataGridColumn<ListRow>[] = [
  { id: 'index', header: 'Index', width: 60, align: 'right', cell: (r) => r.index },
  { id: 'value', header: 'Value', width: 300, cell: (r) => valueText(r.value.b64, 300) },
  { id: 'size', header: 'Size', width: 70, align: 'right', cell: (r) => formatBytes(r.value.size) },
];

type Where = 'tail' | 'head' | 'before' | 'after';

/**
 * The list editor: LRANGE pages by index; set an element (LSET), remove one
 * (only if it still holds the value shown), push at the head or tail, or
 * insert before or after the selected element (LINSERT).
 */
export function ListEditor({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const target = { connectionId, db, key: keyName.b64 };
  const load = useCallback(
    async (start: number, signal: AbortSignal) => {
      const r = await client.invoke(
        'redis.list.range',
        { connectionId, db, key: keyName.b64, start, count: PAGE },
        { signal },
      );
      const next = start + r.items.length;
      return { rows: r.items, next: r.items.length > 0 && next < r.length ? next : null, length: r.length };
    },
    [connectionId, db, keyName.b64],
  );
  const paged = usePagedMembers(JSON.stringify([connectionId, db, keyName.b64]), 0, load);
  const [mode, setMode] = useState<PanelMode>({ kind: 'none' });
  const [pivot, setPivot] = useState<ListRow | null>(null);
  const [value, setValue] = useState<BytesDraft>(draftOf(null));
  const [where, setWhere] = useState<Where>('tail');
  const selected = mode.kind === 'edit' ? paged.rows[mode.index] : undefined;
  const v = draftBytes(value);

  const select = (index: number | null): void => {
    const row = index === null ? undefined : paged.rows[index];
    if (!row || index === null) return setMode({ kind: 'none' });
    setMode({ kind: 'edit', index });
    setPivot(row);
    setValue(draftOf(row.value.b64));
  };
  const done = (): void => {
    setMode({ kind: 'none' });
    paged.reload();
    onChanged();
  };
  const add = async (): Promise<unknown> => {
    const bytes = bytesToBase64(v ?? new Uint8Array());
    if (where === 'head' || where === 'tail')
      return client.invoke('redis.list.push', { ...target, side: where, values: [bytes] });
    if (!pivot) throw new Error('Select an element to insert next to.');
    return client.invoke('redis.list.insert', { ...target, where, pivot: pivot.value.b64, value: bytes });
  };
  const pivotUsable = pivot !== null && !pivot.value.truncated;

  return (
    <CollectionLayout
      testId="redis-list-editor"
      unit="items"
      paged={paged}
      columns={COLUMNS}
      rowKey={(r) => String(r.index)}
      selectedIndex={mode.kind === 'edit' ? mode.index : null}
      onSelect={select}
      toolbar={
        !profile.readOnly ? (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setMode({ kind: 'add' });
              setValue(draftOf(null));
              setWhere('tail');
            }}
          >
            Add item
          </button>
        ) : undefined
      }
      panel={
        mode.kind === 'none' ? (
          <p className="faint">Select an item to edit or remove it, or add an item.</p>
        ) : mode.kind === 'add' ? (
          <MemberPanel
            key="add"
            title="New item"
            readOnly={profile.readOnly}
            saveLabel="Add"
            canSave={v !== null && ((where !== 'before' && where !== 'after') || pivotUsable)}
            onSave={add}
            onDone={done}
            onClose={() => setMode({ kind: 'none' })}
          >
            <label className="field">
              <span className="field-label">Where</span>
              <select
                className="input"
                aria-label="Where"
                value={where}
                onChange={(e) => setWhere(e.target.value as Where)}
              >
                <option value="tail">At the tail (RPUSH)</option>
                <option value="head">At the head (LPUSH)</option>
                {pivotUsable ? (
                  <>
                    <option value="before">Before item {pivot.index} (LINSERT)</option>
                    <option value="after">After item {pivot.index} (LINSERT)</option>
                  </>
                ) : null}
              </select>
            </label>
            <BytesField label="Value" value={value} onChange={setValue} rows={6} />
            {where === 'before' || where === 'after' ? (
              <p className="faint">LINSERT goes next to the first element equal to item {pivot?.index}’s value.</p>
            ) : null}
          </MemberPanel>
        ) : selected ? (
          <MemberPanel
            key={`e${mode.index}`}
            title={`Item ${selected.index}`}
            readOnly={profile.readOnly}
            blocked={previewBlock(selected.value.truncated, selected.value.size)}
            canSave={v !== null}
            onSave={() =>
              client.invoke('redis.list.set', {
                ...target,
                index: selected.index,
                value: bytesToBase64(v ?? new Uint8Array()),
              })
            }
            remove={{
              label: 'Remove item',
              what: (
                <>
                  Remove item {selected.index} (<span className="mono">{valueText(selected.value.b64, 120)}</span>)? It
                  is removed only if it still holds this value.
                </>
              ),
              run: () =>
                client.invoke('redis.list.remove', { ...target, index: selected.index, expected: selected.value.b64 }),
            }}
            onDone={done}
            onClose={() => setMode({ kind: 'none' })}
          >
            <BytesField label="Value" value={value} onChange={setValue} readOnly={profile.readOnly} rows={8} />
          </MemberPanel>
        ) : null
      }
    />
  );
}
