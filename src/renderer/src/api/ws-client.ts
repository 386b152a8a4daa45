import { StackdeckError } from '../../../shared/errors';
import { WS_PATH, type ClientMessage, type RequestId } from '../../../shared/wire';
import { checkInput, errorFromWire } from './errors';
import type { InvokeOptions, StreamHandlers, Transport, TransportStatus } from './types';

/**
 * The web-mode transport: one WebSocket to the page's own server
 * (docs/web-mode-protocol.md). The access token travels in the HttpOnly cookie
 * the server set on first load (or in `?token=` when the page URL still has it).
 *
 * When the socket drops, every pending call rejects and every stream ends with
 * UNREACHABLE (the UI decides whether to retry: replaying a write could do it
 * twice), and the transport reconnects in the background with capped,
 * jittered exponential backoff.
 */

export interface WsTransportOptions {
  url: string;
  /** The WebSocket class; the browser's by default (tests pass the `ws` package's). */
  WebSocketImpl?: new (url: string) => WebSocket;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** ws://<same host>/api/ws, plus the token when the page address still carries it. */
export function defaultWsUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}//${location.host}${WS_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

/** WebSocket.OPEN, spelled out so any WebSocket implementation works. */
const OPEN = 1;

type Pending =
  | { kind: 'call'; name: string; resolve(value: unknown): void; reject(error: StackdeckError): void }
  | { kind: 'stream'; name: string; handlers: StreamHandlers<unknown> };

const lost = (): StackdeckError =>
  new StackdeckError(
    'UNREACHABLE',
    'Lost the connection to the Stackdeck server. Check that `npm run web` is still running; Stackdeck reconnects on its own.',
  );
const unreachable = (): StackdeckError =>
  new StackdeckError(
    'UNREACHABLE',
    'Cannot reach the Stackdeck server. Check that `npm run web` is still running, then try again.',
  );

export function createWsTransport(options: WsTransportOptions): Transport {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const initial = options.initialBackoffMs ?? 250;
  const max = options.maxBackoffMs ?? 10_000;
  const pending = new Map<RequestId, Pending>();
  const listeners = new Set<(status: TransportStatus) => void>();
  let waiters: Array<{ resolve(): void; reject(error: StackdeckError): void }> = [];
  let socket: WebSocket | undefined;
  let state: TransportStatus = 'closed';
  let everOpened = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  const setState = (next: TransportStatus): void => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(next);
  };

  function connect(): void {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    setState(everOpened ? 'reconnecting' : 'connecting');
    let ws: WebSocket;
    try {
      ws = new Impl(options.url);
    } catch {
      // A malformed URL or a CSP refusal throws here instead of closing: retry like a drop.
      retryTimer = setTimeout(connect, max);
      const failed = waiters;
      waiters = [];
      failed.forEach((w) => w.reject(unreachable()));
      return;
    }
    socket = ws;
    ws.onopen = () => {
      everOpened = true;
      attempt = 0;
      setState('open');
      const ready = waiters;
      waiters = [];
      ready.forEach((w) => w.resolve());
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') dispatch(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      const failed = waiters;
      waiters = [];
      failed.forEach((w) => w.reject(unreachable()));
      const gone = [...pending.values()];
      pending.clear();
      for (const p of gone) {
        if (p.kind === 'call') p.reject(lost());
        else safely(() => p.handlers.onError?.(lost()));
      }
      setState('reconnecting');
      const delay = Math.min(max, initial * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt = Math.min(attempt + 1, 16);
      retryTimer = setTimeout(connect, delay);
    };
  }

  /** Resolves when the socket is open; a call made while waiting out a backoff reconnects right away. */
  function ensureOpen(): Promise<void> {
    if (socket?.readyState === OPEN) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    if (socket === undefined) connect();
    return promise;
  }

  function send(message: ClientMessage): void {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  function dispatch(text: string): void {
    let message: { id?: unknown; type?: unknown; value?: unknown; event?: unknown; error?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const id = message.id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      if (message.type === 'error') console.warn('Stackdeck server refused a message:', message.error);
      return;
    }
    const p = pending.get(id);
    if (p === undefined) return; // finished or cancelled here already
    if (message.type === 'event') {
      if (p.kind === 'stream') safely(() => p.handlers.onEvent(message.event));
      return;
    }
    pending.delete(id);
    if (message.type === 'result' && p.kind === 'call') p.resolve(message.value);
    else if (message.type === 'end' && p.kind === 'stream') safely(() => p.handlers.onEnd?.());
    else {
      const error =
        message.type === 'error'
          ? errorFromWire(message.error)
          : new StackdeckError('SERVER_ERROR', 'Unexpected reply from the Stackdeck server.');
      if (p.kind === 'call') p.reject(error);
      else safely(() => p.handlers.onError?.(error));
    }
  }

  // Connect right away: the transport is created at the UI's first use, and the
  // status (for a "reconnecting" banner) should be real from then on.
  connect();

  return {
    host: 'web',
    async invoke(name: string, input: unknown, invokeOptions: InvokeOptions = {}): Promise<unknown> {
      const invalid = checkInput(name, 'method', input);
      if (invalid !== undefined) throw invalid;
      const { signal } = invokeOptions;
      const cancelled = (): StackdeckError => new StackdeckError('CANCELLED', `"${name}" was cancelled.`);
      if (signal?.aborted) throw cancelled();
      await ensureOpen();
      if (signal?.aborted) throw cancelled();
      const id = ++seq;
      return new Promise<unknown>((resolve, reject) => {
        const onAbort = (): void => {
          if (!pending.delete(id)) return;
          send({ id, type: 'cancel' });
          reject(cancelled());
        };
        const settle =
          <T>(fn: (v: T) => void) =>
          (v: T): void => {
            signal?.removeEventListener('abort', onAbort);
            fn(v);
          };
        pending.set(id, { kind: 'call', name, resolve: settle(resolve), reject: settle(reject) });
        signal?.addEventListener('abort', onAbort, { once: true });
        send({ id, type: 'call', name, input });
      });
    },

    subscribe(name: string, input: unknown, handlers: StreamHandlers<unknown>): () => void {
      const invalid = checkInput(name, 'stream', input);
      if (invalid !== undefined) {
        queueMicrotask(() => handlers.onError?.(invalid));
        return () => undefined;
      }
      const id = ++seq;
      pending.set(id, { kind: 'stream', name, handlers });
      ensureOpen().then(
        () => {
          if (pending.has(id)) send({ id, type: 'subscribe', name, input });
        },
        (error: StackdeckError) => {
          if (pending.delete(id)) safely(() => handlers.onError?.(error));
        },
      );
      return () => {
        // The server stops the work; its final CANCELLED reply finds nothing pending and is dropped.
        if (pending.delete(id)) send({ id, type: 'cancel' });
      };
    },

    status: () => state,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A throwing UI callback must not break delivery to the others; it still surfaces in the console. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
}
