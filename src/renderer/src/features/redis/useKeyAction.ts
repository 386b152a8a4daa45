import { useCallback, useState } from 'react';
import { StackdeckError } from '../../../../shared/errors';

/** Runs one user action at a time (save, delete, ...) and keeps its error to show. */
export function useKeyAction(): {
  busy: boolean;
  error: StackdeckError | null;
  clear(): void;
  run<T>(fn: () => Promise<T>): Promise<T | undefined>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StackdeckError | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', String(e)));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, clear: () => setError(null), run };
}
