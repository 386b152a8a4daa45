/** The hash editor (src/shared/contract/redis/collections.ts): HSCAN pages, HSET, HDEL. */
import { MEMBER_PREVIEW_BYTES } from '../../../../shared/contract/redis/collections';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { cut, fromB64 } from '../../bytes';
import { guarded } from '../../errors';
import { checkType, num, scanReply, typedRead } from '../typed';

export const hashSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.hash.scan' | 'redis.hash.set' | 'redis.hash.delete'> = {
    async 'redis.hash.scan'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const [page, len] = await typedRead(t, key, 'hash', 'Reading the hash', [
        ['HSCAN', key, input.cursor, 'MATCH', input.match, 'COUNT', input.count],
        ['HLEN', key],
      ]);
      const { cursor, items } = scanReply(page);
      const fields = [];
      for (let i = 0; i + 1 < items.length; i += 2)
        fields.push({ field: cut(items[i]!, MEMBER_PREVIEW_BYTES), value: cut(items[i + 1]!, MEMBER_PREVIEW_BYTES) });
      return { cursor, length: num(len), fields };
    },

    async 'redis.hash.set'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = input.create ? 'Creating the hash' : 'Saving hash fields';
      await checkType(t, key, 'hash', what, input.create);
      const args = input.fields.flatMap((f) => [fromB64(f.field, 'field'), fromB64(f.value, 'value')]);
      const added = await guarded(t, what, () => t.client.call('HSET', key, ...args));
      return { added: num(added) };
    },

    async 'redis.hash.delete'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'hash', 'Deleting hash fields', false);
      const fields = input.fields.map((f) => fromB64(f, 'field'));
      const removed = await guarded(t, 'Deleting hash fields', () => t.client.call('HDEL', key, ...fields));
      return { removed: num(removed) };
    },
  };
  return { handlers };
};
