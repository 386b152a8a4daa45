import { contract, type Contract } from '../shared/contract';
import type { StackdeckError } from '../shared/errors';
import { createConnectionsArea, type ClientRegistry, type SecretCipher } from './connections';
import type { Handlers } from './handler';
import { createKafkaArea } from './kafka/area';
import { kafkaSlices } from './kafka/area/slices';
import { createRouter, type ReadOnlyLookup, type Router } from './router';

/**
 * The composition root: builds every area, merges their handler slices into one
 * router over the real contract, and disposes them in reverse order. Both shells
 * (src/main for Electron, src/server for web mode) call `createCore` and mount
 * `core.router`; nothing else in core is visible to them.
 */

/** What every area factory receives. Areas built later get the earlier ones' services through `services`. */
export interface AreaEnv {
  readonly userDataDir: string;
  /** Seals vault secrets: Electron safeStorage on the desktop, a file key in web mode. */
  readonly cipher: SecretCipher;
  /** Services published by areas built earlier (e.g. the connections client registry), by name. */
  readonly services: ReadonlyMap<string, unknown>;
}

export interface CoreArea {
  readonly name: string;
  readonly handlers: Partial<Handlers>;
  /** The one area that knows profiles (connections) provides the read-only lookup. */
  readonly readOnly?: ReadOnlyLookup;
  /** Published for areas built after this one (see AreaEnv.services). */
  readonly services?: Readonly<Record<string, unknown>>;
  /** Closes every client and timer the area owns. */
  dispose?(): Promise<void> | void;
}

export type AreaFactory = (env: AreaEnv) => CoreArea | Promise<CoreArea>;

export interface CoreOptions {
  userDataDir: string;
  cipher: SecretCipher;
  /** Defaults to `defaultAreas`; tests pass their own. Built in order. */
  areas?: readonly AreaFactory[];
  /** Check results and events against the contract (tests). */
  validateOutputs?: boolean;
  onUnexpectedError?(name: string, error: StackdeckError): void;
  /** Upper bound for dispose, so quitting never hangs on a stuck driver. */
  disposeTimeoutMs?: number;
}

export interface Core {
  readonly router: Router<Contract>;
  /** Idempotent. Disposes areas in reverse build order; never rejects. */
  dispose(): Promise<void>;
}

/** The areas of this build, in dependency order: connections first, since the others use its client registry. */
export const defaultAreas: readonly AreaFactory[] = [
  (env) => createConnectionsArea({ userDataDir: env.userDataDir, cipher: env.cipher }),
  (env) => createKafkaArea(env, registryOf(env), kafkaSlices),
];

/** The connections area's client registry, for areas built after it (kafka, mongo, ...). */
export function registryOf(env: AreaEnv): ClientRegistry {
  const registry = env.services.get('registry');
  if (registry === undefined) throw new Error('The connections area must be built before this one (see defaultAreas).');
  return registry as ClientRegistry;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const built: CoreArea[] = [];
  const services = new Map<string, unknown>();
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
    for (const factory of options.areas ?? defaultAreas) {
      const area = await factory({ userDataDir: options.userDataDir, cipher: options.cipher, services });
      built.push(area);
      for (const [key, value] of Object.entries(area.services ?? {})) services.set(key, value);
    }
    router = createRouter({
      contract,
      handlers: mergeHandlers(built),
      readOnly: readOnlyOf(built),
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

function readOnlyOf(areas: readonly CoreArea[]): ReadOnlyLookup {
  const lookups = areas.flatMap((a) => (a.readOnly === undefined ? [] : [a.readOnly]));
  if (lookups.length > 1) throw new Error('Only one area may provide the read-only lookup.');
  // Without a connections area there are no connections, so none is read-only.
  return lookups[0] ?? { isReadOnly: () => false };
}
