import { useCallback, useState, type ReactNode } from 'react';
import { bytesToBase64 } from '../../../../../../shared/contract/redis/bytes';
import type { BytesPreview } from '../../../../../../shared/contract/redis/common';
import { client } from '../../../../api/client';
import type { DataGridColumn } from '../../../../ui/DataGrid';
import { Segmented } from '../../../../ui/Field';
import { valueText } from '../../format';
import type { TypeEditorProps } from '../types';
import { BytesField, draftBytes, draftOf, type BytesDraft } from './BytesField';
import { CollectionLayout } from './CollectionLayout';
import { MemberPanel, previewBlock, type PanelMode } from './MemberPanel';
import { usePagedMembers } from './usePagedMembers';

interface ZRow {
  member: BytesPreview;
  score: string;
}

const PAGE = 200;
const SCORE_RE = /^([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?inf)$/i;
const BOUND_RE = /^\(?([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?inf)$/i;

interface Range {
  by: 'rank' | 'score';
  min: string;
  max: string;
  reverse: boolean;
}

/**
 * The sorted-set editor: ZRANGE pages by rank or by a score range (BYSCORE
 * with LIMIT), low to high or reversed; change a score, add a member, remove one.
 */
export function ZsetEditor({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const [range, setRange] = useState<Range>({ by: 'rank', min: '-inf', max: '+inf', reverse: false });
  const [draft, setDraft] = useState<Range>(range);
  const target = { connectionId, db, key: keyName.b64 };
  const load = useCallback(
    async (offset: number, signal: AbortSignal) => {
      const r = await client.invoke(
        'redis.zset.range',
        { connectionId, db, key: keyName.b64, offset, count: PAGE, ...range },
        { signal },
      );
      // By score the total in range is unknown; a short page is the end.
      const next = offset + r.items.length;
      const more = range.by === 'rank' ? next < r.length : r.items.length === PAGE;
      return { rows: r.items, next: r.items.length > 0 && more ? next : null, length: r.length };
    },
    [connectionId, db, keyName.b64, range],
  );
  const paged = usePagedMembers(JSON.stringify([connectionId, db, keyName.b64, range]), 0, load);
  const [mode, setMode] = useState<PanelMode>({ kind: 'none' });
  const [member, setMember] = useState<BytesDraft>(draftOf(null));
  const [score, setScore] = useState('0');
  const selected = mode.kind === 'edit' ? paged.rows[mode.index] : undefined;
  const m = draftBytes(member);
  const columns: DataGridColumn<ZRow>[] = [
    { id: 'rank', header: range.by === 'rank' ? 'Rank' : '#', width: 56, align: 'right', cell: (_, i) => i },
    { id: 'score', header: 'Score', width: 90, align: 'right', cell: (r) => r.score },
    { id: 'member', header: 'Member', width: 260, cell: (r) => valueText(r.member.b64, 300) },
  ];
  const boundsOk = draft.by === 'rank' || (BOUND_RE.test(draft.min) && BOUND_RE.test(draft.max));

  const select = (index: number | null): void => {
    const row = index === null ? undefined : paged.rows[index];
    if (!row || index === null) return setMode({ kind: 'none' });
    setMode({ kind: 'edit', index });
    setMember(draftOf(row.member.b64));
    setScore(row.score);
  };
  const done = (): void => {
    setMode({ kind: 'none' });
    paged.reload();
    onChanged();
  };

  return (
    <CollectionLayout
      testId="redis-zset-editor"
      unit="members"
      paged={paged}
      columns={columns}
      rowKey={(_, i) => String(i)}
      selectedIndex={mode.kind === 'edit' ? mode.index : null}
      onSelect={select}
      filtered={range.by === 'score'}
      toolbar={
        <form
          className="rd-inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (!boundsOk) return;
            setMode({ kind: 'none' });
            setRange({ ...draft });
          }}
        >
          <Segmented<'rank' | 'score'>
            label="Range by"
            size="sm"
            value={draft.by}
            onChange={(by) => setDraft({ ...draft, by })}
            options={[
              { value: 'rank', label: 'By rank' },
              { value: 'score', label: 'By score' },
            ]}
          />
          {draft.by === 'score' ? (
            <>
              <input
                className="input mono rd-num"
                aria-label="Minimum score"
                title='A score, "(" before it for exclusive, or -inf'
                value={draft.min}
                onChange={(e) => setDraft({ ...draft, min: e.target.value })}
              />
              to
              <input
                className="input mono rd-num"
                aria-label="Maximum score"
                value={draft.max}
                onChange={(e) => setDraft({ ...draft, max: e.target.value })}
              />
            </>
          ) : null}
          <label className="field-check">
            <input
              type="checkbox"
              checked={draft.reverse}
              onChange={(e) => setDraft({ ...draft, reverse: e.target.checked })}
            />
            high to low
          </label>
          <button type="submit" className="btn btn-sm" disabled={!boundsOk}>
            Show
          </button>
          {!boundsOk ? <span className="field-error">A bound is a score, "(" for exclusive, or -inf/+inf.</span> : null}
          {!profile.readOnly ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                setMode({ kind: 'add' });
                setMember(draftOf(null));
                setScore('0');
              }}
            >
              Add member
            </button>
          ) : null}
        </form>
      }
      panel={
        mode.kind === 'none' ? (
          <p className="faint">Select a member to change its score or remove it, or add a member.</p>
        ) : (
          <MemberPanel
            key={mode.kind === 'edit' ? `e${mode.index}` : 'add'}
            title={mode.kind === 'add' ? 'New member' : 'Member'}
            readOnly={profile.readOnly}
            blocked={selected ? previewBlock(selected.member.truncated, selected.member.size) : null}
            saveLabel={mode.kind === 'add' ? 'Add' : 'Save'}
            canSave={m !== null && SCORE_RE.test(score.trim())}
            onSave={() =>
              client.invoke('redis.zset.add', {
                ...target,
                members: [{ member: bytesToBase64(m ?? new Uint8Array()), score: score.trim() }],
              })
            }
            remove={
              selected
                ? {
                    label: 'Remove member',
                    what: (
                      <>
                        Remove <strong className="mono">{valueText(selected.member.b64, 120)}</strong> from this sorted
                        set?
                      </>
                    ),
                    run: () => client.invoke('redis.zset.remove', { ...target, members: [selected.member.b64] }),
                  }
                : undefined
            }
            onDone={done}
            onClose={() => setMode({ kind: 'none' })}
          >
            <label className="field">
              <span className="field-label">Score</span>
              <input
                className="input mono"
                aria-label="Score"
                value={score}
                readOnly={profile.readOnly}
                onChange={(e) => setScore(e.target.value)}
              />
            </label>
            {!SCORE_RE.test(score.trim()) ? <p className="field-error">A score is a number (or inf, -inf).</p> : null}
            <BytesField label="Member" value={member} onChange={setMember} readOnly={mode.kind === 'edit'} rows={4} />
            {mode.kind === 'add' ? <p className="faint">An existing member gets the new score.</p> : null}
          </MemberPanel>
        )
      }
    />
  );
}
