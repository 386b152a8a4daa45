import type { Router } from '../router';
import { StackdeckError, type RpcErrorShape } from '../../shared/errors';
import { ClientMessage, RequestId, type ServerMessage } from '../../shared/wire';

/**
 * The router served over one message port (a window's channel to core in the
 * desktop app): the web-mode wire protocol (src/shared/wire.ts), with frames as
 * plain objects instead of JSON text. Calls, streams and cancel behave exactly
 * as over the WebSocket: every request is tracked by the caller's id with an
 * AbortController, so `cancel` and a closed port stop the work in core, not
 * just the delivery. Nothing the other side sends can throw out of here.
 */

/** The part of Electron's `MessagePortMain` and of a Node/DOM `MessagePort` that this needs. */
export interface RpcPort {
  postMessage(message: unknown): void;
}

export interface PortSession {
  /** Feed one frame that arrived on the port. */
  receive(raw: unknown): void;
  /** Cancels everything in flight (the port closed, the window went away). */
  abortAll(): void;
  readonly inFlight: number;
}

const MAX_IN_FLIGHT = 512;

/**
 * Events of one stream posted to the window and not yet acknowledged (`ack` frames, sent by the
 * preload's PortClient as it delivers them). A message port has no buffered amount: without this a
 * window that stopped reading would queue events in core without bound. Past it the stream ends,
 * as the WebSocket path ends one whose bufferedAmount passes its cap.
 */
export const MAX_UNACKED_EVENTS = 1024;

export function servePort(port: RpcPort, router: Router, log: (line: string) => void = () => undefined): PortSession {
  const inFlight = new Map<RequestId, AbortController>();
  const unacked = new Map<RequestId, { n: number }>();
  let closed = false;

  const send = (message: ServerMessage): void => {
    if (closed) return;
    try {
      port.postMessage(message);
    } catch (error) {
      // Not cloneable (a function, a symbol): the caller gets an error for its id rather than waiting forever.
      log(`core port: could not send a reply: ${error instanceof Error ? error.message : String(error)}`);
      if (message.type === 'error') return;
      const failed: RpcErrorShape = { code: 'SERVER_ERROR', message: 'The result could not be sent to the window.' };
      try {
        port.postMessage({ id: message.id, type: 'error', error: failed } satisfies ServerMessage);
      } catch {
        // the port itself is gone
      }
    }
  };
  const sendError = (id: RequestId | null, error: RpcErrorShape): void => send({ id, type: 'error', error });

  function start(id: RequestId): AbortController | undefined {
    if (inFlight.has(id)) {
      sendError(id, {
        code: 'INVALID_INPUT',
        message: `The id ${JSON.stringify(id)} is already in use by a request in flight; use a new id per request.`,
      });
      return undefined;
    }
    if (inFlight.size >= MAX_IN_FLIGHT) {
      sendError(id, {
        code: 'SERVER_ERROR',
        message: `Too many requests in flight on this window (${MAX_IN_FLIGHT}); wait for some to finish.`,
      });
      return undefined;
    }
    const controller = new AbortController();
    inFlight.set(id, controller);
    return controller;
  }
  const finish = (id: RequestId, controller: AbortController): void => {
    if (inFlight.get(id) === controller) inFlight.delete(id);
  };

  function receive(raw: unknown): void {
    if (closed) return;
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      const maybeId = RequestId.safeParse(
        typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined,
      );
      return sendError(maybeId.success ? maybeId.data : null, {
        code: 'INVALID_INPUT',
        message:
          'The message is not a valid request. Expected {id, type: "call" | "subscribe", name, input} or {id, type: "cancel"}.',
      });
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      inFlight.get(message.id)?.abort();
      return;
    }
    if (message.type === 'ack') {
      const counter = unacked.get(message.id);
      if (counter !== undefined) counter.n = Math.max(0, counter.n - message.count);
      return;
    }
    const controller = start(message.id);
    if (controller === undefined) return;
    const id = message.id;
    if (message.type === 'call') {
      router
        .call(message.name, message.input, { signal: controller.signal })
        .then(
          (value) => send({ id, type: 'result', value }),
          (error: unknown) => sendError(id, shapeOf(error)),
        )
        .finally(() => finish(id, controller));
      return;
    }
    const counter = { n: 0 };
    unacked.set(id, counter);
    router
      .subscribe(message.name, message.input, {
        signal: controller.signal,
        emit(event) {
          // Throwing makes the router end the stream with this error (and abort the handler).
          if (closed) throw new StackdeckError('CANCELLED', 'The window went away.');
          if (counter.n >= MAX_UNACKED_EVENTS) {
            throw new StackdeckError(
              'SERVER_ERROR',
              'The window is not keeping up with this stream, so it was stopped. Narrow it (for example with a filter) and try again.',
            );
          }
          counter.n++;
          port.postMessage({ id, type: 'event', event } satisfies ServerMessage);
        },
      })
      .then(
        () => send({ id, type: 'end' }),
        (error: unknown) => sendError(id, shapeOf(error)),
      )
      .finally(() => {
        if (unacked.get(id) === counter) unacked.delete(id);
        finish(id, controller);
      });
  }

  return {
    receive(raw) {
      try {
        receive(raw);
      } catch (error) {
        log(`core port: failed to handle a message: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    abortAll() {
      closed = true;
      for (const controller of inFlight.values()) controller.abort();
      inFlight.clear();
    },
    get inFlight() {
      return inFlight.size;
    },
  };
}

function shapeOf(error: unknown): RpcErrorShape {
  return error instanceof StackdeckError
    ? error.toShape()
    : { code: 'SERVER_ERROR', message: 'The request failed unexpectedly.' };
}
