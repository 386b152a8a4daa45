import { useCallback, useEffect, useRef, useState } from 'react';
import type { TopicStats } from '../../../../../shared/contract/kafka/topics';
import { client } from '../../../api/client';

/** Names per `kafka.topics.stats` call: each costs a Metadata, a ListOffsets per leader and a DescribeLogDirs per broker. */
const BATCH = 200;
/** Rows scrolling into view within this window share one request. */
const SETTLE_MS = 60;

export interface TopicStatsApi {
  stats: ReadonlyMap<string, TopicStats>;
  /** Asks for a topic's stats (once; call again after `clear`). Cells call it when they render, i.e. when the row is in view. */
  want(name: string): void;
  /** Forgets everything, e.g. after Refresh. */
  clear(): void;
  error: unknown;
}

/**
 * Lazily loaded message counts and sizes for the topic list: the grid is
 * virtualized, so only visible rows mount a cell that asks; asks are batched.
 */
export function useTopicStats(connectionId: string): TopicStatsApi {
  const [stats, setStats] = useState<ReadonlyMap<string, TopicStats>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(new Set<string>());
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const generation = useRef(0);
  const controller = useRef(new AbortController());

  const flush = useCallback(() => {
    timer.current = null;
    const names = [...pending.current];
    pending.current.clear();
    const gen = generation.current;
    const signal = controller.current.signal;
    for (let i = 0; i < names.length; i += BATCH) {
      const page = names.slice(i, i + BATCH);
      client.invoke('kafka.topics.stats', { connectionId, topics: page }, { signal }).then(
        (r) => {
          if (gen !== generation.current) return;
          setStats((prev) => {
            const next = new Map(prev);
            for (const s of r.stats) next.set(s.name, s);
            return next;
          });
        },
        (e: unknown) => {
          if (gen !== generation.current || signal.aborted) return;
          // Let the rows ask again on the next render (e.g. after Refresh).
          for (const n of page) asked.current.delete(n);
          setError(e);
        },
      );
    }
  }, [connectionId]);

  const want = useCallback(
    (name: string) => {
      if (asked.current.has(name)) return;
      asked.current.add(name);
      pending.current.add(name);
      timer.current ??= setTimeout(flush, SETTLE_MS);
    },
    [flush],
  );

  const clear = useCallback(() => {
    generation.current++;
    controller.current.abort();
    controller.current = new AbortController();
    asked.current.clear();
    pending.current.clear();
    setStats(new Map());
    setError(null);
  }, []);

  useEffect(() => {
    const c = controller;
    const t = timer;
    return () => {
      c.current.abort();
      if (t.current !== null) clearTimeout(t.current);
    };
  }, []);

  return { stats, want, clear, error };
}
