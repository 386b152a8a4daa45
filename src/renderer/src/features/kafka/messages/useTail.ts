import { useCallback, useEffect, useRef, useState } from 'react';
import type { KafkaMessage } from '../../../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';

/**
 * Live tail in the UI. Core already sends at most ~10 batches/s; here rows
 * enter the grid at most RENDER_PER_TICK every TICK_MS (~50 rows/s) from a
 * bounded queue, the grid keeps the newest BUFFER rows, and pause stops
 * adding rows while the count keeps running. Nothing grows without bound.
 */
export const BUFFER = 5000;
const QUEUE = 1000;
const TICK_MS = 200;
const RENDER_PER_TICK = 10;

export interface TailState {
  status: 'idle' | 'running' | 'failed';
  paused: boolean;
  rows: KafkaMessage[];
  /** Messages that arrived since start (all of them, shown or not). */
  total: number;
  error: StackdeckError | null;
  /** Batches left out as too large (started with skip), the first 100. */
  skipped: readonly { partition: number; offset: number }[];
}

export function useTail(): {
  state: TailState;
  /** `skipOversize`: batches too large to read are left out and listed instead of ending the tail. */
  start(connectionId: string, topics: string[], skipOversize?: boolean): void;
  stop(): void;
  setPaused(p: boolean): void;
} {
  const [state, setState] = useState<TailState>({
    status: 'idle',
    paused: false,
    rows: [],
    total: 0,
    error: null,
    skipped: [],
  });
  const queue = useRef<KafkaMessage[]>([]);
  const paused = useRef(false);
  const unsubscribe = useRef<(() => void) | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      if (queue.current.length === 0) return;
      const take = queue.current.splice(0, RENDER_PER_TICK);
      setState((s) => ({ ...s, rows: take.reverse().concat(s.rows).slice(0, BUFFER) }));
    }, TICK_MS);
    return () => {
      clearInterval(timer);
      unsubscribe.current?.();
    };
  }, []);

  const stop = useCallback(() => {
    unsubscribe.current?.();
    unsubscribe.current = null;
    queue.current = [];
    setState((s) => ({ ...s, status: s.status === 'failed' ? 'failed' : 'idle' }));
  }, []);

  const start = useCallback((connectionId: string, topics: string[], skipOversize = false) => {
    unsubscribe.current?.();
    queue.current = [];
    setState({ status: 'running', paused: paused.current, rows: [], total: 0, error: null, skipped: [] });
    unsubscribe.current = client.subscribe(
      'kafka.messages.tail',
      { connectionId, topics, maxPerEvent: 50, oversizeBatches: skipOversize ? 'skip' : 'stop' },
      {
        onEvent(e) {
          if (e.type !== 'messages') return;
          if (!paused.current) {
            queue.current.push(...e.messages);
            if (queue.current.length > QUEUE) queue.current.splice(0, queue.current.length - QUEUE);
          }
          const skipped = e.skippedBatches ?? [];
          setState((s) => ({
            ...s,
            total: e.total,
            ...(skipped.length > 0 ? { skipped: [...s.skipped, ...skipped].slice(0, 100) } : {}),
          }));
        },
        onError(error) {
          setState((s) => ({ ...s, status: 'failed', error }));
        },
        onEnd() {
          setState((s) => ({ ...s, status: 'idle' }));
        },
      },
    );
  }, []);

  const setPaused = useCallback((p: boolean) => {
    paused.current = p;
    if (p) queue.current = [];
    setState((s) => ({ ...s, paused: p }));
  }, []);

  return { state, start, stop, setPaused };
}
