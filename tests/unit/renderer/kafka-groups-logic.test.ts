import { describe, expect, it } from 'vitest';
import type { GroupLagSample, LagHistory, LagPoint } from '../../../src/shared/contract/kafka/groups';
import { catchUpText, fmtDuration } from '../../../src/renderer/src/features/kafka/groups/format';
import { mergeSeries } from '../../../src/renderer/src/features/kafka/groups/useLagSeries';

const point = (t: number, lag: number | null, gap = false): LagPoint => ({
  t,
  lag,
  lagMax: lag,
  timeLagMs: null,
  timeLagMaxMs: null,
  productionRate: null,
  consumptionRate: null,
  endOffset: null,
  committed: null,
  gap,
});

const sample = (ts: number, totalLag: number): GroupLagSample => ({
  cluster: 'c',
  groupId: 'g',
  ts,
  stepMs: 10_000,
  state: 'Stable',
  totalLag,
  timeLagMs: 1000,
  productionRate: 2,
  consumptionRate: 1,
  catchUp: { state: 'falling-behind' },
  topics: [
    { topic: 't', lag: totalLag, timeLagMs: 1000, endOffset: 10, committed: 5, productionRate: 2, consumptionRate: 1 },
  ],
  partitions: [{ topic: 't', partition: 0, committed: 5, end: 10, lag: totalLag, timeLagMs: 1000 }],
  error: null,
});

describe('lag chart series', () => {
  const history: LagHistory = {
    from: 0,
    to: 100_000,
    bucketMs: 10_000,
    total: [point(10_000, 5), point(20_000, 6), point(30_000, null, true)],
    series: [],
    gaps: [{ from: 30_000, to: 100_000 }],
    endOffsetKind: 'high-watermark',
  };

  it('keeps the stored gap markers and appends live samples after the history', () => {
    const { rows } = mergeSeries(history, [sample(15_000, 99), sample(110_000, 8), sample(120_000, 9)], 'total');
    // The live sample older than the history is ignored; the null gap marker stays, so the line breaks.
    expect(rows.map((r) => [r.t, r.lag])).toEqual([
      [10_000, 5],
      [20_000, 6],
      [30_000, null],
      [110_000, 8],
      [120_000, 9],
    ]);
  });

  it('inserts a null point where live samples stop for more than 2.5 steps', () => {
    const { rows } = mergeSeries(undefined, [sample(0, 1), sample(10_000, 2), sample(60_000, 3)], 'total');
    expect(rows.map((r) => r.lag)).toEqual([1, 2, null, 3]);
  });

  it('breaks down per partition from live samples', () => {
    const { rows, keys } = mergeSeries(undefined, [sample(0, 4)], 'partition');
    expect(keys).toEqual(['p:t/0']);
    expect(rows[0]?.['p:t/0']).toBe(4);
  });
});

describe('catch-up text', () => {
  it('reads as the issue asks', () => {
    expect(catchUpText({ state: 'caught-up' })).toBe('caught up');
    expect(catchUpText({ state: 'catching-up', etaMs: 180_000 })).toBe('catching up in ~3 min');
    expect(catchUpText({ state: 'falling-behind' })).toBe('falling behind');
    expect(fmtDuration(45_000)).toBe('45 s');
  });
});
