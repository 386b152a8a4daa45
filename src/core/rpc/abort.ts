/**
 * Signal plumbing for the router. Every call gets its own AbortController whose
 * reason is a StackdeckError (CANCELLED or TIMEOUT), so a handler that simply
 * rethrows `signal.reason` already produces the right code.
 */

/** Aborts `target` with `reason()` when `source` aborts; returns the unlink function. */
export function linkSignal(
  source: AbortSignal | undefined,
  target: AbortController,
  reason: () => unknown,
): () => void {
  if (source === undefined) return () => undefined;
  if (source.aborted) {
    target.abort(reason());
    return () => undefined;
  }
  const onAbort = (): void => target.abort(reason());
  source.addEventListener('abort', onAbort, { once: true });
  return () => source.removeEventListener('abort', onAbort);
}

/**
 * Settles with `work`, or rejects with `signal.reason` as soon as the signal
 * aborts, whichever comes first. The router must answer the caller at the
 * deadline even when a handler ignores its signal (a driver stuck in a retry
 * loop): "never a hang". The abandoned promise's rejection is swallowed here so
 * it cannot become an unhandled rejection.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
