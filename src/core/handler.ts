import type { z } from 'zod';
import type {
  AnyDef,
  EventOf,
  MethodDef,
  MethodName,
  OutputOf,
  ParsedInputOf,
  StreamDef,
  StreamName,
} from '../shared/contract';
import type { Scope } from './rpc/scope';

/** What every service call receives from the router. */
export interface CallContext {
  /** Aborted when the caller cancels, the deadline passes, or the transport goes away. */
  readonly signal: AbortSignal;
  /**
   * Epoch milliseconds by which the call must finish (methods). Infinity for
   * streams, which run until ended or cancelled: clamp before handing
   * `deadline - Date.now()` to setTimeout or a driver option.
   */
  readonly deadline: number;
  /**
   * The call's scope (see rpc/scope.ts): its signal is `signal`; the router
   * disposes it when the handler settles, whatever the transport, and when the
   * call's connection is disconnected, edited or deleted. Register per-call
   * resources here: `ctx.scope.add(() => cursor.close())`.
   */
  readonly scope: Scope;
}

export interface StreamContext<E> extends CallContext {
  /** Sends one event to the subscriber. Throws nothing; dropped after cancellation. */
  emit(event: E): void;
}

export type MethodHandler<N extends MethodName> = (input: ParsedInputOf<N>, ctx: CallContext) => Promise<OutputOf<N>>;

/** Resolves when the stream is complete; rejects to end it with an error. Must stop work when ctx.signal aborts. */
export type StreamHandler<N extends StreamName> = (
  input: ParsedInputOf<N>,
  ctx: StreamContext<EventOf<N>>,
) => Promise<void>;

export type MethodHandlers<N extends MethodName = MethodName> = { [K in N]: MethodHandler<K> };
export type StreamHandlers<N extends StreamName = StreamName> = { [K in N]: StreamHandler<K> };

/** The full implementation of the contract; each area contributes its slice. */
export type Handlers = MethodHandlers & StreamHandlers;

/**
 * The handler map for any contract-shaped object: the real `Contract` in the app,
 * a tiny test contract in unit tests. For the real contract this is `Handlers`.
 */
export type HandlersOf<C extends Record<string, AnyDef>> = {
  [K in keyof C]: C[K] extends MethodDef<infer I, infer O>
    ? (input: z.output<I>, ctx: CallContext) => Promise<z.output<O>>
    : C[K] extends StreamDef<infer I, infer E>
      ? (input: z.output<I>, ctx: StreamContext<z.output<E>>) => Promise<void>
      : never;
};
