import { useCallback, useEffect, useState } from 'react';
import type { EntriesPage, HistoryEntry, HistoryParam } from '../../../shared/contract/history';
import { StackdeckError } from '../../../shared/errors';
import { client } from '../api/client';

/**
 * Query history for one connection and language, for any editor.
 *
 *   const history = useQueryHistory(connectionId, 'cql');
 *   // after each run (success or failure):
 *   void history.record({ text, durationMs, rows });          // or { text, durationMs, error: e.message }
 *   // beside the editor:
 *   <HistoryPanel history={history} onPick={(text) => setText(text)} />
 *
 * `record` never rejects (history must not break a run); every hook on the
 * same connection refreshes after a record, delete or clear, wherever it was
 * made. Parameters marked `secret` are stored by name only (core drops the value).
 */

export interface RunRecord {
  text: string;
  /** When the run started (epoch ms); defaults to now in core. */
  startedAt?: number;
  durationMs?: number | null;
  rows?: number | null;
  /** The error message when the run failed. */
  error?: string | null;
  params?: HistoryParam[];
}

export interface QueryHistory {
  readonly connectionId: string;
  readonly language: string;
  /** Newest first; the search result when `query` is not empty. */
  readonly entries: HistoryEntry[];
  readonly query: string;
  readonly loading: boolean;
  readonly error: StackdeckError | undefined;
  readonly hasMore: boolean;
  /** Full-text search of this connection's runs in this language ('' lists them all). */
  search(query: string): void;
  loadMore(): void;
  record(run: RunRecord): Promise<HistoryEntry | undefined>;
  remove(id: number): Promise<void>;
  clear(): Promise<void>;
  reload(): void;
}

const PAGE = 100;
type Listener = (connectionId: string) => void;
const listeners = new Set<Listener>();
const changed = (connectionId: string): void => {
  for (const l of listeners) l(connectionId);
};

/** Records one run without a hook (e.g. from a stream handler); refreshes every open history of that connection. */
export async function recordQueryRun(
  connectionId: string,
  language: string,
  run: RunRecord,
): Promise<HistoryEntry | undefined> {
  try {
    const entry = await client.invoke('history.entries.record', { connectionId, language, ...run });
    changed(connectionId);
    return entry;
  } catch {
    // History is best effort: a failed record must never fail the run it describes.
    return undefined;
  }
}

const asError = (e: unknown): StackdeckError =>
  e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', 'History could not be loaded.');

export function useQueryHistory(connectionId: string, language: string): QueryHistory {
  const [query, setQuery] = useState('');
  const [nonce, setNonce] = useState(0);
  const [pages, setPages] = useState(1);
  const [result, setResult] = useState<{
    key: string;
    page: EntriesPage | undefined;
    error: StackdeckError | undefined;
  }>();
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const requestKey = JSON.stringify([connectionId, language, query, pages, nonce]);

  useEffect(() => {
    const onChange: Listener = (id) => {
      if (id === connectionId) setNonce((n) => n + 1);
    };
    listeners.add(onChange);
    return () => {
      listeners.delete(onChange);
    };
  }, [connectionId]);

  useEffect(() => {
    const controller = new AbortController();
    const limit = Math.min(500, PAGE * pages);
    const request =
      query.trim() === ''
        ? client.invoke('history.entries.list', { connectionId, language, limit }, { signal: controller.signal })
        : client.invoke(
            'history.entries.search',
            { connectionId, language, query, limit },
            { signal: controller.signal },
          );
    request.then(
      (page) => {
        if (!controller.signal.aborted) setResult({ key: requestKey, page, error: undefined });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setResult((prev) => ({ key: requestKey, page: prev?.page, error: asError(e) }));
      },
    );
    return () => controller.abort();
  }, [connectionId, language, query, pages, requestKey]);

  const search = useCallback((q: string) => {
    setPages(1);
    setQuery(q);
  }, []);
  const loadMore = useCallback(() => setPages((p) => p + 1), []);
  const record = useCallback((run: RunRecord) => recordQueryRun(connectionId, language, run), [connectionId, language]);
  const remove = useCallback(
    async (id: number) => {
      await client.invoke('history.entries.delete', { ids: [id] });
      changed(connectionId);
    },
    [connectionId],
  );
  const clear = useCallback(async () => {
    await client.invoke('history.entries.clear', { connectionId, language });
    changed(connectionId);
  }, [connectionId, language]);

  const page = result?.page;
  return {
    connectionId,
    language,
    entries: page?.entries ?? [],
    query,
    loading: result?.key !== requestKey,
    error: result?.key === requestKey ? result.error : undefined,
    hasMore: page !== undefined && page.nextBefore !== null && pages * PAGE < 500,
    search,
    loadMore,
    record,
    remove,
    clear,
    reload,
  };
}
