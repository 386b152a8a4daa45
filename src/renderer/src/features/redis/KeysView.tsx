import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { KeyName } from '../../../../shared/contract/redis/common';
import type { ResourceViewProps } from '../../app/resources';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Segmented } from '../../ui/Field';
import '../../styles/redis.css';
import { client } from '../../api/client';
import { ExportDialog } from '../../ui/ExportDialog';
import { BulkDialog } from './BulkDialog';
import { ImportDialog } from './ImportDialog';
import { formatCount } from './format';
import { KeyEditor } from './KeyEditor';
import { KeyTree } from './KeyTree';
import { SCAN_BATCH, useKeyScan, type ScanParams } from './useKeyScan';

const TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream', 'ReJSON-RL'];

/**
 * The key browser: SCAN (never KEYS) with pattern, type and database, a
 * running count against DBSIZE and "scan more"; the namespace tree (built in
 * core) or the flat list on the left, the key's editor on the right.
 */
export function KeysView({ profile, connectionId }: ResourceViewProps): ReactNode {
  const [params, setParams] = useState<ScanParams>({ db: null, match: '*', type: null, delimiter: ':' });
  const [draft, setDraft] = useState(params);
  const [view, setView] = useState<'tree' | 'list'>('tree');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<KeyName | null>(null);
  const [bulk, setBulk] = useState(false);
  const [transfer, setTransfer] = useState<'export' | 'import' | null>(null);
  const scan = useKeyScan(connectionId);
  const { start } = scan;
  const profileDb = profile.kind === 'redis' ? profile.db : 0;
  // A cluster has database 0 only, and its count is the sum over its masters.
  const cluster = profile.kind === 'redis' && profile.cluster;

  useEffect(() => start(params), [start, params]);

  const apply = (): void => {
    setExpanded(new Set());
    setSelected(null);
    setParams({ ...draft });
  };
  const refresh = useCallback(() => start(params), [start, params]);
  const toggle = useCallback(
    (path: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(path)) next.delete(path);
        else next.add(path);
        return next;
      }),
    [],
  );

  const p = scan.progress;
  const db = scan.db ?? params.db;
  return (
    <div className="rd-page" data-testid="redis-keys">
      <form
        className="rd-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        {cluster ? (
          <span className="rd-inline" data-testid="redis-cluster-badge" title="A Redis Cluster: keys of every master">
            Cluster
          </span>
        ) : (
          <label className="rd-inline">
            DB
            <select
              className="input"
              aria-label="Database"
              value={draft.db ?? profileDb}
              onChange={(e) => {
                const next = { ...draft, db: Number(e.target.value) };
                setDraft(next);
                setExpanded(new Set());
                setSelected(null);
                setParams(next);
              }}
            >
              {Array.from({ length: 16 }, (_, i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </label>
        )}
        <input
          className="input mono rd-pattern"
          aria-label="Key pattern"
          placeholder="Pattern, e.g. user:*"
          value={draft.match}
          onChange={(e) => setDraft({ ...draft, match: e.target.value })}
        />
        <select
          className="input"
          aria-label="Key type"
          value={draft.type ?? ''}
          onChange={(e) => setDraft({ ...draft, type: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">All types</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <label className="rd-inline" title="The namespace delimiter of the tree">
          Delimiter
          <input
            className="input mono rd-delim"
            aria-label="Delimiter"
            value={draft.delimiter}
            onChange={(e) => setDraft({ ...draft, delimiter: e.target.value })}
          />
        </label>
        <button type="submit" className="btn btn-primary btn-sm">
          Scan
        </button>
        <span className="spacer" />
        <Segmented<'tree' | 'list'>
          label="View"
          size="sm"
          value={view}
          onChange={setView}
          options={[
            { value: 'tree', label: 'Tree' },
            { value: 'list', label: 'List' },
          ]}
        />
      </form>
      <div className="rd-status" data-testid="redis-scan-status">
        <span>
          {p ? `${formatCount(p.found)} keys found` : 'Scanning…'}
          {cluster
            ? ` · ${formatCount(scan.dbsize)} on all masters`
            : ` · ${formatCount(scan.dbsize)} in db ${db ?? profileDb}`}
          {p?.done ? ' · scan complete' : ''}
        </span>
        {scan.running ? (
          <>
            <span className="spin" aria-hidden />
            <button type="button" className="btn btn-sm" onClick={scan.cancel}>
              Cancel
            </button>
          </>
        ) : p && !p.done ? (
          <>
            <button type="button" className="btn btn-sm" onClick={() => scan.more()}>
              Scan {formatCount(SCAN_BATCH)} more
            </button>
            <button type="button" className="btn btn-sm" onClick={() => scan.more(10_000_000)}>
              Scan all
            </button>
          </>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={refresh}>
          Refresh
        </button>
        {!profile.readOnly ? (
          <button type="button" className="btn btn-sm" onClick={() => setBulk(true)}>
            Bulk delete / expire…
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={() => setTransfer('export')}>
          Export…
        </button>
        {!profile.readOnly ? (
          <button type="button" className="btn btn-sm" onClick={() => setTransfer('import')}>
            Import…
          </button>
        ) : null}
      </div>
      {transfer === 'export' ? (
        <ExportDialog
          title="Export keys"
          what={`the keys matching ${params.match}${params.type ? ` of type ${params.type}` : ''} (type, TTL, value)`}
          formats={['jsonl', 'json']}
          start={(options, handlers) =>
            client.subscribe(
              'redis.keys.export',
              { connectionId, db, match: params.match, type: params.type, ...options },
              handlers,
            )
          }
          onClose={() => setTransfer(null)}
        />
      ) : null}
      {transfer === 'import' ? (
        <ImportDialog
          connectionId={connectionId}
          db={db}
          prod={profile.environment === 'prod'}
          onClose={() => setTransfer(null)}
          onDone={refresh}
        />
      ) : null}
      {bulk ? (
        <BulkDialog
          connectionId={connectionId}
          db={db}
          profile={profile}
          match={params.match}
          type={params.type}
          onClose={() => setBulk(false)}
          onDone={refresh}
        />
      ) : null}
      {scan.error ? <ErrorBanner error={scan.error} /> : null}
      <div className="rd-split">
        <KeyTree
          connectionId={connectionId}
          scanId={scan.scanId}
          db={db}
          view={view}
          version={scan.version}
          expanded={expanded}
          onToggle={toggle}
          selected={selected?.b64 ?? null}
          onSelect={(row) => setSelected(row.key)}
        />
        <section className="rd-detail" aria-label="Key">
          {selected ? (
            <KeyEditor
              key={`${db}:${selected.b64}`}
              connectionId={connectionId}
              db={db}
              keyName={selected}
              profile={profile}
              onDeleted={() => {
                setSelected(null);
                refresh();
              }}
              onRenamed={(k) => {
                setSelected(k);
                refresh();
              }}
            />
          ) : (
            <p className="faint rd-pad">Select a key to see and edit its value.</p>
          )}
        </section>
      </div>
    </div>
  );
}

export default KeysView;
