import { useCallback, useEffect, useRef, useState } from 'react';
import type { CountResult, FindPage } from '../../../../../shared/contract/mongo/documents';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import type { QueryHistory } from '../../../ui/useQueryHistory';
import { historyText, toQueryText, type QueryState } from './query';

export interface FindState {
  page: FindPage | undefined;
  count: CountResult | undefined;
  error: StackdeckError | undefined;
  running: boolean;
  pageIndex: number;
  run(q: QueryState, pageIndex?: number, record?: boolean): void;
  cancel(): void;
  refresh(): void;
}

/**
 * Runs a find page and its capped count; a new run (or unmount) cancels the
 * previous one in core. Each new query (not a page turn) goes into History.
 */
export function useFind(p: {
  connectionId: string;
  db: string;
  collection: string;
  pageSize: number;
  history: QueryHistory;
}): FindState {
  const { connectionId, db, collection, pageSize, history } = p;
  const [page, setPage] = useState<FindPage>();
  const [count, setCount] = useState<CountResult>();
  const [error, setError] = useState<StackdeckError>();
  const [running, setRunning] = useState(false);
  const [pageIndex, setPageIndex] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const countController = useRef<AbortController | null>(null);
  const last = useRef<QueryState | null>(null);
  // History changes identity as it reloads; read it through a ref so `run` stays stable.
  const historyRef = useRef(history);
  useEffect(() => {
    historyRef.current = history;
  });

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setRunning(false);
  }, []);
  useEffect(
    () => () => {
      controller.current?.abort();
      countController.current?.abort();
    },
    [],
  );

  const run = useCallback(
    (q: QueryState, index = 0, record = true) => {
      controller.current?.abort();
      const ac = new AbortController();
      controller.current = ac;
      last.current = q;
      setRunning(true);
      setError(undefined);
      setPageIndex(index);
      const started = Date.now();
      const query = toQueryText(q);
      client
        .invoke(
          'mongo.documents.find',
          { connectionId, db, collection, query, page: index, pageSize },
          { signal: ac.signal },
        )
        .then(
          (res) => {
            if (ac.signal.aborted) return;
            setPage(res);
            setRunning(false);
            if (record)
              void historyRef.current.record({
                text: historyText(q),
                startedAt: started,
                durationMs: res.tookMs,
                rows: res.documents.length,
              });
          },
          (e: StackdeckError) => {
            if (ac.signal.aborted) return;
            setError(e);
            setRunning(false);
            if (record) void historyRef.current.record({ text: historyText(q), startedAt: started, error: e.message });
          },
        );
      if (index === 0) {
        setCount(undefined);
        client
          .invoke('mongo.documents.count', { connectionId, db, collection, filter: q.filter }, { signal: ac.signal })
          .then(
            (c) => {
              if (!ac.signal.aborted) setCount(c);
            },
            () => undefined,
          );
      }
    },
    [connectionId, db, collection, pageSize],
  );

  const refresh = useCallback(() => {
    if (last.current) run(last.current, pageIndex, false);
  }, [run, pageIndex]);

  return { page, count, error, running, pageIndex, run, cancel, refresh };
}
