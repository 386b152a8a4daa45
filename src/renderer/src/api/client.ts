import type { StackdeckBridge } from '../../../shared/bridge';
import type { EventOf, InputOf, MethodName, OutputOf, StreamName } from '../../../shared/contract';
import { createIpcTransport } from './ipc-client';
import type { HostMode, InvokeOptions, StackdeckClient, StreamHandlers, Transport, TransportStatus } from './types';
import { createWsTransport, defaultWsUrl } from './ws-client';

declare global {
  interface Window {
    /** Present only in the desktop app (the preload's bridge). */
    readonly stackdeck?: StackdeckBridge;
  }
}

/**
 * The transport is picked once, at first use: the desktop preload's bridge when
 * present, otherwise a WebSocket back to the web-mode server that served this
 * page. Everything above this file is the same in both.
 */
function pickTransport(): Transport {
  const bridge = window.stackdeck;
  return bridge !== undefined ? createIpcTransport(bridge) : createWsTransport({ url: defaultWsUrl(window.location) });
}

let transport: Transport | undefined;
const current = (): Transport => (transport ??= pickTransport());

/** Replaces the transport (tests, component previews). Call before first use. */
export function setTransport(next: Transport): void {
  transport = next;
}

/** A typed client over any transport. */
export function createClient(get: () => Transport): StackdeckClient {
  return {
    invoke<N extends MethodName>(name: N, input: InputOf<N>, options?: InvokeOptions): Promise<OutputOf<N>> {
      return get().invoke(name, input, options) as Promise<OutputOf<N>>;
    },
    subscribe<N extends StreamName>(name: N, input: InputOf<N>, handlers: StreamHandlers<EventOf<N>>): () => void {
      return get().subscribe(name, input, handlers as StreamHandlers<unknown>);
    },
  };
}

/** The one client the UI uses. */
export const client: StackdeckClient = createClient(current);

/** Desktop or web, from the transport picked at boot; for the few host features that differ (see Transport.host). */
export function hostMode(): HostMode {
  return current().host;
}

export function transportStatus(): TransportStatus {
  return current().status();
}

export function onTransportStatus(listener: (status: TransportStatus) => void): () => void {
  return current().onStatus(listener);
}
