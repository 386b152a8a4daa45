import { useState, type ReactNode } from 'react';
import type { StreamGroup } from '../../../../../../shared/contract/redis/stream';
import { client } from '../../../../api/client';
import { useInvoke } from '../../../../api/hooks';
import { ConfirmDialog } from '../../../../ui/ConfirmDialog';
import { DataGrid, type DataGridColumn } from '../../../../ui/DataGrid';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { formatCount, formatTtl } from '../../format';
import { useKeyAction } from '../../useKeyAction';
import type { TypeEditorProps } from '../types';

const n = (v: number | null): string => (v === null ? '—' : formatCount(v));

const GROUPS: DataGridColumn<StreamGroup>[] = [
  { id: 'name', header: 'Group', width: 160, cell: (g) => g.name },
  { id: 'consumers', header: 'Consumers', width: 90, align: 'right', cell: (g) => g.consumers.length },
  { id: 'pending', header: 'Pending', width: 80, align: 'right', cell: (g) => formatCount(g.pending) },
  { id: 'last', header: 'Last delivered', width: 160, cell: (g) => g.lastDeliveredId },
  { id: 'lag', header: 'Lag', width: 70, align: 'right', cell: (g) => n(g.lag) },
];

/**
 * Consumer groups of a stream (XINFO GROUPS / CONSUMERS): the groups, the
 * consumers of the selected one, its pending entries (XPENDING) with ack and
 * claim; create and destroy groups.
 */
export function StreamGroups({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const target = { connectionId, db, key: keyName.b64 };
  const groups = useInvoke('redis.stream.groups', target);
  const [selected, setSelected] = useState<string | null>(null);
  const group = groups.data?.groups.find((g) => g.name === selected) ?? groups.data?.groups[0];
  const [name, setName] = useState('');
  const [from, setFrom] = useState<'$' | '0'>('$');
  const [destroy, setDestroy] = useState(false);
  const action = useKeyAction();
  const refresh = (): void => {
    groups.reload();
    onChanged();
  };

  return (
    <div className="rd-groups" data-testid="redis-stream-groups">
      {groups.error ? <ErrorBanner error={groups.error} /> : null}
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      <div className="rd-editor-bar">
        <span className="faint">
          {groups.data ? `${groups.data.groups.length} group${groups.data.groups.length === 1 ? '' : 's'}` : 'Loading…'}
        </span>
        <button type="button" className="btn btn-sm" onClick={groups.reload}>
          Reload
        </button>
        <span className="spacer" />
        {!profile.readOnly ? (
          <form
            className="rd-inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim() === '') return;
              void action
                .run(() => client.invoke('redis.stream.group.create', { ...target, group: name.trim(), from }))
                .then((r) => {
                  if (!r) return;
                  setSelected(name.trim());
                  setName('');
                  refresh();
                });
            }}
          >
            <input
              className="input mono"
              aria-label="New group name"
              placeholder="New group"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <select
              className="input"
              aria-label="Group starts at"
              value={from}
              onChange={(e) => setFrom(e.target.value as '$' | '0')}
            >
              <option value="$">new entries ($)</option>
              <option value="0">the whole stream (0)</option>
            </select>
            <button type="submit" className="btn btn-sm" disabled={name.trim() === '' || action.busy}>
              Create group
            </button>
          </form>
        ) : null}
      </div>
      <div className="rd-groups-grid">
        <DataGrid
          rows={groups.data?.groups ?? []}
          columns={GROUPS}
          rowKey={(g) => g.name}
          label="Consumer groups"
          testId="redis-groups-grid"
          initialHeight={140}
          selectedIndex={group ? (groups.data?.groups.indexOf(group) ?? null) : null}
          onSelect={(i) => setSelected(groups.data?.groups[i]?.name ?? null)}
          empty={<p className="faint rd-pad">No consumer groups on this stream.</p>}
        />
      </div>
      {group ? (
        <section className="rd-group" aria-label={`Group ${group.name}`} data-testid="redis-group">
          <div className="rd-editor-bar">
            <strong className="mono">{group.name}</strong>
            <span className="faint">
              read {n(group.entriesRead)} · last delivered {group.lastDeliveredId}
            </span>
            <span className="spacer" />
            {!profile.readOnly ? (
              <button type="button" className="btn btn-sm btn-danger" onClick={() => setDestroy(true)}>
                Destroy group…
              </button>
            ) : null}
          </div>
          <table className="rd-table">
            <thead>
              <tr>
                <th>Consumer</th>
                <th>Pending</th>
                <th>Idle</th>
              </tr>
            </thead>
            <tbody>
              {group.consumers.map((c) => (
                <tr key={c.name}>
                  <td className="mono">{c.name}</td>
                  <td>{formatCount(c.pending)}</td>
                  <td>{formatTtl(c.idleMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pending
            key={group.name}
            connectionId={connectionId}
            db={db}
            keyB64={keyName.b64}
            group={group.name}
            readOnly={profile.readOnly}
            onChanged={refresh}
          />
        </section>
      ) : null}
      {destroy && group ? (
        <ConfirmDialog
          title="Destroy consumer group"
          danger
          confirmLabel="Destroy"
          requireText={profile.environment === 'prod' ? group.name : undefined}
          message={
            <>
              Destroy the group <strong className="mono">{group.name}</strong> and its {formatCount(group.pending)}{' '}
              pending entries? Its consumers lose their place in the stream.
            </>
          }
          onCancel={() => setDestroy(false)}
          onConfirm={() => {
            setDestroy(false);
            void action
              .run(() => client.invoke('redis.stream.group.delete', { ...target, group: group.name }))
              .then(() => {
                setSelected(null);
                refresh();
              });
          }}
        />
      ) : null}
    </div>
  );
}

/** Pending entries of one group (first 100 by id), with ack and claim of the selected one. */
function Pending(props: {
  connectionId: string;
  db: number | null;
  keyB64: string;
  group: string;
  readOnly: boolean;
  onChanged(): void;
}): ReactNode {
  const { readOnly, onChanged, keyB64, ...rest } = props;
  const target = { ...rest, key: keyB64 };
  const pending = useInvoke('redis.stream.pending', { ...target, count: 100 });
  const [picked, setPicked] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const action = useKeyAction();
  const after = (r: unknown): void => {
    if (!r) return;
    setPicked(null);
    pending.reload();
    onChanged();
  };
  const rows = pending.data?.entries ?? [];
  return (
    <div className="rd-pending" data-testid="redis-pending">
      <div className="rd-editor-bar">
        <span>
          Pending: {pending.data ? formatCount(pending.data.total) : '…'}
          {pending.data && pending.data.total > rows.length ? ` (first ${rows.length} shown)` : ''}
        </span>
        <span className="spacer" />
        {!readOnly && picked ? (
          <>
            <button
              type="button"
              className="btn btn-sm"
              disabled={action.busy}
              onClick={() =>
                void action.run(() => client.invoke('redis.stream.ack', { ...target, ids: [picked] })).then(after)
              }
            >
              Ack {picked}
            </button>
            <input
              className="input mono"
              aria-label="Claim to consumer"
              placeholder="consumer"
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
            <button
              type="button"
              className="btn btn-sm"
              disabled={action.busy || to.trim() === ''}
              onClick={() =>
                void action
                  .run(() => client.invoke('redis.stream.claim', { ...target, consumer: to.trim(), ids: [picked] }))
                  .then(after)
              }
            >
              Claim
            </button>
          </>
        ) : null}
      </div>
      {pending.error ? <ErrorBanner error={pending.error} /> : null}
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      <table className="rd-table" aria-label="Pending entries">
        <thead>
          <tr>
            <th>ID</th>
            <th>Consumer</th>
            <th>Idle</th>
            <th>Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr
              key={e.id}
              className={e.id === picked ? 'rd-selected' : undefined}
              onClick={() => setPicked(e.id === picked ? null : e.id)}
              data-id={e.id}
            >
              <td className="mono">{e.id}</td>
              <td className="mono">{e.consumer}</td>
              <td>{formatTtl(e.idleMs)}</td>
              <td>{e.deliveries}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
