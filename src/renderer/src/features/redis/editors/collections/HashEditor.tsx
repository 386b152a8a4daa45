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

interface HashRow {
  field: BytesPreview;
  value: BytesPreview;
}

const COLUMNS: DataGridColumn<HashRow>[] = [
  { id: 'field', header: 'Field', width: 160, cell: (r) => valueText(r.field.b64, 200) },
  { id: 'value', header: 'Value', width: 240, cell: (r) => valueText(r.value.b64, 300) },
  { id: 'size', header: 'Size', width: 70, align: 'right', cell: (r) => formatBytes(r.value.size) },
];

/** The hash editor: HSCAN pages with a MATCH filter on field names; edit a value, add or delete a field. */
export function HashEditor({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const [match, setMatch] = useState('*');
  const [draftMatch, setDraftMatch] = useState('*');
  const target = { connectionId, db, key: keyName.b64 };
  const load = useCallback(
    async (cursor: string, signal: AbortSignal) => {
      const r = await client.invoke(
        'redis.hash.scan',
        { connectionId, db, key: keyName.b64, cursor, match, count: 200 },
        { signal },
      );
      return { rows: r.fields, next: r.cursor === '0' ? null : r.cursor, length: r.length };
    },
    [connectionId, db, keyName.b64, match],
  );
  const paged = usePagedMembers(JSON.stringify([connectionId, db, keyName.b64, match]), '0', load);
  const [mode, setMode] = useState<PanelMode>({ kind: 'none' });
  const [field, setField] = useState<BytesDraft>(draftOf(null));
  const [value, setValue] = useState<BytesDraft>(draftOf(null));
  const selected = mode.kind === 'edit' ? paged.rows[mode.index] : undefined;

  const select = (index: number | null): void => {
    const row = index === null ? undefined : paged.rows[index];
    if (!row || index === null) return setMode({ kind: 'none' });
    setMode({ kind: 'edit', index });
    setField(draftOf(row.field.b64));
    setValue(draftOf(row.value.b64));
  };
  const done = (): void => {
    setMode({ kind: 'none' });
    paged.reload();
    onChanged();
  };
  const f = draftBytes(field);
  const v = draftBytes(value);

  return (
    <CollectionLayout
      testId="redis-hash-editor"
      unit="fields"
      paged={paged}
      columns={COLUMNS}
      rowKey={(_, i) => String(i)}
      selectedIndex={mode.kind === 'edit' ? mode.index : null}
      onSelect={select}
      filtered={match !== '*'}
      toolbar={
        <form
          className="rd-inline"
          onSubmit={(e) => {
            e.preventDefault();
            setMode({ kind: 'none' });
            setMatch(draftMatch.trim() === '' ? '*' : draftMatch);
          }}
        >
          <input
            className="input mono rd-pattern"
            aria-label="Field pattern"
            placeholder="Field pattern (HSCAN MATCH)"
            value={draftMatch}
            onChange={(e) => setDraftMatch(e.target.value)}
          />
          <button type="submit" className="btn btn-sm">
            Filter
          </button>
          {!profile.readOnly ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                setMode({ kind: 'add' });
                setField(draftOf(null));
                setValue(draftOf(null));
              }}
            >
              Add field
            </button>
          ) : null}
        </form>
      }
      panel={
        mode.kind === 'none' ? (
          <p className="faint">Select a field to see and edit its value, or add a field.</p>
        ) : (
          <MemberPanel
            key={mode.kind === 'edit' ? `e${mode.index}` : 'add'}
            title={mode.kind === 'add' ? 'New field' : 'Field'}
            readOnly={profile.readOnly}
            blocked={
              selected ? previewBlock(selected.value.truncated || selected.field.truncated, selected.value.size) : null
            }
            saveLabel={mode.kind === 'add' ? 'Add' : 'Save'}
            canSave={f !== null && v !== null && (mode.kind === 'edit' || f.length > 0)}
            onSave={() =>
              client.invoke('redis.hash.set', {
                ...target,
                fields: [{ field: bytesToBase64(f ?? new Uint8Array()), value: bytesToBase64(v ?? new Uint8Array()) }],
              })
            }
            remove={
              selected
                ? {
                    label: 'Delete field',
                    what: (
                      <>
                        Delete the field <strong className="mono">{valueText(selected.field.b64, 120)}</strong> from
                        this hash?
                      </>
                    ),
                    run: () => client.invoke('redis.hash.delete', { ...target, fields: [selected.field.b64] }),
                  }
                : undefined
            }
            onDone={done}
            onClose={() => setMode({ kind: 'none' })}
          >
            <BytesField label="Field" value={field} onChange={setField} readOnly={mode.kind === 'edit'} rows={1} />
            <BytesField label="Value" value={value} onChange={setValue} readOnly={profile.readOnly} rows={8} />
            {mode.kind === 'add' ? <p className="faint">An existing field with this name is replaced.</p> : null}
          </MemberPanel>
        )
      }
    />
  );
}
