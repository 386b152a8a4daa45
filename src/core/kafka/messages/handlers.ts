/**
 * The `kafka.messages.*` handler slice: browse, get, search, tail, produce,
 * export. With a Schema Registry on the connection, reads decode wire-format
 * keys/values with their schema (serde/) and produce can encode with one.
 * Every read goes through the group-less reader (no consumer group,
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
import { recordDecoderFor } from '../serde/registrySource';
import { produceSchemaInfo } from '../serde/encode';

export const messagesSlice: KafkaSliceFactory = (deps): KafkaSlice => {
  const producers = new Producers(deps.connections);
  // The wire and, with schemaDecoding 'auto' and a registry on the connection, the read's schema decoder.
  const reader = async (input: { connectionId: string; schemaDecoding: 'auto' | 'off' }, signal: AbortSignal) => {
    const conn = await deps.connections.get(input.connectionId);
    return { wire: conn.wire, decoder: recordDecoderFor(conn, input.schemaDecoding, signal) };
  };
  return {
    handlers: {
      'kafka.messages.browse': async (input, ctx) => {
        // Someone is looking at messages: a search or tail may follow, so get a CEL worker loading.
        prewarmCelWorker();
        const { wire, decoder } = await reader(input, ctx.signal);
        return browse(wire, input, ctx, decoder);
      },
      'kafka.messages.get': async (input, ctx) => {
        const { wire, decoder } = await reader(input, ctx.signal);
        return getMessage(wire, input, ctx, decoder);
      },
      'kafka.messages.search': async (input, ctx) => {
        const { wire, decoder } = await reader(input, ctx.signal);
        return search(wire, input, ctx.signal, (e) => ctx.emit(e), decoder);
      },
      'kafka.messages.tail': async (input, ctx) => {
        const { wire, decoder } = await reader(input, ctx.signal);
        return tail(wire, input, ctx.signal, (e) => ctx.emit(e), decoder);
      },
      'kafka.messages.produce': async (input, ctx) => producers.produce(input, ctx),
      'kafka.messages.produceSchema': async (input, ctx) => {
        const conn = await deps.connections.get(input.connectionId);
        return produceSchemaInfo(conn, input.subject, input.version, ctx.signal);
      },
      'kafka.messages.export': async (input, ctx) => {
        const { wire, decoder } = await reader(input, ctx.signal);
        return exportMessages(wire, deps.userDataDir, input, ctx.signal, (e) => ctx.emit(e), decoder);
      },
    },
    dispose: async () => {
      disposeCelWorkers();
      await producers.dispose();
    },
  };
};
