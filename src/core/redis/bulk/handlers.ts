/**
 * Bulk actions by pattern (src/shared/contract/redis/bulk.ts): SCAN pages of
 * 1,000 (MATCH, TYPE), each page acted on in one command (UNLINK) or one
 * pipeline (EXPIRE / PERSIST), progress every 200 ms, cancel between pages.
 * Memory stays bounded: only the current page is held. On a cluster the
 * pages come from every master in turn, and each page is acted on at the
 * master it came from, one command per key (a multi-key UNLINK must stay in
 * one slot there).
 */
import type { Redis } from 'ioredis';
import type { KeyName } from '../../../shared/contract/redis/common';
import { StackdeckError } from '../../../shared/errors';
import type { StreamHandlers } from '../../handler';
import type { RedisSliceFactory, RedisTarget } from '../area';
import { isCluster, scanStep, SCAN_START, type NodeCursor } from '../area/nodes';
import { keyName } from '../bytes';
import { redisError } from '../errors';

const COUNT = 1_000;

async function* pages(
  t: RedisTarget,
  match: string,
  type: string | null,
  signal: AbortSignal,
  what: string,
): AsyncGenerator<{ keys: Buffer[]; from: Redis }> {
  let cursor: NodeCursor | null = SCAN_START;
  do {
    if (signal.aborted) throw new StackdeckError('CANCELLED', `${what} was cancelled.`);
    const tail: (string | number)[] = ['MATCH', match, 'COUNT', COUNT];
    if (type !== null) tail.push('TYPE', type);
    const step = await scanStep(t.client, cursor, tail);
    cursor = step.next;
    yield { keys: step.keys, from: step.from };
  } while (cursor !== null);
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
        for await (const { keys } of pages(t, input.match, input.type, ctx.signal, what)) {
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
        const cluster = isCluster(t.client);
        for await (const { keys, from } of pages(t, input.match, input.type, ctx.signal, what)) {
          scanned++;
          if (keys.length > 0) {
            if (input.action.kind === 'delete' && !cluster)
              processed += Number(await from.callBuffer('UNLINK', ...keys));
            else {
              const p = from.pipeline();
              for (const k of keys)
                if (input.action.kind === 'delete') p.call('UNLINK', k);
                else if (input.action.kind === 'expire') p.call('EXPIRE', k, String(input.action.seconds));
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
