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

const COLUMNS: DataGridColumn<BytesPreview>[] = [
  { id: 'member', header: 'Member', width: 320, cell: (r) => valueText(r.b64, 300) },
  { id: 'size', header: 'Size', width: 70, align: 'right', cell: (r) => formatBytes(r.size) },
];

/**
 * The set editor: SSCAN pages with a MATCH filter; add a member, remove one,
 * or change one (SADD the new member, then SREM the old: a set has no rename).
 */
export function SetEditor({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const [match, setMatch] = useState('*');
  const [draftMatch, setDraftMatch] = useState('*');
  const target = { connectionId, db, key: keyName.b64 };
  const load = useCallback(
    async (cursor: string, signal: AbortSignal) => {
      const r = await client.invoke(
        'redis.set.scan',
        { connectionId, db, key: keyName.b64, cursor, match, count: 200 },
        { signal },
      );
      return { rows: r.members, next: r.cursor === '0' ? null : r.cursor, length: r.length };
    },
    [connectionId, db, keyName.b64, match],
  );
  const paged = usePagedMembers(JSON.stringify([connectionId, db, keyName.b64, match]), '0', load);
  const [mode, setMode] = useState<PanelMode>({ kind: 'none' });
  const [member, setMember] = useState<BytesDraft>(draftOf(null));
  const selected = mode.kind === 'edit' ? paged.rows[mode.index] : undefined;
  const m = draftBytes(member);

  const select = (index: number | null): void => {
    const row = index === null ? undefined : paged.rows[index];
    if (!row || index === null) return setMode({ kind: 'none' });
    setMode({ kind: 'edit', index });
    setMember(draftOf(row.b64));
  };
  const done = (): void => {
    setMode({ kind: 'none' });
    paged.reload();
    onChanged();
  };
  const save = async (): Promise<unknown> => {
    const next = bytesToBase64(m ?? new Uint8Array());
    if (selected && next === selected.b64) return undefined;
    await client.invoke('redis.set.add', { ...target, members: [next] });
    if (selected) await client.invoke('redis.set.remove', { ...target, members: [selected.b64] });
    return undefined;
  };

  return (
    <CollectionLayout
      testId="redis-set-editor"
      unit="members"
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
            aria-label="Member pattern"
            placeholder="Member pattern (SSCAN MATCH)"
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
                setMember(draftOf(null));
              }}
            >
              Add member
            </button>
          ) : null}
        </form>
      }
      panel={
        mode.kind === 'none' ? (
          <p className="faint">Select a member to change or remove it, or add a member.</p>
        ) : (
          <MemberPanel
            key={mode.kind === 'edit' ? `e${mode.index}` : 'add'}
            title={mode.kind === 'add' ? 'New member' : 'Member'}
            readOnly={profile.readOnly}
            blocked={selected ? previewBlock(selected.truncated, selected.size) : null}
            saveLabel={mode.kind === 'add' ? 'Add' : 'Save'}
            canSave={m !== null}
            onSave={save}
            remove={
              selected
                ? {
                    label: 'Remove member',
                    what: (
                      <>
                        Remove <strong className="mono">{valueText(selected.b64, 120)}</strong> from this set?
                      </>
                    ),
                    run: () => client.invoke('redis.set.remove', { ...target, members: [selected.b64] }),
                  }
                : undefined
            }
            onDone={done}
            onClose={() => setMode({ kind: 'none' })}
          >
            <BytesField label="Member" value={member} onChange={setMember} readOnly={profile.readOnly} rows={6} />
            {mode.kind === 'edit' ? (
              <p className="faint">Saving a changed member adds it and removes the old one.</p>
            ) : null}
          </MemberPanel>
        )
      }
    />
  );
}
