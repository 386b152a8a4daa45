import { contract, type Contract } from '../shared/contract';
import type { StackdeckError } from '../shared/errors';
import type { AreaEnv, AreaFactory, CoreArea } from './area';
import { defaultAreas } from './areas';
import { createConnectionsArea, type NativeConfirm, type SecretCipher } from './connections';
import type { Handlers } from './handler';
import { createRouter, type Router } from './router';

export type { AreaEnv, AreaFactory, CoreArea } from './area';
export { defaultAreas } from './areas';

/**
 * The composition root: builds the connections area, then every area of
 * `areas.ts` over its client registry, merges their handlers into one router
 * over the real contract, and disposes them in reverse order. Both shells
 * (src/main for Electron, src/server for web mode) call `createCore` and mount
 * `core.router`; nothing else in core is visible to them.
 */

export interface CoreOptions {
  userDataDir: string;
  cipher: SecretCipher;
  /** Defaults to `defaultAreas`; tests pass their own. Built in order, after the connections area. */
  areas?: readonly AreaFactory[];
  /** Check results and events against the contract (tests). */
  validateOutputs?: boolean;
  onUnexpectedError?(name: string, error: StackdeckError): void;
  /** Upper bound for dispose, so quitting never hangs on a stuck driver. */
  disposeTimeoutMs?: number;
  /** The desktop's native confirmation (read-only to writable); absent in web mode. */
  confirm?: NativeConfirm;
}

export interface Core {
  readonly router: Router<Contract>;
  /** Idempotent. Disposes areas in reverse build order; never rejects. */
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const built: CoreArea[] = [];
  const disposeAll = async (): Promise<void> => {
    for (const area of [...built].reverse()) {
      try {
        await area.dispose?.();
      } catch {
        // Keep going: one area failing to close must not leave the others' sockets open.
      }
    }
  };

  let router: Router<Contract>;
  try {
    const connections = await createConnectionsArea({
      userDataDir: options.userDataDir,
      cipher: options.cipher,
      ...(options.confirm ? { confirm: options.confirm } : {}),
    });
    built.push(connections);
    const env: AreaEnv = { userDataDir: options.userDataDir, cipher: options.cipher, registry: connections.registry };
    for (const factory of options.areas ?? defaultAreas) built.push(await factory(env));
    router = createRouter({
      contract,
      handlers: mergeHandlers(built),
      readOnly: connections.readOnly,
      connectionScopes: connections.registry.connectionScopes,
      ...(options.validateOutputs === undefined ? {} : { validateOutputs: options.validateOutputs }),
      ...(options.onUnexpectedError === undefined ? {} : { onUnexpectedError: options.onUnexpectedError }),
    });
  } catch (error) {
    await disposeAll();
    throw error;
  }

  let disposing: Promise<void> | undefined;
  const timeoutMs = options.disposeTimeoutMs ?? 5_000;
  return {
    router,
    dispose() {
      disposing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        void disposeAll().finally(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return disposing;
    },
  };
}

function mergeHandlers(areas: readonly CoreArea[]): Partial<Handlers> {
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const area of areas) {
    for (const [name, handler] of Object.entries(area.handlers)) {
      const previous = owner.get(name);
      if (previous !== undefined)
        throw new Error(`"${name}" is implemented by both the ${previous} and the ${area.name} area.`);
      owner.set(name, area.name);
      merged[name] = handler;
    }
  }
  return merged as Partial<Handlers>;
}
