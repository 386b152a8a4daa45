import { useCallback, useState } from 'react';
import { StackdeckError } from '../../../../shared/errors';

/** One wizard step's call: its result, its error, and whether it runs. */
export function useStep<A extends unknown[], T>(run: (...args: A) => Promise<T>) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<StackdeckError>();
  const [busy, setBusy] = useState(false);
  const go = useCallback(
    async (...args: A): Promise<T | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        const out = await run(...args);
        setData(out);
        return out;
      } catch (e) {
        setError(e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', String(e)));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [run],
  );
  return { data, error, busy, go, reset: () => setData(undefined) };
}
