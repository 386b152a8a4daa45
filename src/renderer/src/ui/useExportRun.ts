import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportEvent, ExportOptions } from '../../../shared/contract/exports';
import type { StackdeckError } from '../../../shared/errors';
import type { StreamHandlers } from '../api/types';

/**
 * Runs one export stream (any area's `*.export` stream whose events are
 * `ExportEvent`) and tracks progress, the finished file, cancel and errors.
 * `start` is the area's subscribe call with the dialog's options merged in.
 */
export type StartExport = (options: ExportOptions, handlers: StreamHandlers<ExportEvent>) => () => void;

type Done = Extract<ExportEvent, { type: 'done' }>;
type Progress = Extract<ExportEvent, { type: 'progress' }>;

export interface ExportRunState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  progress: Progress | null;
  done: Done | null;
  error: StackdeckError | null;
}

const IDLE: ExportRunState = { status: 'idle', progress: null, done: null, error: null };

export function useExportRun(start: StartExport): {
  state: ExportRunState;
  run(options: ExportOptions): void;
  cancel(): void;
} {
  const [state, setState] = useState<ExportRunState>(IDLE);
  const stop = useRef<(() => void) | null>(null);

  useEffect(
    () => () => {
      stop.current?.();
      stop.current = null;
    },
    [],
  );

  const run = useCallback(
    (options: ExportOptions) => {
      stop.current?.();
      setState({ ...IDLE, status: 'running' });
      let live = true;
      const cancelStream = start(options, {
        onEvent(e) {
          if (!live) return;
          if (e.type === 'progress') setState((s) => ({ ...s, progress: e }));
          else setState((s) => ({ ...s, status: 'done', done: e }));
        },
        onError(error) {
          if (!live) return;
          live = false;
          stop.current = null;
          setState((s) => ({ ...s, status: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error }));
        },
        onEnd() {
          live = false;
          stop.current = null;
          setState((s) => (s.status === 'running' ? { ...s, status: 'done' } : s));
        },
      });
      stop.current = () => {
        if (!live) return;
        live = false;
        cancelStream();
        setState((s) => ({ ...s, status: 'cancelled' }));
      };
    },
    [start],
  );

  const cancel = useCallback(() => {
    stop.current?.();
    stop.current = null;
  }, []);

  return { state, run, cancel };
}
