import { z } from 'zod';
import type { RpcErrorShape } from './errors';

/**
 * The web-mode WebSocket protocol (docs/web-mode-protocol.md), shared by the
 * server and the renderer's ws-client so both sides agree on one definition.
 * Every frame is one JSON object.
 */

export const WIRE_PROTOCOL_VERSION = 1;
/** Path of the WebSocket endpoint on the web-mode server. */
export const WS_PATH = '/api/ws';
/** Path of the JSON Schema description of the contract. */
export const CONTRACT_PATH = '/api/contract';
/** Largest frame the server accepts; bigger frames close the socket (code 1009). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** A caller-chosen id, unique among the caller's in-flight requests on one socket. */
export const RequestId = z.union([
  z.string().min(1).max(128),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);
export type RequestId = z.infer<typeof RequestId>;

const Name = z.string().min(1).max(200);

export const ClientMessage = z.discriminatedUnion('type', [
  /** Request/response: answered by exactly one `result` or `error`. */
  z.object({ id: RequestId, type: z.literal('call'), name: Name, input: z.unknown() }),
  /** Subscription: any number of `event`, then exactly one `end` or `error`. */
  z.object({ id: RequestId, type: z.literal('subscribe'), name: Name, input: z.unknown() }),
  /** Stops the work of an in-flight call or subscription; its terminal message is then `error` CANCELLED. */
  z.object({ id: RequestId, type: z.literal('cancel') }),
  /**
   * Flow control on the desktop's message port: the window has handled `count` more events of
   * stream `id`. Core ends a stream whose window falls too far behind (the port has no buffered
   * amount to read, unlike a WebSocket). Ignored over the WebSocket, which has one.
   */
  z.object({ id: RequestId, type: z.literal('ack'), count: z.number().int().min(1).max(1_000_000) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage =
  | { id: RequestId; type: 'result'; value: unknown }
  | { id: RequestId; type: 'event'; event: unknown }
  | { id: RequestId; type: 'end' }
  /** `id` is null when the frame it answers had no usable id (not JSON, no id). */
  | { id: RequestId | null; type: 'error'; error: RpcErrorShape };
