import { useCallback, useEffect, useRef, useState } from 'react';
import type { StackdeckError } from '../../../shared/errors';
import { client } from '../api/client';

/**
 * Desktop only: `host.exports.save` for a finished export (a native save
 * dialog in main, then a copy). One save at a time; unmounting aborts a
 * pending call so main writes nothing if the user picks a path afterwards.
 */
export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; path: string }
  | { status: 'cancelled' }
  | { status: 'failed'; error: StackdeckError };

export function useSaveExport(exportId: string): { state: SaveState; save(): void } {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  const pending = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      pending.current?.abort();
      pending.current = null;
    },
    [],
  );

  const save = useCallback(() => {
    if (pending.current !== null) return;
    const controller = new AbortController();
    pending.current = controller;
    setState({ status: 'saving' });
    client
      .invoke('host.exports.save', { exportId }, { signal: controller.signal })
      .then(
        (result) => {
          if (controller.signal.aborted) return;
          setState(
            result.saved && result.path !== null ? { status: 'saved', path: result.path } : { status: 'cancelled' },
          );
        },
        (error: StackdeckError) => {
          if (!controller.signal.aborted) setState({ status: 'failed', error });
        },
      )
      .finally(() => {
        if (pending.current === controller) pending.current = null;
      });
  }, [exportId]);

  return { state, save };
}
