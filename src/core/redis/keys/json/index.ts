/** JSON keys (src/shared/contract/redis/json.ts): JSON.GET / JSON.SET / JSON.DEL by JSONPath, and MODULE LIST. */
import { StackdeckError } from '../../../../shared/errors';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { fromB64 } from '../../bytes';
import { guarded, isReplyError } from '../../errors';
import { checkType, num, typedRead } from '../typed';

const JSON_TYPE = 'ReJSON-RL';

export const jsonSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.modules.list' | 'redis.json.get' | 'redis.json.set' | 'redis.json.delete'> = {
    async 'redis.modules.list'(input) {
      const t = await connections.get(input.connectionId, null);
      return guarded(t, 'Listing modules', async () => {
        try {
          const rows = (await t.client.call('MODULE', 'LIST')) as unknown[][];
          return {
            modules: rows.map((r) => {
              const m = new Map<string, unknown>();
              for (let i = 0; i + 1 < r.length; i += 2) m.set(String(r[i]), r[i + 1]);
              return { name: String(m.get('name') ?? ''), version: String(m.get('ver') ?? '') };
            }),
          };
        } catch (err) {
          // Managed services often refuse MODULE LIST: no modules known, not an error.
          if (isReplyError(err)) return { modules: [] };
          throw err;
        }
      });
    },

    async 'redis.json.get'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const [reply] = await typedRead(t, key, JSON_TYPE, 'Reading the JSON key', [['JSON.GET', key, input.path]]);
      const json = reply === null || reply === undefined ? null : (reply as Buffer).toString();
      return { json, size: json === null ? 0 : Buffer.byteLength(json) };
    },

    async 'redis.json.set'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = input.create ? 'Creating the JSON key' : 'Saving the JSON value';
      if (input.create && input.path !== '$')
        throw new StackdeckError('INVALID_INPUT', 'A new JSON key is created at the root path $.', { where: 'path' });
      await checkType(t, key, JSON_TYPE, what, input.create);
      const ok = await guarded(t, what, () =>
        t.client.call('JSON.SET', key, input.path, input.value, ...(input.create ? ['NX'] : [])),
      );
      if (ok === null)
        throw new StackdeckError(
          'NOT_FOUND',
          `${what}: nothing at ${input.path} to set (JSON.SET only adds a member to an existing object).`,
          { where: 'path' },
        );
      return { ok: true };
    },

    async 'redis.json.delete'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, JSON_TYPE, 'Deleting from the JSON key', false);
      return {
        removed: num(await guarded(t, 'Deleting from the JSON key', () => t.client.call('JSON.DEL', key, input.path))),
      };
    },
  };
  return { handlers };
};
