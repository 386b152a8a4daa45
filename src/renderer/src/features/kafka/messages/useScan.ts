import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf } from '../../../../../shared/contract';
import type { KafkaMessage } from '../../../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';

/**
 * Search runs: one stream at a time, cancellable (the stream's
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
