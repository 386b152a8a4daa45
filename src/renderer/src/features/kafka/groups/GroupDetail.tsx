import { useState, type ReactNode } from 'react';
import type { Profile } from '../../../../../shared/contract/connections';
import type { PartitionLag } from '../../../../../shared/contract/kafka/groups';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { useToast } from '../../../ui/toast';
import { fmtDuration, fmtNum, LAG_LABEL } from './format';
import { LagCharts } from './LagCharts';
import { ResetDialog } from './ResetDialog';

const partitionColumns: DataGridColumn<PartitionLag>[] = [
  { id: 'topic', header: 'Topic', width: 220, cell: (p) => p.topic },
  { id: 'partition', header: 'Partition', width: 80, align: 'right', cell: (p) => p.partition },
  {
    id: 'committed',
    header: 'Committed',
    width: 160,
    align: 'right',
    cell: (p) => (p.committedOffset === null ? 'no committed offset' : fmtNum(p.committedOffset)),
  },
  { id: 'end', header: 'End offset (HW)', width: 150, align: 'right', cell: (p) => fmtNum(p.endOffset) },
  {
    id: 'lag',
    header: 'Lag',
    width: 100,
    align: 'right',
    cell: (p) => (p.committedOffset === null ? '—' : fmtNum(p.lag)),
  },
  {
    id: 'timeLag',
    header: 'Time lag',
    width: 110,
    align: 'right',
    cell: (p) => `${fmtDuration(p.timeLagMs)}${p.timeLagExact ? '' : ' (≥)'}`,
  },
  { id: 'client', header: 'Client', width: 200, cell: (p) => (p.clientId ? `${p.clientId} ${p.host ?? ''}` : '—') },
  { id: 'error', header: 'Note', width: 160, cell: (p) => p.error ?? '' },
];

const TYPE_TITLE: Record<string, string> = {
  classic: 'Classic group protocol (JoinGroup/SyncGroup, client-side assignor)',
  consumer:
    'KIP-848 consumer group protocol (group.protocol=consumer, server-side assignor); described by ConsumerGroupDescribe',
  share: 'KIP-932 share group',
  streams: 'KIP-1071 streams group',
};

function assignmentText(a: ReadonlyArray<{ topic: string; partitions: number[] }> | null): string {
  return (a ?? []).map((t) => `${t.topic}: ${t.partitions.join(', ')}`).join('; ') || '—';
}

/** One consumer group: summary, lag charts (live), members, per-partition table, actions. */
export function GroupDetail({
  profile,
  connectionId,
  groupId,
  openResource,
}: {
  profile: Profile;
  connectionId: string;
  groupId: string;
  openResource(r: string): void;
}): ReactNode {
  const toast = useToast();
  const res = useInvoke('kafka.groups.describe', { connectionId, groupId });
  const [resetting, setResetting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const d = res.data;
  // KIP-848 members carry an epoch and a target assignment (ConsumerGroupDescribe); classic ones do not.
  const kip = d?.type === 'consumer';
  const readOnly = profile.readOnly;

  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await client.invoke('kafka.groups.delete', { connectionId, groupId });
      toast.push({ tone: 'success', title: `Deleted group ${groupId}` });
      setDeleting(false);
      openResource('groups');
    } catch (e) {
      toast.error(`Could not delete ${groupId}`, e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page group-page" data-testid="kafka-group">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">
            {groupId}{' '}
            {d ? (
              <span className={`group-state state-${d.state}`} data-testid="group-state">
                {d.state}
              </span>
            ) : null}
          </h1>
          <div className="page-sub muted">
            {d ? (
              <span data-testid="group-type" title={TYPE_TITLE[d.type] ?? d.type}>
                {d.type} group{d.protocol ? ` · assignor ${d.protocol}` : ''}
                {d.groupEpoch !== null
                  ? ` · group epoch ${d.groupEpoch}, target epoch ${d.assignmentEpoch ?? '—'}`
                  : ''}
                {' · '}
              </span>
            ) : null}
            {d
              ? `${d.members.length} member${d.members.length === 1 ? '' : 's'} · total lag at last refresh ${d.totalLag === null ? 'no committed offsets' : fmtNum(d.totalLag)} · `
              : ''}
            <span data-testid="lag-definition">{LAG_LABEL}</span>
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={res.reload} disabled={res.loading}>
            Refresh
          </button>
          {readOnly ? (
            <span className="ro-badge" title="Read-only connection: reset and delete are not available">
              read-only
            </span>
          ) : (
            <>
              <button type="button" className="btn btn-sm" disabled={!d} onClick={() => setResetting(true)}>
                Reset offsets
              </button>
              <button type="button" className="btn btn-sm btn-danger" disabled={!d} onClick={() => setDeleting(true)}>
                Delete group
              </button>
            </>
          )}
        </div>
      </div>
      {res.error ? <ErrorBanner error={res.error} /> : null}

      <LagCharts connectionId={connectionId} groupId={groupId} partitions={d?.partitions ?? []} />

      {d ? (
        <>
          <section>
            <h2 className="section-title">Per topic</h2>
            <table className="simple-table" data-testid="topic-totals">
              <thead>
                <tr>
                  <th>Topic</th>
                  <th className="num">Partitions</th>
                  <th className="num">With committed offset</th>
                  <th className="num">Lag</th>
                  <th className="num">Max time lag</th>
                </tr>
              </thead>
              <tbody>
                {d.topics.map((t) => (
                  <tr key={t.topic}>
                    <td>{t.topic}</td>
                    <td className="num">{t.partitions}</td>
                    <td className="num">{t.committedPartitions}</td>
                    <td className="num">{t.lag === null ? 'no committed offsets' : fmtNum(t.lag)}</td>
                    <td className="num">{fmtDuration(t.maxTimeLagMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h2 className="section-title">Partitions</h2>
            <div
              className="group-partitions"
              style={{ height: Math.min(260, 32 + 26 * Math.max(1, d.partitions.length)) }}
            >
              <DataGrid
                rows={d.partitions}
                columns={partitionColumns}
                rowKey={(p) => `${p.topic}/${p.partition}`}
                label="Partitions"
                testId="partitions-grid"
                initialHeight={240}
              />
            </div>
          </section>
          <section>
            <h2 className="section-title">Members ({d.members.length})</h2>
            {d.members.length === 0 ? (
              <div className="muted">No active members (the group is {d.state}).</div>
            ) : (
              <table className="simple-table" data-testid="members">
                <thead>
                  <tr>
                    <th>Client id</th>
                    <th>Host</th>
                    <th>Assigned partitions</th>
                    {kip ? <th>Target assignment</th> : null}
                    {kip ? <th>Member epoch</th> : null}
                    <th>Instance id</th>
                    <th>Member id</th>
                  </tr>
                </thead>
                <tbody>
                  {d.members.map((m) => (
                    <tr key={m.memberId}>
                      <td>{m.clientId}</td>
                      <td>{m.host}</td>
                      <td>{assignmentText(m.assignment)}</td>
                      {kip ? <td>{assignmentText(m.targetAssignment)}</td> : null}
                      {kip ? <td className="mono">{m.memberEpoch ?? '—'}</td> : null}
                      <td className="mono">{m.groupInstanceId ?? '—'}</td>
                      <td className="faint mono">{m.memberId}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      ) : null}

      {resetting && d ? (
        <ResetDialog
          connectionId={connectionId}
          detail={d}
          onClose={() => setResetting(false)}
          onDone={() => {
            setResetting(false);
            toast.push({ tone: 'success', title: `Offsets of ${groupId} reset` });
            res.reload();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete group ${groupId}?`}
          message="Its committed offsets are removed from the cluster. Consumers that join later start from their auto.offset.reset position."
          confirmLabel="Delete group"
          danger
          requireText={groupId}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setDeleting(false)}
        />
      ) : null}
    </div>
  );
}
