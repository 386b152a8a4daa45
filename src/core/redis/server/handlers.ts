/**
 * Server views (src/shared/contract/redis/server.ts). INFO is required; SLOWLOG
 * and CLIENT LIST are often refused by ACLs or managed services, so their
 * refusal is reported beside the rest instead of failing the whole view.
 */
import type { MethodHandlers } from '../../handler';
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
  return { handlers };
};
