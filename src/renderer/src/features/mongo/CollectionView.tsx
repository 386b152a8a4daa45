import { useMemo, useState, type ReactNode } from 'react';
import type { ResourceViewProps } from '../../app/resources';
import { useInvoke } from '../../api/hooks';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Tabs } from '../../ui/Tabs';
import '../../styles/mongo.css';
import { PipelineTab } from './aggregate/PipelineTab';
import { DocumentsTab } from './documents/DocumentsTab';
import type { QueryState } from './documents/query';
import { ExplainTab, type ExplainSource } from './explain/ExplainTab';
import { formatCount, formatSize } from './format';
import { IndexesTab } from './indexes/IndexesTab';
import { parseCollectionResource } from './resourceIds';
import { SchemaTab } from './schema/SchemaTab';
import { ServerBanner } from './ServerBanner';
import { ValidationTab } from './schema/ValidationTab';

type TabId = 'documents' | 'aggregation' | 'schema' | 'indexes' | 'explain' | 'validation';

const TABS: { id: TabId; label: string }[] = [
  { id: 'documents', label: 'Documents' },
  { id: 'aggregation', label: 'Aggregation' },
  { id: 'schema', label: 'Schema' },
  { id: 'indexes', label: 'Indexes' },
  { id: 'explain', label: 'Explain' },
  { id: 'validation', label: 'Validation' },
];

/**
 * One collection: its stats in the header, and tabs for documents,
 * aggregation, schema, indexes, explain and validation. Field names for
 * completion come from a small sample of the collection, read once.
 */
export default function CollectionView({ connectionId, profile, resource }: ResourceViewProps): ReactNode {
  const parsed = parseCollectionResource(resource);
  const db = parsed?.db ?? '';
  const collection = parsed?.collection ?? '';
  const target = useMemo(() => ({ connectionId, db, collection }), [connectionId, db, collection]);
  const [tab, setTab] = useState<TabId>('documents');
  const [explain, setExplain] = useState<ExplainSource | null>(null);
  const [explainKey, setExplainKey] = useState(0);
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(() => new Set(['documents']));
  const select = (id: TabId): void => {
    setTab(id);
    setVisited((v) => (v.has(id) ? v : new Set([...v, id])));
  };
  const stats = useInvoke('mongo.collections.stats', target);
  const sample = useInvoke('mongo.schema.analyze', { ...target, sampleSize: 200 });
  const fields = useMemo(() => (sample.data?.fields ?? []).map((f) => f.path), [sample.data]);
  const writable = !profile.readOnly;
  const s = stats.data;
  const showExplain = (source: ExplainSource): void => {
    setExplain(source);
    setExplainKey((k) => k + 1);
    select('explain');
  };

  return (
    <div className="mg-page" data-testid="mongo-collection-view" data-ns={`${db}.${collection}`}>
      <div className="mg-toolbar">
        <h2 className="mg-title mono">
          {db}.{collection}
        </h2>
        {s ? (
          <span className="mg-muted" data-testid="mongo-coll-stats">
            {`${formatCount(s.count)} documents · ${formatSize(s.size)} · storage ${formatSize(s.storageSize)} · avg ${formatSize(s.avgObjSize)} · ${s.indexCount} indexes (${formatSize(s.indexSize)})${s.capped ? ' · capped' : ''}`}
          </span>
        ) : null}
      </div>
      {stats.error ? <ErrorBanner error={stats.error} /> : null}
      <ServerBanner connectionId={connectionId} />
      <Tabs
        items={TABS.map((t) => ({ id: t.id, label: t.label }))}
        activeId={tab}
        onSelect={(id) => select(id as TabId)}
        variant="underline"
        label="Collection sections"
        testId="mongo-tabs"
      />
      <div className="mg-tab-body">
        {/* Tabs stay mounted once opened (hidden when not shown), so a query or pipeline survives a tab switch. */}
        {visited.has('documents') ? (
          <div hidden={tab !== 'documents'} className="mg-tab">
            <DocumentsTab
              target={target}
              writable={writable}
              fields={fields}
              onExplain={(q: QueryState) => showExplain({ kind: 'find', query: q })}
            />
          </div>
        ) : null}
        {visited.has('aggregation') ? (
          <div hidden={tab !== 'aggregation'} className="mg-tab">
            <PipelineTab
              target={target}
              readOnly={!writable}
              fields={fields}
              onExplain={(pipeline) => showExplain({ kind: 'aggregate', pipeline })}
            />
          </div>
        ) : null}
        {visited.has('schema') ? (
          <div hidden={tab !== 'schema'} className="mg-tab">
            <SchemaTab target={target} />
          </div>
        ) : null}
        {visited.has('indexes') ? (
          <div hidden={tab !== 'indexes'} className="mg-tab">
            <IndexesTab target={target} writable={writable} />
          </div>
        ) : null}
        {tab === 'explain' ? <ExplainTab key={explainKey} target={target} source={explain} fields={fields} /> : null}
        {tab === 'validation' ? <ValidationTab target={target} writable={writable} /> : null}
      </div>
    </div>
  );
}
