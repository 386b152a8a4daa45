import { useState, type ReactNode } from 'react';
import type { ClusterDescription } from '../../../../../shared/contract/kafka/topics';
import { useInvoke } from '../../../api/hooks';
import type { ResourceViewProps } from '../../../app/resources';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ConfigsGrid } from './ConfigsGrid';
import { EditConfigsDialog } from './EditConfigsDialog';

type Broker = ClusterDescription['brokers'][number];
type Version = ClusterDescription['version'];

export function versionText(v: Version): string {
  if (!v || v.release === null) return 'unknown';
  return v.atLeast ? `${v.release} or newer` : `${v.release}.x`;
}

function Stat({
  label,
  value,
  tone,
  title,
}: {
  label: string;
  value: ReactNode;
  tone?: 'warn' | 'bad';
  title?: string;
}): ReactNode {
  return (
    <div className="kt-stat" title={title}>
      <div className="kt-stat-label">{label}</div>
      <div className={`kt-stat-value${tone ? ` kt-${tone}` : ''}`}>{value}</div>
    </div>
  );
}

/** Cluster id, controller, brokers, the Kafka release the brokers reveal, and one broker's configs. */
export function ClusterView({ connectionId, openResource, profile }: ResourceViewProps): ReactNode {
  const cluster = useInvoke('kafka.cluster.describe', { connectionId });
  const c = cluster.data;
  const [brokerId, setBrokerId] = useState<number | null>(null);
  const shownBroker = brokerId ?? c?.brokers[0]?.id ?? null;
  const configs = useInvoke(
    'kafka.brokers.configs',
    { connectionId, brokerId: shownBroker ?? 0 },
    { enabled: shownBroker !== null },
  );
  const selected = c ? c.brokers.findIndex((b) => b.id === shownBroker) : -1;
  /** Editing: this broker (its id) or the cluster-wide default (null); undefined when closed. */
  const [editing, setEditing] = useState<number | null | undefined>(undefined);

  const columns: DataGridColumn<Broker>[] = [
    { id: 'id', header: 'Broker', width: 80, align: 'right', cell: (b) => b.id },
    { id: 'addr', header: 'Host:port', width: 220, cell: (b) => <span className="mono">{`${b.host}:${b.port}`}</span> },
    { id: 'rack', header: 'Rack', width: 120, cell: (b) => b.rack ?? '—' },
    {
      id: 'role',
      header: 'Role',
      width: 190,
      cell: (b) => (c && b.id === c.controllerId ? 'controller (Metadata)' : 'broker'),
    },
    {
      id: 'version',
      header: 'Kafka release',
      width: 160,
      title: (b) => b.version?.basis ?? 'Unknown',
      cell: (b) => versionText(b.version),
    },
  ];

  return (
    <div className="kt-page" data-testid="kafka-cluster">
      <header className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">Cluster</h1>
          <p className="page-sub muted mono">{c?.clusterId ?? (cluster.loading ? 'Loading…' : '')}</p>
        </div>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => openResource('topics')}>
          Topics
        </button>
        <button type="button" className="btn" onClick={cluster.reload}>
          Refresh
        </button>
      </header>
      {cluster.error ? <ErrorBanner error={cluster.error} /> : null}
      {c ? (
        <>
          <div className="kt-stats">
            <Stat label="Brokers" value={c.brokers.length} />
            <Stat label="Controller" value={c.controllerId} title={c.controllerNote} />
            <Stat label="Kafka release" value={versionText(c.version)} title={c.version?.basis} />
            <Stat label="Topics" value={c.topicCount.toLocaleString('en-US')} />
            <Stat label="Partitions" value={c.partitionCount.toLocaleString('en-US')} />
            <Stat
              label="Under-replicated"
              value={c.underReplicatedPartitions}
              tone={c.underReplicatedPartitions > 0 ? 'warn' : undefined}
            />
            <Stat label="Offline" value={c.offlinePartitions} tone={c.offlinePartitions > 0 ? 'bad' : undefined} />
          </div>
          <p className="faint kt-note" data-testid="version-basis">
            {c.version ? `Version: ${c.version.basis}` : 'The brokers did not reveal their version.'}
            {c.version?.clusterMetadataVersion ? ` Cluster metadata.version: ${c.version.clusterMetadataVersion}.` : ''}
          </p>
          {c.version && c.version.finalizedFeatures.length > 0 ? (
            <p className="faint kt-note" data-testid="finalized-features">
              Finalized features:{' '}
              {c.version.finalizedFeatures.map((f, i) => (
                <span key={f.name} className="mono" data-feature={f.name}>
                  {i > 0 ? ', ' : ''}
                  {f.name} {f.version}
                </span>
              ))}
            </p>
          ) : null}
          <section className="kt-section">
            <h2 className="card-title kt-h2">Brokers</h2>
            <div style={{ height: Math.min(8, c.brokers.length) * 28 + 32 }}>
              <DataGrid
                label="Brokers"
                testId="brokers-grid"
                rows={c.brokers}
                columns={columns}
                rowKey={(b) => String(b.id)}
                rowHeight={28}
                selectedIndex={selected >= 0 ? selected : null}
                onSelect={(i) => setBrokerId(c.brokers[i]?.id ?? null)}
              />
            </div>
          </section>
          <section className="kt-section kt-grow">
            <h2 className="card-title kt-h2">
              Configs of broker {shownBroker ?? '—'} (select a broker above; non-default keys highlighted)
            </h2>
            {/* Core refuses these on a read-only connection too; here they are not offered. */}
            {profile.readOnly ? null : (
              <div className="kt-actions">
                <button
                  type="button"
                  className="btn btn-sm"
                  disabled={!configs.data || shownBroker === null}
                  onClick={() => setEditing(shownBroker)}
                >
                  Edit configs of broker {shownBroker ?? '—'}
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  disabled={!configs.data}
                  onClick={() => setEditing(null)}
                  title="The cluster-wide default applies to every broker without its own value"
                >
                  Edit cluster-wide defaults
                </button>
              </div>
            )}
            {configs.error ? <ErrorBanner error={configs.error} /> : null}
            <ConfigsGrid entries={configs.data?.entries ?? []} loading={configs.loading} testId="broker-configs-grid" />
          </section>
          {editing !== undefined && configs.data ? (
            <EditConfigsDialog
              connectionId={connectionId}
              target={{ kind: 'broker', brokerId: editing }}
              entries={configs.data.entries}
              onClose={() => setEditing(undefined)}
              onApplied={() => {
                setEditing(undefined);
                configs.reload();
              }}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
