import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Router } from '../core/router';
import { IPC, type BridgeReply, type BridgeStreamMessage } from '../shared/bridge';
import { StackdeckError, type RpcErrorShape } from '../shared/errors';

/**
 * Mounts the router on Electron IPC (ARCHITECTURE.md, "Transports"). Every
 * message is checked before the router sees it:
 *
 *  - the sender frame must be the top-level frame of a window showing the
 *    app's own page (`isAppUrl`); a child frame or a page that navigated
 *    elsewhere is refused, as vscode's `validatedIpcMain` does;
 *  - the name must be in the contract (the router checks again).
 *
 * Calls and streams are tracked per window so a reload, a crash or closing the
 * window cancels their work in core.
 */

export interface IpcOptions {
  /** True for the app's own page: the built index.html (file://) or the dev server. */
  isAppUrl(url: string): boolean;
  log?(line: string): void;
}

export interface IpcBinding {
  /** Cancels every call and stream of every window (quit). */
  abortAll(): void;
  /** Removes the handlers (tests; a second bind). */
  dispose(): void;
}

const MAX_ID = 140;

type SenderEvent = Pick<IpcMainEvent | IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Why the sender may not call core, or undefined when it may. */
export function senderProblem(event: SenderEvent, isAppUrl: (url: string) => boolean): string | undefined {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return 'the sending frame is gone (it navigated or was closed)';
  if (frame.parent !== null) return 'it came from a child frame';
  if (!isAppUrl(frame.url)) return `it came from a page that is not Stackdeck's own (${safeUrl(frame.url)})`;
  return undefined;
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return 'an invalid URL';
  }
}

const refused = (why: string): RpcErrorShape => ({ code: 'INVALID_INPUT', message: `Request refused: ${why}.` });

export function bindIpc(router: Router, options: IpcOptions): IpcBinding {
  const log = options.log ?? ((line: string) => console.warn(line));
  const bySender = new Map<number, Map<string, AbortController>>();
  let untracked = 0;

  function callsOf(sender: WebContents): Map<string, AbortController> {
    let calls = bySender.get(sender.id);
    if (calls !== undefined) return calls;
    const fresh = new Map<string, AbortController>();
    bySender.set(sender.id, fresh);
    const abort = (): void => {
      fresh.forEach((controller) => controller.abort());
      fresh.clear();
    };
    sender.once('destroyed', () => {
      abort();
      bySender.delete(sender.id);
    });
    sender.on('render-process-gone', abort);
    sender.on('did-start-navigation', (details) => {
      // A reload or navigation of the page: its callbacks are gone, so stop its work.
      if (details.isMainFrame && !details.isSameDocument) abort();
    });
    calls = fresh;
    return calls;
  }

  /** Registers an in-flight request; undefined when the id is unusable or taken. */
  function begin(
    sender: WebContents,
    id: unknown,
  ): { id: string; controller: AbortController; end(): void } | undefined {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return undefined;
    const calls = callsOf(sender);
    if (calls.has(id)) return undefined;
    const controller = new AbortController();
    calls.set(id, controller);
    return { id, controller, end: () => (calls.get(id) === controller ? calls.delete(id) : undefined) };
  }

  const check = (event: SenderEvent, channel: string): string | undefined => {
    const problem = senderProblem(event, options.isAppUrl);
    if (problem !== undefined) log(`IPC ${channel} refused: ${problem}`);
    return problem;
  };

  async function onInvoke(
    event: IpcMainInvokeEvent,
    name: unknown,
    input: unknown,
    callId: unknown,
  ): Promise<BridgeReply> {
    const problem = check(event, IPC.invoke);
    if (problem !== undefined) return { ok: false, error: refused(problem) };
    if (typeof name !== 'string' || !Object.hasOwn(router.contract, name)) {
      return {
        ok: false,
        error: new StackdeckError(
          'NOT_FOUND',
          `There is no method named "${String(name).slice(0, 200)}" in this version of Stackdeck.`,
        ).toShape(),
      };
    }
    // Calls without an id cannot be cancelled by the page, but are still tracked so closing the window stops them.
    const tracked = begin(event.sender, callId === undefined ? `i:${++untracked}` : callId);
    if (tracked === undefined) return { ok: false, error: refused('the call id is invalid or already in use') };
    try {
      const value = await router.call(name, input, { signal: tracked.controller.signal });
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: shapeOf(error) };
    } finally {
      tracked.end();
    }
  }

  function onSubscribe(event: IpcMainEvent, id: unknown, name: unknown, input: unknown): void {
    if (check(event, IPC.subscribe) !== undefined) return; // nothing is sent back to a frame we do not trust
    const sender = event.sender;
    const tracked = begin(sender, id);
    if (tracked === undefined) return log('IPC subscribe refused: invalid or duplicate subscription id');
    const post = (message: BridgeStreamMessage): void => {
      if (!sender.isDestroyed()) sender.send(IPC.stream, tracked.id, message);
    };
    if (typeof name !== 'string' || !Object.hasOwn(router.contract, name)) {
      tracked.end();
      return post({
        type: 'error',
        error: new StackdeckError(
          'NOT_FOUND',
          `There is no stream named "${String(name).slice(0, 200)}" in this version of Stackdeck.`,
        ).toShape(),
      });
    }
    router
      .subscribe(name, input, {
        signal: tracked.controller.signal,
        emit: (streamEvent) => {
          if (sender.isDestroyed()) throw new StackdeckError('CANCELLED', 'The window was closed.');
          sender.send(IPC.stream, tracked.id, { type: 'event', event: streamEvent } satisfies BridgeStreamMessage);
        },
      })
      .then(
        () => post({ type: 'end' }),
        (error: unknown) => post({ type: 'error', error: shapeOf(error) }),
      )
      .finally(() => tracked.end());
  }

  function onCancel(event: IpcMainEvent, id: unknown): void {
    if (check(event, IPC.cancel) !== undefined || typeof id !== 'string') return;
    bySender.get(event.sender.id)?.get(id)?.abort();
  }

  ipcMain.handle(IPC.invoke, onInvoke);
  ipcMain.on(IPC.subscribe, onSubscribe);
  ipcMain.on(IPC.cancel, onCancel);

  return {
    abortAll() {
      bySender.forEach((calls) => calls.forEach((controller) => controller.abort()));
    },
    dispose() {
      ipcMain.removeHandler(IPC.invoke);
      ipcMain.removeListener(IPC.subscribe, onSubscribe);
      ipcMain.removeListener(IPC.cancel, onCancel);
    },
  };
}

function shapeOf(error: unknown): RpcErrorShape {
  return error instanceof StackdeckError
    ? error.toShape()
    : { code: 'SERVER_ERROR', message: 'The request failed unexpectedly.' };
}
