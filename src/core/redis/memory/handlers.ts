/**
 * Memory analysis (src/shared/contract/redis/memory.ts): SCAN pages of the
 * keys matching the pattern, each page measured at once (MEMORY USAGE, TYPE,
 * PTTL per key: one script, or a pipeline; see ./measure), aggregated as it goes (memory bounded: top-N and capped
 * namespaces, never the key list). Progress every 250 ms, a partial report
 * every second, the final report at the end. Cancel stops between pages.
 * On a cluster the scan walks every master and each page's pipeline goes to
 * the master the page came from (its keys live there).
 */
import { StackdeckError } from '../../../shared/errors';
import type { StreamHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { dbsize as countKeys, isCluster, scanStep, SCAN_START, type NodeCursor, type ScanStep } from '../area/nodes';
import { redisError } from '../errors';
import { MemoryAggregate } from './aggregate';
import { PageMeasure, type Measured } from './measure';

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
        const measure = new PageMeasure(isCluster(t.client));
        const scan = (at: NodeCursor): Promise<ScanStep> =>
          scanStep(t.client, at, ['MATCH', input.match, 'COUNT', SCAN_COUNT]);
        // The next SCAN is in flight while a page is measured, and a page's measure is sent before the one
        // before it is aggregated: the server measures while core aggregates.
        let pending: Promise<ScanStep> | null = scan(SCAN_START);
        let inFlight: { keys: readonly Buffer[]; measured: Promise<Measured[]> } | null = null;
        let sent = 0;
        const settle = async (page: NonNullable<typeof inFlight>): Promise<void> => {
          const measured = await page.measured;
          page.keys.forEach((k, i) => {
            const m = measured[i]!;
            // A key that expired between SCAN and the measure is skipped.
            if (m.type === 'none' || m.bytes === null) return;
            agg.add(k, m.type, m.bytes, m.ttlMs);
          });
        };
        try {
          while (pending !== null) {
            const step: ScanStep = await pending;
            pending = step.next !== null ? scan(step.next) : null;
            pending?.catch(() => undefined);
            if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', 'The memory analysis was cancelled.');
            scanned += step.keys.length;
            const take = target === null ? step.keys : step.keys.slice(0, Math.max(0, target - sent));
            sent += take.length;
            const page = { keys: take, measured: measure.measure(step.from, take) };
            page.measured.catch(() => undefined);
            const before = inFlight;
            inFlight = page;
            if (before) await settle(before);
            const now = Date.now();
            if (now - lastProgress >= 250) {
              lastProgress = now;
              ctx.emit({ kind: 'progress', scanned, analyzed: agg.analyzed, dbsize, target });
            }
            if (now - lastReport >= 1_000) {
              lastReport = now;
              ctx.emit({ kind: 'report', report: agg.report(), done: false });
            }
            if (target !== null && sent >= target) {
              // Keys that vanished before their measure leave room: measure on until the sample is full.
              await settle(inFlight);
              inFlight = null;
              if (agg.analyzed >= target) break;
              sent = agg.analyzed;
            }
          }
          if (inFlight) await settle(inFlight);
        } finally {
          pending?.catch(() => undefined);
        }
        ctx.emit({ kind: 'progress', scanned, analyzed: agg.analyzed, dbsize, target });
        ctx.emit({ kind: 'report', report: agg.report(), done: true });
      } catch (err) {
        throw redisError(err, t, 'The memory analysis');
      }
    },
  };
  return { handlers: streams };
};
