import { useCallback, useEffect, useRef, useState } from 'react';
import { StackdeckError } from '../../../../../../shared/errors';

/** One page of a collection as its loader answers it: rows, where to go next (null at the end), the key's length. */
export interface MemberPage<R, C> {
  rows: R[];
  next: C | null;
  length: number;
}

export type PageLoader<R, C> = (at: C, signal: AbortSignal) => Promise<MemberPage<R, C>>;

/** Rows kept loaded at most: a 10-million-member key never fills the renderer's memory. */
export const MAX_LOADED_ROWS = 50_000;
/** A SCAN page may be empty with a non-zero cursor; follow the cursor this many times before waiting for the user. */
const EMPTY_PAGE_HOPS = 20;

export interface PagedMembers<R> {
  rows: readonly R[];
  length: number | null;
  loading: boolean;
  done: boolean;
  /** True when MAX_LOADED_ROWS stopped the loading (not the end of the key). */
  capped: boolean;
  error: StackdeckError | null;
  loadMore(): void;
  reload(): void;
}

/**
 * Pages of a hash, list, set or sorted set, loaded as the user scrolls
 * (cursor or offset, whatever the loader takes). A new `identity` (another
 * key, filter or range) starts over and cancels the request in flight.
 */
export function usePagedMembers<R, C>(identity: string, first: C, load: PageLoader<R, C>): PagedMembers<R> {
  const [state, setState] = useState<{
    identity: string;
    nonce: number;
    rows: R[];
    next: C | null;
    length: number | null;
    done: boolean;
    error: StackdeckError | null;
  }>({ identity: '', nonce: -1, rows: [], next: null, length: null, done: false, error: null });
  const [nonce, setNonce] = useState(0);
  const [loading, setLoading] = useState(false);
  const busy = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  const firstRef = useRef(first);
  // Declared before the fetching effect, so it runs first and the fetch sees this render's loader.
  useEffect(() => {
    loadRef.current = load;
    firstRef.current = first;
  });

  const fetchFrom = useCallback(async (at: C, rows: R[], id: string, n: number): Promise<void> => {
    busy.current?.abort();
    const controller = new AbortController();
    busy.current = controller;
    setLoading(true);
    try {
      let cursor: C | null = at;
      let got: R[] = rows;
      let length: number | null = null;
      for (let hop = 0; hop < EMPTY_PAGE_HOPS && cursor !== null; hop++) {
        const page: MemberPage<R, C> = await loadRef.current(cursor, controller.signal);
        if (controller.signal.aborted) return;
        got = got.concat(page.rows);
        length = page.length;
        cursor = page.next;
        if (page.rows.length > 0) break;
      }
      if (got.length > MAX_LOADED_ROWS) got = got.slice(0, MAX_LOADED_ROWS);
      setState({ identity: id, nonce: n, rows: got, next: cursor, length, done: cursor === null, error: null });
    } catch (e) {
      if (controller.signal.aborted) return;
      const error = e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', String(e));
      setState((prev) => ({ ...prev, identity: id, nonce: n, error }));
    } finally {
      if (busy.current === controller) {
        busy.current = null;
        setLoading(false);
      }
    }
  }, []);

  useEffect(() => {
    void fetchFrom(firstRef.current, [], identity, nonce);
    return () => busy.current?.abort();
  }, [identity, nonce, fetchFrom]);

  const current = state.identity === identity && state.nonce === nonce;
  const rows = current ? state.rows : [];
  const capped = current && rows.length >= MAX_LOADED_ROWS;
  const loadMore = useCallback(() => {
    if (!current || busy.current || state.next === null || capped) return;
    void fetchFrom(state.next, state.rows, identity, nonce);
  }, [current, state, capped, fetchFrom, identity, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  return {
    rows,
    length: current ? state.length : null,
    loading: loading || !current,
    done: current && state.done,
    capped,
    error: current ? state.error : null,
    loadMore,
    reload,
  };
}
