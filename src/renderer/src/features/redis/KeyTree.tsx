import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { KeyInfo, TreeRow } from '../../../../shared/contract/redis/keys';
import { client } from '../../api/client';
import { formatBytes, formatCount, formatTtl, typeLabel } from './format';

const PAGE = 200;
const ROW_HEIGHT = 26;

export interface KeyTreeProps {
  connectionId: string;
  scanId: string | null;
  db: number | null;
  view: 'tree' | 'list';
  /** Bumps when the scan added keys. */
  version: number;
  expanded: ReadonlySet<string>;
  onToggle(path: string): void;
  selected: string | null;
  onSelect(row: Extract<TreeRow, { kind: 'key' }>): void;
}

interface Pages {
  key: string;
  total: number;
  pages: Map<number, TreeRow[]>;
}

/**
 * The key tree (or flat list) of a scan session. Core builds the tree and
 * answers pages of visible rows; this asks only for the pages in view, so the
 * DOM and the renderer's memory stay bounded whatever the number of keys.
 * Type, TTL and memory are asked for the key rows in view (one pipeline).
 */
export function KeyTree(props: KeyTreeProps): ReactNode {
  const { connectionId, scanId, db, view, version, expanded, onToggle, selected, onSelect } = props;
  const parentRef = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<Pages>({ key: '', total: 0, pages: new Map() });
  const [infos, setInfos] = useState<Map<string, KeyInfo>>(new Map());
  const expandedList = useMemo(() => [...expanded].sort(), [expanded]);
  const key = JSON.stringify([scanId, view, expandedList, version]);
  const inflight = useRef(new Set<string>());

  // eslint-disable-next-line react-hooks/incompatible-library -- KeyTree does not memoize the virtualizer's functions; it reads them per render
  const virtualizer = useVirtualizer({
    count: data.total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 400, height: 500 },
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE);
  const lastPage = Math.floor((items.at(-1)?.index ?? 0) / PAGE);

  useEffect(() => {
    if (!scanId) return;
    const controller = new AbortController();
    const pending = inflight.current;
    for (let page = firstPage; page <= lastPage; page++) {
      if (data.key === key && data.pages.has(page)) continue;
      const tag = `${key}#${page}`;
      if (pending.has(tag)) continue;
      pending.add(tag);
      client
        .invoke(
          'redis.scan.rows',
          { connectionId, scanId, view, expanded: expandedList, offset: page * PAGE, limit: PAGE },
          { signal: controller.signal },
        )
        .then(
          (r) => {
            pending.delete(tag);
            setData((prev) => {
              const pages = prev.key === key ? new Map(prev.pages) : new Map<number, TreeRow[]>();
              pages.set(page, r.rows);
              return { key, total: r.total, pages };
            });
          },
          () => pending.delete(tag),
        );
    }
    return () => {
      controller.abort();
      pending.clear();
    };
  }, [connectionId, scanId, view, expandedList, key, firstPage, lastPage, data]);

  const rowAt = (index: number): TreeRow | undefined => data.pages.get(Math.floor(index / PAGE))?.[index % PAGE];

  // Type, TTL and memory of the key rows in view.
  const visibleKeys = items
    .map((it) => rowAt(it.index))
    .flatMap((r) => (r?.kind === 'key' ? [r.key.b64] : []))
    .filter((b) => !infos.has(b));
  const wantKey = visibleKeys.join(',');
  useEffect(() => {
    if (wantKey === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      client
        .invoke('redis.keys.info', { connectionId, db, keys: wantKey.split(',') }, { signal: controller.signal })
        .then(
          (list) =>
            setInfos((prev) => {
              const next = new Map(prev);
              for (const i of list) next.set(i.key, i);
              return next;
            }),
          () => undefined,
        );
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [wantKey, connectionId, db]);

  useEffect(() => setInfos(new Map()), [scanId]);

  return (
    <div className="rd-tree" ref={parentRef} role="tree" aria-label="Keys" data-testid="redis-key-tree" tabIndex={0}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((it) => {
          const row = rowAt(it.index);
          const style = {
            position: 'absolute' as const,
            top: 0,
            left: 0,
            right: 0,
            height: ROW_HEIGHT,
            transform: `translateY(${it.start}px)`,
          };
          if (!row)
            return (
              <div key={it.key} style={style} className="rd-row faint">
                …
              </div>
            );
          const indent = { paddingLeft: 8 + row.depth * 16 };
          if (row.kind === 'folder')
            return (
              <div
                key={it.key}
                style={style}
                role="treeitem"
                aria-expanded={row.expanded}
                aria-label={`${row.name} folder, ${row.keys} keys`}
                data-testid="redis-folder"
                data-path={row.path}
                className="rd-row rd-folder"
                onClick={() => onToggle(row.path)}
              >
                <span style={indent} className="rd-name">
                  <span className="rd-caret" aria-hidden>
                    {row.expanded ? '▾' : '▸'}
                  </span>
                  {row.name === '' ? <em className="faint">(empty)</em> : row.name}
                </span>
                <span className="rd-count">{formatCount(row.keys)}</span>
              </div>
            );
          const info = infos.get(row.key.b64);
          const type = info?.type ?? row.type;
          return (
            <div
              key={it.key}
              style={style}
              role="treeitem"
              aria-selected={selected === row.key.b64}
              aria-label={row.key.display}
              data-testid="redis-key"
              data-key={row.key.display}
              className={`rd-row rd-key${selected === row.key.b64 ? ' rd-selected' : ''}`}
              onClick={() => onSelect(row)}
              title={row.key.display}
            >
              <span style={indent} className="rd-name mono">
                {type ? (
                  <span className={`rd-type rd-type-${type.replace(/[^a-z]/gi, '')}`}>{typeLabel(type)}</span>
                ) : null}
                <span className="rd-name-text">{row.name}</span>
                {row.key.binary ? (
                  <span className="rd-flag" title="Not valid UTF-8: shown as escaped bytes">
                    bin
                  </span>
                ) : null}
              </span>
              <span className="rd-meta faint">{info ? (info.ttlMs === -1 ? '' : formatTtl(info.ttlMs)) : ''}</span>
              <span className="rd-meta faint">{info ? formatBytes(info.memory) : ''}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
