import { describe, expect, it } from 'vitest';
import { EventQueue, RateTracker, catchUp } from '../../../../../src/core/kafka/lag/index';

describe('catchUp', () => {
  it('distinguishes caught up, catching up, falling behind and unknown', () => {
    expect(catchUp(0, 10, 0)).toEqual({ state: 'caught-up' });
    expect(catchUp(null, 10, 20)).toEqual({ state: 'unknown' });
    expect(catchUp(100, null, 20)).toEqual({ state: 'unknown' });
    expect(catchUp(100, 10, 20)).toEqual({ state: 'catching-up', etaMs: 10_000 });
    expect(catchUp(100, 20, 20)).toEqual({ state: 'falling-behind' });
    expect(catchUp(100, 30, 20)).toEqual({ state: 'falling-behind' });
  });
});

describe('RateTracker', () => {
  const obs = (end: number, committed: number | null, partition = 0) => ({ topic: 't', partition, end, committed });

  it('has no rate on the first sample, then offset deltas per second', () => {
    const r = new RateTracker(0);
    expect(r.observe('g', 0, [obs(100, 50)]).get('t')).toEqual({ productionRate: null, consumptionRate: null });
    expect(r.observe('g', 10_000, [obs(200, 70)]).get('t')).toEqual({ productionRate: 10, consumptionRate: 2 });
  });

  it('ignores partitions that appear between samples and backwards commits (resets)', () => {
    const r = new RateTracker(0);
    r.observe('g', 0, [obs(100, 50)]);
    const rates = r.observe('g', 1_000, [obs(110, 40), obs(5_000, 5_000, 1)]).get('t');
    expect(rates).toEqual({ productionRate: 10, consumptionRate: 0 });
  });

  it('smooths with a time-based EWMA and forgets groups no longer seen', () => {
    const r = new RateTracker(10_000);
    r.observe('g', 0, [obs(0, 0)]);
    r.observe('g', 10_000, [obs(100, 0)]); // 10/s
    const second = r.observe('g', 20_000, [obs(100, 0)]).get('t')?.productionRate ?? NaN; // instant 0/s
    expect(second).toBeCloseTo(10 * Math.exp(-1), 5);
    r.retain(new Set());
    expect(r.observe('g', 30_000, [obs(100, 0)]).get('t')?.productionRate).toBeNull();
  });
});

describe('EventQueue', () => {
  it('delivers pushed items, drops the oldest past capacity, and ends on abort', async () => {
    const ac = new AbortController();
    let ended = 0;
    const q = new EventQueue<number>(2, () => ended++, ac.signal);
    q.push(1);
    q.push(2);
    q.push(3);
    expect(q.dropped).toBe(1);
    expect(await q.next()).toEqual({ value: 2, done: false });
    expect(await q.next()).toEqual({ value: 3, done: false });
    const pending = q.next();
    q.push(4);
    expect(await pending).toEqual({ value: 4, done: false });
    const waiting = q.next();
    ac.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
    q.push(5);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('ends when the consumer breaks out of for-await', async () => {
    let ended = false;
    const q = new EventQueue<number>(10, () => (ended = true));
    q.push(1);
    for await (const v of q) {
      expect(v).toBe(1);
      break;
    }
    expect(ended).toBe(true);
  });
});
