/**
 * What the Electron preload exposes as `window.stackdeck`: invoke, subscribe and
 * cancel, for contract names only. Payloads are plain JSON; errors come back as
 * RpcErrorShape.
 */
export interface StackdeckBridge {
  /**
   * Calls a method. `callId` (unique per window while in flight) makes the call
   * cancellable with `cancel(callId)`; the reply is then `{ ok: false }` CANCELLED.
   */
  invoke(name: string, input: unknown, callId?: string): Promise<BridgeReply>;
  /** Returns a function that cancels the subscription (and stops the work in core). */
  subscribe(name: string, input: unknown, onMessage: (message: BridgeStreamMessage) => void): () => void;
  cancel(callId: string): void;
  /**
   * Desktop only: commands chosen in the native menu (File, Connection, View...),
   * by name (MENU_COMMANDS). Returns a function that stops listening.
   */
  onMenuCommand?(listener: (command: string) => void): () => void;
}

export type BridgeReply =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; detail?: unknown } };

export type BridgeStreamMessage =
  | { type: 'event'; event: unknown }
  | { type: 'error'; error: { code: string; message: string; detail?: unknown } }
  | { type: 'end' };

/**
 * The IPC channels between preload and main. The renderer's calls do not go
 * through main: main validates the frame that asks for a port and hands it one
 * end of a MessageChannel whose other end is in core's process; calls, streams
 * and cancel then travel on that port as the web-mode wire protocol.
 */
export const IPC = {
  /** renderer -> main: send() asks for a port to core (again after a restart). */
  portRequest: 'stackdeck:port-request',
  /** main -> renderer: the port (event.ports[0]). */
  port: 'stackdeck:port',
  /** main -> renderer: core died and is being restarted; what was in flight is lost, ask for a new port. */
  coreRestarted: 'stackdeck:core-restarted',
  /** main -> renderer: a native menu item was chosen (its MenuCommand name). */
  menuCommand: 'stackdeck:menu-command',
} as const;

/** Events the preload dispatches on `window` for the page. */
export const CORE_EVENTS = {
  /** Core restarted after a crash (calls in flight failed with UNREACHABLE). */
  restarted: 'stackdeck:core-restarted',
} as const;
