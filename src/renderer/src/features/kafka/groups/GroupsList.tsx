import { useState, type ReactNode } from 'react';
import type { ConsumerGroupSummary, GroupSort, LagTrend } from '../../../../../shared/contract/kafka/groups';
import { useInvoke } from '../../../api/hooks';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { fmtNum, LAG_LABEL } from './format';

const PAGE = 100;

/** A tiny inline sparkline of the sampler's recent totals (SVG polyline; values are numbers, not markup). */
function Sparkline({ trend }: { trend: LagTrend }): ReactNode {
  const vals = trend.recent.filter((v): v is number => v !== null);
  if (vals.length < 2) return <span className="faint">—</span>;
  const max = Math.max(...vals, 1);
  const pts = vals.map((v, i) => `${(i / (vals.length - 1)) * 60},${16 - (v / max) * 14}`).join(' ');
  const arrow = trend.direction === 'rising' ? '↑' : trend.direction === 'falling' ? '↓' : '→';
  return (
    <span className={`trend trend-${trend.direction}`} title={`lag ${trend.direction}`}>
      <svg width="60" height="18" aria-hidden="true">
        <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span>{arrow}</span>
    </span>
  );
}

const columns: DataGridColumn<ConsumerGroupSummary>[] = [
  { id: 'id', header: 'Group', width: 280, cell: (g) => g.groupId },
  {
    id: 'state',
    header: 'State',
    width: 110,
    cell: (g) => <span className={`group-state state-${g.state}`}>{g.state}</span>,
    title: (g) => g.state,
  },
  { id: 'type', header: 'Protocol', width: 90, cell: (g) => g.protocolType || '—' },
  { id: 'groupType', header: 'Type', width: 90, cell: (g) => g.type },
  { id: 'members', header: 'Members', width: 80, align: 'right', cell: (g) => fmtNum(g.members) },
  {
    id: 'topics',
    header: 'Topics',
    width: 220,
    cell: (g) => (g.subscribedTopics.length > 0 ? g.subscribedTopics : g.committedTopics).join(', ') || '—',
  },
  {
    id: 'lag',
    header: 'Total lag',
    width: 100,
    align: 'right',
    cell: (g) => (g.totalLag === null ? 'no offsets' : fmtNum(g.totalLag)),
  },
  {
    id: 'trend',
    header: 'Trend',
    width: 90,
    cell: (g) => <Sparkline trend={g.trend} />,
    title: (g) => `lag ${g.trend.direction}`,
  },
];

/** The consumer groups of a connection: filtered, sorted and paged in core (10k+ groups stay fast). */
export function GroupsList({
  connectionId,
  openResource,
}: {
  connectionId: string;
  openResource(r: string): void;
}): ReactNode {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<GroupSort>('groupId');
  const [desc, setDesc] = useState(false);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const res = useInvoke('kafka.groups.list', { connectionId, filter, sort, desc, offset, limit: PAGE });
  const page = res.data;
  const rows = page?.groups ?? [];
  const total = page?.total ?? 0;

  return (
    <div className="page groups-page" data-testid="kafka-groups">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">Consumer groups</h1>
          <div className="page-sub muted">
            {page ? `${fmtNum(page.total)} of ${fmtNum(page.unfiltered)} groups` : 'Loading…'} · {LAG_LABEL}
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={res.reload} disabled={res.loading}>
            Refresh
          </button>
        </div>
      </div>
      <div className="groups-toolbar">
        <input
          className="input"
          placeholder="Filter by group id"
          aria-label="Filter groups"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setOffset(0);
          }}
        />
        <label className="groups-sort">
          <span className="muted">Sort</span>
          <select
            className="select"
            aria-label="Sort groups"
            value={sort}
            onChange={(e) => setSort(e.target.value as GroupSort)}
          >
            <option value="groupId">Group id</option>
            <option value="state">State</option>
            <option value="lag">Total lag (last sample)</option>
            <option value="members">Members (this page)</option>
          </select>
        </label>
        <button type="button" className="btn btn-sm" aria-label="Sort direction" onClick={() => setDesc((d) => !d)}>
          {desc ? 'Descending' : 'Ascending'}
        </button>
        <div className="spacer" />
        <span className="muted" data-testid="groups-range">
          {total === 0 ? '0' : `${fmtNum(offset + 1)}–${fmtNum(offset + rows.length)}`} of {fmtNum(total)}
        </span>
        <button
          type="button"
          className="btn btn-sm"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          Previous
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={offset + PAGE >= total}
          onClick={() => setOffset(offset + PAGE)}
        >
          Next
        </button>
      </div>
      {page?.sortNote ? <div className="faint groups-note">{page.sortNote}</div> : null}
      {page && page.failedBrokers.length > 0 ? (
        <div className="banner banner-warning">
          Some brokers did not answer; their groups are missing:{' '}
          {page.failedBrokers.map((b) => `broker ${b.nodeId}: ${b.error}`).join('; ')}
        </div>
      ) : null}
      {res.error ? <ErrorBanner error={res.error} /> : null}
      <div className="groups-grid">
        <DataGrid
          rows={rows}
          columns={columns}
          rowKey={(g) => g.groupId}
          label="Consumer groups"
          testId="groups-grid"
          selectedIndex={selected}
          onSelect={setSelected}
          onActivate={(g) => openResource(`group:${g.groupId}`)}
          empty={
            <EmptyState title={res.loading ? 'Loading groups…' : 'No consumer groups'}>
              {filter ? 'Nothing matches the filter.' : null}
            </EmptyState>
          }
        />
      </div>
    </div>
  );
}
