import type { z } from 'zod';

/**
 * Contract entries are plain data: the router, both transports, the JSON Schema
 * served at GET /api/contract and the read-only guard are all derived from them.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'method';
  readonly input: I;
  readonly output: O;
  /** True when the method changes anything on a server; refused on read-only connections. */
  readonly writes: boolean;
  /** Deadline for the whole call, enforced in core. */
  readonly timeoutMs: number;
  readonly summary: string;
  /** Why a writing method needs no `connectionId` (see `readOnlyExempt` below). */
  readonly readOnlyExempt?: string;
}

export interface StreamDef<I extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  readonly input: I;
  readonly event: E;
  readonly writes: boolean;
  readonly summary: string;
  readonly readOnlyExempt?: string;
}

export type AnyDef = MethodDef | StreamDef;

/** Interactive default: metadata-sized calls should answer well within this. */
export const DEFAULT_METHOD_TIMEOUT_MS = 10_000;

/**
 * The read-only guard (core/router.ts) keys on the input's `connectionId`, so a
 * method with `writes: true` must have a required `connectionId` in its input;
 * the router refuses to start otherwise. A writing method that targets no
 * connection at all must say why instead, in `readOnlyExempt` (it then shows in
 * GET /api/contract and in review).
 */
interface GuardOptions {
  writes?: boolean;
  readOnlyExempt?: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  def: { input: I; output: O; summary: string; timeoutMs?: number } & GuardOptions,
): MethodDef<I, O> {
  return {
    kind: 'method',
    input: def.input,
    output: def.output,
    summary: def.summary,
    writes: def.writes ?? false,
    timeoutMs: def.timeoutMs ?? DEFAULT_METHOD_TIMEOUT_MS,
    ...(def.readOnlyExempt === undefined ? {} : { readOnlyExempt: def.readOnlyExempt }),
  };
}

export function stream<I extends z.ZodType, E extends z.ZodType>(
  def: { input: I; event: E; summary: string } & GuardOptions,
): StreamDef<I, E> {
  return {
    kind: 'stream',
    input: def.input,
    event: def.event,
    summary: def.summary,
    writes: def.writes ?? false,
    ...(def.readOnlyExempt === undefined ? {} : { readOnlyExempt: def.readOnlyExempt }),
  };
}
