/**
 * What the Electron preload exposes as `window.stackdeck`: two functions, for
 * contract names only. Payloads are plain JSON; errors come back as RpcErrorShape.
 */
export interface StackdeckBridge {
  invoke(name: string, input: unknown): Promise<BridgeReply>;
  subscribe(name: string, input: unknown, onMessage: (message: BridgeStreamMessage) => void): () => void;
}

export type BridgeReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; detail?: unknown } };

export type BridgeStreamMessage =
  | { type: 'event'; event: unknown }
  | { type: 'error'; error: { code: string; message: string; detail?: unknown } }
  | { type: 'end' };
