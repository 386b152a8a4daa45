import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { EventOf, InputOf, MethodName, OutputOf, StreamName } from '../../../shared/contract';
import { StackdeckError } from '../../../shared/errors';
import { client, onTransportStatus, transportStatus } from './client';
import type { TransportStatus } from './types';

/**
 * Simple data hooks over the client. A request is identified by its name and
 * the JSON of its input (inputs are JSON on the wire anyway), so passing a fresh
 * but equal object on each render does not refetch; a changed input, `reload`
 * or unmount cancels the previous request in core.
 */

const asError = (error: unknown): StackdeckError =>
  error instanceof StackdeckError
    ? error
    : new StackdeckError('SERVER_ERROR', 'Something went wrong; see the console for details.');

export interface InvokeState<T> {
  /** The latest result; kept while a reload is loading. */
  data: T | undefined;
  error: StackdeckError | undefined;
  loading: boolean;
  reload(): void;
}

export function useInvoke<N extends MethodName>(
  name: N,
  input: InputOf<N>,
  options: { enabled?: boolean } = {},
): InvokeState<OutputOf<N>> {
  const enabled = options.enabled ?? true;
  const inputJson = JSON.stringify(input) ?? 'null';
  const [nonce, setNonce] = useState(0);
  const requestKey = `${name}\u0000${inputJson}\u0000${nonce}`;
  const [result, setResult] = useState<{
    key: string;
    data: OutputOf<N> | undefined;
    error: StackdeckError | undefined;
  }>();

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    client.invoke(name, JSON.parse(inputJson) as InputOf<N>, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ key: requestKey, data, error: undefined });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setResult((prev) => ({ key: requestKey, data: prev?.data, error: asError(error) }));
      },
    );
    return () => controller.abort();
  }, [name, inputJson, enabled, requestKey]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return {
    data: result?.data,
    error: result?.key === requestKey ? result.error : undefined,
    loading: enabled && result?.key !== requestKey,
    reload,
  };
}

export type StreamStatus = 'idle' | 'running' | 'ended' | 'failed';

export interface StreamState<E> {
  /** The most recent events, oldest first, at most `keep` of them. */
  events: E[];
  last: E | undefined;
  status: StreamStatus;
  error: StackdeckError | undefined;
  /** Stops the stream (and its work in core). */
  cancel(): void;
  restart(): void;
}

interface StreamSnapshot<E> {
  key: string;
  events: E[];
  status: StreamStatus;
  error: StackdeckError | undefined;
}

export function useStream<N extends StreamName>(
  name: N,
  input: InputOf<N>,
  options: { enabled?: boolean; keep?: number; onEvent?: (event: EventOf<N>) => void } = {},
): StreamState<EventOf<N>> {
  const enabled = options.enabled ?? true;
  const keep = Math.max(1, options.keep ?? 1000);
  const inputJson = JSON.stringify(input) ?? 'null';
  const [nonce, setNonce] = useState(0);
  const streamKey = `${name}\u0000${inputJson}\u0000${nonce}`;
  const onEventRef = useRef(options.onEvent);
  const cancelRef = useRef<() => void>(() => undefined);
  const [snapshot, setSnapshot] = useState<StreamSnapshot<EventOf<N>>>();

  useEffect(() => {
    onEventRef.current = options.onEvent;
  });

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const update = (fn: (s: StreamSnapshot<EventOf<N>>) => StreamSnapshot<EventOf<N>>): void =>
      setSnapshot((prev) =>
        fn(prev?.key === streamKey ? prev : { key: streamKey, events: [], status: 'running', error: undefined }),
      );
    const cancel = client.subscribe(name, JSON.parse(inputJson) as InputOf<N>, {
      onEvent(event) {
        if (!live) return;
        onEventRef.current?.(event);
        update((s) => ({
          ...s,
          events:
            s.events.length >= keep ? [...s.events.slice(s.events.length - keep + 1), event] : [...s.events, event],
        }));
      },
      onError(error) {
        if (live) update((s) => ({ ...s, status: 'failed', error }));
      },
      onEnd() {
        if (live) update((s) => ({ ...s, status: 'ended' }));
      },
    });
    cancelRef.current = () => {
      if (!live) return;
      live = false;
      cancel();
      update((s) => ({ ...s, status: 'ended' }));
    };
    return () => {
      live = false;
      cancel();
    };
  }, [name, inputJson, enabled, keep, streamKey]);

  const current: StreamSnapshot<EventOf<N>> =
    snapshot?.key === streamKey
      ? snapshot
      : { key: streamKey, events: [], status: enabled ? 'running' : 'idle', error: undefined };
  const cancel = useCallback(() => cancelRef.current(), []);
  const restart = useCallback(() => setNonce((n) => n + 1), []);
  return {
    events: current.events,
    last: current.events[current.events.length - 1],
    status: current.status,
    error: current.error,
    cancel,
    restart,
  };
}

/** `open`, `connecting`, `reconnecting`: for a banner when web mode loses its server. */
export function useTransportStatus(): TransportStatus {
  return useSyncExternalStore(onTransportStatus, transportStatus, transportStatus);
}
