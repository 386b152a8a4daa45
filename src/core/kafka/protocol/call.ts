/**
 * Cancellation and deadlines for protocol calls. Every public operation in
 * protocol/ and browse/ takes CallOptions; none waits past its deadline or
 * after its signal aborts (kafkajs's own retries and timeouts are bounded by
 * racing them, and a late response is dropped when it arrives).
 */
import { StackdeckError, isStackdeckError } from '../../../shared/errors';

export interface CallOptions {
  /** Aborts the operation; its reason is rethrown when it is a StackdeckError (the router's are), else CANCELLED. */
  readonly signal?: AbortSignal;
  /** Epoch milliseconds by which the operation must finish; TIMEOUT after that. */
  readonly deadline?: number;
}

/** Default deadline for an interactive metadata-sized call when the caller gives none. */
export const DEFAULT_CALL_MS = 10_000;

export function deadlineOf(opts: CallOptions, fallbackMs = DEFAULT_CALL_MS): number {
  return opts.deadline ?? Date.now() + fallbackMs;
}

export function abortError(signal: AbortSignal, what: string): StackdeckError {
  const reason: unknown = signal.reason;
  if (isStackdeckError(reason)) return reason;
  return new StackdeckError('CANCELLED', `${what} was cancelled.`);
}

export function timeoutError(what: string): StackdeckError {
  return new StackdeckError(
    'TIMEOUT',
    `${what} did not finish before its deadline. The broker may be slow or unreachable; try again or narrow the request.`,
  );
}

export function throwIfDone(opts: CallOptions, what: string): void {
  if (opts.signal?.aborted) throw abortError(opts.signal, what);
  if (opts.deadline !== undefined && Date.now() >= opts.deadline) throw timeoutError(what);
}

/**
 * Settles with `work`, or rejects as soon as the signal aborts or the deadline
 * passes. The abandoned promise's rejection is swallowed so it cannot surface
 * as an unhandled rejection.
 */
export function bounded<T>(work: Promise<T>, opts: CallOptions, what: string): Promise<T> {
  const { signal, deadline } = opts;
  if (signal === undefined && deadline === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      work.catch(() => undefined);
      reject(abortError(signal as AbortSignal, what));
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (deadline !== undefined) {
      const ms = deadline - Date.now();
      if (ms <= 0) {
        cleanup();
        work.catch(() => undefined);
        reject(timeoutError(what));
        return;
      }
      timer = setTimeout(() => {
        cleanup();
        work.catch(() => undefined);
        reject(timeoutError(what));
      }, ms);
    }
    work.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
  });
}

/** Sleeps `ms`, waking early (and rejecting) on abort or deadline. */
export function pause(ms: number, opts: CallOptions, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const sleep = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return bounded(sleep, opts, what).finally(() => clearTimeout(timer));
}
