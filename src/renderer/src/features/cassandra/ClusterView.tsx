import type { ReactNode } from 'react';
import { useInvoke } from '../../api/hooks';
import type { ResourceViewProps } from '../../app/resources';
import { ErrorBanner } from '../../ui/ErrorBanner';

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/**
 * The cluster as the driver sees it: name, partitioner, versions, schema
 * agreement, and each node with DC, rack, version, host id, tokens and its
 * share of the ring drawn as a bar, up or down.
 */
export default function ClusterView({ connectionId }: ResourceViewProps): ReactNode {
  const cluster = useInvoke('cassandra.cluster.describe', { connectionId });
  const c = cluster.data;
  return (
    <div className="cs-page" data-testid="cs-cluster">
      <div className="cs-toolbar">
        <h2 className="cs-title">{c?.clusterName ?? 'Cluster'}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={cluster.reload} disabled={cluster.loading}>
          Refresh
        </button>
      </div>
      {cluster.error ? <ErrorBanner error={cluster.error} /> : null}
      {c ? (
        <>
          <dl className="cs-facts">
            <div>
              <dt>Partitioner</dt>
              <dd>{c.partitioner?.split('.').pop() ?? '–'}</dd>
            </div>
            <div>
              <dt>Release</dt>
              <dd>{c.releaseVersion ?? '–'}</dd>
            </div>
            <div>
              <dt>CQL</dt>
              <dd>{c.cqlVersion ?? '–'}</dd>
            </div>
            <div>
              <dt>Protocol</dt>
              <dd>v{c.nativeProtocolVersion ?? '?'}</dd>
            </div>
            <div>
              <dt>Schema</dt>
              <dd data-testid="cs-schema-agreement" className={c.schemaInAgreement ? 'cs-ok' : 'cs-bad'}>
                {c.schemaInAgreement
                  ? 'all nodes agree'
                  : `${c.schemaVersions.length} versions: ${c.schemaVersions.map((v) => v.nodes.join(', ')).join(' | ')}`}
              </dd>
            </div>
          </dl>
          <table className="cs-columns cs-nodes" data-testid="cs-nodes">
            <thead>
              <tr>
                <th>Node</th>
                <th>Status</th>
                <th>DC / rack</th>
                <th>Version</th>
                <th>Tokens</th>
                <th className="cs-share-col">Ring share</th>
                <th>Host id</th>
              </tr>
            </thead>
            <tbody>
              {c.nodes.map((n) => (
                <tr key={n.address} data-testid="cs-node">
                  <td className="mono">{n.address}</td>
                  <td>
                    <span className={n.up ? 'cs-ok' : 'cs-bad'}>{n.up ? 'up' : 'down'}</span>
                  </td>
                  <td>
                    {n.datacenter ?? '?'} / {n.rack ?? '?'}
                  </td>
                  <td>{n.releaseVersion ?? '–'}</td>
                  <td className="cs-num">{n.tokens}</td>
                  <td className="cs-share-col">
                    <span className="cs-bar" aria-hidden="true">
                      <span className="cs-bar-fill" style={{ width: pct(n.ownership === null ? 0 : n.ownership) }} />
                    </span>
                    <span className="cs-num">{pct(n.ownership)}</span>
                  </td>
                  <td className="mono cs-muted">{n.hostId ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : cluster.loading ? (
        <p className="cs-muted">Reading the cluster…</p>
      ) : null}
    </div>
  );
}
