/**
 * Scopes: every resource has an owner that ends it (ARCHITECTURE.md, "Areas and
 * scopes"; modelled on VS Code's DisposableStore + CancellationTokenSource).
 *
 * A `Scope` is an AbortSignal plus a LIFO list of disposers. Disposing it aborts
 * the signal with the given reason and then runs every disposer once (errors in
 * one never stop the others). Aborting the signal from outside disposes it too.
 * Adding to a scope that is already disposed runs the disposer at once, so a
 * resource opened after its owner went away is closed instead of leaked.
 *
 * Two scopes exist for every piece of work:
 *
 *  - the CALL scope, `ctx.scope` (router.ts): disposed when the handler settles,
 *    the caller cancels, the deadline passes or the transport goes away. Its
 *    signal is `ctx.signal`. Put per-call timers, cursors, readers here:
 *      `ctx.scope.add(() => cursor.close())`.
 *
 *  - the CONNECTION scope (connections/registry.ts, `registry.scopeOf(id)`, and
 *    `handle.scope` on every `registry.kafka/mongo/...(id)` handle): disposed
 *    when the connection is disconnected, edited, deleted, lost or core quits.
 *    Put per-connection clients, samplers and caches here:
 *      `handle.scope.add(() => sampler.stop())`.
 *
 * The router binds every call whose input names a `connectionId` to that
 * connection's scope (`RouterOptions.connectionScopes`), so a stream or call of
 * a connection that goes away ends promptly with a clear error, without any
 * area code. Areas that need it explicitly can call `bindScope(outer, inner)`.
 */

export type Disposer = () => void | Promise<void>;

export class Scope {
  private readonly controller: AbortController;
  private readonly disposers: Disposer[] = [];
  private disposing: Promise<void> | undefined;

  constructor(controller: AbortController = new AbortController()) {
    this.controller = controller;
    const { signal } = controller;
    if (signal.aborted) void this.dispose(signal.reason);
    else signal.addEventListener('abort', () => void this.dispose(signal.reason), { once: true });
  }

  /** Aborts when the scope is disposed, with the dispose reason. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get disposed(): boolean {
    return this.disposing !== undefined;
  }

  /** Registers a disposer; returns a function that unregisters it (without running it). */
  add(disposer: Disposer): () => void {
    if (this.disposing) {
      void runQuietly(disposer);
      return () => undefined;
    }
    this.disposers.push(disposer);
    return () => {
      const i = this.disposers.lastIndexOf(disposer);
      if (i >= 0) this.disposers.splice(i, 1);
    };
  }

  /** A scope that ends with this one (or earlier, on its own). */
  child(): Scope {
    const inner = new Scope();
    bindScope(this, inner);
    return inner;
  }

  /** Idempotent: aborts the signal with `reason`, then runs the disposers newest first. Never rejects. */
  dispose(reason?: unknown): Promise<void> {
    this.disposing ??= (async () => {
      if (!this.controller.signal.aborted) this.controller.abort(reason);
      while (this.disposers.length > 0) await runQuietly(this.disposers.pop() as Disposer);
    })();
    return this.disposing;
  }
}

/**
 * Ends `inner` when `outer` ends (with `reason(outerReason)`, default: the outer
 * reason); when `inner` ends first it unregisters from `outer`, so a long-lived
 * outer scope does not collect the disposers of finished calls.
 */
export function bindScope(outer: Scope, inner: Scope, reason: (outerReason: unknown) => unknown = (r) => r): void {
  // On the outer signal, not as a disposer: bound work must see the outer reason before any
  // of the outer scope's own disposers run (a sampler stopping would otherwise end it first).
  const end = (): void => void inner.dispose(reason(outer.signal.reason));
  if (outer.signal.aborted) return end();
  outer.signal.addEventListener('abort', end, { once: true });
  inner.add(() => outer.signal.removeEventListener('abort', end));
}

async function runQuietly(disposer: Disposer): Promise<void> {
  try {
    await disposer();
  } catch {
    // One failing disposer must not keep the others' sockets open.
  }
}
