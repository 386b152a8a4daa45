/**
 * The string editor (src/shared/contract/redis/string.ts). A value is read as
 * a GETRANGE preview (a 10 MB value opens at once) with STRLEN for its full
 * size; "load full" asks again with a larger maxBytes. Writes keep the TTL of
 * an existing key (SET KEEPTTL), or create with SET NX.
 */
import { StackdeckError } from '../../../../shared/errors';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { fromB64, preview } from '../../bytes';
import { guarded, keyMissing, wrongType } from '../../errors';

export const stringSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.string.get' | 'redis.string.set'> = {
    async 'redis.string.get'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = 'Reading the string';
      return guarded(t, what, async () => {
        // One MULTI so type, size, bytes and TTL describe the same value.
        const r = (await t.client
          .multi()
          .call('TYPE', key)
          .call('STRLEN', key)
          .getrangeBuffer(key, 0, input.maxBytes - 1)
          .call('PTTL', key)
          .exec()) as [Error | null, unknown][] | null;
        if (!r) throw new StackdeckError('CONFLICT', `${what}: the transaction was aborted; try again.`);
        const type = String(r[0]?.[1]);
        if (type === 'none') throw keyMissing(what);
        if (type !== 'string') throw wrongType(what, 'string', type);
        const size = Number(r[1]?.[1]);
        const bytes = r[2]?.[1] as Buffer;
        return { value: preview(bytes, size), ttlMs: Number(r[3]?.[1]) };
      });
    },

    async 'redis.string.set'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const value = fromB64(input.value, 'value');
      const what = input.create ? 'Creating the key' : 'Saving the string';
      return guarded(t, what, async () => {
        if (input.create) {
          const args: (string | Buffer)[] = [key, value, 'NX'];
          if (input.ttlSeconds !== null) args.push('EX', String(input.ttlSeconds));
          const ok = await t.client.call('SET', ...args);
          if (ok === null)
            throw new StackdeckError(
              'CONFLICT',
              'A key with this name already exists. Open it, or choose another name.',
              {
                where: 'key',
              },
            );
        } else {
          const type = String(await t.client.call('TYPE', key));
          if (type !== 'string' && type !== 'none') throw wrongType(what, 'string', type);
          await t.client.call('SET', key, value, 'KEEPTTL');
        }
        return { size: value.length };
      });
    },
  };
  return { handlers };
};
