import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf } from '../../../../../shared/contract';
import type { KafkaMessage } from '../../../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';

/**
 * Search and export runs: one stream at a time, cancellable (the stream's
 * cancel stops the reads in core), with the latest progress kept for the
 * bar. Search matches are kept up to the search's own limit (bounded).
 */

export interface Progress {
  scanned: number;
  matched: number;
  rate: number;
  percent: number;
  total: number;
}

export interface SearchState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  matches: KafkaMessage[];
  progress: Progress | null;
  error: StackdeckError | null;
  reason: 'end' | 'limit' | null;
  evalErrors: number;
}

const IDLE: SearchState = { status: 'idle', matches: [], progress: null, error: null, reason: null, evalErrors: 0 };

export function useSearch(): {
  state: SearchState;
  run(input: InputOf<'kafka.messages.search'>): void;
  cancel(): void;
} {
  const [state, setState] = useState<SearchState>(IDLE);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const run = useCallback((input: InputOf<'kafka.messages.search'>) => {
    stop.current?.();
    setState({ ...IDLE, status: 'running' });
    let live = true;
    const unsubscribe = client.subscribe('kafka.messages.search', input, {
      onEvent(e) {
        if (!live) return;
        if (e.type === 'matches') setState((s) => ({ ...s, matches: s.matches.concat(e.messages) }));
        else if (e.type === 'progress') setState((s) => ({ ...s, progress: e }));
        else
          setState((s) => ({
            ...s,
            status: 'done',
            reason: e.reason,
            evalErrors: e.evalErrors,
            progress: s.progress ? { ...s.progress, scanned: e.scanned, matched: e.matched } : s.progress,
          }));
      },
      onError(error) {
        if (live) setState((s) => ({ ...s, status: 'failed', error }));
      },
      onEnd() {
        if (live) setState((s) => (s.status === 'running' ? { ...s, status: 'done' } : s));
      },
    });
    stop.current = () => {
      if (!live) return;
      live = false;
      unsubscribe();
      setState((s) => (s.status === 'running' ? { ...s, status: 'cancelled' } : s));
    };
  }, []);
  const cancel = useCallback(() => stop.current?.(), []);
  return { state, run, cancel };
}

export interface ExportState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  progress: (Progress & { written: number; bytes: number }) | null;
  done: {
    exportId: string;
    fileName: string;
    path: string;
    written: number;
    bytes: number;
    reason: 'end' | 'limit';
    skippedBatches?: { partition: number; offset: number; reason: string }[];
  } | null;
  error: StackdeckError | null;
}

export function useExport(): {
  state: ExportState;
  run(input: InputOf<'kafka.messages.export'>): void;
  cancel(): void;
} {
  const [state, setState] = useState<ExportState>({ status: 'idle', progress: null, done: null, error: null });
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const run = useCallback((input: InputOf<'kafka.messages.export'>) => {
    stop.current?.();
    setState({ status: 'running', progress: null, done: null, error: null });
    let live = true;
    const unsubscribe = client.subscribe('kafka.messages.export', input, {
      onEvent(e) {
        if (!live) return;
        if (e.type === 'progress') setState((s) => ({ ...s, progress: e }));
        else setState((s) => ({ ...s, status: 'done', done: e }));
      },
      onError(error) {
        if (live) setState((s) => ({ ...s, status: 'failed', error }));
      },
      onEnd() {},
    });
    stop.current = () => {
      if (!live) return;
      live = false;
      unsubscribe();
      setState((s) => (s.status === 'running' ? { ...s, status: 'cancelled' } : s));
    };
  }, []);
  const cancel = useCallback(() => stop.current?.(), []);
  return { state, run, cancel };
}
