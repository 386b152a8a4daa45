import type { ClientRegistry, SecretCipher } from './connections';
import type { Handlers } from './handler';

/**
 * The seam every area implements. An area is a folder under `src/core/<area>/`,
 * a contract file in `src/shared/contract/`, and one line in `./areas.ts`.
 * Areas get what they need here, typed; they never look services up by name
 * and never import the composition root (`./app.ts`).
 */

/** What every area factory receives. New shared services (store, SSH) are added here as typed fields. */
export interface AreaEnv {
  readonly userDataDir: string;
  /** Seals vault secrets: Electron safeStorage on the desktop, a file key in web mode. */
  readonly cipher: SecretCipher;
  /** Live driver clients per connection, owned by the connections area (built first by createCore). */
  readonly registry: ClientRegistry;
}

export interface CoreArea {
  readonly name: string;
  readonly handlers: Partial<Handlers>;
  /** Closes every client, stream and timer the area owns. */
  dispose?(): Promise<void> | void;
}

export type AreaFactory = (env: AreaEnv) => CoreArea | Promise<CoreArea>;
