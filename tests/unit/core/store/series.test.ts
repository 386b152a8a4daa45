import { describe, expect, it } from 'vitest';
import { bucketWidth, findGaps, withGapMarkers } from '../../../../src/core/store/series';

describe('bucketWidth', () => {
  it('picks the smallest nice width that fits the point budget', () => {
    expect(bucketWidth(15 * 60_000, 720)).toBe(5_000); // 1.25 s -> 5 s
    expect(bucketWidth(3_600_000, 720)).toBe(5_000);
    expect(bucketWidth(24 * 3_600_000, 720)).toBe(120_000);
    expect(bucketWidth(7 * 24 * 3_600_000, 720)).toBe(900_000);
  });
});

describe('findGaps', () => {
  const pts = (ts: number[], stepMs = 10_000) => ts.map((t) => ({ t, stepMs }));

  it('reports no gap for evenly spaced samples covering the range', () => {
    expect(findGaps(pts([0, 10_000, 20_000, 30_000]), 0, 40_000, 1_000)).toEqual([]);
  });

  it('tolerates jitter up to 2.5 steps but marks a longer silence', () => {
    expect(findGaps(pts([0, 24_000, 30_000]), 0, 40_000, 1_000)).toEqual([]);
    expect(findGaps(pts([0, 10_000, 70_000, 80_000]), 0, 90_000, 1_000)).toEqual([{ from: 20_000, to: 70_000 }]);
  });

  it('marks leading and trailing gaps and an empty range', () => {
    expect(findGaps(pts([50_000, 60_000]), 0, 200_000, 1_000)).toEqual([
      { from: 0, to: 50_000 },
      { from: 70_000, to: 200_000 },
    ]);
    expect(findGaps([], 0, 1_000, 1_000)).toEqual([{ from: 0, to: 1_000 }]);
  });

  it('uses the wider of step and bucket width, so buckets of sparse samples are not gaps', () => {
    // 60 s samples in 5 min buckets; and a 10 s series switching to 60 s (unwatched) is not a gap either.
    expect(findGaps(pts([0, 300_000, 600_000], 60_000), 0, 900_000, 300_000)).toEqual([]);
    expect(
      findGaps(
        [
          { t: 0, stepMs: 10_000 },
          { t: 10_000, stepMs: 10_000 },
          { t: 70_000, stepMs: 60_000 },
        ],
        0,
        130_000,
        1_000,
      ),
    ).toEqual([]);
  });
});

describe('withGapMarkers', () => {
  it('inserts a blank point at the start of each gap, in order', () => {
    const points = [
      { t: 10, v: 1 },
      { t: 20, v: 2 },
      { t: 80, v: 3 },
    ];
    const out = withGapMarkers(
      points,
      [
        { from: 0, to: 10 },
        { from: 30, to: 80 },
        { from: 90, to: 100 },
      ],
      (t) => ({ t, v: null as number | null }),
    );
    expect(out).toEqual([
      { t: 0, v: null },
      { t: 10, v: 1 },
      { t: 20, v: 2 },
      { t: 30, v: null },
      { t: 80, v: 3 },
      { t: 90, v: null },
    ]);
  });
});
