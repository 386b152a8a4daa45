/**
 * Server views (src/shared/contract/redis/instance.ts). INFO is required; SLOWLOG
 * and CLIENT LIST are often refused by ACLs or managed services, so their
 * refusal is reported beside the rest instead of failing the whole view.
 */
import type { MethodHandlers, StreamHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { guarded, isReplyError } from '../errors';
import { parseClients, parseInfo, parseKeyspace, parseSlowlog } from './info';

const MAX_CLIENTS = 1_000;

export const serverSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.server.overview'> = {
    async 'redis.server.overview'(input) {
      const t = await connections.get(input.connectionId, null);
      return guarded(t, 'Reading the server status', async () => {
        const sections = parseInfo(String(await t.client.call('INFO', 'everything')));
        const keyspace = parseKeyspace(sections.find((s) => s.name.toLowerCase() === 'keyspace')?.fields ?? []);
        const optional = async <T>(fn: () => Promise<T>, empty: T): Promise<[T, string | null]> => {
          try {
            return [await fn(), null];
          } catch (err) {
            if (isReplyError(err)) return [empty, err.message];
            throw err;
          }
        };
        const [slowlog, slowlogError] = await optional(
          async () => parseSlowlog(await t.client.call('SLOWLOG', 'GET', String(input.slowlog))),
          [],
        );
        const [clients, clientsError] = await optional(
          async () => parseClients(String(await t.client.call('CLIENT', 'LIST')), MAX_CLIENTS),
          { rows: [], total: 0 },
        );
        return {
          sections,
          keyspace,
          slowlog,
          slowlogError,
          clients: clients.rows,
          clientsError,
          clientsTotal: clients.total,
        };
      });
    },
  };
  const streams: StreamHandlers<'redis.server.watch'> = {
    async 'redis.server.watch'(input, ctx) {
      const t = await connections.get(input.connectionId, null);
      let prev: { hits: number; misses: number } | null = null;
      const sample = async (): Promise<void> => {
        const info = parseInfo(String(await t.client.call('INFO', 'default')));
        const get = (section: string, key: string): number =>
          Number(info.find((s) => s.name === section)?.fields.find((f) => f.key === key)?.value ?? 0);
        const hits = get('Stats', 'keyspace_hits');
        const misses = get('Stats', 'keyspace_misses');
        const dh = prev ? hits - prev.hits : 0;
        const dm = prev ? misses - prev.misses : 0;
        prev = { hits, misses };
        ctx.emit({
          at: Date.now(),
          opsPerSec: get('Stats', 'instantaneous_ops_per_sec'),
          usedMemory: get('Memory', 'used_memory'),
          connectedClients: get('Clients', 'connected_clients'),
          hitRatio: dh + dm > 0 ? dh / (dh + dm) : null,
        });
      };
      // One sample at a time, each awaited: a slow server never piles up INFO calls.
      while (!ctx.signal.aborted) {
        await guarded(t, 'Sampling the server', sample);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, input.intervalMs);
          ctx.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    },
  };
  return { handlers: { ...handlers, ...streams } };
};
