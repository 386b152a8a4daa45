import type { AreaFactory, CoreArea } from '../area';
import type { SecretCipher } from '../connections/cipher';
import { copyExportTo, requireExport } from '../exports';
import { StackdeckError, type RpcErrorShape } from '../../shared/errors';
import type { CipherInfo, FromCore, HostAnswer, HostMethod, HostRequest } from './protocol';

/**
 * Core's side of the typed request channel to main: what only the Electron
 * main process can do (safeStorage, native dialogs) is asked for here and
 * answered by main (src/main/core-host.ts). One pending promise per request;
 * if main goes away, every pending request fails rather than hanging.
 */
export class HostChannel {
  private seq = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly send: (message: FromCore) => void) {}

  request<M extends HostMethod>(
    request: Extract<HostRequest, { method: M }>,
    signal?: AbortSignal,
  ): Promise<HostAnswer[M]> {
    const id = ++this.seq;
    return new Promise<HostAnswer[M]>((resolve, reject) => {
      if (signal?.aborted) return reject(new StackdeckError('CANCELLED', 'The request was cancelled.'));
      const onAbort = (): void => {
        // The dialog in main cannot be withdrawn; its late answer is dropped.
        this.pending.delete(id);
        reject(new StackdeckError('CANCELLED', 'The request was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as HostAnswer[M]);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      try {
        this.send({ type: 'host', id, request });
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** An answer from main. */
  reply(id: number, answer: { ok: true; value: unknown } | { ok: false; error: RpcErrorShape }): void {
    const waiting = this.pending.get(id);
    if (waiting === undefined) return;
    this.pending.delete(id);
    if (answer.ok) waiting.resolve(answer.value);
    else waiting.reject(StackdeckError.fromShape(answer.error));
  }

  /** Main is gone: nothing pending will be answered. */
  failAll(reason: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new StackdeckError('UNREACHABLE', reason));
  }

  get inFlight(): number {
    return this.pending.size;
  }
}

/** The vault cipher of a core in its own process: safeStorage stays in main, reached over the host channel. */
export function hostCipher(host: HostChannel, info: CipherInfo): SecretCipher {
  return {
    backend: info.backend,
    needsConsent: info.needsConsent,
    async encrypt(plain) {
      return Buffer.from(await host.request({ method: 'cipher.encrypt', data: plain.toString('base64') }), 'base64');
    },
    async decrypt(sealed) {
      return Buffer.from(await host.request({ method: 'cipher.decrypt', data: sealed.toString('base64') }), 'base64');
    },
  };
}

/** Asks where to save a file named `fileName`; null when the user cancelled. */
export type SaveDialog = (request: { title: string; fileName: string }, signal: AbortSignal) => Promise<string | null>;

/**
 * The desktop's host area: `host.exports.save` stands in for the browser's
 * download. A native save dialog (from main) named like the export, then a copy
 * of the stored file to the chosen path. Web mode has no host area (NOT_FOUND).
 */
export function createHostArea(saveDialog: SaveDialog): AreaFactory {
  return (env): CoreArea => ({
    name: 'host',
    handlers: {
      'host.exports.save': async (input, ctx) => {
        // Checked before the dialog: a missing file is reported at once, not after the user picked a folder.
        const stored = await requireExport(env.userDataDir, input.exportId);
        const chosen = await saveDialog({ title: 'Save export', fileName: stored.fileName }, ctx.signal);
        // The dialog cannot be aborted; if the call was cancelled or timed out meanwhile, write nothing.
        ctx.signal.throwIfAborted();
        if (chosen === null || chosen === '') return { saved: false, path: null };
        // Looked up again: the file may have been removed while the dialog was open.
        const current = await requireExport(env.userDataDir, input.exportId);
        const path = await copyExportTo(current, chosen, ctx.signal);
        return { saved: true, path };
      },
    },
  });
}
