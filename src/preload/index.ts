import { contextBridge, ipcRenderer } from 'electron';
import { CORE_EVENTS, IPC } from '../shared/bridge';
import { isContractName } from '../shared/contract';
import { isMenuCommand } from '../shared/menu';
import { PortClient, type ClientPort } from './port-client';

/**
 * The bridge between the sandboxed renderer and core. Core runs in its own
 * process; main validates this frame and hands it a MessagePort straight to
 * core (src/main/ipc.ts). This exposes `window.stackdeck` with invoke /
 * subscribe / cancel for contract names only, and nothing of ipcRenderer or of
 * the port (Electron's context-isolation guidance: never hand the page a
 * generic send). Core checks the names and inputs again.
 *
 * When core restarts, in-flight work fails with UNREACHABLE, a new port is
 * requested, and the page hears `stackdeck:core-restarted` on `window` so it
 * can tell the user (no reload needed).
 */

/** A DOM MessagePort, as far as this file uses it (the preload is typed without the DOM library). */
interface PagePort extends ClientPort {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

const client = new PortClient(isContractName);

ipcRenderer.on(IPC.port, (event) => {
  const port = (event as unknown as { ports: readonly PagePort[] }).ports[0];
  if (port === undefined) return;
  port.addEventListener('message', (message) => client.receive(message.data));
  port.start();
  client.attach(port);
});

ipcRenderer.on(IPC.coreRestarted, () => {
  client.coreRestarted();
  ipcRenderer.send(IPC.portRequest);
  const target = globalThis as unknown as {
    dispatchEvent?(event: unknown): boolean;
    Event?: new (t: string) => unknown;
  };
  if (target.dispatchEvent !== undefined && target.Event !== undefined) {
    target.dispatchEvent(new target.Event(CORE_EVENTS.restarted));
  }
});

// Native menu commands, by name only: the page gets a string from MENU_COMMANDS, never the IPC event.
const menuListeners = new Set<(command: string) => void>();
ipcRenderer.on(IPC.menuCommand, (_event, command: unknown) => {
  if (!isMenuCommand(command)) return;
  for (const listener of menuListeners) listener(command);
});

ipcRenderer.send(IPC.portRequest);

contextBridge.exposeInMainWorld('stackdeck', {
  invoke: (name: string, input: unknown, callId?: string) => client.invoke(name, input, callId),
  subscribe: (name: string, input: unknown, onMessage: Parameters<PortClient['subscribe']>[2]) =>
    client.subscribe(name, input, onMessage),
  cancel: (callId: string) => client.cancel(callId),
  onMenuCommand: (listener: (command: string) => void) => {
    if (typeof listener !== 'function') return () => undefined;
    menuListeners.add(listener);
    return () => void menuListeners.delete(listener);
  },
});
