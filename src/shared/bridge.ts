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
}

export type BridgeReply =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; detail?: unknown } };

export type BridgeStreamMessage =
  | { type: 'event'; event: unknown }
  | { type: 'error'; error: { code: string; message: string; detail?: unknown } }
  | { type: 'end' };

/**
 * The IPC channels between preload and main. Generic channels (rather than one
 * per method) keep the preload free of contract knowledge beyond the names; main
 * validates the sender frame and the name on every message.
 */
export const IPC = {
  /** invoke(name, input, callId?) -> BridgeReply */
  invoke: 'stackdeck:invoke',
  /** send(subscriptionId, name, input); messages come back on `stream` */
  subscribe: 'stackdeck:subscribe',
  /** send(id): cancels an invoke (by callId) or a subscription */
  cancel: 'stackdeck:cancel',
  /** main -> renderer: (subscriptionId, BridgeStreamMessage) */
  stream: 'stackdeck:stream',
} as const;
