import { MessageChannelMain, ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { CoreSupervisor } from '../core/process/supervisor';
import { IPC } from '../shared/bridge';

/**
 * Hands each window a port to core (ARCHITECTURE.md, "Transports"). Core runs
 * in its own process; main never sees the calls. What main does is the
 * gatekeeping, on every port request:
 *
 *  - the sender frame must be the top-level frame of a window showing the
 *    app's own page (`isAppUrl`); a child frame or a page that navigated
 *    elsewhere gets nothing, as vscode's `validatedIpcMain` does;
 *  - the port goes to that frame only (`senderFrame.postMessage`).
 *
 * A window's port is withdrawn (its work in core cancelled) when it reloads,
 * navigates, crashes or closes; after a core restart each window is told, and
 * asks again.
 */

export interface IpcOptions {
  /** True for the app's own page: the built index.html (file://) or the dev server. */
  isAppUrl(url: string): boolean;
  log?(line: string): void;
}

export interface IpcBinding {
  /** Withdraws every window's port (quit). */
  abortAll(): void;
  /** Removes the handlers (tests; a second bind). */
  dispose(): void;
}

type SenderEvent = Pick<IpcMainEvent, 'sender' | 'senderFrame'>;

/** Why the sender may not have a port to core, or undefined when it may. */
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

export function bindIpc(
  core: Pick<CoreSupervisor, 'connect' | 'disconnect' | 'onRestart'>,
  options: IpcOptions,
): IpcBinding {
  const log = options.log ?? ((line: string) => console.warn(line));
  /** The current port's client id per window. */
  const clients = new Map<number, { clientId: string; contents: WebContents }>();
  const watched = new WeakSet<WebContents>();
  let seq = 0;

  function withdraw(contents: WebContents): void {
    const current = clients.get(contents.id);
    if (current === undefined) return;
    clients.delete(contents.id);
    core.disconnect(current.clientId);
  }

  function watch(contents: WebContents): void {
    if (watched.has(contents)) return;
    watched.add(contents);
    contents.once('destroyed', () => withdraw(contents));
    contents.on('render-process-gone', () => withdraw(contents));
    contents.on('did-start-navigation', (details) => {
      // A reload or navigation of the page: its callbacks are gone, so stop its work.
      if (details.isMainFrame && !details.isSameDocument) withdraw(contents);
    });
  }

  function onPortRequest(event: IpcMainEvent): void {
    const problem = senderProblem(event, options.isAppUrl);
    if (problem !== undefined) return log(`port request refused: ${problem}`);
    const frame = event.senderFrame;
    if (frame === null) return;
    const contents = event.sender;
    watch(contents);
    withdraw(contents);
    const clientId = `w${contents.id}.${++seq}`;
    const { port1, port2 } = new MessageChannelMain();
    clients.set(contents.id, { clientId, contents });
    core.connect(clientId, [port1]);
    frame.postMessage(IPC.port, null, [port2]);
  }

  const stopRestart = core.onRestart(() => {
    // The ports died with the process; each window drops its in-flight work and asks again.
    for (const { contents } of [...clients.values()]) {
      clients.delete(contents.id);
      if (!contents.isDestroyed()) contents.send(IPC.coreRestarted);
    }
  });

  ipcMain.on(IPC.portRequest, onPortRequest);

  return {
    abortAll() {
      for (const { contents } of [...clients.values()]) withdraw(contents);
    },
    dispose() {
      stopRestart();
      ipcMain.removeListener(IPC.portRequest, onPortRequest);
    },
  };
}
