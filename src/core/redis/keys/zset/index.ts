/** The sorted set editor (src/shared/contract/redis/collections.ts): ZRANGE by rank or score, ZSCAN, ZADD, ZREM. */
import { MEMBER_PREVIEW_BYTES } from '../../../../shared/contract/redis/collections';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { cut, fromB64 } from '../../bytes';
import { guarded } from '../../errors';
import { checkType, num, scanReply, typedRead, type Command } from '../typed';

const pairs = (items: Buffer[]) => {
  const out = [];
  for (let i = 0; i + 1 < items.length; i += 2)
    out.push({ member: cut(items[i]!, MEMBER_PREVIEW_BYTES), score: items[i + 1]!.toString() });
  return out;
};

export const zsetSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.zset.range' | 'redis.zset.scan' | 'redis.zset.add' | 'redis.zset.remove'> = {
    async 'redis.zset.range'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const rev = input.reverse ? ['REV'] : [];
      // ZRANGE ... BYSCORE ... REV takes max before min (Redis 6.2+).
      const range: Command =
        input.by === 'rank'
          ? ['ZRANGE', key, input.offset, input.offset + input.count - 1, ...rev, 'WITHSCORES']
          : [
              'ZRANGE',
              key,
              input.reverse ? input.max : input.min,
              input.reverse ? input.min : input.max,
              'BYSCORE',
              ...rev,
              'LIMIT',
              input.offset,
              input.count,
              'WITHSCORES',
            ];
      const [items, len] = await typedRead(t, key, 'zset', 'Reading the sorted set', [range, ['ZCARD', key]]);
      return { length: num(len), items: pairs(items as Buffer[]) };
    },

    async 'redis.zset.scan'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const [page, len] = await typedRead(t, key, 'zset', 'Reading the sorted set', [
        ['ZSCAN', key, input.cursor, 'MATCH', input.match, 'COUNT', input.count],
        ['ZCARD', key],
      ]);
      const { cursor, items } = scanReply(page);
      return { cursor, length: num(len), items: pairs(items) };
    },

    async 'redis.zset.add'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = input.create ? 'Creating the sorted set' : 'Adding sorted set members';
      await checkType(t, key, 'zset', what, input.create);
      const args = input.members.flatMap((m) => [m.score, fromB64(m.member, 'member')]);
      return { added: num(await guarded(t, what, () => t.client.call('ZADD', key, ...args))) };
    },

    async 'redis.zset.remove'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'zset', 'Removing sorted set members', false);
      const members = input.members.map((m) => fromB64(m, 'member'));
      return {
        removed: num(await guarded(t, 'Removing sorted set members', () => t.client.call('ZREM', key, ...members))),
      };
    },
  };
  return { handlers };
};
