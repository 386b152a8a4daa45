import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type BridgeReply, type BridgeStreamMessage, type StackdeckBridge } from '../shared/bridge';
import { isContractName } from '../shared/contract';

/**
 * The bridge between the sandboxed renderer and the main process. It exposes
 * `window.stackdeck` with invoke / subscribe / cancel for contract names only,
 * and nothing else of ipcRenderer (Electron's context-isolation guidance: never
 * hand the page a generic send). Main checks the sender and the name again.
 */

const MAX_ID = 128;
const streams = new Map<string, (message: BridgeStreamMessage) => void>();
let seq = 0;

const unknownName = (name: unknown): { code: string; message: string } => ({
  code: 'NOT_FOUND',
  message: `There is no method or stream named "${String(name).slice(0, 200)}" in this version of Stackdeck.`,
});

/** The page's call ids live in the `c:` namespace (streams in `s:`), so the page can only cancel its calls. */
function callKey(callId: unknown): string | undefined {
  return typeof callId === 'string' && callId.length > 0 && callId.length <= MAX_ID ? `c:${callId}` : undefined;
}

ipcRenderer.on(IPC.stream, (_event, id: unknown, message: unknown) => {
  if (typeof id !== 'string' || typeof message !== 'object' || message === null) return;
  const listener = streams.get(id);
  if (listener === undefined) return;
  const typed = message as BridgeStreamMessage;
  if (typed.type !== 'event') streams.delete(id);
  listener(typed);
});

const bridge: StackdeckBridge = {
  invoke(name: string, input: unknown, callId?: string): Promise<BridgeReply> {
    if (typeof name !== 'string' || !isContractName(name))
      return Promise.resolve({ ok: false, error: unknownName(name) });
    return ipcRenderer.invoke(IPC.invoke, name, input, callKey(callId)) as Promise<BridgeReply>;
  },

  subscribe(name: string, input: unknown, onMessage: (message: BridgeStreamMessage) => void): () => void {
    if (typeof name !== 'string' || !isContractName(name)) {
      queueMicrotask(() => onMessage({ type: 'error', error: unknownName(name) }));
      return () => undefined;
    }
    // Stream ids are minted here, in their own namespace, so they never collide with the page's call ids.
    const id = `s:${++seq}`;
    streams.set(id, onMessage);
    ipcRenderer.send(IPC.subscribe, id, name, input);
    return () => {
      if (streams.delete(id)) ipcRenderer.send(IPC.cancel, id);
    };
  },

  cancel(callId: string): void {
    const key = callKey(callId);
    if (key !== undefined) ipcRenderer.send(IPC.cancel, key);
  },
};

contextBridge.exposeInMainWorld('stackdeck', bridge);
