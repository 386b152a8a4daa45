import { useCallback, useEffect, useRef, useState } from 'react';
import type { QuerySummary } from '../../../../shared/contract/neo4j/query';
import type { Neo4jValue, ParamValue } from '../../../../shared/contract/neo4j/values';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { recordQueryRun } from '../../ui/useQueryHistory';
import { paramFromValue, paramText, parseParamCommand } from './params';

/**
 * Runs statements one after another over `neo4j.query.run`. Records go into
 * a mutable array per run (bounded by the run's maxRecords, enforced in core)
 * and the view re-renders at most once per animation frame, so a fast stream
 * never floods React. Cancel ends the stream, which terminates the
 * transaction on the server, and skips the statements not yet started.
 */

export interface CypherRun {
  readonly id: number;
  readonly query: string;
  /** The parameters it ran with (an export runs the query again with the same ones). */
  params: [string, ParamValue][];
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  keys: string[];
  /** Grows while running; never replaced, so the grid keeps its scroll position. */
  rows: Neo4jValue[][];
  summary: QuerySummary | null;
  error: StackdeckError | null;
  accessMode: 'READ' | 'WRITE' | null;
  /** For `:param` commands: what was done, as text. */
  message: string | null;
  startedAt: number;
  /** Its History entry, once recorded (node positions are saved in it); null before, or when History failed. */
  historyId: number | null;
}

export interface RunOptions {
  connectionId: string;
  database: string | undefined;
  maxRecords: number;
  params: ReadonlyMap<string, ParamValue>;
  setParam(name: string, value: ParamValue | null): void;
  clearParams(): void;
}

let nextId = 1;

const asError = (e: unknown): StackdeckError =>
  e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', e instanceof Error ? e.message : String(e));

function streamRun(
  run: CypherRun,
  input: { connectionId: string; database?: string; query: string; params: [string, ParamValue][]; maxRecords: number },
  changed: () => void,
  register: (stop: () => void) => void,
): Promise<void> {
  return new Promise((resolve) => {
    run.status = 'running';
    changed();
    const stop = client.subscribe('neo4j.query.run', input, {
      onEvent(e) {
        if (e.type === 'keys') {
          run.keys = e.keys;
          run.accessMode = e.accessMode;
        } else if (e.type === 'records') {
          for (const row of e.rows) run.rows.push(row);
        } else run.summary = e.summary;
        changed();
      },
      onError(error) {
        run.status = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
        run.error = error;
        changed();
        resolve();
      },
      onEnd() {
        if (run.status === 'running') run.status = 'done';
        changed();
        resolve();
      },
    });
    register(() => {
      stop();
      if (run.status === 'running') {
        run.status = 'cancelled';
        run.error = new StackdeckError('CANCELLED', 'Cancelled: the transaction was terminated on the server.');
      }
      changed();
      resolve();
    });
  });
}

export function useCypherRuns(): {
  runs: readonly CypherRun[];
  version: number;
  running: boolean;
  run(statements: readonly string[], options: RunOptions): void;
  cancel(): void;
} {
  const [runs, setRuns] = useState<CypherRun[]>([]);
  const [version, setVersion] = useState(0);
  const [running, setRunning] = useState(false);
  const frame = useRef<number | null>(null);
  const stopCurrent = useRef<(() => void) | null>(null);
  const cancelled = useRef(false);

  const changed = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  useEffect(
    () => () => {
      cancelled.current = true;
      stopCurrent.current?.();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const run = useCallback(
    (statements: readonly string[], o: RunOptions) => {
      stopCurrent.current?.();
      cancelled.current = false;
      const batch: CypherRun[] = statements.map((query) => ({
        id: nextId++,
        query,
        params: [],
        status: 'queued',
        keys: [],
        rows: [],
        summary: null,
        error: null,
        accessMode: null,
        message: null,
        startedAt: Date.now(),
        historyId: null,
      }));
      setRuns(batch);
      setRunning(true);
      const params = new Map(o.params);
      void (async () => {
        for (const r of batch) {
          if (cancelled.current) {
            r.status = 'cancelled';
            continue;
          }
          r.startedAt = Date.now();
          const register = (stop: () => void) => {
            stopCurrent.current = () => {
              cancelled.current = true;
              stop();
            };
          };
          const base = { connectionId: o.connectionId, ...(o.database ? { database: o.database } : {}) };
          const cmd = parseParamCommand(r.query);
          if (cmd) {
            if (cmd.kind === 'invalid') {
              r.status = 'failed';
              r.error = new StackdeckError('INVALID_INPUT', cmd.message);
            } else if (cmd.kind === 'clear') {
              params.clear();
              o.clearParams();
              r.status = 'done';
              r.message = 'All parameters cleared.';
            } else if (cmd.kind === 'list') {
              r.status = 'done';
              r.message =
                params.size === 0
                  ? 'No parameters set.'
                  : [...params].map(([k, v]) => `:param ${k} => ${paramText(v)}`).join('\n');
            } else {
              // The server evaluates the expression (as in Neo4j Browser); its typed result becomes the parameter.
              const probe: CypherRun = { ...r, rows: [], keys: [] };
              await streamRun(
                probe,
                { ...base, query: `RETURN ${cmd.expr} AS value`, params: [...params], maxRecords: 1 },
                () => undefined,
                register,
              );
              if (probe.error) {
                r.status = probe.status;
                r.error = probe.error;
              } else {
                try {
                  const value = paramFromValue(probe.rows[0]?.[0] ?? { t: 'null' });
                  params.set(cmd.name, value);
                  o.setParam(cmd.name, value);
                  r.status = 'done';
                  r.message = `Set $${cmd.name} => ${paramText(value)}`;
                } catch (e) {
                  r.status = 'failed';
                  r.error = new StackdeckError('INVALID_INPUT', asError(e).message);
                }
              }
            }
            changed();
            continue;
          }
          r.params = [...params];
          await streamRun(
            r,
            { ...base, query: r.query, params: r.params, maxRecords: o.maxRecords },
            changed,
            register,
          );
          const recorded = r;
          void recordQueryRun(o.connectionId, 'cypher', {
            text: r.query,
            startedAt: r.startedAt,
            durationMs: Date.now() - r.startedAt,
            rows: r.rows.length,
            error: r.error?.message ?? null,
          }).then((entry) => {
            if (entry === undefined) return;
            recorded.historyId = entry.id;
            changed();
          });
          if (r.status !== 'done') cancelled.current = true;
        }
        stopCurrent.current = null;
        setRunning(false);
        changed();
      })();
    },
    [changed],
  );

  const cancel = useCallback(() => stopCurrent.current?.(), []);
  return { runs, version, running, run, cancel };
}
