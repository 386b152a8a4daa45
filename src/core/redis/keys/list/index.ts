import { randomUUID } from 'node:crypto';
/** The list editor (src/shared/contract/redis/collections.ts): LRANGE pages, push, set, insert, remove by index. */
import { MEMBER_PREVIEW_BYTES } from '../../../../shared/contract/redis/collections';
import { StackdeckError } from '../../../../shared/errors';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { cut, fromB64 } from '../../bytes';
import { guarded } from '../../errors';
import { checkType, num, typedRead } from '../typed';

/**
 * Redis has no "remove at index". The usual trick (LSET to a tombstone, then
 * LREM it) is done in one script, and only if the element still holds what the
 * user saw, so a list that moved meanwhile is never cut at the wrong place.
 */
const REMOVE_AT = `
local v = redis.call('LINDEX', KEYS[1], ARGV[1])
if v ~= ARGV[2] then return -1 end
redis.call('LSET', KEYS[1], ARGV[1], ARGV[3])
return redis.call('LREM', KEYS[1], 1, ARGV[3])`;

/** A fresh tombstone per call: a list that holds one literal tombstone text is never cut there. */
const tombstone = (): string => `__stackdeck_removed_${randomUUID()}__`;

export const listSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<
    'redis.list.range' | 'redis.list.push' | 'redis.list.set' | 'redis.list.insert' | 'redis.list.remove'
  > = {
    async 'redis.list.range'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const [items, len] = await typedRead(t, key, 'list', 'Reading the list', [
        ['LRANGE', key, input.start, input.start + input.count - 1],
        ['LLEN', key],
      ]);
      return {
        length: num(len),
        items: (items as Buffer[]).map((v, i) => ({ index: input.start + i, value: cut(v, MEMBER_PREVIEW_BYTES) })),
      };
    },

    async 'redis.list.push'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = input.create ? 'Creating the list' : 'Pushing to the list';
      await checkType(t, key, 'list', what, input.create);
      const values = input.values.map((v) => fromB64(v, 'value'));
      const cmd = input.side === 'head' ? 'LPUSH' : 'RPUSH';
      return { length: num(await guarded(t, what, () => t.client.call(cmd, key, ...values))) };
    },

    async 'redis.list.set'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'list', 'Saving the list item', false);
      await guarded(t, 'Saving the list item', () =>
        t.client.call('LSET', key, String(input.index), fromB64(input.value, 'value')),
      );
      return { ok: true };
    },

    async 'redis.list.insert'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'list', 'Inserting into the list', false);
      const length = num(
        await guarded(t, 'Inserting into the list', () =>
          t.client.call(
            'LINSERT',
            key,
            input.where.toUpperCase(),
            fromB64(input.pivot, 'pivot'),
            fromB64(input.value, 'value'),
          ),
        ),
      );
      if (length === -1)
        throw new StackdeckError(
          'NOT_FOUND',
          'Inserting into the list: no element equals the pivot value (any more).',
          {
            where: 'pivot',
          },
        );
      return { length };
    },

    async 'redis.list.remove'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'list', 'Removing the list item', false);
      const r = num(
        await guarded(t, 'Removing the list item', () =>
          t.client.call(
            'EVAL',
            REMOVE_AT,
            '1',
            key,
            String(input.index),
            fromB64(input.expected, 'value'),
            tombstone(),
          ),
        ),
      );
      if (r === -1)
        throw new StackdeckError(
          'CONFLICT',
          `The list changed: item ${input.index} no longer holds the value shown. Reload the list and try again.`,
        );
      return { removed: r === 1 };
    },
  };
  return { handlers };
};
