import { useState, type ReactNode } from 'react';
import type { CollectionSummary } from '../../../../shared/contract/mongo/browse';
import type { ResourceViewProps } from '../../app/resources';
import { useInvoke } from '../../api/hooks';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { IconChevronDown, IconChevronRight, IconPlus, IconTrash } from '../../ui/icons';
import '../../styles/mongo.css';
import { CreateDialog, DropDialog, type CreateTarget, type DropTarget } from './BrowseDialogs';
import { formatCount, formatSize } from './format';
import { collectionResource } from './resourceIds';
import { ServerBanner } from './ServerBanner';

/**
 * The database tree of a connection: databases (size on disk) that open to
 * their collections, views, time-series and capped collections (marked), and
 * the stats of the one selected; create and drop (the name typed to drop).
 * A read-only connection shows no create or drop.
 */
export default function DatabasesView({ connectionId, profile, openResource }: ResourceViewProps): ReactNode {
  const dbs = useInvoke('mongo.databases.list', { connectionId });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<{ db: string; collection?: string } | null>(null);
  const [create, setCreate] = useState<CreateTarget | null>(null);
  const [drop, setDrop] = useState<DropTarget | null>(null);
  const [nonce, setNonce] = useState(0);
  const writable = !profile.readOnly;
  const toggle = (db: string): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(db)) next.delete(db);
      else next.add(db);
      return next;
    });
  const refresh = (): void => {
    dbs.reload();
    setNonce((n) => n + 1);
  };

  return (
    <div className="mg-page" data-testid="mongo-databases">
      <ServerBanner connectionId={connectionId} />
      <div className="mg-toolbar">
        <h2 className="mg-title">Databases</h2>
        <span className="mg-muted">
          {dbs.data ? `${formatCount(dbs.data.databases.length)} databases` : 'Loading…'}
        </span>
        <span className="mg-spacer" />
        <button type="button" className="btn" onClick={refresh}>
          Refresh
        </button>
        {writable ? (
          <button
            type="button"
            className="btn"
            onClick={() => setCreate({ kind: 'database' })}
            data-testid="mongo-new-db"
          >
            <IconPlus /> New database
          </button>
        ) : (
          <span className="mg-ro">read-only</span>
        )}
      </div>
      {dbs.error ? <ErrorBanner error={dbs.error} /> : null}
      <div className="mg-split">
        <div className="mg-tree" role="tree" aria-label="Databases" data-testid="mongo-db-tree">
          {(dbs.data?.databases ?? []).map((d) => (
            <div key={d.name} role="none">
              <div
                role="treeitem"
                aria-expanded={open.has(d.name)}
                aria-selected={selected?.db === d.name && !selected.collection}
                tabIndex={0}
                className={`mg-node${selected?.db === d.name && !selected.collection ? ' mg-node-on' : ''}`}
                data-testid="mongo-db"
                data-db={d.name}
                onClick={() => {
                  toggle(d.name);
                  setSelected({ db: d.name });
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    toggle(d.name);
                    setSelected({ db: d.name });
                  }
                }}
              >
                {open.has(d.name) ? <IconChevronDown /> : <IconChevronRight />}
                <span className="mg-node-name">{d.name}</span>
                <span className="mg-node-hint">{formatSize(d.sizeOnDisk)}</span>
              </div>
              {open.has(d.name) ? (
                <CollectionNodes
                  key={nonce}
                  connectionId={connectionId}
                  db={d.name}
                  selected={selected?.db === d.name ? (selected.collection ?? null) : null}
                  onSelect={(c) => setSelected({ db: d.name, collection: c.name })}
                  onOpen={(c) => openResource(collectionResource(d.name, c.name))}
                />
              ) : null}
            </div>
          ))}
          {dbs.data && dbs.data.databases.length === 0 ? <p className="mg-muted mg-pad">No databases yet.</p> : null}
        </div>
        <div className="mg-detail">
          {selected ? (
            <StatsPanel
              key={`${selected.db}/${selected.collection ?? ''}/${nonce}`}
              connectionId={connectionId}
              db={selected.db}
              collection={selected.collection ?? null}
              writable={writable}
              onOpen={() => selected.collection && openResource(collectionResource(selected.db, selected.collection))}
              onCreate={() => setCreate({ kind: 'collection', db: selected.db })}
              onDrop={() =>
                setDrop(
                  selected.collection
                    ? { kind: 'collection', db: selected.db, collection: selected.collection }
                    : { kind: 'database', db: selected.db },
                )
              }
            />
          ) : (
            <p className="mg-muted mg-pad">
              Select a database or collection to see its statistics. Double-click a collection to open it.
            </p>
          )}
        </div>
      </div>
      {create ? (
        <CreateDialog
          connectionId={connectionId}
          target={create}
          onClose={() => setCreate(null)}
          onDone={(db, collection) => {
            setCreate(null);
            setOpen((prev) => new Set([...prev, db]));
            setSelected({ db, collection });
            refresh();
          }}
        />
      ) : null}
      {drop ? (
        <DropDialog
          connectionId={connectionId}
          target={drop}
          onClose={() => setDrop(null)}
          onDone={() => {
            setDrop(null);
            setSelected(drop.kind === 'collection' ? { db: drop.db } : null);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function kindBadge(c: CollectionSummary): string | null {
  if (c.type === 'view') return 'view';
  if (c.type === 'timeseries') return 'time series';
  if (c.capped) return 'capped';
  return null;
}

function CollectionNodes(props: {
  connectionId: string;
  db: string;
  selected: string | null;
  onSelect(c: CollectionSummary): void;
  onOpen(c: CollectionSummary): void;
}): ReactNode {
  const list = useInvoke('mongo.collections.list', { connectionId: props.connectionId, db: props.db });
  const names = (list.data?.collections ?? [])
    .filter((c) => c.type !== 'view')
    .map((c) => c.name)
    .slice(0, 200);
  const sizes = useInvoke(
    'mongo.collections.sizes',
    { connectionId: props.connectionId, db: props.db, names },
    { enabled: names.length > 0 },
  );
  const sizeOf = new Map((sizes.data?.sizes ?? []).map((s) => [s.name, s]));
  if (list.error) return <ErrorBanner error={list.error} />;
  if (!list.data) return <p className="mg-muted mg-child">Loading…</p>;
  if (list.data.collections.length === 0) return <p className="mg-muted mg-child">No collections.</p>;
  return (
    <div role="group">
      {list.data.collections.map((c) => {
        const badge = kindBadge(c);
        return (
          <div
            key={c.name}
            role="treeitem"
            aria-selected={props.selected === c.name}
            tabIndex={0}
            className={`mg-node mg-child${props.selected === c.name ? ' mg-node-on' : ''}`}
            data-testid="mongo-collection"
            data-collection={c.name}
            onClick={() => props.onSelect(c)}
            onDoubleClick={() => props.onOpen(c)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') props.onOpen(c);
            }}
            title="Double-click or Enter to open"
          >
            <span className="mg-node-name">{c.name}</span>
            {badge ? <span className="mg-badge">{badge}</span> : null}
            {sizeOf.get(c.name)?.count != null ? (
              <span className="mg-node-hint" data-testid="mongo-collection-size">
                {`${formatCount(sizeOf.get(c.name)?.count ?? 0)} docs · ${formatSize(sizeOf.get(c.name)?.size)}`}
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }): ReactNode {
  return (
    <div className="mg-stat">
      <div className="mg-stat-label">{label}</div>
      <div className="mg-stat-value">{value}</div>
    </div>
  );
}

function StatsPanel(props: {
  connectionId: string;
  db: string;
  collection: string | null;
  writable: boolean;
  onOpen(): void;
  onCreate(): void;
  onDrop(): void;
}): ReactNode {
  const { connectionId, db, collection } = props;
  const dbStats = useInvoke('mongo.databases.stats', { connectionId, db }, { enabled: collection === null });
  const collStats = useInvoke(
    'mongo.collections.stats',
    { connectionId, db, collection: collection ?? '_' },
    { enabled: collection !== null },
  );
  const error = collection ? collStats.error : dbStats.error;
  return (
    <div className="mg-stats" data-testid="mongo-stats">
      <div className="mg-toolbar">
        <h3 className="mg-title mono">{collection ? `${db}.${collection}` : db}</h3>
        <span className="mg-spacer" />
        {collection ? (
          <button type="button" className="btn btn-primary" onClick={props.onOpen} data-testid="mongo-open-collection">
            Open documents
          </button>
        ) : props.writable ? (
          <button type="button" className="btn" onClick={props.onCreate} data-testid="mongo-new-collection">
            <IconPlus /> New collection
          </button>
        ) : null}
        {props.writable ? (
          <button type="button" className="btn btn-danger" onClick={props.onDrop} data-testid="mongo-drop">
            <IconTrash /> Drop {collection ? 'collection' : 'database'}…
          </button>
        ) : null}
      </div>
      {error ? <ErrorBanner error={error} /> : null}
      {collection && collStats.data ? (
        <div className="mg-stat-grid">
          <Stat label="Documents" value={formatCount(collStats.data.count)} />
          <Stat label="Size" value={formatSize(collStats.data.size)} />
          <Stat label="Storage size" value={formatSize(collStats.data.storageSize)} />
          <Stat label="Average document" value={formatSize(collStats.data.avgObjSize)} />
          <Stat label="Indexes" value={formatCount(collStats.data.indexCount)} />
          <Stat label="Index size" value={formatSize(collStats.data.indexSize)} />
          {collStats.data.capped ? <Stat label="Capped" value="yes" /> : null}
        </div>
      ) : null}
      {!collection && dbStats.data ? (
        <div className="mg-stat-grid">
          <Stat label="Collections" value={formatCount(dbStats.data.collections)} />
          <Stat label="Views" value={formatCount(dbStats.data.views)} />
          <Stat label="Documents" value={formatCount(dbStats.data.objects)} />
          <Stat label="Data size" value={formatSize(dbStats.data.dataSize)} />
          <Stat label="Storage size" value={formatSize(dbStats.data.storageSize)} />
          <Stat label="Indexes" value={formatCount(dbStats.data.indexes)} />
          <Stat label="Index size" value={formatSize(dbStats.data.indexSize)} />
        </div>
      ) : null}
    </div>
  );
}
