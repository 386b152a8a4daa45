import type { ReactNode } from 'react';
import type { ServerInfo } from '../../../../shared/contract/mongo/browse';
import { useInvoke } from '../../api/hooks';

/** What this server lacks, in words: FerretDB's gaps are named up front instead of failing later. */
export function missingFeatures(info: ServerInfo): string[] {
  const f = info.features;
  const out: string[] = [];
  if (!f.lookup) out.push('$lookup');
  if (!f.facet) out.push('$facet');
  if (!f.sample) out.push('$sample');
  if (!f.indexStats) out.push('$indexStats');
  if (!f.collation) out.push('collation');
  if (!f.changeStreams) out.push('change streams');
  if (!f.transactions) out.push('transactions');
  return out;
}

export function useServerInfo(connectionId: string): ServerInfo | undefined {
  return useInvoke('mongo.server.info', { connectionId }).data;
}

export function ServerBanner({ connectionId }: { connectionId: string }): ReactNode {
  const info = useServerInfo(connectionId);
  if (!info || !info.ferretdbVersion) return null;
  const missing = missingFeatures(info);
  return (
    <div className="mg-server-note" data-testid="mongo-server-note">
      <strong>FerretDB {info.ferretdbVersion}</strong> (speaks MongoDB {info.version}).{' '}
      {missing.length ? `Not supported by this server: ${missing.join(', ')}.` : ''}
      {info.features.unsupportedTypes.length
        ? ` Stackdeck refuses ${info.features.unsupportedTypes.join(', ')} values before sending them (they drop the connection here).`
        : ''}
    </div>
  );
}
