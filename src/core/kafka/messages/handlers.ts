/**
 * The `kafka.messages.*` handler slice: browse, get, search, tail, produce,
 * export. Every read goes through the group-less reader (no consumer group,
 * no commit); produce is the only writer and is refused on read-only
 * connections by the router's guard (contract `writes: true`).
 */
import type { KafkaSlice, KafkaSliceFactory } from '../area';
import { browse, getMessage } from './browse';
import { exportMessages } from './export';
import { Producers } from './produce';
import { search } from './search';
import { tail } from './tail';
import { disposeCelWorkers, prewarmCelWorker } from './celSandbox';

export const messagesSlice: KafkaSliceFactory = (deps): KafkaSlice => {
  const producers = new Producers(deps.connections);
  const wireOf = async (id: string) => (await deps.connections.get(id)).wire;
  return {
    handlers: {
      'kafka.messages.browse': async (input, ctx) => {
        // Someone is looking at messages: a search or tail may follow, so get a CEL worker loading.
        prewarmCelWorker();
        return browse(await wireOf(input.connectionId), input, ctx);
      },
      'kafka.messages.get': async (input, ctx) => getMessage(await wireOf(input.connectionId), input, ctx),
      'kafka.messages.search': async (input, ctx) =>
        search(await wireOf(input.connectionId), input, ctx.signal, (e) => ctx.emit(e)),
      'kafka.messages.tail': async (input, ctx) =>
        tail(await wireOf(input.connectionId), input, ctx.signal, (e) => ctx.emit(e)),
      'kafka.messages.produce': async (input, ctx) => producers.produce(input, ctx),
      'kafka.messages.export': async (input, ctx) =>
        exportMessages(await wireOf(input.connectionId), deps.userDataDir, input, ctx.signal, (e) => ctx.emit(e)),
    },
    dispose: async () => {
      disposeCelWorkers();
      await producers.dispose();
    },
  };
};
