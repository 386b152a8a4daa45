import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SearchDoc, SearchIndex } from '../../../../../shared/contract/redis/search';
import type { ResourceViewProps } from '../../../app/resources';
import { client } from '../../../api/client';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import '../../../styles/redis.css';
import { formatCount } from '../format';
import { useKeyAction } from '../useKeyAction';

const PAGE = 50;

/**
 * RediSearch: the server's indexes (FT._LIST / FT.INFO, with key type,
 * prefixes, fields and documents) and FT.SEARCH on one of them, its documents
 * in the result grid, one column per field, in pages of 50.
 */
export function SearchView({ connectionId }: ResourceViewProps): ReactNode {
  const [indexes, setIndexes] = useState<SearchIndex[] | null>(null);
  const [index, setIndex] = useState('');
  const [query, setQuery] = useState('*');
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<{ total: number; docs: SearchDoc[] } | null>(null);
  const list = useKeyAction();
  const search = useKeyAction();
  const runList = list.run;

  useEffect(() => {
    void runList(() => client.invoke('redis.search.indexes', { connectionId })).then((r) => {
      if (!r) return;
      setIndexes(r.indexes);
      setIndex((cur) => cur || (r.indexes[0]?.name ?? ''));
    });
  }, [connectionId, runList]);

  const run = (at: number): void => {
    if (index === '') return;
    void search
      .run(() => client.invoke('redis.search.query', { connectionId, index, query, offset: at, limit: PAGE }))
      .then((r) => {
        if (!r) return;
        setOffset(at);
        setResult(r);
      });
  };

  const current = indexes?.find((i) => i.name === index);
  const columns = useMemo((): DataGridColumn<SearchDoc>[] => {
    const names = [...new Set((result?.docs ?? []).flatMap((d) => d.fields.map((f) => f.name)))];
    return [
      { id: 'key', header: 'Key', width: 200, cell: (d) => d.key.display },
      ...names.map((n) => ({
        id: `f:${n}`,
        header: n,
        width: 220,
        cell: (d: SearchDoc) => d.fields.find((f) => f.name === n)?.value ?? '',
      })),
    ];
  }, [result]);

  return (
    <div className="rd-pubsub" data-testid="redis-search">
      <form
        className="rd-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          run(0);
        }}
      >
        <select className="input" aria-label="Index" value={index} onChange={(e) => setIndex(e.target.value)}>
          {(indexes ?? []).map((i) => (
            <option key={i.name} value={i.name}>
              {i.name}
            </option>
          ))}
        </select>
        <input
          className="input mono rd-grow"
          aria-label="Query"
          placeholder="Query, e.g. * or @name:ada"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="btn btn-primary btn-sm" disabled={index === '' || search.busy}>
          Search
        </button>
      </form>
      <div className="rd-status" data-testid="redis-search-status">
        {current ? (
          <span>
            {current.keyType} · prefixes {current.prefixes.join(', ') || '(all keys)'} · fields{' '}
            {current.fields.map((f) => `${f.name} ${f.type}`).join(', ')} · {formatCount(current.docs)} documents
          </span>
        ) : (
          <span className="faint">{indexes === null ? 'Loading indexes…' : 'No search indexes on this server.'}</span>
        )}
        <span className="spacer" />
        {result ? (
          <>
            <span data-testid="redis-search-total">
              {formatCount(result.total)} found
              {result.total > 0 ? ` · ${offset + 1}-${offset + result.docs.length}` : ''}
            </span>
            <button
              type="button"
              className="btn btn-sm"
              disabled={offset === 0}
              onClick={() => run(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <button
              type="button"
              className="btn btn-sm"
              disabled={offset + PAGE >= result.total}
              onClick={() => run(offset + PAGE)}
            >
              Next
            </button>
          </>
        ) : null}
      </div>
      {list.error ? <ErrorBanner error={list.error} onDismiss={list.clear} /> : null}
      {search.error ? <ErrorBanner error={search.error} onDismiss={search.clear} /> : null}
      <div className="rd-pubsub-grid">
        <DataGrid
          rows={result?.docs ?? []}
          columns={columns}
          rowKey={(d) => d.key.b64}
          label="Search results"
          testId="redis-search-results"
          empty={<p className="faint rd-pad">{result ? 'No documents match.' : 'Run a query to see documents.'}</p>}
        />
      </div>
    </div>
  );
}

export default SearchView;
