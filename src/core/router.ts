import type { z } from 'zod';
import type { AnyDef, MethodDef, StreamDef } from '../shared/contract/define';
import { StackdeckError } from '../shared/errors';
import { invalidInputError, summarizeIssues } from '../shared/validation';
import { toStackdeckError } from './errors';
import type { CallContext, HandlersOf, StreamContext } from './handler';
import { linkSignal, raceAbort } from './rpc/abort';
import { assertGuardable, connectionIdOf } from './rpc/guard';
import { findNonJson } from './rpc/plain-json';
import { Scope } from './rpc/scope';

export { describeContract, type ContractDescription } from './rpc/describe';

/**
 * The single entry point from every transport into core (ARCHITECTURE.md, "Core").
 * For each request, in this order:
 *
 *   1. look the name up in the contract (unknown -> NOT_FOUND);
 *   2. read-only guard on the raw input's `connectionId` (see `guard` below);
 *   3. parse the input with its zod schema (INVALID_INPUT naming the fields);
 *   4. read-only guard again on the parsed input;
 *   5. run the handler with an AbortSignal that fires on caller cancel or at the
 *      method's deadline (CANCELLED / TIMEOUT);
 *   6. map whatever is thrown to the closed error codes, without secrets;
 *   7. in tests (`validateOutputs`), check results and events against their
 *      schemas and that they are plain JSON.
 *
 * Generic over the contract, so unit tests can drive it with a tiny one.
 */

export type ContractShape = Readonly<Record<string, AnyDef>>;

/** Tells the guard which connections are read-only. Unknown ids answer false (the handler then reports NOT_FOUND). */
export interface ReadOnlyLookup {
  isReadOnly(connectionId: string): boolean | Promise<boolean>;
}

/**
 * Binds a call to the lifetime of the connection its input names: the
 * connections area implements it over the client registry's connection scopes,
 * so a call or stream of a connection that is disconnected, edited or deleted
 * ends at once with a clear error (rpc/scope.ts).
 */
export interface ConnectionScopes {
  bind(connectionId: string, call: Scope, method: string): void;
}

export interface CallOptions {
  /** Cancels the call: the handler's signal aborts and the call rejects with CANCELLED. */
  readonly signal?: AbortSignal;
}

export interface SubscribeOptions<E = unknown> extends CallOptions {
  /** Receives each event. Must not block; events after cancellation or the end are dropped. */
  emit(event: E): void;
}

type MethodNameOf<C extends ContractShape> = { [K in keyof C & string]: C[K] extends MethodDef ? K : never }[keyof C &
  string];
type StreamNameOf<C extends ContractShape> = { [K in keyof C & string]: C[K] extends StreamDef ? K : never }[keyof C &
  string];
type OutputOfDef<D> = D extends MethodDef<z.ZodType, infer O> ? z.output<O> : never;
type EventOfDef<D> = D extends StreamDef<z.ZodType, infer E> ? z.output<E> : never;

export interface Router<C extends ContractShape = ContractShape> {
  readonly contract: C;
  /** Request/response. Rejects with a StackdeckError, always. */
  call<N extends MethodNameOf<C>>(
    name: N,
    input: z.input<C[N]['input']>,
    options?: CallOptions,
  ): Promise<OutputOfDef<C[N]>>;
  call(name: string, rawInput: unknown, options?: CallOptions): Promise<unknown>;
  /** Resolves when the stream ends normally; rejects with a StackdeckError (CANCELLED after the signal aborts). */
  subscribe<N extends StreamNameOf<C>>(
    name: N,
    input: z.input<C[N]['input']>,
    options: SubscribeOptions<EventOfDef<C[N]>>,
  ): Promise<void>;
  subscribe(name: string, rawInput: unknown, options: SubscribeOptions): Promise<void>;
  /** Contract names with no handler wired yet (areas still being built); calling them answers NOT_FOUND. */
  readonly unimplemented: readonly string[];
}

export interface RouterOptions<C extends ContractShape> {
  contract: C;
  /** Partial while areas are being built; see `Router.unimplemented`. */
  handlers: Partial<HandlersOf<C>>;
  readOnly: ReadOnlyLookup;
  /** Ends calls whose connection goes away (optional so unit tests can drive a bare router). */
  connectionScopes?: ConnectionScopes;
  /** Check every result and event against its schema and for plain JSON (tests turn this on). */
  validateOutputs?: boolean;
  /**
   * Told about every failure that ended as SERVER_ERROR (a bug or an unmapped
   * driver error), for logs. `error` is already scrubbed.
   */
  onUnexpectedError?(name: string, error: StackdeckError): void;
}

type AnyHandler = (input: unknown, ctx: CallContext | StreamContext<unknown>) => Promise<unknown>;

export function createRouter<C extends ContractShape>(options: RouterOptions<C>): Router<C> {
  const { contract, readOnly, validateOutputs = false, connectionScopes } = options;
  const handlers = options.handlers as Readonly<Record<string, AnyHandler | undefined>>;

  for (const [name, def] of Object.entries(contract)) assertGuardable(name, def);
  for (const name of Object.keys(handlers)) {
    if (!Object.hasOwn(contract, name))
      throw new Error(`A handler is registered for "${name}", which is not in the contract.`);
  }
  const unimplemented = Object.keys(contract).filter((name) => typeof handlers[name] !== 'function');

  function lookup<K extends AnyDef['kind']>(name: string, kind: K): Extract<AnyDef, { kind: K }> {
    const def: AnyDef | undefined = Object.hasOwn(contract, name) ? contract[name] : undefined;
    if (def === undefined) {
      throw new StackdeckError(
        'NOT_FOUND',
        `There is no ${kind} named "${String(name).slice(0, 200)}" in this version of Stackdeck.`,
      );
    }
    if (def.kind !== kind) {
      const how = def.kind === 'stream' ? 'subscribe to it' : 'call it';
      throw new StackdeckError('INVALID_INPUT', `"${name}" is a ${def.kind}, not a ${kind}; ${how} instead.`);
    }
    return def as Extract<AnyDef, { kind: K }>;
  }

  /**
   * The read-only guard. It runs before the schema parse on the raw input too,
   * so that a write on a read-only connection is refused whatever else the
   * request contains: the answer does not depend on the rest of the input being
   * valid. It runs again on the parsed input in case a schema derives or
   * normalizes the id. Tested per kind, against the real servers, in
   * tests/integration/hardening/<kind>-read-only.test.ts.
   */
  async function guard(name: string, def: AnyDef, input: unknown): Promise<void> {
    if (!def.writes) return;
    const connectionId = connectionIdOf(input);
    if (connectionId === undefined) return;
    if (await readOnly.isReadOnly(connectionId)) {
      throw new StackdeckError(
        'READ_ONLY',
        `This is a read-only connection; "${name}" would change data, so it was refused and nothing was changed. ` +
          'To allow changes, turn off "Read-only" in the connection settings.',
        { connectionId, method: name },
      );
    }
  }

  async function prepare(
    name: string,
    def: AnyDef,
    rawInput: unknown,
  ): Promise<{ input: unknown; handler: AnyHandler }> {
    await guard(name, def, rawInput);
    const parsed = await def.input.safeParseAsync(rawInput);
    if (!parsed.success) throw invalidInputError(name, parsed.error.issues);
    await guard(name, def, parsed.data);
    const handler = handlers[name];
    if (typeof handler !== 'function') {
      throw new StackdeckError('NOT_FOUND', `"${name}" is not available in this build of Stackdeck yet.`);
    }
    return { input: parsed.data, handler };
  }

  function checkResult(name: string, schema: z.ZodType, value: unknown, what: string): void {
    const checked = schema.safeParse(value);
    if (!checked.success) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `"${name}" produced an invalid ${what}: ${summarizeIssues(checked.error.issues).text}.`,
      );
    }
    const bad = findNonJson(value);
    if (bad !== undefined)
      throw new StackdeckError('SERVER_ERROR', `"${name}" produced a ${what} that is not plain JSON at ${bad}.`);
  }

  /** After an abort, the abort's reason (our TIMEOUT/CANCELLED) wins over whatever the handler threw while stopping. */
  function fail(name: string, error: unknown, signal: AbortSignal): StackdeckError {
    const mapped = toStackdeckError(signal.aborted ? signal.reason : error, { operation: name });
    if (mapped.code === 'SERVER_ERROR') options.onUnexpectedError?.(name, mapped);
    return mapped;
  }

  function bindConnection(name: string, input: unknown, scope: Scope): void {
    const connectionId = connectionIdOf(input);
    if (connectionId !== undefined) connectionScopes?.bind(connectionId, scope, name);
  }

  const settled = (name: string): StackdeckError =>
    new StackdeckError('CANCELLED', `"${name}" has finished; its remaining work was stopped.`);

  const cancelled = (name: string) => (): StackdeckError =>
    new StackdeckError('CANCELLED', `"${name}" was cancelled; it was stopped before it finished.`);

  async function call(name: string, rawInput: unknown, callOptions: CallOptions = {}): Promise<unknown> {
    const controller = new AbortController();
    const scope = new Scope(controller);
    let unlink = (): void => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const def = lookup(name, 'method');
      unlink = linkSignal(callOptions.signal, controller, cancelled(name));
      timer = setTimeout(() => {
        controller.abort(
          new StackdeckError(
            'TIMEOUT',
            `"${name}" did not finish within ${formatSeconds(def.timeoutMs)} and was stopped. The server may be slow or unreachable; try again.`,
            {
              timeoutMs: def.timeoutMs,
            },
          ),
        );
      }, def.timeoutMs);
      const ctx: CallContext = { signal: controller.signal, deadline: Date.now() + def.timeoutMs, scope };
      const work = (async () => {
        const { input, handler } = await prepare(name, def, rawInput);
        bindConnection(name, input, scope);
        // Cancelled while the guard or an async refinement ran: do not start the work at all.
        if (ctx.signal.aborted) throw ctx.signal.reason;
        return handler(input, ctx);
      })();
      const value = await raceAbort(work, controller.signal);
      if (validateOutputs) checkResult(name, def.output, value, 'result');
      return value;
    } catch (error) {
      throw fail(name, error, controller.signal);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      unlink();
      void scope.dispose(settled(name));
    }
  }

  async function subscribe(name: string, rawInput: unknown, subscribeOptions: SubscribeOptions): Promise<void> {
    const controller = new AbortController();
    const scope = new Scope(controller);
    let unlink = (): void => undefined;
    let open = true;
    try {
      const def = lookup(name, 'stream');
      unlink = linkSignal(subscribeOptions.signal, controller, cancelled(name));
      const ctx: StreamContext<unknown> = {
        signal: controller.signal,
        deadline: Number.POSITIVE_INFINITY,
        scope,
        emit(event) {
          if (!open || controller.signal.aborted) return;
          try {
            if (validateOutputs) checkResult(name, def.event, event, 'event');
            subscribeOptions.emit(event);
          } catch (error) {
            // A bad event or a broken transport ends the stream, and the handler sees the abort.
            controller.abort(toStackdeckError(error, { operation: name }));
          }
        },
      };
      const work = (async () => {
        const { input, handler } = await prepare(name, def, rawInput);
        bindConnection(name, input, scope);
        if (ctx.signal.aborted) throw ctx.signal.reason;
        await handler(input, ctx);
      })();
      await raceAbort(work, controller.signal);
    } catch (error) {
      throw fail(name, error, controller.signal);
    } finally {
      open = false;
      unlink();
      // The call scope ends with the handler: a reader still running after another one failed stops now.
      void scope.dispose(settled(name));
    }
  }

  return { contract, call: call as Router<C>['call'], subscribe: subscribe as Router<C>['subscribe'], unimplemented };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
