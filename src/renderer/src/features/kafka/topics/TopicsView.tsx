import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TopicStats, TopicSummary } from '../../../../../shared/contract/kafka/topics';
import { useInvoke } from '../../../api/hooks';
import type { ResourceViewProps } from '../../../app/resources';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { IconPlus, IconSearch } from '../../../ui/icons';
import { CreateTopicDialog } from './CreateTopicDialog';
import { filterSortTopics, formatBytes, formatCount, topicResource, type TopicSort, type TopicSortKey } from './logic';
import { useTopicStats } from './useTopicStats';

const SORTS: Array<{ key: TopicSortKey; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'partitions', label: 'Partitions' },
  { key: 'replicationFactor', label: 'Replication factor' },
  { key: 'underReplicated', label: 'Health (URP, offline)' },
  { key: 'messages', label: 'Messages (loaded rows)' },
  { key: 'size', label: 'Size (loaded rows)' },
];

/** Mounted only for rows in view (the grid is virtualized): asking here loads stats lazily. */
function StatCell({
  name,
  stats,
  want,
  pick,
}: {
  name: string;
  stats: TopicStats | undefined;
  want: (n: string) => void;
  pick: (s: TopicStats) => string;
}): ReactNode {
  useEffect(() => want(name), [name, want]);
  if (!stats) return <span className="faint">…</span>;
  return (
    <span
      title={
        stats.partial
          ? 'Some partitions could not be read (no leader or broker down); this covers the rest.'
          : undefined
      }
    >
      {pick(stats)}
      {stats.partial ? ' *' : ''}
    </span>
  );
}

function Health({ t }: { t: TopicSummary }): ReactNode {
  if (t.offline > 0) return <span className="kt-bad">{t.offline} offline</span>;
  if (t.underReplicated > 0) return <span className="kt-warn">{t.underReplicated} under-replicated</span>;
  return <span className="kt-ok">OK</span>;
}

/** Every topic of the cluster: one Metadata call for the list; counts and sizes for the rows in view. */
export function TopicsView({ profile, connectionId, openResource }: ResourceViewProps): ReactNode {
  const [includeInternal, setIncludeInternal] = useState(false);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<TopicSort>({ key: 'name', desc: false });
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useInvoke('kafka.topics.list', { connectionId, includeInternal });
  const { stats, want, clear, error: statsError } = useTopicStats(connectionId);
  const topics = list.data?.topics;
  const rows = useMemo(() => filterSortTopics(topics ?? [], query, sort, stats), [topics, query, sort, stats]);
  const urp = (topics ?? []).reduce((s, t) => s + t.underReplicated, 0);
  const offline = (topics ?? []).reduce((s, t) => s + t.offline, 0);

  const refresh = (): void => {
    clear();
    list.reload();
  };

  const columns: DataGridColumn<TopicSummary>[] = [
    {
      id: 'name',
      header: 'Topic',
      width: 320,
      title: (t) => t.name,
      cell: (t) => (
        <span className="kt-name">
          <span className="mono">{t.name}</span>
          {t.internal ? <span className="kt-tag">internal</span> : null}
        </span>
      ),
    },
    { id: 'partitions', header: 'Partitions', width: 90, align: 'right', cell: (t) => t.partitions },
    { id: 'rf', header: 'RF', width: 56, align: 'right', cell: (t) => t.replicationFactor },
    {
      id: 'health',
      header: 'Replication',
      width: 170,
      title: (t) => `${t.underReplicated} under-replicated, ${t.offline} offline`,
      cell: (t) => <Health t={t} />,
    },
    {
      id: 'messages',
      header: 'Messages',
      width: 120,
      align: 'right',
      title: () => 'Sum of end minus start offsets (an upper bound on compacted topics)',
      cell: (t) => (
        <StatCell name={t.name} stats={stats.get(t.name)} want={want} pick={(s) => formatCount(s.messages)} />
      ),
    },
    {
      id: 'size',
      header: 'Size on disk',
      width: 120,
      align: 'right',
      title: (t) => {
        const s = stats.get(t.name);
        return s ? `One copy: ${formatBytes(s.sizeBytes)}; all replicas: ${formatBytes(s.replicaBytes)}` : 'Loading';
      },
      cell: (t) => (
        <StatCell name={t.name} stats={stats.get(t.name)} want={want} pick={(s) => formatBytes(s.sizeBytes)} />
      ),
    },
  ];

  return (
    <div className="kt-page kt-fill" data-testid="kafka-topics">
      <header className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">Topics</h1>
          <p className="page-sub muted">
            {topics ? `${topics.length} topic${topics.length === 1 ? '' : 's'}` : 'Loading…'}
            {query.trim() !== '' && topics ? ` · ${rows.length} shown` : ''}
            {urp > 0 ? <span className="kt-warn"> · {urp} under-replicated partitions</span> : null}
            {offline > 0 ? <span className="kt-bad"> · {offline} offline partitions</span> : null}
          </p>
        </div>
        <span className="spacer" />
        <button type="button" className="btn" onClick={refresh} disabled={list.loading}>
          Refresh
        </button>
        {profile.readOnly ? null : (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <IconPlus /> Create topic
          </button>
        )}
      </header>
      <div className="kt-toolbar">
        <label className="kt-search">
          <IconSearch />
          <input
            className="input"
            placeholder="Filter topics"
            aria-label="Filter topics"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            spellCheck={false}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={includeInternal} onChange={(e) => setIncludeInternal(e.target.checked)} />{' '}
          Show internal topics
        </label>
        <span className="spacer" />
        <label className="kt-sort">
          Sort by{' '}
          <select
            className="select"
            aria-label="Sort by"
            value={sort.key}
            onChange={(e) => setSort({ key: e.target.value as TopicSortKey, desc: sort.desc })}
          >
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-sm"
          aria-label="Sort direction"
          onClick={() => setSort({ ...sort, desc: !sort.desc })}
        >
          {sort.desc ? '↓ Desc' : '↑ Asc'}
        </button>
      </div>
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {statsError ? <ErrorBanner error={statsError} /> : null}
      <div className="kt-grid-fill">
        <DataGrid
          label="Topics"
          testId="topics-grid"
          rows={rows}
          columns={columns}
          rowKey={(t) => t.name}
          rowHeight={28}
          selectedIndex={selected}
          onSelect={setSelected}
          onActivate={(t) => openResource(topicResource(t.name))}
          empty={
            list.loading
              ? 'Loading topics…'
              : query.trim() !== ''
                ? 'No topic matches the filter.'
                : 'This cluster has no topics yet.'
          }
        />
      </div>
      <p className="faint kt-foot">
        Double-click or press Enter to open a topic. Counts and sizes load for the rows in view.
      </p>
      {creating ? (
        <CreateTopicDialog
          connectionId={connectionId}
          brokerCount={list.data?.brokerCount ?? null}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            refresh();
            openResource(topicResource(name));
          }}
        />
      ) : null}
    </div>
  );
}
