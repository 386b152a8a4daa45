/**
 * Bulk actions by pattern (src/shared/contract/redis/bulk.ts): SCAN pages of
 * 1,000 (MATCH, TYPE), each page acted on in one command (UNLINK) or one
 * pipeline (EXPIRE / PERSIST), progress every 200 ms, cancel between pages.
 * Memory stays bounded: only the current page is held.
 */
import type { KeyName } from '../../../shared/contract/redis/common';
import { StackdeckError } from '../../../shared/errors';
import type { StreamHandlers } from '../../handler';
import type { RedisSliceFactory, RedisTarget } from '../area';
import { keyName } from '../bytes';
import { redisError } from '../errors';

const COUNT = 1_000;

async function* pages(
  t: RedisTarget,
  match: string,
  type: string | null,
  signal: AbortSignal,
  what: string,
): AsyncGenerator<Buffer[]> {
  let cursor = '0';
  do {
    if (signal.aborted) throw new StackdeckError('CANCELLED', `${what} was cancelled.`);
    const args: (string | number)[] = [cursor, 'MATCH', match, 'COUNT', COUNT];
    if (type !== null) args.push('TYPE', type);
    const [next, keys] = (await t.client.callBuffer('SCAN', ...args)) as [Buffer, Buffer[]];
    cursor = next.toString();
    yield keys;
  } while (cursor !== '0');
}

export const bulkSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: StreamHandlers<'redis.bulk.preview' | 'redis.bulk.run'> = {
    async 'redis.bulk.preview'(input, ctx) {
      const t = await connections.get(input.connectionId, input.db);
      const what = 'Counting the matching keys';
      // SCAN may return a key twice; the first 100 are kept distinct, the count is SCAN's.
      const sample: KeyName[] = [];
      const seen = new Set<string>();
      let matched = 0;
      let scanned = 0;
      let last = 0;
      try {
        for await (const keys of pages(t, input.match, input.type, ctx.signal, what)) {
          matched += keys.length;
          scanned++;
          for (const k of keys) {
            if (sample.length >= 100) break;
            const b64 = k.toString('base64');
            if (!seen.has(b64)) {
              seen.add(b64);
              sample.push(keyName(k));
            }
          }
          if (Date.now() - last >= 200) {
            last = Date.now();
            ctx.emit({ matched, scanned, done: false, sample });
          }
        }
        ctx.emit({ matched, scanned, done: true, sample });
      } catch (err) {
        throw redisError(err, t, what);
      }
    },

    async 'redis.bulk.run'(input, ctx) {
      const t = await connections.get(input.connectionId, input.db);
      const what = input.action.kind === 'delete' ? 'Deleting the matching keys' : 'Changing the expiry of the keys';
      let processed = 0;
      let scanned = 0;
      let last = 0;
      try {
        for await (const keys of pages(t, input.match, input.type, ctx.signal, what)) {
          scanned++;
          if (keys.length > 0) {
            if (input.action.kind === 'delete') processed += Number(await t.client.callBuffer('UNLINK', ...keys));
            else {
              const p = t.client.pipeline();
              for (const k of keys)
                if (input.action.kind === 'expire') p.call('EXPIRE', k, String(input.action.seconds));
                else p.call('PERSIST', k);
              const r = ((await p.exec()) ?? []) as [Error | null, unknown][];
              processed += r.filter(([e, v]) => !e && Number(v) === 1).length;
            }
          }
          if (Date.now() - last >= 200) {
            last = Date.now();
            ctx.emit({ processed, scanned, done: false });
          }
        }
        ctx.emit({ processed, scanned, done: true });
      } catch (err) {
        throw redisError(err, t, what);
      }
    },
  };
  return { handlers };
};
