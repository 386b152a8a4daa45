/** The set editor (src/shared/contract/redis/collections.ts): SSCAN pages, SADD, SREM. */
import { MEMBER_PREVIEW_BYTES } from '../../../../shared/contract/redis/collections';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { cut, fromB64 } from '../../bytes';
import { guarded } from '../../errors';
import { checkType, num, scanReply, typedRead } from '../typed';

export const setSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.set.scan' | 'redis.set.add' | 'redis.set.remove'> = {
    async 'redis.set.scan'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const [page, len] = await typedRead(t, key, 'set', 'Reading the set', [
        ['SSCAN', key, input.cursor, 'MATCH', input.match, 'COUNT', input.count],
        ['SCARD', key],
      ]);
      const { cursor, items } = scanReply(page);
      return { cursor, length: num(len), members: items.map((m) => cut(m, MEMBER_PREVIEW_BYTES)) };
    },

    async 'redis.set.add'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = input.create ? 'Creating the set' : 'Adding set members';
      await checkType(t, key, 'set', what, input.create);
      const members = input.members.map((m) => fromB64(m, 'member'));
      return { added: num(await guarded(t, what, () => t.client.call('SADD', key, ...members))) };
    },

    async 'redis.set.remove'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'set', 'Removing set members', false);
      const members = input.members.map((m) => fromB64(m, 'member'));
      return { removed: num(await guarded(t, 'Removing set members', () => t.client.call('SREM', key, ...members))) };
    },
  };
  return { handlers };
};
