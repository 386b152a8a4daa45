import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf } from '../../../../../shared/contract';
import type { KafkaMessage, SkippedBatch } from '../../../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { appendBounded } from './boundedMatches';

/**
 * Search runs: one stream at a time, cancellable (the stream's
 * cancel stops the reads in core), with the latest progress kept for the
 * bar. The matches held are bounded (boundedMatches.ts): the oldest are
 * dropped past MAX_HELD_MATCHES and counted in `dropped`.
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
  matches: readonly KafkaMessage[];
  /** Matches received and dropped from memory (the oldest first); export has the full set. */
  dropped: number;
  progress: Progress | null;
  error: StackdeckError | null;
  reason: 'end' | 'limit' | null;
  evalErrors: number;
  /** Batches left out as too large (the search ran with `oversizeBatches: skip`). */
  skipped: readonly SkippedBatch[];
}

const IDLE: SearchState = {
  status: 'idle',
  matches: [],
  dropped: 0,
  progress: null,
  error: null,
  reason: null,
  evalErrors: 0,
  skipped: [],
};

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
        if (e.type === 'matches')
          setState((s) => {
            const held = appendBounded({ items: s.matches, dropped: s.dropped }, e.messages);
            return { ...s, matches: held.items, dropped: held.dropped };
          });
        else if (e.type === 'progress') setState((s) => ({ ...s, progress: e }));
        else
          setState((s) => ({
            ...s,
            status: 'done',
            reason: e.reason,
            evalErrors: e.evalErrors,
            skipped: e.skippedBatches ?? [],
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
