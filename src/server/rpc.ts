import type { RawData, WebSocket } from 'ws';
import type { Router } from '../core/router';
import { StackdeckError, type RpcErrorShape } from '../shared/errors';
import { ClientMessage, RequestId, type ServerMessage } from '../shared/wire';

/**
 * The WebSocket side of web mode: one socket, many concurrent calls and
 * streams, each tracked by the caller's id with an AbortController, so `cancel`
 * and a closed socket stop the work in core, not just the delivery.
 * Bad frames are answered with INVALID_INPUT; nothing a client sends can throw
 * out of this function.
 */

/** Bounds one client's concurrent work; a well-behaved UI stays far below. */
const MAX_IN_FLIGHT = 512;
/** A stream that outruns the socket this far is stopped rather than buffered without limit. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface RpcSession {
  /** Cancels everything in flight (called when the socket closes). */
  abortAll(): void;
  readonly inFlight: number;
}

export function attachRpc(ws: WebSocket, router: Router, log: (line: string) => void = () => undefined): RpcSession {
  const inFlight = new Map<RequestId, AbortController>();

  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(encode(message));
  };
  const sendError = (id: RequestId | null, error: RpcErrorShape): void => send({ id, type: 'error', error });
  const invalid = (id: RequestId | null, message: string): void => sendError(id, { code: 'INVALID_INPUT', message });

  function start(id: RequestId): AbortController | undefined {
    if (inFlight.has(id)) {
      invalid(id, `The id ${JSON.stringify(id)} is already in use by a request in flight; use a new id per request.`);
      return undefined;
    }
    if (inFlight.size >= MAX_IN_FLIGHT) {
      sendError(id, {
        code: 'SERVER_ERROR',
        message: `Too many requests in flight on this connection (${MAX_IN_FLIGHT}); wait for some to finish.`,
      });
      return undefined;
    }
    const controller = new AbortController();
    inFlight.set(id, controller);
    return controller;
  }

  function finish(id: RequestId, controller: AbortController): void {
    if (inFlight.get(id) === controller) inFlight.delete(id);
  }

  function onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return invalid(null, 'Binary frames are not supported; send JSON text.');
    let raw: unknown;
    try {
      raw = JSON.parse(rawToString(data));
    } catch {
      return invalid(null, 'The message is not valid JSON.');
    }
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      const maybeId = RequestId.safeParse(
        typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined,
      );
      return invalid(
        maybeId.success ? maybeId.data : null,
        'The message is not a valid request. Expected {id, type: "call" | "subscribe", name, input} or {id, type: "cancel"}.',
      );
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ack':
        // The WebSocket's bufferedAmount bounds its streams; acks matter only on the desktop's port.
        return;
      case 'cancel':
        // Unknown ids are fine: the request may have just finished.
        inFlight.get(message.id)?.abort();
        return;
      case 'call': {
        const controller = start(message.id);
        if (controller === undefined) return;
        router
          .call(message.name, message.input, { signal: controller.signal })
          .then(
            (value) => send({ id: message.id, type: 'result', value }),
            (error: unknown) => sendError(message.id, shapeOf(error)),
          )
          .finally(() => finish(message.id, controller));
        return;
      }
      case 'subscribe': {
        const controller = start(message.id);
        if (controller === undefined) return;
        const id = message.id;
        router
          .subscribe(message.name, message.input, {
            signal: controller.signal,
            emit(event) {
              // Throwing here makes the router end the stream with this error (and abort the handler).
              if (ws.readyState !== ws.OPEN) throw new StackdeckError('CANCELLED', 'The browser went away.');
              if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
                throw new StackdeckError(
                  'SERVER_ERROR',
                  'The page is not keeping up with this stream, so it was stopped. Narrow it (for example with a filter) and try again.',
                );
              }
              ws.send(JSON.stringify({ id, type: 'event', event } satisfies ServerMessage));
            },
          })
          .then(
            () => send({ id, type: 'end' }),
            (error: unknown) => sendError(id, shapeOf(error)),
          )
          .finally(() => finish(id, controller));
        return;
      }
    }
  }

  ws.on('message', (data, isBinary) => {
    try {
      onMessage(data, isBinary);
    } catch (error) {
      log(`web mode: failed to handle a message: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  const abortAll = (): void => {
    for (const controller of inFlight.values()) controller.abort();
    inFlight.clear();
  };
  ws.on('close', abortAll);
  ws.on('error', abortAll);

  return {
    abortAll,
    get inFlight() {
      return inFlight.size;
    },
  };
}

function shapeOf(error: unknown): RpcErrorShape {
  // The router only rejects with StackdeckError; anything else is a bug worth a generic message.
  return error instanceof StackdeckError
    ? error.toShape()
    : { code: 'SERVER_ERROR', message: 'The request failed unexpectedly.' };
}

/** JSON-encodes a reply; a result JSON cannot represent (a bigint, a cycle) becomes an error for that id. */
function encode(message: ServerMessage): string {
  try {
    return JSON.stringify(message);
  } catch {
    const error: RpcErrorShape = {
      code: 'SERVER_ERROR',
      message: 'The result could not be sent: it is not representable as JSON.',
    };
    return JSON.stringify({ id: message.id, type: 'error', error } satisfies ServerMessage);
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
