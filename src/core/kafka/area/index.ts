import type { AreaEnv, CoreArea } from '../../area';
import type { Handlers } from '../../handler';
import { KafkaConnections } from './connections';

/** What each Kafka handler slice (topics, messages, groups) is built from. */
export interface KafkaAreaDeps {
  readonly connections: KafkaConnections;
  readonly userDataDir: string;
}

/** A slice of the `kafka.*` handlers plus whatever it must close on quit. */
export interface KafkaSlice {
  readonly handlers: Partial<Handlers>;
  dispose?(): Promise<void> | void;
}

export type KafkaSliceFactory = (deps: KafkaAreaDeps) => KafkaSlice;

/**
 * The Kafka area: one KafkaConnections over the client registry, and the
 * handler slices of topics, messages and consumer groups built on it.
 */
export function createKafkaArea(
  env: AreaEnv,
  registry: ConstructorParameters<typeof KafkaConnections>[0],
  slices: readonly KafkaSliceFactory[],
): CoreArea {
  const connections = new KafkaConnections(registry);
  const deps: KafkaAreaDeps = { connections, userDataDir: env.userDataDir };
  const built = slices.map((slice) => slice(deps));
  const handlers: Partial<Handlers> = Object.assign({}, ...built.map((s) => s.handlers));
  return {
    name: 'kafka',
    handlers,
    async dispose() {
      for (const slice of [...built].reverse()) {
        try {
          await slice.dispose?.();
        } catch {
          // Keep closing the rest.
        }
      }
      await connections.dispose();
    },
  };
}

export { KafkaConnections, type KafkaConnection } from './connections';
