import { useState, type ReactNode } from 'react';
import type { ConfigEntryView, PartitionDetail } from '../../../../../shared/contract/kafka/topics';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import type { ResourceViewProps } from '../../../app/resources';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { IconPencil, IconPlus, IconTrash } from '../../../ui/icons';
import { useToast } from '../../../ui/toast';
import { AddPartitionsDialog } from './AddPartitionsDialog';
import { ConfigsGrid } from './ConfigsGrid';
import { EditConfigsDialog } from './EditConfigsDialog';
import { formatBytes, formatCount } from './logic';

const ids = (xs: readonly number[]): string => (xs.length === 0 ? '—' : xs.join(', '));

const partitionColumns: DataGridColumn<PartitionDetail>[] = [
  { id: 'p', header: 'Partition', width: 84, align: 'right', cell: (p) => p.partition },
  {
    id: 'leader',
    header: 'Leader',
    width: 84,
    align: 'right',
    title: (p) => p.error ?? (p.leader < 0 ? 'No leader: offline' : `Broker ${p.leader}`),
    cell: (p) => (p.leader < 0 ? <span className="kt-bad">offline</span> : p.leader),
  },
  { id: 'replicas', header: 'Replicas', width: 110, cell: (p) => ids(p.replicas) },
  {
    id: 'isr',
    header: 'In sync',
    width: 130,
    title: (p) =>
      p.underReplicated
        ? `Under-replicated: ${p.isr.length} of ${p.replicas.length} replicas in sync`
        : 'All replicas in sync',
    cell: (p) => <span className={p.underReplicated ? 'kt-warn' : undefined}>{ids(p.isr)}</span>,
  },
  {
    id: 'offline',
    header: 'Offline replicas',
    width: 140,
    cell: (p) => <span className={p.offlineReplicas.length > 0 ? 'kt-bad' : undefined}>{ids(p.offlineReplicas)}</span>,
  },
  { id: 'start', header: 'Start offset', width: 110, align: 'right', cell: (p) => formatCount(p.startOffset) },
  { id: 'end', header: 'End offset', width: 110, align: 'right', cell: (p) => formatCount(p.endOffset) },
  {
    id: 'count',
    header: 'Messages',
    width: 100,
    align: 'right',
    cell: (p) => (p.startOffset === null || p.endOffset === null ? '—' : formatCount(p.endOffset - p.startOffset)),
  },
  { id: 'size', header: 'Size', width: 100, align: 'right', cell: (p) => formatBytes(p.sizeBytes) },
];

/** One topic: partitions and configs; edit configs, add partitions, delete (hidden on read-only connections). */
export function TopicDetailView({ profile, connectionId, resource, openResource }: ResourceViewProps): ReactNode {
  const topic = resource.slice('topic:'.length);
  const toast = useToast();
  const detail = useInvoke('kafka.topics.describe', { connectionId, topic });
  const configs = useInvoke('kafka.topics.configs', { connectionId, topic });
  const [dialog, setDialog] = useState<'edit' | 'partitions' | 'delete' | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const d = detail.data;
  const writable = !profile.readOnly && !deleted && d !== undefined && !d.internal;

  const reload = (): void => {
    detail.reload();
    configs.reload();
  };

  const remove = async (): Promise<void> => {
    setDeleting(true);
    try {
      await client.invoke('kafka.topics.delete', { connectionId, topic, confirmName: topic });
      setDeleted(true);
      setDialog(null);
      toast.push({ tone: 'success', title: `Topic ${topic} deleted` });
    } catch (e) {
      setActionError(e);
      setDialog(null);
    } finally {
      setDeleting(false);
    }
  };

  if (deleted) {
    return (
      <div className="kt-page" data-testid="topic-detail">
        <h1 className="page-title mono">{topic}</h1>
        <p className="muted" data-testid="topic-deleted">
          This topic was deleted.
        </p>
        <div>
          <button type="button" className="btn" onClick={() => openResource('topics')}>
            Back to topics
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="kt-page" data-testid="topic-detail">
      <header className="page-head">
        <div className="page-head-text">
          <h1 className="page-title mono">{topic}</h1>
          {d ? (
            <p className="page-sub muted" data-testid="topic-summary">
              {d.partitions} partition{d.partitions === 1 ? '' : 's'} · RF {d.replicationFactor} ·{' '}
              {formatCount(d.messages)} messages · {formatBytes(d.sizeBytes)} on disk
              {d.internal ? <span className="kt-tag">internal</span> : null}
              {d.underReplicated > 0 ? <span className="kt-warn"> · {d.underReplicated} under-replicated</span> : null}
              {d.offline > 0 ? <span className="kt-bad"> · {d.offline} offline</span> : null}
            </p>
          ) : (
            <p className="page-sub muted">{detail.loading ? 'Loading…' : ''}</p>
          )}
        </div>
        <span className="spacer" />
        <button type="button" className="btn" onClick={reload}>
          Refresh
        </button>
        <button type="button" className="btn" onClick={() => openResource(`messages:${topic}`)}>
          Browse messages
        </button>
        {writable ? (
          <>
            <button type="button" className="btn" onClick={() => setDialog('edit')} disabled={!configs.data}>
              <IconPencil /> Edit configs
            </button>
            <button type="button" className="btn" onClick={() => setDialog('partitions')}>
              <IconPlus /> Add partitions
            </button>
            <button type="button" className="btn btn-danger" onClick={() => setDialog('delete')}>
              <IconTrash /> Delete
            </button>
          </>
        ) : profile.readOnly ? (
          <span className="kt-tag" title="Changes are refused on read-only connections">
            read-only
          </span>
        ) : null}
      </header>
      {detail.error ? <ErrorBanner error={detail.error} /> : null}
      {actionError ? <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} /> : null}
      <section className="kt-section">
        <h2 className="card-title kt-h2">Partitions</h2>
        <div
          className="kt-partitions"
          style={{ height: Math.min(12, Math.max(1, d?.partitionDetails.length ?? 1)) * 28 + 32 }}
        >
          <DataGrid
            label="Partitions"
            testId="partitions-grid"
            rows={d?.partitionDetails ?? []}
            columns={partitionColumns}
            rowKey={(p) => String(p.partition)}
            rowHeight={28}
            empty={detail.loading ? 'Loading…' : 'No partitions'}
          />
        </div>
      </section>
      <section className="kt-section kt-grow">
        <h2 className="card-title kt-h2">Configs</h2>
        {configs.error ? <ErrorBanner error={configs.error} /> : null}
        <ConfigsGrid entries={configs.data?.entries ?? []} loading={configs.loading} testId="topic-configs-grid" />
      </section>
      {dialog === 'edit' && configs.data ? (
        <EditConfigsDialog
          connectionId={connectionId}
          target={{ kind: 'topic', topic }}
          entries={configs.data.entries}
          onClose={() => setDialog(null)}
          onApplied={(entries: ConfigEntryView[]) => {
            setDialog(null);
            toast.push({
              tone: 'success',
              title: 'Configs changed',
              message: `${topic}: ${entries.filter((e) => e.origin === 'dynamic').length} topic overrides now.`,
            });
            reload();
          }}
        />
      ) : null}
      {dialog === 'partitions' && d ? (
        <AddPartitionsDialog
          connectionId={connectionId}
          topic={topic}
          current={d.partitions}
          onClose={() => setDialog(null)}
          onDone={(n) => {
            setDialog(null);
            toast.push({ tone: 'success', title: `${topic} now has ${n} partitions` });
            reload();
          }}
        />
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog
          title={`Delete topic ${topic}?`}
          message="The topic and all its messages are deleted on the cluster. This cannot be undone."
          confirmLabel="Delete topic"
          danger
          requireText={topic}
          busy={deleting}
          onConfirm={() => void remove()}
          onCancel={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
