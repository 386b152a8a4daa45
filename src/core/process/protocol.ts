import type { RpcErrorShape } from '../../shared/errors';

/**
 * The control channel between the desktop's main process and core running in
 * its own process (an Electron `utilityProcess`; a Node child process in the
 * tests). Renderer traffic does not go through here: each window gets its own
 * port straight to core (`connect`), speaking the web-mode wire protocol
 * (src/shared/wire.ts) as structured-clone objects.
 *
 * Core reaches what only main can do (safeStorage, native dialogs) with typed
 * `host` requests, each answered by exactly one `host-reply`.
 */

/** What main can do for core. Each request names its answer type in `HostAnswer`. */
export type HostRequest =
  /** safeStorage: seal base64 bytes, answered with base64 bytes. */
  | { readonly method: 'cipher.encrypt'; readonly data: string }
  | { readonly method: 'cipher.decrypt'; readonly data: string }
  /** A native save dialog for a file named `fileName`; answered with the chosen path or null. */
  | { readonly method: 'dialog.save'; readonly title: string; readonly fileName: string }
  /** A native confirmation (OK / Cancel); answered with true when confirmed. */
  | { readonly method: 'dialog.confirm'; readonly message: string; readonly detail: string };

export interface HostAnswer {
  'cipher.encrypt': string;
  'cipher.decrypt': string;
  'dialog.save': string | null;
  'dialog.confirm': boolean;
}

export type HostMethod = HostRequest['method'];

/** What main tells core about the vault cipher once, at start (safeStorage is only usable in main). */
export interface CipherInfo {
  readonly backend: string;
  readonly needsConsent: boolean;
}

export type ToCore =
  | { readonly type: 'init'; readonly userDataDir: string; readonly cipher: CipherInfo; readonly logDir?: string }
  /** A window's port: with Electron it rides along as the transferred port; in Node tests, `port-data` carries its frames. */
  | { readonly type: 'connect'; readonly clientId: string }
  /** The window reloaded, crashed or closed: cancel everything it started. */
  | { readonly type: 'disconnect'; readonly clientId: string }
  | { readonly type: 'port-data'; readonly clientId: string; readonly data: unknown }
  | ({ readonly type: 'host-reply'; readonly id: number } & (
      { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: RpcErrorShape }
    ))
  /** Dispose every client and exit. */
  | { readonly type: 'shutdown' };

export type FromCore =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly message: string }
  | { readonly type: 'host'; readonly id: number; readonly request: HostRequest }
  | { readonly type: 'port-data'; readonly clientId: string; readonly data: unknown }
  | { readonly type: 'disposed' };

export function isToCore(value: unknown): value is ToCore {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
export const isFromCore = isToCore as (value: unknown) => value is FromCore;
