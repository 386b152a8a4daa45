import type { AreaEnv, CoreArea } from '../../area';
import type { Handlers } from '../../handler';
import { RedisConnections } from './connections';

/** What each Redis handler slice (scan, keys, one per type, ...) is built from. */
export interface RedisAreaDeps {
  readonly connections: RedisConnections;
  readonly userDataDir: string;
}

export interface RedisSlice {
  readonly handlers: Partial<Handlers>;
  dispose?(): Promise<void> | void;
}

export type RedisSliceFactory = (deps: RedisAreaDeps) => RedisSlice;

/** The Redis area: one RedisConnections over the client registry, and the handler slices built on it. */
export function createRedisArea(env: AreaEnv, slices: readonly RedisSliceFactory[]): CoreArea {
  const connections = new RedisConnections(env.registry);
  const deps: RedisAreaDeps = { connections, userDataDir: env.userDataDir };
  const built = slices.map((slice) => slice(deps));
  const handlers: Partial<Handlers> = Object.assign({}, ...built.map((s) => s.handlers));
  return {
    name: 'redis',
    handlers,
    async dispose() {
      for (const slice of [...built].reverse()) {
        try {
          await slice.dispose?.();
        } catch {
          // Keep closing the rest.
        }
      }
      connections.dispose();
    },
  };
}

export { RedisConnections, type RedisTarget } from './connections';
