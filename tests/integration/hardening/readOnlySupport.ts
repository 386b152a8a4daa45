/**
 * Shared by the per-kind read-only guard tests (kafka-read-only is the model):
 * how a method of the contract is called with a case's input, and the check
 * that every method of a kind is classified by the same flag the guard reads.
 */
import { contract } from '../../../src/shared/contract';
import { StackdeckError } from '../../../src/shared/errors';
import type { TestCore } from '../../support/core';

export type Input = Record<string, unknown>;
export interface Case {
  /** Valid input, without the connectionId (async where it needs a call of its own first, e.g. a scan id). */
  input: () => Input | Promise<Input>;
  /** A stream: stopped by the test after a while if it has not ended by itself. */
  stream?: boolean;
  /** Needs a server module the test may not have (skipped, loudly, without it). */
  needsJson?: boolean;
  /** Why this write, allowed, shows no change the oracle can read (the refusal when read-only is still tested). */
  noEffect?: string;
}

/** Calls `name` through the router as the UI does; null when it succeeded (or a stream ran until stopped). */
export async function attemptCall(
  t: TestCore,
  name: string,
  c: Case,
  connectionId: string,
  streamMs = 1_500,
): Promise<StackdeckError | null> {
  const ctrl = new AbortController();
  try {
    const input = { connectionId, ...(await c.input()) };
    if (c.stream) {
      const timer = setTimeout(() => ctrl.abort(), streamMs);
      try {
        await t.router.subscribe(name, input, { signal: ctrl.signal, emit: () => undefined });
      } finally {
        clearTimeout(timer);
      }
    } else {
      await t.router.call(name, input);
    }
    return null;
  } catch (e) {
    const err = e as StackdeckError;
    // A long-running stream stopped by the test's own cancel is a normal end here.
    return c.stream && err.code === 'CANCELLED' && ctrl.signal.aborted ? null : err;
  }
}

/** Methods of `prefix` not classified, and methods whose `writes` flag disagrees with the classification. */
export function classification(
  prefix: string,
  writers: Record<string, unknown>,
  readers: Record<string, unknown>,
): { missing: string[]; misflagged: string[] } {
  const names = Object.keys(contract).filter((n) => n.startsWith(prefix));
  const defs = contract as Record<string, { writes?: boolean }>;
  return {
    missing: names.filter((n) => !(n in writers) && !(n in readers)),
    misflagged: names.filter((n) => (defs[n]?.writes === true) !== n in writers),
  };
}
