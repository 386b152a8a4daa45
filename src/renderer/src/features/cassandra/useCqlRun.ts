import { useCallback, useEffect, useRef, useState } from 'react';
import type { ParamValue, RunOptions, RunOutput, StatementResult } from '../../../../shared/contract/cassandra';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { recordQueryRun } from '../../ui/useQueryHistory';

/**
 * Runs CQL through `cassandra.cql.run` for one editor session and keeps the
 * results: "next page" continues a result with its pageState (never OFFSET)
 * and appends the rows; "fetch all" pages through `cassandra.cql.fetchAll`
 * with progress until a row cap. Cancel aborts the call in core. Every run
 * goes into History (language `cql`).
 */

export interface ShownResult extends StatementResult {
  /** Pages loaded so far (1 after the run). */
  pages: number;
}

export interface CqlRunState {
  results: ShownResult[];
  error: RunOutput['error'];
  /** A failure of the call itself (read-only refusal, invalid input, lost connection). */
  failure: StackdeckError | null;
  keyspace: string | null;
  running: 'run' | 'page' | 'fetchAll' | null;
  /** Rows fetched so far by "fetch all". */
  fetched: number | null;
}

const asError = (e: unknown): StackdeckError =>
  e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', e instanceof Error ? e.message : String(e));

const EMPTY: CqlRunState = { results: [], error: null, failure: null, keyspace: null, running: null, fetched: null };

/** `record: false` keeps runs out of History (the table tab's row views are not queries the user wrote). */
export function useCqlRun(connectionId: string, sessionId: string, record = true) {
  const [state, setState] = useState<CqlRunState>(EMPTY);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const run = useCallback(
    (text: string, options: RunOptions, params?: ParamValue[]) => {
      stop.current?.();
      const controller = new AbortController();
      stop.current = () => controller.abort();
      const startedAt = Date.now();
      setState((s) => ({ ...s, running: 'run', failure: null, error: null, fetched: null }));
      client
        .invoke(
          'cassandra.cql.run',
          { connectionId, sessionId, text, options, ...(params ? { params } : {}) },
          { signal: controller.signal },
        )
        .then(
          (out) => {
            setState({
              results: out.results.map((r) => ({ ...r, pages: 1 })),
              error: out.error,
              failure: null,
              keyspace: out.keyspace,
              running: null,
              fetched: null,
            });
            if (record)
              void recordQueryRun(connectionId, 'cql', {
                text,
                startedAt,
                durationMs: Date.now() - startedAt,
                rows: out.results.reduce((n, r) => n + r.rows.length, 0),
                error: out.error?.message ?? null,
                ...(params
                  ? { params: params.map((p, i) => ({ name: `${i + 1}`, secret: false, value: paramText(p) })) }
                  : {}),
              });
          },
          (e: unknown) => {
            const failure = asError(e);
            setState((s) => ({ ...s, results: [], error: null, failure, running: null }));
            if (record)
              void recordQueryRun(connectionId, 'cql', {
                text,
                startedAt,
                durationMs: Date.now() - startedAt,
                error: failure.message,
              });
          },
        )
        .finally(() => {
          if (stop.current && controller.signal.aborted === false) stop.current = null;
        });
    },
    [connectionId, sessionId, record],
  );

  const nextPage = useCallback(
    (index: number, options: RunOptions, params?: ParamValue[]) => {
      const r = state.results[index];
      if (!r?.pageState) return;
      const controller = new AbortController();
      stop.current = () => controller.abort();
      setState((s) => ({ ...s, running: 'page', failure: null }));
      client
        .invoke(
          'cassandra.cql.run',
          {
            connectionId,
            sessionId,
            text: r.statement,
            options: { ...options, consistency: r.consistency, trace: false },
            pageState: r.pageState,
            ...(params ? { params } : {}),
          },
          { signal: controller.signal },
        )
        .then(
          (out) => {
            const page = out.results[0];
            setState((s) => ({
              ...s,
              running: null,
              failure: out.error ? new StackdeckError('SERVER_ERROR', out.error.message) : null,
              results: s.results.map((x, i) =>
                i === index && page
                  ? {
                      ...x,
                      rows: [...x.rows, ...page.rows],
                      pageState: page.pageState,
                      warnings: [...new Set([...x.warnings, ...page.warnings])],
                      pages: x.pages + 1,
                    }
                  : x,
              ),
            }));
          },
          (e: unknown) => setState((s) => ({ ...s, running: null, failure: asError(e) })),
        );
    },
    [connectionId, sessionId, state.results],
  );

  const fetchAll = useCallback(
    (index: number, options: RunOptions, maxRows: number, params?: ParamValue[]) => {
      const r = state.results[index];
      if (!r) return;
      const rows: StatementResult['rows'] = [];
      setState((s) => ({ ...s, running: 'fetchAll', fetched: 0, failure: null }));
      const cancel = client.subscribe(
        'cassandra.cql.fetchAll',
        {
          connectionId,
          sessionId,
          text: r.statement,
          options: { ...options, consistency: r.consistency, trace: false },
          maxRows,
          ...(params ? { params } : {}),
        },
        {
          onEvent(e) {
            if (e.type === 'rows') {
              for (const row of e.rows) rows.push(row);
              setState((s) => ({ ...s, fetched: e.total }));
            } else if (e.type === 'done') {
              setState((s) => ({
                ...s,
                running: null,
                fetched: null,
                results: s.results.map((x, i) =>
                  i === index
                    ? {
                        ...x,
                        rows,
                        pageState: e.truncated ? x.pageState : null,
                        warnings: [...new Set([...x.warnings, ...e.warnings])],
                        pages: Math.max(x.pages, Math.ceil(e.total / Math.max(1, options.pageSize))),
                      }
                    : x,
                ),
              }));
            }
          },
          onError(error) {
            setState((s) => ({ ...s, running: null, fetched: null, failure: error }));
          },
        },
      );
      stop.current = () => {
        cancel();
        setState((s) => ({
          ...s,
          running: null,
          fetched: null,
          failure: new StackdeckError('CANCELLED', 'Fetching was cancelled; the rows loaded before are kept.'),
        }));
      };
    },
    [connectionId, sessionId, state.results],
  );

  const cancel = useCallback(() => {
    stop.current?.();
    stop.current = null;
  }, []);

  return { state, run, nextPage, fetchAll, cancel };
}

export function paramText(p: ParamValue): string {
  return p.kind === 'value' ? p.text : p.kind;
}
