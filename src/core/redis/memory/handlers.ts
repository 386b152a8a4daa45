/**
 * Memory analysis (src/shared/contract/redis/memory.ts): SCAN pages of the
 * keys matching the pattern, each page measured in one pipeline (MEMORY USAGE,
 * TYPE, PTTL per key), aggregated as it goes (memory bounded: top-N and capped
 * namespaces, never the key list). Progress every 250 ms, a partial report
 * every second, the final report at the end. Cancel stops between pages.
 * On a cluster the scan walks every master and each page's pipeline goes to
 * the master the page came from (its keys live there).
 */
import { StackdeckError } from '../../../shared/errors';
import type { StreamHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { dbsize as countKeys, scanStep, SCAN_START, type NodeCursor } from '../area/nodes';
import { redisError } from '../errors';
import { MemoryAggregate } from './aggregate';

const SCAN_COUNT = 1_000;

export const memorySlice: RedisSliceFactory = ({ connections }) => {
  const streams: StreamHandlers<'redis.memory.analyze'> = {
    async 'redis.memory.analyze'(input, ctx) {
      const t = await connections.get(input.connectionId, input.db);
      const agg = new MemoryAggregate(Buffer.from(input.delimiter), input.top);
      let scanned = 0;
      let lastProgress = 0;
      let lastReport = Date.now();
      const target = input.sample;
      try {
        const dbsize = await countKeys(t.client);
        let cursor: NodeCursor | null = SCAN_START;
        do {
          if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The memory analysis was cancelled.');
          const step = await scanStep(t.client, cursor, ['MATCH', input.match, 'COUNT', SCAN_COUNT]);
          const keys = step.keys;
          cursor = step.next;
          scanned += keys.length;
          const take = target === null ? keys : keys.slice(0, Math.max(0, target - agg.analyzed));
          if (take.length > 0) {
            const p = step.from.pipeline();
            for (const k of take) {
              p.call('MEMORY', 'USAGE', k);
              p.call('TYPE', k);
              p.call('PTTL', k);
            }
            const r = ((await p.exec()) ?? []) as [Error | null, unknown][];
            take.forEach((k, i) => {
              const type = String(r[i * 3 + 1]?.[1] ?? 'none');
              // A key that expired between SCAN and the pipeline is skipped.
              if (type === 'none' || r[i * 3]?.[1] === null) return;
              agg.add(k, type, Number(r[i * 3]?.[1] ?? 0), Number(r[i * 3 + 2]?.[1] ?? -1));
            });
          }
          const now = Date.now();
          if (now - lastProgress >= 250) {
            lastProgress = now;
            ctx.emit({ kind: 'progress', scanned, analyzed: agg.analyzed, dbsize, target });
          }
          if (now - lastReport >= 1_000) {
            lastReport = now;
            ctx.emit({ kind: 'report', report: agg.report(), done: false });
          }
        } while (cursor !== null && (target === null || agg.analyzed < target));
        ctx.emit({ kind: 'progress', scanned, analyzed: agg.analyzed, dbsize, target });
        ctx.emit({ kind: 'report', report: agg.report(), done: true });
      } catch (err) {
        throw redisError(err, t, 'The memory analysis');
      }
    },
  };
  return { handlers: streams };
};
