import type { BridgeReply, BridgeStreamMessage, StackdeckBridge } from '../../../shared/bridge';
import { StackdeckError } from '../../../shared/errors';
import { checkInput, errorFromWire } from './errors';
import type { InvokeOptions, StreamHandlers, Transport, TransportStatus } from './types';

/**
 * The desktop transport, over the preload's `window.stackdeck`. IPC to the main
 * process cannot drop the way a socket can, so the status is always `open`.
 */
export function createIpcTransport(bridge: StackdeckBridge): Transport {
  let seq = 0;

  return {
    host: 'desktop',
    async invoke(name: string, input: unknown, options: InvokeOptions = {}): Promise<unknown> {
      const invalid = checkInput(name, 'method', input);
      if (invalid !== undefined) throw invalid;
      const { signal } = options;
      if (signal?.aborted) throw new StackdeckError('CANCELLED', `"${name}" was cancelled before it started.`);
      const callId = `c${++seq}`;
      const onAbort = (): void => bridge.cancel(callId);
      signal?.addEventListener('abort', onAbort, { once: true });
      let reply: BridgeReply;
      try {
        reply = await bridge.invoke(name, input, callId);
      } catch {
        // The bridge itself failed (main process gone): the same code the WebSocket uses for a lost server.
        throw new StackdeckError('UNREACHABLE', 'Lost contact with the Stackdeck main process. Restart Stackdeck.');
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      if (reply.ok) return reply.value;
      throw errorFromWire(reply.error);
    },

    subscribe(name: string, input: unknown, handlers: StreamHandlers<unknown>): () => void {
      const invalid = checkInput(name, 'stream', input);
      if (invalid !== undefined) {
        queueMicrotask(() => handlers.onError?.(invalid));
        return () => undefined;
      }
      let done = false;
      const cancel = bridge.subscribe(name, input, (message: BridgeStreamMessage) => {
        if (done) return;
        if (message.type === 'event') return handlers.onEvent(message.event);
        done = true;
        if (message.type === 'end') handlers.onEnd?.();
        else handlers.onError?.(errorFromWire(message.error));
      });
      return () => {
        if (done) return;
        done = true;
        cancel();
      };
    },

    status: (): TransportStatus => 'open',
    onStatus: () => () => undefined,
  };
}
