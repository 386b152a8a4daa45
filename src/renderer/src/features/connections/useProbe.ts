import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ProfileDraftInput } from '../../../../shared/contract/connections';
import { client } from '../../api/client';
import { toShownError, type ShownError } from '../../ui/errors';
import { idleProbe, probeReducer, probeWatchdogMs, type ProbeView } from './probe';

export interface ProbeRequest {
  /** When editing a saved profile: its stored secrets fill the draft's `keep` fields. */
  connectionId?: string;
  draft?: ProfileDraftInput;
}

const STAGE_TIMEOUT_MS = 5000;

/** Runs `connections.probe.run` and reduces its events; cancel stops the probe in core. */
export function useProbe(options: { onError?: (error: ShownError) => void } = {}): {
  view: ProbeView;
  run: (request: ProbeRequest) => void;
  cancel: () => void;
  reset: () => void;
} {
  const [view, dispatch] = useReducer(probeReducer, idleProbe);
  const cancelRef = useRef<(() => void) | null>(null);
  const watchdog = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onErrorRef = useRef(options.onError);
  useEffect(() => {
    onErrorRef.current = options.onError;
  });

  const stop = useCallback(() => {
    if (watchdog.current) clearTimeout(watchdog.current);
    watchdog.current = null;
    const cancel = cancelRef.current;
    cancelRef.current = null;
    cancel?.();
  }, []);

  const cancel = useCallback(() => {
    stop();
    dispatch({ type: 'cancel' });
  }, [stop]);

  const run = useCallback(
    (request: ProbeRequest) => {
      stop();
      dispatch({ type: 'start', at: Date.now() });
      let finished = false;
      const finish = (): void => {
        finished = true;
        if (watchdog.current) clearTimeout(watchdog.current);
        watchdog.current = null;
        cancelRef.current = null;
      };
      try {
        cancelRef.current = client.subscribe(
          'connections.probe.run',
          { ...request, stageTimeoutMs: STAGE_TIMEOUT_MS },
          {
            onEvent: (event) => {
              dispatch({ type: 'event', event });
              if (event.type === 'done') finish();
            },
            onError: (error) => {
              finish();
              const shown = toShownError(error);
              dispatch({ type: 'error', error: shown });
              onErrorRef.current?.(shown);
            },
            onEnd: () => finish(),
          },
        );
      } catch (error) {
        finish();
        dispatch({ type: 'error', error: toShownError(error) });
        return;
      }
      if (finished) return;
      // Never hang: if the server goes quiet, stop waiting and say so.
      watchdog.current = setTimeout(() => {
        stop();
        dispatch({
          type: 'error',
          error: { code: 'TIMEOUT', message: 'The connection test did not finish in time and was stopped.' },
        });
      }, probeWatchdogMs(STAGE_TIMEOUT_MS));
    },
    [stop],
  );

  const reset = useCallback(() => {
    stop();
    dispatch({ type: 'reset' });
  }, [stop]);

  useEffect(() => stop, [stop]);
  return { view, run, cancel, reset };
}
