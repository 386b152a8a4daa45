import type { ContractName, EventOf, InputOf, MethodName, OutputOf, StreamName } from '../../../shared/contract';
import type { StackdeckError } from '../../../shared/errors';

export interface StreamHandlers<E> {
  onEvent(event: E): void;
  /** The stream failed; no more events follow. */
  onError?(error: StackdeckError): void;
  /** The stream completed normally; no more events follow. */
  onEnd?(): void;
}

export interface InvokeOptions {
  /** Aborting cancels the call in core too; the promise then rejects with CANCELLED. */
  signal?: AbortSignal;
}

/**
 * The one client the UI talks through. Implemented over Electron IPC
 * (window.stackdeck from the preload) and over the web-mode WebSocket; the UI
 * cannot tell them apart. Errors reject with StackdeckError.
 */
export interface StackdeckClient {
  invoke<N extends MethodName>(name: N, input: InputOf<N>, options?: InvokeOptions): Promise<OutputOf<N>>;
  /**
   * Returns a function that cancels the stream; cancelling stops the work in core.
   * Never throws: failures (including invalid input) arrive through `onError`.
   */
  subscribe<N extends StreamName>(name: N, input: InputOf<N>, handlers: StreamHandlers<EventOf<N>>): () => void;
}

/** Whether the transport can reach core right now (always `open` on the desktop). */
export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type HostMode = 'desktop' | 'web';

/** What both transports implement underneath the typed client. */
export interface Transport {
  /**
   * What hosts the UI behind this transport: the desktop shell (IPC) or a
   * browser (web mode). Only host features differ (saving a file through a
   * native dialog vs. downloading it); every contract call works the same.
   */
  readonly host: HostMode;
  invoke(name: string, input: unknown, options?: InvokeOptions): Promise<unknown>;
  subscribe(name: string, input: unknown, handlers: StreamHandlers<unknown>): () => void;
  status(): TransportStatus;
  onStatus(listener: (status: TransportStatus) => void): () => void;
}

export type { ContractName };
