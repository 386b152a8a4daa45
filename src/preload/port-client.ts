import type { BridgeReply, BridgeStreamMessage, StackdeckBridge } from '../shared/bridge';
import type { ClientMessage, ServerMessage } from '../shared/wire';

/**
 * The window's end of its port to core (desktop): `window.stackdeck`'s
 * invoke / subscribe / cancel spoken as the web-mode wire protocol over a
 * MessagePort that main handed over. No Electron here, so the integration
 * tests drive a core process with this very client.
 *
 * Requests made before the port arrives wait for it. When core restarts, every
 * call in flight is answered and every stream ended with UNREACHABLE (the work
 * died with the process), and the next port carries on.
 */

export interface ClientPort {
  postMessage(message: unknown): void;
  close?(): void;
}

const MAX_ID = 120;

/** Events handled between two acks of a stream: well under core's MAX_UNACKED_EVENTS (1024). */
const ACK_EVERY = 64;

export const CORE_RESTARTED_MESSAGE =
  "Stackdeck's core stopped unexpectedly and was restarted. Connections reopen on demand: try again.";

export class PortClient implements StackdeckBridge {
  private port: ClientPort | undefined;
  private queue: ClientMessage[] = [];
  private readonly calls = new Map<string, (reply: BridgeReply) => void>();
  private readonly streams = new Map<string, (message: BridgeStreamMessage) => void>();
  /** Events handled per stream since its last ack. */
  private readonly delivered = new Map<string, number>();
  private seq = 0;

  constructor(private readonly isName: (name: string) => boolean = () => true) {}

  /** A new port to core (first, or after a restart). */
  attach(port: ClientPort): void {
    this.port = port;
    for (const message of this.queue.splice(0)) port.postMessage(message);
  }

  /** Core died: its port is useless and everything in flight is lost. */
  coreRestarted(message = CORE_RESTARTED_MESSAGE): void {
    try {
      this.port?.close?.();
    } catch {
      // already closed
    }
    this.port = undefined;
    this.queue = [];
    const error = { code: 'UNREACHABLE', message };
    const calls = [...this.calls.values()];
    const streams = [...this.streams.values()];
    this.calls.clear();
    this.streams.clear();
    this.delivered.clear();
    for (const resolve of calls) resolve({ ok: false, error });
    for (const listener of streams) listener({ type: 'error', error });
  }

  /** A frame from core. */
  receive(frame: unknown): void {
    if (typeof frame !== 'object' || frame === null) return;
    const message = frame as ServerMessage;
    if (typeof message.id !== 'string') return;
    const call = this.calls.get(message.id);
    if (call !== undefined) {
      if (message.type === 'result') call({ ok: true, value: message.value });
      else if (message.type === 'error') call({ ok: false, error: message.error });
      else return;
      this.calls.delete(message.id);
      return;
    }
    const listener = this.streams.get(message.id);
    if (listener === undefined) return;
    if (message.type === 'event') {
      listener({ type: 'event', event: message.event });
      // Flow control (src/core/process/port-rpc.ts): say every ACK_EVERY events that they were handled.
      const n = (this.delivered.get(message.id) ?? 0) + 1;
      if (n >= ACK_EVERY && this.streams.has(message.id)) {
        this.delivered.set(message.id, 0);
        this.post({ id: message.id, type: 'ack', count: n });
      } else this.delivered.set(message.id, n);
      return;
    }
    if (message.type === 'end' || message.type === 'error') {
      this.streams.delete(message.id);
      this.delivered.delete(message.id);
      listener(message.type === 'end' ? { type: 'end' } : { type: 'error', error: message.error });
    }
  }

  get inFlight(): number {
    return this.calls.size + this.streams.size;
  }

  invoke(name: string, input: unknown, callId?: string): Promise<BridgeReply> {
    if (typeof name !== 'string' || !this.isName(name)) return Promise.resolve({ ok: false, error: unknownName(name) });
    // The page's call ids live in `c:` (cancellable by the page), anonymous calls in `i:`, streams in `s:`.
    const id = callId === undefined ? `i:${++this.seq}` : callKey(callId);
    if (id === undefined || this.calls.has(id)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'Request refused: the call id is invalid or already in use.' },
      });
    }
    return new Promise<BridgeReply>((resolve) => {
      this.calls.set(id, resolve);
      this.post({ id, type: 'call', name, input });
    });
  }

  subscribe(name: string, input: unknown, onMessage: (message: BridgeStreamMessage) => void): () => void {
    if (typeof name !== 'string' || !this.isName(name)) {
      queueMicrotask(() => onMessage({ type: 'error', error: unknownName(name) }));
      return () => undefined;
    }
    const id = `s:${++this.seq}`;
    this.streams.set(id, onMessage);
    this.post({ id, type: 'subscribe', name, input });
    return () => {
      this.delivered.delete(id);
      if (this.streams.delete(id)) this.post({ id, type: 'cancel' });
    };
  }

  cancel(callId: string): void {
    const id = callKey(callId);
    if (id !== undefined && this.calls.has(id)) this.post({ id, type: 'cancel' });
  }

  private post(message: ClientMessage): void {
    if (this.port === undefined) this.queue.push(message);
    else this.port.postMessage(message);
  }
}

function callKey(callId: unknown): string | undefined {
  return typeof callId === 'string' && callId.length > 0 && callId.length <= MAX_ID ? `c:${callId}` : undefined;
}

const unknownName = (name: unknown): { code: string; message: string } => ({
  code: 'NOT_FOUND',
  message: `There is no method or stream named "${String(name).slice(0, 200)}" in this version of Stackdeck.`,
});
