import { useCallback, useState, type ReactNode } from 'react';
import type { StreamEntry } from '../../../../../../shared/contract/redis/stream';
import { client } from '../../../../api/client';
import type { DataGridColumn } from '../../../../ui/DataGrid';
import { Tabs } from '../../../../ui/Tabs';
import { valueText } from '../../format';
import { CollectionLayout } from '../collections/CollectionLayout';
import { MemberPanel, type PanelMode } from '../collections/MemberPanel';
import { usePagedMembers } from '../collections/usePagedMembers';
import type { TypeEditorProps } from '../types';
import { NewEntryFields, entryArgs, type FieldDraft } from './NewEntry';
import { StreamGroups } from './StreamGroups';
import { TrimDialog } from './TrimDialog';

const PAGE = 100;

/** When an id's milliseconds are a plausible time, the time it stands for. */
export function idTime(id: string): string {
  const ms = Number(id.split('-')[0]);
  if (!Number.isFinite(ms) || ms < 946_684_800_000 || ms > 4_102_444_800_000) return '';
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

const summary = (e: StreamEntry): string =>
  e.fields.map((f) => `${valueText(f.field.b64, 40)}=${valueText(f.value.b64, 80)}`).join('  ');

const COLUMNS: DataGridColumn<StreamEntry>[] = [
  { id: 'id', header: 'ID', width: 170, cell: (e) => e.id },
  { id: 'time', header: 'Time (UTC)', width: 170, cell: (e) => idTime(e.id) },
  { id: 'fields', header: 'Fields', width: 360, cell: summary },
];

/**
 * The stream editor: entries newest first (XREVRANGE pages, each page starting
 * after the last id seen) or oldest first; add an entry, delete one, trim;
 * and the consumer groups tab.
 */
export function StreamEditor(props: TypeEditorProps): ReactNode {
  const { connectionId, db, keyName, profile, onChanged } = props;
  const [tab, setTab] = useState<'entries' | 'groups'>('entries');
  const [newestFirst, setNewestFirst] = useState(true);
  const target = { connectionId, db, key: keyName.b64 };
  const load = useCallback(
    async (bound: string, signal: AbortSignal) => {
      const r = await client.invoke(
        'redis.stream.range',
        newestFirst
          ? { connectionId, db, key: keyName.b64, end: bound, reverse: true, count: PAGE }
          : { connectionId, db, key: keyName.b64, start: bound, count: PAGE },
        { signal },
      );
      const last = r.entries.at(-1)?.id;
      return { rows: r.entries, next: last && r.entries.length === PAGE ? `(${last}` : null, length: r.length };
    },
    [connectionId, db, keyName.b64, newestFirst],
  );
  const paged = usePagedMembers(
    JSON.stringify([connectionId, db, keyName.b64, newestFirst]),
    newestFirst ? '+' : '-',
    load,
  );
  const [mode, setMode] = useState<PanelMode>({ kind: 'none' });
  const [id, setId] = useState('*');
  const [fields, setFields] = useState<FieldDraft[]>([]);
  const [trim, setTrim] = useState(false);
  const selected = mode.kind === 'edit' ? paged.rows[mode.index] : undefined;
  const done = (): void => {
    setMode({ kind: 'none' });
    paged.reload();
    onChanged();
  };
  const args = entryArgs(fields);

  return (
    <div className="rd-stream" data-testid="redis-stream-editor">
      <Tabs
        variant="underline"
        label="Stream"
        activeId={tab}
        onSelect={(t) => setTab(t as 'entries' | 'groups')}
        items={[
          { id: 'entries', label: 'Entries' },
          { id: 'groups', label: 'Consumer groups' },
        ]}
      />
      {tab === 'groups' ? (
        <StreamGroups {...props} />
      ) : (
        <CollectionLayout
          testId="redis-stream-entries"
          unit="entries"
          paged={paged}
          columns={COLUMNS}
          rowKey={(e) => e.id}
          selectedIndex={mode.kind === 'edit' ? mode.index : null}
          onSelect={(i) => setMode(i === null ? { kind: 'none' } : { kind: 'edit', index: i })}
          toolbar={
            <>
              <label className="field-check">
                <input
                  type="checkbox"
                  checked={newestFirst}
                  onChange={(e) => {
                    setMode({ kind: 'none' });
                    setNewestFirst(e.target.checked);
                  }}
                />
                newest first
              </label>
              {!profile.readOnly ? (
                <>
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => {
                      setMode({ kind: 'add' });
                      setId('*');
                      setFields([{ field: '', value: '' }]);
                    }}
                  >
                    Add entry
                  </button>
                  <button type="button" className="btn btn-sm" onClick={() => setTrim(true)}>
                    Trim…
                  </button>
                </>
              ) : null}
            </>
          }
          panel={
            mode.kind === 'none' ? (
              <p className="faint">Select an entry to see its fields, or add an entry.</p>
            ) : mode.kind === 'add' ? (
              <MemberPanel
                key="add"
                title="New entry"
                readOnly={profile.readOnly}
                saveLabel="Add"
                canSave={args !== null}
                onSave={() => client.invoke('redis.stream.add', { ...target, id, fields: args ?? [] })}
                onDone={done}
                onClose={() => setMode({ kind: 'none' })}
              >
                <label className="field">
                  <span className="field-label">ID</span>
                  <input
                    className="input mono"
                    aria-label="Entry id"
                    value={id}
                    onChange={(e) => setId(e.target.value.trim() || '*')}
                  />
                </label>
                <NewEntryFields fields={fields} onChange={setFields} />
              </MemberPanel>
            ) : selected ? (
              <MemberPanel
                key={selected.id}
                title={`Entry ${selected.id}`}
                readOnly={profile.readOnly}
                saveLabel="Copy as JSON"
                canSave
                onSave={() =>
                  navigator.clipboard
                    .writeText(
                      JSON.stringify(
                        Object.fromEntries(
                          selected.fields.map((f) => [valueText(f.field.b64, 1e6), valueText(f.value.b64, 1e6)]),
                        ),
                      ),
                    )
                    .catch(() => undefined)
                }
                remove={{
                  label: 'Delete entry',
                  what: (
                    <>
                      Delete the entry <strong className="mono">{selected.id}</strong> (XDEL)?
                    </>
                  ),
                  run: () => client.invoke('redis.stream.delete', { ...target, ids: [selected.id] }),
                }}
                onDone={done}
                onClose={() => setMode({ kind: 'none' })}
              >
                <dl className="rd-entry-fields" data-testid="redis-stream-entry">
                  {selected.fields.map((f, i) => (
                    <div key={i}>
                      <dt className="mono">{valueText(f.field.b64, 200)}</dt>
                      <dd className="mono">
                        {valueText(f.value.b64, 2_000)}
                        {f.value.truncated ? ` … (${f.value.size.toLocaleString('en')} bytes)` : ''}
                      </dd>
                    </div>
                  ))}
                </dl>
              </MemberPanel>
            ) : null
          }
        />
      )}
      {trim ? (
        <TrimDialog
          {...target}
          length={paged.length}
          onClose={() => setTrim(false)}
          onDone={() => {
            setTrim(false);
            done();
          }}
        />
      ) : null}
    </div>
  );
}
