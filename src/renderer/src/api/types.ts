import type { ContractName, EventOf, InputOf, MethodName, OutputOf, StreamName } from '../../../shared/contract';
import type { StackdeckError } from '../../../shared/errors';

export interface StreamHandlers<E> {
  onEvent(event: E): void;
  /** The stream failed; no more events follow. */
  onError?(error: StackdeckError): void;
  /** The stream completed normally; no more events follow. */
  onEnd?(): void;
}

/**
 * The one client the UI talks through. Implemented over Electron IPC
 * (window.stackdeck from the preload) and over the web-mode WebSocket; the UI
 * cannot tell them apart. Errors reject with StackdeckError.
 */
export interface StackdeckClient {
  invoke<N extends MethodName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
  /** Returns a function that cancels the stream; cancelling stops the work in core. */
  subscribe<N extends StreamName>(name: N, input: InputOf<N>, handlers: StreamHandlers<EventOf<N>>): () => void;
}

export type { ContractName };
